/** P11: an admin who leaves hands over by the rules; the record lists what they held and who takes it over. */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { grants } from "../core/db/schema.js";
import { canManageAccount } from "../governance/rules.js";
import { orgLevel } from "../governance/accounts.js";
import { adminHandovers, formSigners, requestForms } from "./schema.js";
import { actorOf } from "../core/access/principal.js";

export async function recordHandover(db: Db, p: Principal, input: { accountId: number; successorAccountId?: number | null; note: string; formId?: number | null }, ip: string | null) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId));
    if (!a || !a.orgCode.startsWith(p.scopePrefix)) throw notFound("ACCOUNT_NOT_FOUND", "账户不存在或不在您的管理范围内");
    if (a.roleKind === "operator") throw badRequest("NOT_AN_ADMIN", "交接记录用于账户管理员、权限管理员离岗（第十二条）");
    const refusal = canManageAccount(p, { accountId: a.id, roleKind: a.roleKind, level: await orgLevel(tx, a.orgCode), orgCode: a.orgCode });
    if (refusal) throw forbidden(refusal.code, refusal.message);
    if (input.successorAccountId) {
      const [s] = await tx.select().from(accounts).where(eq(accounts.id, input.successorAccountId));
      if (!s || s.status !== "active" || s.orgCode !== a.orgCode || s.roleKind !== a.roleKind) {
        throw badRequest("SUCCESSOR_INVALID", "接手人须是同级、同类在用管理员账户");
      }
    }
    const heldGrants = await tx.select({ subsystem: grants.subsystem, grantedAt: grants.grantedAt }).from(grants).where(and(eq(grants.accountId, a.id), isNull(grants.revokedAt)));
    const duties = await tx.select({ unitId: formSigners.unitId, duty: formSigners.duty }).from(formSigners).where(eq(formSigners.accountId, a.id));
    const openForms = await tx.select({ id: requestForms.id, number: requestForms.number, status: requestForms.status }).from(requestForms)
      .where(and(eq(requestForms.executorOrgCode, a.orgCode), inArray(requestForms.status, ["approved", "executing"])));
    const held = {
      roleKind: a.roleKind,
      abSlot: a.abSlot,
      orgCode: a.orgCode,
      adminSubsystems: heldGrants.map((g) => g.subsystem),
      signerDuties: duties,
      openFormsAtLevel: openForms,
      paperRecords: "纸质申请表及签字盖章扫描件已随申请记录归档",
    };
    const [h] = await tx.insert(adminHandovers).values({ accountId: a.id, successorAccountId: input.successorAccountId ?? null, held, note: input.note, formId: input.formId ?? null, recordedBy: p.accountId }).returning();
    await audit(tx, actorOf(p, ip), { event: "admin.handover", objectType: "account", objectId: a.id, detail: { successorAccountId: input.successorAccountId ?? null, held } });
    return h!;
  });
}
