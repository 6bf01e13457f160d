/** Who signs for a unit (申请部门负责人, 分管领导): designated by the account admins of the level. */
import { eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { formSigners } from "./schema.js";
import { actorOf } from "../core/access/principal.js";

export async function addSigner(db: Db, p: Principal, input: { unitId: number; accountId: number; duty: "dept_head" | "unit_leader" }, ip: string | null) {
  if (p.roleKind !== "account_admin") throw forbidden("NOT_ACCOUNT_ADMIN", "签署职责由账户管理员登记");
  return db.transaction(async (tx) => {
    const [u] = await tx.select().from(units).where(eq(units.id, input.unitId));
    const [a] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId));
    if (!u || !u.orgCode.startsWith(p.scopePrefix)) throw notFound("UNIT_NOT_FOUND", "单位不存在或不在您的管理范围内");
    if (!a || a.status !== "active" || a.orgCode !== u.orgCode) throw badRequest("SIGNER_INVALID", "签署人须是该单位所在组织机构的在用账户");
    if (a.id === p.accountId) throw forbidden("SELF_CHANGE_FORBIDDEN", "不能为本人设置签署职责");
    const [row] = await tx.insert(formSigners).values({ ...input, createdBy: p.accountId }).onConflictDoNothing().returning();
    await audit(tx, actorOf(p, ip), { event: "form.signer.add", objectType: "unit", objectId: input.unitId, detail: { accountId: input.accountId, duty: input.duty } });
    return row ?? { ...input };
  });
}
