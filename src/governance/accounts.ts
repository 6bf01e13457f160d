/**
 * Accounts (P3, P5, P7): real-name, one per 身份证号, one role kind each. Every change writes the 账户管理台账 row and
 * the audit row in the same transaction as the change.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, orgNodes, units, type RoleKind } from "../core/db/schema.js";
import { accountChanges } from "./schema.js";
import { grants } from "../core/db/schema.js";
import { audit, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { parseIdNumber, ID_PROBLEM_TEXT, maskIdNumber } from "../core/idcard.js";
import type { Principal } from "../core/access/principal.js";
import { canManageAccount, roleAllowedAtLevel, type Level } from "./rules.js";
import { AREAS } from "../core/access/areas.js";
import { governed } from "./common.js";

export interface NewAccount {
  name: string;
  idNumber: string;
  phone?: string | null;
  orgCode: string;
  unitId?: number | null;
  roleKind: RoleKind;
  abSlot?: "A" | "B" | null;
}

export async function orgLevel(q: Queryable, orgCode: string): Promise<Level> {
  const [n] = await q.select({ level: orgNodes.level }).from(orgNodes).where(eq(orgNodes.code, orgCode));
  if (!n) throw badRequest("ORG_UNKNOWN", `组织机构代码 ${orgCode} 不存在`);
  return n.level;
}

function validateIdentity(input: NewAccount) {
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw badRequest("ID_NUMBER_INVALID", ID_PROBLEM_TEXT[parsed.problem]);
  if (!input.name.trim()) throw badRequest("NAME_REQUIRED", "请填写真实姓名");
  if (input.phone && !/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(input.phone)) throw badRequest("PHONE_INVALID", "联系电话格式不正确");
  return parsed.info.idNumber;
}

async function checkUnit(q: Queryable, unitId: number | null | undefined, orgCode: string) {
  if (!unitId) return;
  const [u] = await q.select({ orgCode: units.orgCode }).from(units).where(eq(units.id, unitId));
  if (!u || u.orgCode !== orgCode) throw badRequest("UNIT_MISMATCH", "所选单位不属于该组织机构");
}

/** Insert the account row and its ledger and audit rows (shared by the governed path and the bootstrap). */
async function insertAccount(tx: Queryable, input: NewAccount, idNumber: string, actor: Actor, action: "create" | "bootstrap", formRef: string | null) {
  const [existing] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, idNumber));
  if (existing) throw conflict("ACCOUNT_EXISTS", "该身份证号已有账户，每名工作人员只能有一个账户（第四条）");
  const [acc] = await tx
    .insert(accounts)
    .values({
      idNumber,
      name: input.name.trim(),
      phone: input.phone ?? null,
      orgCode: input.orgCode,
      unitId: input.unitId ?? null,
      roleKind: input.roleKind,
      abSlot: input.roleKind === "account_admin" ? (input.abSlot ?? null) : null,
      bootstrap: action === "bootstrap",
      createdBy: actor.accountId,
    })
    .returning();
  await tx.insert(accountChanges).values({
    accountId: acc!.id,
    action,
    byAccountId: actor.accountId,
    formRef,
    detail: { roleKind: input.roleKind, orgCode: input.orgCode, unitId: input.unitId ?? null, abSlot: acc!.abSlot },
  });
  await audit(tx, actor, {
    event: action === "bootstrap" ? "account.bootstrap" : "account.create",
    objectType: "account",
    objectId: acc!.id,
    detail: { name: acc!.name, idNumber: maskIdNumber(idNumber), roleKind: input.roleKind, orgCode: input.orgCode, formRef },
  });
  return acc!;
}

/** P7: an account admin creates an account within their duties. */
export async function createAccount(db: Db, actor: Principal, input: NewAccount, opts: { ip: string | null; formRef?: string | null }) {
  const who: Actor = { accountId: actor.accountId, name: actor.name, ip: opts.ip };
  const attempt = { name: input.name, idNumber: maskIdNumber(input.idNumber), roleKind: input.roleKind, orgCode: input.orgCode, formRef: opts.formRef ?? null };
  return governed(db, who, { event: "account.create", objectType: "account", detail: attempt }, async () => {
    const idNumber = validateIdentity(input);
    return db.transaction(async (tx) => {
      const level = await orgLevel(tx, input.orgCode);
      const refusal = canManageAccount(actor, { roleKind: input.roleKind, level, orgCode: input.orgCode });
      if (refusal) {
        throw forbidden(refusal.code, refusal.message);
      }
      await checkUnit(tx, input.unitId, input.orgCode);
      return insertAccount(tx, input, idNumber, who, "create", opts.formRef ?? null);
    });
  });
}

/**
 * The bootstrap (issue 2 §5): the first 州-level administrators, from the command line — the only way to create an
 * account outside the governed flow, and audited as such. Refused once the 州 has any active admin.
 */
export async function bootstrapPrefectureAdmins(
  db: Db,
  people: { accountAdmins: [NewAccountLite, NewAccountLite]; permissionAdmin: NewAccountLite },
) {
  return db.transaction(async (tx) => {
    const [n] = await tx
      .select({ n: count() })
      .from(accounts)
      .where(and(eq(accounts.orgCode, "422800"), inArray(accounts.roleKind, ["account_admin", "permission_admin"]), eq(accounts.status, "active")));
    if ((n?.n ?? 0) > 0) throw conflict("ALREADY_BOOTSTRAPPED", "州级管理员已存在，后续管理员须通过《管理员账户权限申请表》办理");
    const infoCenter = await tx.select({ id: units.id }).from(units).where(and(eq(units.orgCode, "422800"), eq(units.kind, "info_center")));
    const unitId = infoCenter[0]?.id ?? null;
    const actor: Actor = { accountId: null, name: "系统初始化（命令行）", ip: null };
    const ids = [people.accountAdmins[0].idNumber, people.accountAdmins[1].idNumber, people.permissionAdmin.idNumber].map((s) => s.trim().toUpperCase());
    if (new Set(ids).size !== 3) throw badRequest("SAME_PERSON_TWICE", "账户管理员、权限管理员须由不同的人担任（第六条）");
    const created = [];
    const slots = ["A", "B"] as const;
    for (const [i, p] of people.accountAdmins.entries()) {
      const input: NewAccount = { ...p, orgCode: "422800", unitId, roleKind: "account_admin", abSlot: slots[i]! };
      created.push(await insertAccount(tx, input, validateIdentity(input), actor, "bootstrap", null));
    }
    const pa: NewAccount = { ...people.permissionAdmin, orgCode: "422800", unitId, roleKind: "permission_admin" };
    const paRow = await insertAccount(tx, pa, validateIdentity(pa), actor, "bootstrap", null);
    created.push(paRow);
    // The first permission admin administers every subsystem until the governed flow splits them (P6).
    for (const subsystem of AREAS) {
      await tx.insert(grants).values({ accountId: paRow.id, kind: "admin_subsystem", subsystem, grantedBy: null, reason: "系统初始化" });
    }
    await audit(tx, actor, { event: "grant.bootstrap", objectType: "account", objectId: paRow.id, detail: { subsystems: [...AREAS] } });
    return created;
  });
}

export type NewAccountLite = { name: string; idNumber: string; phone?: string | null };

export async function getAccountInScope(q: Queryable, actor: Principal, accountId: number) {
  const [a] = await q
    .select({ account: accounts, level: orgNodes.level })
    .from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(eq(accounts.id, accountId));
  if (!a || !a.account.orgCode.startsWith(actor.scopePrefix)) throw notFound("ACCOUNT_NOT_FOUND", "账户不存在或不在您的管理范围内");
  return { ...a.account, level: a.level };
}

export { roleAllowedAtLevel };

// Changes to existing accounts live in account-changes.ts; re-exported here for callers of the account service.
export { changeAccount, setAccountStatus, changeRoleKind, moveAccount, accountDetail, listAccountGrants } from "./account-changes.js";
