/**
 * P13 (第十四条): an account admin records that a person retires, resigns or is transferred (退休/离职/调岗), is off duty
 * (脱岗: sick leave, maternity leave …, with a start and an expected end), is under investigation (接受调查) or another
 * case that stops normal duty (其他). The account is suspended at once and its sessions end. Rights are cleared (all
 * live grants revoked, their number recorded) for every kind, and for 脱岗 when it is expected to last — or has lasted —
 * three months or more (the daily sweep clears those that reach three months). A return (返岗) reactivates the account
 * but restores nothing: rights come back only through a new grant by a permission admin.
 */
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, orgNodes } from "../core/db/schema.js";
import { staffStatusChanges, accountChanges, STAFF_STATUS_KINDS, type StaffStatusKind } from "./schema.js";
import { grants } from "../core/db/schema.js";
import { audit, SYSTEM_ACTOR, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { endAccountSessions } from "../core/auth/sessions.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter } from "../core/access/scope.js";
import { canManageAccount } from "./rules.js";
import { actorView, chinaToday, governed, targetView, type FormRef } from "./common.js";
import { lockAccountInScope, revokeGrantsOf } from "./account-changes.js";
import { maskIdNumber } from "../core/idcard.js";
import { STAFF_STATUS_NAMES } from "./names.js";
import { actorOf } from "../core/access/principal.js";

export { STAFF_STATUS_NAMES };

/** The date three calendar months after `day` (clamped to the month's end: 11-30 + 3 months = 02-28/29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${String(nm + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** P13(2): 脱岗 of three months or more clears rights; every other kind clears them at once. */
export function clearsRights(kind: StaffStatusKind, startDate: string, untilDate: string | null | undefined): boolean {
  if (kind !== "off_duty") return true;
  return !!untilDate && untilDate >= addMonths(startDate, 3);
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface NewStaffStatus {
  kind: StaffStatusKind;
  startDate: string;
  expectedEndDate?: string | null;
  note?: string;
}

const clearReason = (kind: StaffStatusKind) => `第十四条：${STAFF_STATUS_NAMES[kind]}，及时清理业务权限`;

export async function recordStaffStatus(db: Db, actor: Principal, accountId: number, input: NewStaffStatus, opts: { ip: string | null; formRef?: FormRef }) {
  const who = actorOf(actor, opts.ip);
  return governed(db, who, { event: "staff-status.record", objectType: "account", objectId: accountId, detail: { kind: input.kind } }, () =>
    db.transaction(async (tx) => {
      const t = await lockAccountInScope(tx, actor, accountId);
      const refusal = canManageAccount(actorView(actor), targetView(t));
      if (refusal) throw forbidden(refusal.code, refusal.message);
      if (!STAFF_STATUS_KINDS.includes(input.kind)) throw badRequest("STAFF_STATUS_KIND_UNKNOWN", "未知的离岗类别");
      if (!isDate(input.startDate)) throw badRequest("DATE_INVALID", "开始日期无效");
      const expected = input.expectedEndDate || null;
      if (input.kind === "off_duty") {
        if (!expected) throw badRequest("EXPECTED_END_REQUIRED", "脱岗须填写预计结束日期");
      }
      if (expected && (!isDate(expected) || expected < input.startDate)) throw badRequest("DATE_INVALID", "预计结束日期不能早于开始日期");
      if (t.status === "cancelled") throw conflict("ACCOUNT_CANCELLED", "账户已注销");
      const [open] = await tx.select({ id: staffStatusChanges.id }).from(staffStatusChanges)
        .where(and(eq(staffStatusChanges.accountId, accountId), isNull(staffStatusChanges.endedDate)));
      if (open) throw conflict("STAFF_STATUS_OPEN", "该人员已有未结束的离岗、脱岗登记，请先登记返岗");
      if (t.status !== "active") throw conflict("ACCOUNT_NOT_ACTIVE", "账户未处于正常状态（已停用或暂停），无需登记");
      const note = (input.note ?? "").trim();
      await tx.update(accounts).set({ status: "suspended", statusReason: `${STAFF_STATUS_NAMES[input.kind]}${note ? `：${note}` : ""}`, updatedAt: new Date() })
        .where(eq(accounts.id, accountId));
      const sessionsEnded = await endAccountSessions(tx, accountId, "account_suspended", who);
      const clear = clearsRights(input.kind, input.startDate, expected);
      const revoked = clear ? await revokeGrantsOf(tx, who, accountId, "staff_status", clearReason(input.kind), opts.formRef) : [];
      const [rec] = await tx.insert(staffStatusChanges).values({
        accountId, kind: input.kind, startDate: input.startDate, expectedEndDate: expected, note, grantsCleared: revoked.length, recordedBy: actor.accountId,
      }).returning();
      const detail = { staffStatusId: rec!.id, kind: input.kind, startDate: input.startDate, expectedEndDate: expected, sessionsEnded, grantsCleared: revoked.length, revokedGrantIds: revoked };
      await tx.insert(accountChanges).values({ accountId, action: "suspend", byAccountId: actor.accountId, reason: STAFF_STATUS_NAMES[input.kind], detail, formRef: opts.formRef ?? null });
      await audit(tx, who, { event: "staff-status.record", objectType: "account", objectId: accountId, detail: { ...detail, note, formRef: opts.formRef ?? null } });
      return { id: rec!.id, accountId, status: "suspended" as const, sessionsEnded, grantsCleared: revoked.length };
    }),
  );
}

/** 返岗: end the status record and reactivate the account. Cleared rights are not restored (P13): a new grant is needed. */
export async function endStaffStatus(db: Db, actor: Principal, statusId: number, input: { endedDate: string; note?: string }, opts: { ip: string | null; formRef?: FormRef }) {
  const who = actorOf(actor, opts.ip);
  return governed(db, who, { event: "staff-status.end", objectType: "staff_status", objectId: statusId, detail: {} }, () =>
    db.transaction(async (tx) => {
      const [rec] = await tx.select().from(staffStatusChanges).where(eq(staffStatusChanges.id, statusId)).for("update");
      if (!rec) throw notFound("STAFF_STATUS_NOT_FOUND", "离岗登记不存在");
      const t = await lockAccountInScope(tx, actor, rec.accountId);
      const refusal = canManageAccount(actorView(actor), targetView(t));
      if (refusal) throw forbidden(refusal.code, refusal.message);
      if (rec.endedDate) throw conflict("STAFF_STATUS_ENDED", "该登记已结束");
      if (!isDate(input.endedDate) || input.endedDate < rec.startDate) throw badRequest("DATE_INVALID", "返岗日期无效或早于开始日期");
      if (t.status === "cancelled") throw conflict("ACCOUNT_CANCELLED", "账户已注销，不能返岗");
      // A 脱岗 that lasted three months or more clears rights on return, if the sweep has not done so yet.
      const late = rec.kind === "off_duty" && clearsRights(rec.kind, rec.startDate, input.endedDate)
        ? await revokeGrantsOf(tx, who, rec.accountId, "staff_status", clearReason(rec.kind), opts.formRef) : [];
      const note = (input.note ?? "").trim();
      await tx.update(staffStatusChanges).set({ endedDate: input.endedDate, grantsCleared: rec.grantsCleared + late.length, note: note ? `${rec.note}${rec.note ? "；" : ""}返岗：${note}` : rec.note })
        .where(eq(staffStatusChanges.id, statusId));
      const reactivated = t.status === "suspended";
      if (reactivated) await tx.update(accounts).set({ status: "active", statusReason: null, updatedAt: new Date() }).where(eq(accounts.id, t.id));
      const [live] = await tx.select({ id: grants.id }).from(grants).where(and(eq(grants.accountId, t.id), isNull(grants.revokedAt))).limit(1);
      const detail = { staffStatusId: statusId, kind: rec.kind, endedDate: input.endedDate, reactivated, grantsCleared: rec.grantsCleared + late.length, hasLiveGrants: !!live };
      await tx.insert(accountChanges).values({ accountId: t.id, action: "reinstate", byAccountId: actor.accountId, reason: `返岗${note ? `：${note}` : ""}`, detail, formRef: opts.formRef ?? null });
      await audit(tx, who, { event: "staff-status.end", objectType: "account", objectId: t.id, detail: { ...detail, formRef: opts.formRef ?? null } });
      return { id: statusId, accountId: t.id, status: reactivated ? ("active" as const) : t.status, grantsRestored: 0, needsNewGrant: !live };
    }),
  );
}

/**
 * The daily sweep (P13(2)): a 脱岗 still open three months after its start clears the person's rights, whatever end
 * was expected. Runs as the system; each revocation is audited.
 */
export async function sweepOffDuty(db: Db, now: Date): Promise<{ records: number; grantsCleared: number }> {
  const today = chinaToday(now);
  const open = await db.select().from(staffStatusChanges)
    .where(and(eq(staffStatusChanges.kind, "off_duty"), isNull(staffStatusChanges.endedDate)));
  let records = 0;
  let cleared = 0;
  for (const rec of open) {
    if (!clearsRights("off_duty", rec.startDate, today)) continue;
    await db.transaction(async (tx) => {
      const [r] = await tx.select().from(staffStatusChanges).where(eq(staffStatusChanges.id, rec.id)).for("update");
      if (!r || r.endedDate) return;
      const actor: Actor = { ...SYSTEM_ACTOR, name: "系统（脱岗满三个月清理）" };
      const revoked = await revokeGrantsOf(tx, actor, r.accountId, "staff_status_sweep", "第十四条：脱岗满三个月，清理业务权限", null);
      if (!revoked.length) return;
      await tx.update(staffStatusChanges).set({ grantsCleared: r.grantsCleared + revoked.length }).where(eq(staffStatusChanges.id, r.id));
      records++;
      cleared += revoked.length;
    });
  }
  return { records, grantsCleared: cleared };
}

const recAcc = alias(accounts, "rec_acc");

/** Status records in the caller's subtree (open ones first), for the account admins' page. */
export async function listStaffStatus(q: Queryable, actor: Principal, filter: { open?: boolean; accountId?: number }) {
  const conds: SQL[] = [scopeFilter(actor, accounts.orgCode)];
  if (filter.open) conds.push(isNull(staffStatusChanges.endedDate));
  if (filter.accountId) conds.push(eq(staffStatusChanges.accountId, filter.accountId));
  const list = await q
    .select({ s: staffStatusChanges, name: accounts.name, idNumber: accounts.idNumber, orgCode: accounts.orgCode, orgName: orgNodes.name, roleKind: accounts.roleKind, status: accounts.status, recordedByName: recAcc.name })
    .from(staffStatusChanges)
    .innerJoin(accounts, eq(accounts.id, staffStatusChanges.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(recAcc, eq(recAcc.id, staffStatusChanges.recordedBy))
    .where(and(...conds))
    .orderBy(desc(staffStatusChanges.id))
    .limit(500);
  return list.map(({ s, idNumber, ...rest }) => ({
    ...s, ...rest, idNumberMasked: maskIdNumber(idNumber), kindName: STAFF_STATUS_NAMES[s.kind],
    rightsClearDate: s.kind === "off_duty" ? addMonths(s.startDate, 3) : s.startDate,
  }));
}

/**
 * Staff status changes with their account, except those whose ids the caller's subquery `handled` returns (the forms
 * module passes the changes it has already drafted a form for, P13 → P14), oldest first.
 */
export async function staffChangesNotIn(q: Queryable, handled: SQL, limit: number) {
  return q
    .select({ s: staffStatusChanges, a: accounts })
    .from(staffStatusChanges)
    .innerJoin(accounts, eq(accounts.id, staffStatusChanges.accountId))
    .where(sql`${staffStatusChanges.id} not in (${handled})`)
    .orderBy(staffStatusChanges.id)
    .limit(limit);
}
