/**
 * Changes to existing accounts (P7): change (name, phone, unit — never the 身份证号), disable / enable / cancel with a
 * reason (never deleted), role-kind change (P5: every right of the old kind revoked first, in the same transaction),
 * move between organisations within the admin's duties. Nobody changes their own account. Every change writes the
 * 账户管理台账 row (account_changes) and the audit row in the same transaction; a refusal is audited as a failure.
 */
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, orgNodes, sessions, units, type RoleKind } from "../core/db/schema.js";
import { accountChanges, staffStatusChanges } from "./schema.js";
import { grants, positions } from "../core/db/schema.js";
import { audit, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";

async function orgLevel(q: Queryable, orgCode: string): Promise<Level> {
  const [n] = await q.select({ level: orgNodes.level }).from(orgNodes).where(eq(orgNodes.code, orgCode));
  if (!n) throw badRequest("ORG_UNKNOWN", `组织机构代码 ${orgCode} 不存在`);
  return n.level;
}
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { type Principal } from "../core/access/principal.js";
import { inScope } from "../core/access/scope.js";
import { endAccountSessions } from "../core/auth/sessions.js";
import { canGrant, canManageAccount, positionUsableFor, ROLE_KIND_NAMES, type Level } from "./rules.js";
import { actorView, governed, targetView, type FormRef } from "./common.js";
import { actorOf } from "../core/access/principal.js";

export interface ChangeOpts {
  ip: string | null;
  reason?: string | null;
  formRef?: FormRef;
}

export type AccountRow = typeof accounts.$inferSelect & { level: Level };

/** Lock one account row for a change and check it is in the actor's organisation subtree (P9): 404 otherwise. */
export async function lockAccountInScope(tx: Queryable, actor: Pick<Principal, "scopePrefix">, accountId: number): Promise<AccountRow> {
  const [a] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for("update");
  if (!a || !inScope(actor, a.orgCode)) throw notFound("ACCOUNT_NOT_FOUND", "账户不存在或不在您的管理范围内");
  return { ...a, level: await orgLevel(tx, a.orgCode) };
}

/** P7 through rules.ts: the actor must be allowed to manage the account as it is. */
function mustManage(actor: Principal, target: AccountRow) {
  const refusal = canManageAccount(actorView(actor), targetView(target));
  if (refusal) throw forbidden(refusal.code, refusal.message);
}

function mustNotBeCancelled(target: AccountRow) {
  if (target.status === "cancelled") throw conflict("ACCOUNT_CANCELLED", "账户已注销，不能再变更");
}

function needReason(reason: string | null | undefined): string {
  const r = (reason ?? "").trim();
  if (!r) throw badRequest("REASON_REQUIRED", "请填写原因");
  return r;
}

async function ledger(
  tx: Queryable,
  actor: Actor,
  accountId: number,
  action: (typeof accountChanges.$inferInsert)["action"],
  reason: string | null,
  detail: Record<string, unknown>,
  formRef: FormRef,
) {
  await tx.insert(accountChanges).values({ accountId, action, byAccountId: actor.accountId, reason, detail, formRef: formRef ?? null });
  await audit(tx, actor, { event: `account.${action}`, objectType: "account", objectId: accountId, detail: { ...detail, reason, formRef: formRef ?? null } });
}

/**
 * Revoke grants as part of an account change (role change, move, cancellation, P13 clearing). The account admin who
 * makes the change revokes them: the measure wants the rights gone, and revoking grants nothing.
 */
export async function revokeGrantsOf(
  tx: Queryable,
  actor: Actor,
  accountId: number,
  cause: string,
  reason: string,
  formRef: FormRef,
  filter: (g: typeof grants.$inferSelect & { positionOrgCode: string | null }) => boolean = () => true,
): Promise<number[]> {
  const active = await tx
    .select({ g: grants, positionOrgCode: positions.orgCode })
    .from(grants)
    .leftJoin(positions, eq(positions.id, grants.positionId))
    .where(and(eq(grants.accountId, accountId), isNull(grants.revokedAt)))
    .for("update", { of: grants });
  const ids: number[] = [];
  const now = new Date();
  for (const { g, positionOrgCode } of active) {
    if (!filter({ ...g, positionOrgCode })) continue;
    await tx.update(grants).set({ revokedAt: now, revokedBy: actor.accountId, revokeReason: reason, revokeFormRef: formRef ?? null }).where(eq(grants.id, g.id));
    await audit(tx, actor, {
      event: "grant.revoke",
      objectType: "grant",
      objectId: g.id,
      detail: { accountId, subsystem: g.subsystem, kind: g.kind, positionId: g.positionId, reason, cause, formRef: formRef ?? null },
    });
    ids.push(g.id);
  }
  return ids;
}

function validName(name: string) {
  const n = name.trim();
  if (!n || n.length > 30) throw badRequest("NAME_REQUIRED", "请填写真实姓名（不超过30字）");
  return n;
}

function validPhone(phone: string | null) {
  if (phone && !/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(phone)) throw badRequest("PHONE_INVALID", "联系电话格式不正确");
  return phone;
}

async function checkUnit(q: Queryable, unitId: number | null | undefined, orgCode: string) {
  if (!unitId) return;
  const [u] = await q.select({ orgCode: units.orgCode }).from(units).where(eq(units.id, unitId));
  if (!u || u.orgCode !== orgCode) throw badRequest("UNIT_MISMATCH", "所选单位不属于该组织机构");
}

export interface AccountEdit {
  name?: string;
  phone?: string | null;
  unitId?: number | null;
}

/** P7: change name, phone or unit. The 身份证号 is the person's identity (P3) and never changes. */
export async function changeAccount(db: Db, actor: Principal, accountId: number, edit: AccountEdit, opts: ChangeOpts) {
  const who = actorOf(actor, opts.ip);
  return governed(db, who, { event: "account.update", objectType: "account", objectId: accountId, detail: { fields: Object.keys(edit) } }, () =>
    db.transaction(async (tx) => {
      const t = await lockAccountInScope(tx, actor, accountId);
      mustManage(actor, t);
      mustNotBeCancelled(t);
      const next = {
        name: edit.name === undefined ? t.name : validName(edit.name),
        phone: edit.phone === undefined ? t.phone : validPhone(edit.phone?.trim() || null),
        unitId: edit.unitId === undefined ? t.unitId : edit.unitId,
      };
      await checkUnit(tx, next.unitId, t.orgCode);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (next.name !== t.name) (before.name = t.name), (after.name = next.name);
      if (next.phone !== t.phone) (before.phone = maskPhone(t.phone)), (after.phone = maskPhone(next.phone));
      if (next.unitId !== t.unitId) (before.unitId = t.unitId), (after.unitId = next.unitId);
      // Nothing differs (e.g. a form row that repeats the current phone): no change, no ledger row.
      if (!Object.keys(after).length) return { id: accountId, changed: [] as string[] };
      await tx.update(accounts).set({ ...next, updatedAt: new Date() }).where(eq(accounts.id, accountId));
      await ledger(tx, who, accountId, "update", opts.reason?.trim() || null, { before, after }, opts.formRef);
      return { id: accountId, changed: Object.keys(after) };
    }),
  );
}

/** The status an account admin sets: 停用 (disabled), 启用 (active), 注销 (cancelled). */
export type StatusTarget = "disabled" | "active" | "cancelled";
export type StatusAction = "disable" | "enable" | "cancel";
const ACTION_OF: Record<StatusTarget, StatusAction> = { disabled: "disable", active: "enable", cancelled: "cancel" };

/**
 * P7: disable (停用), enable (启用), cancel (注销) with a reason. Never a delete: the account row, its ledger and its
 * grants stay for the audit trail. Disabling and cancelling end every live session at once; cancelling also revokes
 * every grant. Enabling a suspended person goes through the P13 return instead.
 */
export async function setAccountStatus(db: Db, actor: Principal, accountId: number, status: StatusTarget, opts: ChangeOpts & { reason: string }) {
  const who = actorOf(actor, opts.ip);
  const action = ACTION_OF[status];
  return governed(db, who, { event: `account.${action}`, objectType: "account", objectId: accountId, detail: { reason: opts.reason } }, () =>
    db.transaction(async (tx) => {
      const t = await lockAccountInScope(tx, actor, accountId);
      mustManage(actor, t);
      const reason = needReason(opts.reason);
      mustNotBeCancelled(t);
      return applyStatus(tx, who, t, action, reason, opts.formRef, {});
    }),
  );
}

/** The status change itself, shared with the idle-account clean-up (inside the caller's transaction). */
export async function applyStatus(tx: Queryable, who: Actor, t: AccountRow, action: StatusAction, reason: string, formRef: FormRef, extra: Record<string, unknown>) {
  let sessionsEnded = 0;
  let revoked: number[] = [];
  if (action === "disable") {
    if (t.status === "disabled") throw conflict("ACCOUNT_ALREADY_DISABLED", "账户已停用");
    await tx.update(accounts).set({ status: "disabled", statusReason: reason, updatedAt: new Date() }).where(eq(accounts.id, t.id));
    sessionsEnded = await endAccountSessions(tx, t.id, "account_disabled", who);
  } else if (action === "enable") {
    if (t.status === "active") throw conflict("ACCOUNT_ALREADY_ACTIVE", "账户已处于正常状态");
    const [open] = await tx.select({ id: staffStatusChanges.id }).from(staffStatusChanges)
      .where(and(eq(staffStatusChanges.accountId, t.id), isNull(staffStatusChanges.endedDate)));
    if (t.status === "suspended" || open) {
      throw conflict("STAFF_STATUS_OPEN", "该人员处于离岗、脱岗或调查期间，须先登记返岗（第十四条），不能直接启用");
    }
    await tx.update(accounts).set({ status: "active", statusReason: null, updatedAt: new Date() }).where(eq(accounts.id, t.id));
  } else {
    revoked = await revokeGrantsOf(tx, who, t.id, "cancel", `账户注销：${reason}`, formRef);
    await tx.update(accounts).set({ status: "cancelled", statusReason: reason, updatedAt: new Date() }).where(eq(accounts.id, t.id));
    sessionsEnded = await endAccountSessions(tx, t.id, "account_disabled", who);
  }
  await ledger(tx, who, t.id, action, reason, { from: t.status, sessionsEnded, revokedGrantIds: revoked, ...extra }, formRef);
  return { id: t.id, status: action === "enable" ? "active" : action === "disable" ? "disabled" : "cancelled", sessionsEnded, revokedGrants: revoked.length };
}

/**
 * P5: change the role kind. Every right of the old kind is revoked first, in the same transaction (the database
 * trigger accounts_role_kind_guard refuses the change while any grant is live), so at no moment does a person hold
 * rights of two kinds; the new kind's rights come only from a new grant by a permission admin.
 */
export async function changeRoleKind(db: Db, actor: Principal, accountId: number, to: { roleKind: RoleKind; abSlot?: "A" | "B" | null }, opts: ChangeOpts & { reason: string }) {
  const who = actorOf(actor, opts.ip);
  return governed(db, who, { event: "account.role_change", objectType: "account", objectId: accountId, detail: { to: to.roleKind } }, () =>
    db.transaction(async (tx) => {
      const t = await lockAccountInScope(tx, actor, accountId);
      mustManage(actor, t);
      mustNotBeCancelled(t);
      const reason = needReason(opts.reason);
      if (t.roleKind === to.roleKind) throw badRequest("ROLE_KIND_SAME", `账户已是${ROLE_KIND_NAMES[t.roleKind]}`);
      const after = canManageAccount(actorView(actor), { ...targetView(t), roleKind: to.roleKind });
      if (after) throw forbidden(after.code, after.message);
      const revoked = await revokeGrantsOf(tx, who, t.id, "role_change", `角色类型由${ROLE_KIND_NAMES[t.roleKind]}变更为${ROLE_KIND_NAMES[to.roleKind]}，原角色权限全部撤销（第六条）`, opts.formRef);
      await tx.update(accounts)
        .set({ roleKind: to.roleKind, abSlot: to.roleKind === "account_admin" ? (to.abSlot ?? null) : null, updatedAt: new Date() })
        .where(eq(accounts.id, t.id));
      await ledger(tx, who, t.id, "role_change", reason, { from: t.roleKind, to: to.roleKind, revokedGrantIds: revoked }, opts.formRef);
      return { id: t.id, roleKind: to.roleKind, revokedGrants: revoked.length };
    }),
  );
}

/**
 * P7, P9: move an account to another organisation node, within the admin's duties both where it is and where it goes.
 * Position grants that cannot be used at the new place (a position belongs to its level's subtree) are revoked.
 */
export async function moveAccount(db: Db, actor: Principal, accountId: number, to: { orgCode: string; unitId?: number | null }, opts: ChangeOpts & { reason: string }) {
  const who = actorOf(actor, opts.ip);
  return governed(db, who, { event: "account.move", objectType: "account", objectId: accountId, detail: { to: to.orgCode } }, () =>
    db.transaction(async (tx) => {
      const t = await lockAccountInScope(tx, actor, accountId);
      mustManage(actor, t);
      mustNotBeCancelled(t);
      const reason = needReason(opts.reason);
      if (to.orgCode === t.orgCode && (to.unitId ?? null) === t.unitId) throw badRequest("NOTHING_CHANGED", "新的组织机构与原来相同");
      const level = await orgLevel(tx, to.orgCode);
      const refusal = canManageAccount(actorView(actor), { accountId: t.id, roleKind: t.roleKind, level, orgCode: to.orgCode });
      if (refusal) throw forbidden(refusal.code, refusal.message);
      await checkUnit(tx, to.unitId, to.orgCode);
      const revoked = await revokeGrantsOf(tx, who, t.id, "move", "调整组织机构：原岗位不适用于新的组织机构", opts.formRef,
        (g) => g.kind === "position" && !!g.positionOrgCode && !positionUsableFor(g.positionOrgCode, to.orgCode));
      await tx.update(accounts).set({ orgCode: to.orgCode, unitId: to.unitId ?? null, updatedAt: new Date() }).where(eq(accounts.id, t.id));
      await ledger(tx, who, t.id, "move", reason, { from: { orgCode: t.orgCode, unitId: t.unitId }, to: { orgCode: to.orgCode, unitId: to.unitId ?? null }, revokedGrantIds: revoked }, opts.formRef);
      return { id: t.id, orgCode: to.orgCode, revokedGrants: revoked.length };
    }),
  );
}

const byAcc = alias(accounts, "by_acc");
const revAcc = alias(accounts, "rev_acc");

/** The grants of one account, newest first, with who granted and revoked them (P8(3)). */
export async function listAccountGrants(q: Queryable, accountId: number) {
  return q
    .select({
      id: grants.id, kind: grants.kind, subsystem: grants.subsystem, positionId: grants.positionId, positionName: positions.name,
      positionOrgCode: positions.orgCode, permissions: positions.permissions, positionStatus: positions.status,
      grantedAt: grants.grantedAt, grantedBy: grants.grantedBy, grantedByName: byAcc.name, reason: grants.reason, formRef: grants.formRef,
      revokedAt: grants.revokedAt, revokedBy: grants.revokedBy, revokedByName: revAcc.name, revokeReason: grants.revokeReason, revokeFormRef: grants.revokeFormRef,
    })
    .from(grants)
    .leftJoin(positions, eq(positions.id, grants.positionId))
    .leftJoin(byAcc, eq(byAcc.id, grants.grantedBy))
    .leftJoin(revAcc, eq(revAcc.id, grants.revokedBy))
    .where(eq(grants.accountId, accountId))
    .orderBy(desc(grants.grantedAt), desc(grants.id));
}

/** Account detail with its whole history (账户管理台账 rows, grants, P13 status records), masked (X2). */
export async function accountDetail(q: Queryable, actor: Principal, accountId: number) {
  const [row] = await q
    .select({ a: accounts, level: orgNodes.level, orgName: orgNodes.name, unitName: units.name })
    .from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .where(eq(accounts.id, accountId));
  if (!row || !inScope(actor, row.a.orgCode)) throw notFound("ACCOUNT_NOT_FOUND", "账户不存在或不在您的管理范围内");
  const a = row.a;
  const history = await q
    .select({ id: accountChanges.id, action: accountChanges.action, at: accountChanges.at, byAccountId: accountChanges.byAccountId, byName: byAcc.name,
      reason: accountChanges.reason, detail: accountChanges.detail, formRef: accountChanges.formRef })
    .from(accountChanges)
    .leftJoin(byAcc, eq(byAcc.id, accountChanges.byAccountId))
    .where(eq(accountChanges.accountId, accountId))
    .orderBy(asc(accountChanges.at), asc(accountChanges.id));
  const staffStatus = await q
    .select({ s: staffStatusChanges, byName: byAcc.name })
    .from(staffStatusChanges)
    .leftJoin(byAcc, eq(byAcc.id, staffStatusChanges.recordedBy))
    .where(eq(staffStatusChanges.accountId, accountId))
    .orderBy(desc(staffStatusChanges.id));
  const [live] = await q.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.accountId, accountId), isNull(sessions.endedAt))).limit(1);
  const target = targetView({ id: a.id, roleKind: a.roleKind, level: row.level, orgCode: a.orgCode });
  const manage = canManageAccount(actorView(actor), target);
  // Whether the caller may set this account's rights in at least one subsystem they hold (P8).
  const kind = a.roleKind === "permission_admin" ? "admin_subsystem" : "position";
  const grantable = actor.adminSubsystems.filter((s) => !canGrant(actorView(actor), target, s, kind));
  return {
    account: {
      id: a.id, name: a.name, idNumberMasked: maskIdNumber(a.idNumber), phoneMasked: maskPhone(a.phone), orgCode: a.orgCode, orgName: row.orgName,
      level: row.level, unitId: a.unitId, unitName: row.unitName, roleKind: a.roleKind, abSlot: a.abSlot, status: a.status, statusReason: a.statusReason,
      bootstrap: a.bootstrap, createdAt: a.createdAt, updatedAt: a.updatedAt, lastLoginAt: a.lastLoginAt, hasLiveSession: !!live,
    },
    history,
    grants: await listAccountGrants(q, accountId),
    staffStatus: staffStatus.map(({ s, byName }) => ({ ...s, recordedByName: byName })),
    allowed: {
      manage: manage === null,
      manageRefusal: manage,
      grantSubsystems: grantable,
    },
  };
}
