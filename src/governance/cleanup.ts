/**
 * P7(4): periodically verify and clear accounts that have not logged in for a long time. The threshold is a setting
 * (default 90 days; an account that never logged in counts from its creation). A daily job scans each level (州 and
 * every county) and stores what it found; each level's account admins see their candidates — the accounts within
 * their own duties (canManageAccount) — and disable the ones they choose in one all-or-nothing action with a reason.
 * Disabling never deletes: the account, its ledger and its audit trail stay.
 */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, jobs, orgNodes, units } from "../core/db/schema.js";
import { audit, SYSTEM_ACTOR, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden } from "../core/errors.js";
import { maskIdNumber } from "../core/idcard.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter, scopeOf } from "../core/access/scope.js";
import { canManageAccount, type ActorView, type Level } from "./rules.js";
import { cleanupScans } from "./schema.js";
import { actorView, DAY_MS, governed, targetView, type FormRef } from "./common.js";
import { applyStatus, lockAccountInScope } from "./account-changes.js";
import { getGovSetting } from "./settings.js";
import { actorOf } from "../core/access/principal.js";

export const PREFECTURE = "422800";
/** The daily scan's row in the jobs table (src/governance/jobs.ts). */
export const CLEANUP_SCAN_JOB = "gov.cleanup-scan";

/** The rule view of "the account admins of level L" (州 or a county), used by the scan. */
export function levelAdminView(levelCode: string): ActorView {
  const prefecture = levelCode === PREFECTURE;
  return {
    accountId: -1,
    roleKind: "account_admin",
    level: prefecture ? "prefecture" : "county",
    orgCode: levelCode,
    ...scopeOf(levelCode),
    adminSubsystems: [],
  };
}

export interface IdleCandidate {
  id: number;
  name: string;
  idNumberMasked: string | null;
  orgCode: string;
  orgName: string;
  level: Level;
  unitName: string | null;
  roleKind: (typeof accounts.$inferSelect)["roleKind"];
  createdAt: Date;
  lastLoginAt: Date | null;
  neverLoggedIn: boolean;
  idleDays: number;
}

/** Active accounts idle for the threshold, within the viewer's subtree and duties. */
export async function idleCandidates(q: Queryable, viewer: ActorView, now: Date, thresholdDays: number): Promise<IdleCandidate[]> {
  const cutoff = new Date(now.getTime() - thresholdDays * DAY_MS);
  const list = await q
    .select({ a: accounts, orgName: orgNodes.name, level: orgNodes.level, unitName: units.name })
    .from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .where(and(
      scopeFilter(viewer, accounts.orgCode),
      eq(accounts.status, "active"),
      lt(sql`coalesce(${accounts.lastLoginAt}, ${accounts.createdAt})`, cutoff),
    ))
    .orderBy(accounts.orgCode, accounts.id);
  return list
    .filter(({ a, level }) => canManageAccount(viewer, targetView({ id: a.id, roleKind: a.roleKind, level, orgCode: a.orgCode })) === null)
    .map(({ a, orgName, level, unitName }) => {
      const since = a.lastLoginAt ?? a.createdAt;
      return {
        id: a.id, name: a.name, idNumberMasked: maskIdNumber(a.idNumber), orgCode: a.orgCode, orgName, level, unitName, roleKind: a.roleKind,
        createdAt: a.createdAt, lastLoginAt: a.lastLoginAt, neverLoggedIn: !a.lastLoginAt, idleDays: Math.floor((now.getTime() - since.getTime()) / DAY_MS),
      };
    });
}

/** The levels that have account admins: the 州 and the eight counties. */
export async function adminLevels(q: Queryable): Promise<{ code: string; name: string; level: Level }[]> {
  return q.select({ code: orgNodes.code, name: orgNodes.name, level: orgNodes.level }).from(orgNodes)
    .where(inArray(orgNodes.level, ["prefecture", "county"])).orderBy(orgNodes.code);
}

/** Scan one level and record the result (the job, or an account admin's "立即扫描"). */
export async function scanLevel(db: Db, levelCode: string, now: Date, trigger: "job" | "manual", actor: Actor = SYSTEM_ACTOR) {
  const threshold = await getGovSetting(db, "idleDays");
  return db.transaction(async (tx) => {
    const found = await idleCandidates(tx, levelAdminView(levelCode), now, threshold);
    const [row] = await tx.insert(cleanupScans).values({
      levelCode, scannedAt: now, thresholdDays: threshold, candidateCount: found.length, candidateIds: found.map((c) => c.id), trigger,
    }).returning();
    await audit(tx, actor, { event: "cleanup.scan", objectType: "org", objectId: levelCode, detail: { thresholdDays: threshold, candidates: found.length, trigger } });
    return row!;
  });
}

/** The daily job: one scan per level. */
export async function scanAllLevels(db: Db, now: Date) {
  const out: Record<string, number> = {};
  for (const l of await adminLevels(db)) out[l.code] = (await scanLevel(db, l.code, now, "job")).candidateCount;
  return out;
}

export async function lastScan(q: Queryable, levelCode: string) {
  const [row] = await q.select().from(cleanupScans).where(eq(cleanupScans.levelCode, levelCode)).orderBy(desc(cleanupScans.scannedAt), desc(cleanupScans.id)).limit(1);
  return row ?? null;
}

/** The clean-up page of an account admin: threshold, last scan of their level, and the live candidates in their duties. */
export async function cleanupOverview(q: Queryable, actor: Principal, now: Date) {
  if (actor.roleKind !== "account_admin") throw forbidden("NOT_ACCOUNT_ADMIN", "只有账户管理员可以清理长期未登录账户（第八条）");
  const thresholdDays = await getGovSetting(q, "idleDays");
  const scan = await lastScan(q, actor.orgCode);
  const candidates = await idleCandidates(q, actorView(actor), now, thresholdDays);
  const [job] = await q.select({ runAt: jobs.runAt, lastError: jobs.lastError }).from(jobs).where(eq(jobs.name, CLEANUP_SCAN_JOB));
  return {
    thresholdDays,
    nextScanAt: job?.runAt ?? null,
    lastScan: scan && { scannedAt: scan.scannedAt, candidateCount: scan.candidateCount, thresholdDays: scan.thresholdDays, trigger: scan.trigger },
    candidates,
  };
}

/** Disable the chosen candidates with one reason: all or nothing, each audited and in the 账户管理台账. */
export async function disableIdleAccounts(db: Db, actor: Principal, accountIds: number[], opts: { ip: string | null; reason: string; formRef?: FormRef; now?: Date }) {
  const who = actorOf(actor, opts.ip);
  const ids = [...new Set(accountIds)].sort((a, b) => a - b);
  return governed(db, who, { event: "cleanup.disable", objectType: "account", detail: { accountIds: ids, reason: opts.reason } }, () =>
    db.transaction(async (tx) => {
      if (actor.roleKind !== "account_admin") throw forbidden("NOT_ACCOUNT_ADMIN", "只有账户管理员可以清理长期未登录账户（第八条）");
      if (!ids.length) throw badRequest("NOTHING_SELECTED", "请选择要停用的账户");
      const reason = opts.reason?.trim();
      if (!reason) throw badRequest("REASON_REQUIRED", "请填写停用原因");
      const now = opts.now ?? new Date();
      const threshold = await getGovSetting(tx, "idleDays");
      const done = [];
      for (const id of ids) {
        const t = await lockAccountInScope(tx, actor, id);
        const refusal = canManageAccount(actorView(actor), targetView(t));
        if (refusal) throw forbidden(refusal.code, `${t.name}：${refusal.message}`);
        const since = t.lastLoginAt ?? t.createdAt;
        const idleDays = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
        if (t.status !== "active" || idleDays < threshold) {
          throw conflict("NOT_A_CANDIDATE", `${t.name} 不是长期未登录的清理对象（${t.status !== "active" ? "账户未处于正常状态" : `最近 ${idleDays} 天内登录过`}），本次未停用任何账户`);
        }
        done.push(await applyStatus(tx, who, t, "disable", reason, opts.formRef, { cleanup: true, idleDays, thresholdDays: threshold }));
      }
      await audit(tx, who, { event: "cleanup.disable", objectType: "org", objectId: actor.orgCode, detail: { accountIds: ids, count: ids.length, reason, thresholdDays: threshold } });
      return { disabled: done.length, sessionsEnded: done.reduce((n, d) => n + d.sessionsEnded, 0) };
    }),
  );
}
