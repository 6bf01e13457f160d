/**
 * P8(4): permission admins periodically review and analyse the permission-management log. The review page reads the
 * audit chain (X1) — account, position, grant, staff-status, clean-up and campaign events and every reveal of
 * personal data (`*.reveal`, X2) — within the caller's subtree, and highlights anomalies:
 *   off_hours          a permission change outside working hours (before 08:00, from 18:00 China time, or on a
 *                      non-working day of the working-day calendar, X3);
 *   mass_grant         more grants by one actor in one day than the threshold (setting);
 *   grant_to_inactive  a grant to an account that is now suspended, disabled or cancelled;
 *   grant_to_idle      a grant to an account that had not logged in for the idle threshold when it was granted;
 *   reveal             a reveal of a full 身份证号 or phone;
 *   refused            a refused change (someone tried beyond their powers).
 * Each review is recorded (who, when, period covered, findings); a level not reviewed within the period (setting,
 * default 30 days) is flagged.
 */
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import { accounts, orgNodes } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { addDays, chinaDate, WorkCalendar } from "../core/calendar.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter, inScope, scopeOf, scopeSql } from "../core/access/scope.js";
import { logReviews } from "./schema.js";
import { chinaToday, DAY_MS, governed } from "./common.js";
import { getGovSetting } from "./settings.js";
import { chinaDayEnd, chinaDayStart, chinaHour } from "../core/time.js";
import { actorOf } from "../core/access/principal.js";

export const ANOMALIES = {
  off_hours: "非工作时间授权",
  mass_grant: "批量授权",
  grant_to_inactive: "授权给已暂停、停用或注销的账户",
  grant_to_idle: "授权给长期未登录的账户",
  reveal: "查看完整个人信息",
  refused: "越权或被拒绝的操作",
} as const;
export type Anomaly = keyof typeof ANOMALIES;

/** Events of the permission-management log (the patterns are SQL LIKE patterns). */
export const REVIEW_EVENT_PATTERNS = ["account.%", "grant.%", "position.%", "staff-status.%", "cleanup.%", "campaign.%", "%.reveal"];

const MAX_ROWS = 20_000;

export interface ReviewFilter {
  from?: string;
  to?: string;
  /** Event prefix, e.g. "grant." */
  event?: string;
  actorId?: number;
  anomaly?: Anomaly;
  page?: number;
  pageSize?: number;
}

interface RawEvent {
  seq: number;
  at: Date | string;
  actor_account_id: number | null;
  actor_name: string | null;
  event: string;
  object_type: string | null;
  object_id: string | null;
  outcome: "success" | "failure";
  source_ip: string | null;
  detail: Record<string, unknown>;
  actor_org: string | null;
  target_id: number | null;
  target_name: string | null;
  target_org: string | null;
  target_status: string | null;
  target_created: Date | string | null;
  last_login_before: Date | string | null;
}

const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

function periodOf(f: { from?: string; to?: string }, now: Date) {
  const to = f.to ?? chinaToday(now);
  const from = f.from ?? addDays(to, -29);
  if (from > to) throw badRequest("PERIOD_INVALID", "开始日期不能晚于结束日期");
  if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw badRequest("PERIOD_TOO_LONG", "审查期间不能超过一年");
  return { from, to };
}

/** The log of a period with anomalies computed, in the caller's subtree (actor or affected account in scope). */
export async function analyseLog(q: Queryable, p: Principal, f: ReviewFilter, now: Date) {
  const { from, to } = periodOf(f, now);
  const idleDays = await getGovSetting(q, "idleDays");
  const massThreshold = await getGovSetting(q, "massGrantThreshold");
  const patterns = sql.join(REVIEW_EVENT_PATTERNS.map((x) => sql`l.event like ${x}`), sql` or `);
  const conds: SQL[] = [
    sql`l.at >= ${chinaDayStart(from)}`,
    sql`l.at <= ${chinaDayEnd(to)}`,
    sql`(${patterns})`,
    // P9: the actor or the affected account lies in the caller's subtree; system rows at 州 level only.
    sql`(${scopeSql(p, sql.raw("a.org_code"))} or ${scopeSql(p, sql.raw("t.org_code"))} or (l.actor_account_id is null and ${p.level === "prefecture"}))`,
  ];
  if (f.event) conds.push(sql`l.event like ${`${f.event}%`}`);
  if (f.actorId) conds.push(sql`l.actor_account_id = ${f.actorId}`);
  const list = await rows<RawEvent>(q, sql`
    select l.seq, l.at, l.actor_account_id, l.actor_name, l.event, l.object_type, l.object_id, l.outcome, l.source_ip, l.detail,
           a.org_code as actor_org, t.id as target_id, t.name as target_name, t.org_code as target_org, t.status as target_status,
           t.created_at as target_created,
           (select max(s.created_at) from sessions s where s.account_id = t.id and s.created_at <= l.at) as last_login_before
    from audit_log l
    left join accounts a on a.id = l.actor_account_id
    left join accounts t on t.id = (case
        when l.detail->>'accountId' ~ '^[0-9]{1,9}$' then (l.detail->>'accountId')::int
        when l.object_type = 'account' and l.object_id ~ '^[0-9]{1,9}$' then l.object_id::int end)
    where ${sql.join(conds, sql` and `)}
    order by l.seq desc
    limit ${MAX_ROWS + 1}`);
  const truncated = list.length > MAX_ROWS;
  if (truncated) list.length = MAX_ROWS;

  const cal = await WorkCalendar.load(q, addDays(from, -1), addDays(to, 1));
  const isGrant = (e: RawEvent) => e.event === "grant.create" && e.outcome === "success";
  const perActorDay = new Map<string, number>();
  for (const e of list) {
    if (!isGrant(e)) continue;
    const key = `${e.actor_account_id ?? "system"}|${chinaDate(asDate(e.at)!)}`;
    perActorDay.set(key, (perActorDay.get(key) ?? 0) + 1);
  }
  const items = list.map((e) => {
    const at = asDate(e.at)!;
    const day = chinaDate(at);
    const hour = chinaHour(at);
    const anomalies: Anomaly[] = [];
    const permissionChange = e.outcome === "success" && /^(grant|position)\./.test(e.event);
    if (permissionChange && (hour < 8 || hour >= 18 || !cal.isWorkday(day))) anomalies.push("off_hours");
    if (isGrant(e) && (perActorDay.get(`${e.actor_account_id ?? "system"}|${day}`) ?? 0) > massThreshold) anomalies.push("mass_grant");
    if (isGrant(e) && e.target_status && e.target_status !== "active") anomalies.push("grant_to_inactive");
    if (isGrant(e) && e.target_id) {
      const since = asDate(e.last_login_before) ?? asDate(e.target_created);
      if (since && at.getTime() - since.getTime() >= idleDays * DAY_MS) anomalies.push("grant_to_idle");
    }
    if (e.event.endsWith(".reveal")) anomalies.push("reveal");
    if (e.outcome === "failure") anomalies.push("refused");
    return {
      seq: e.seq, at, actorAccountId: e.actor_account_id, actorName: e.actor_name, event: e.event, objectType: e.object_type, objectId: e.object_id,
      outcome: e.outcome, sourceIp: e.source_ip, detail: e.detail, targetAccountId: e.target_id, targetName: e.target_name, targetStatus: e.target_status,
      anomalies,
    };
  });
  const counts = Object.fromEntries(Object.keys(ANOMALIES).map((k) => [k, 0])) as Record<Anomaly, number>;
  for (const i of items) for (const a of i.anomalies) counts[a]++;
  const reveals = new Map<string, { actorAccountId: number | null; actorName: string | null; count: number }>();
  for (const i of items) {
    if (!i.anomalies.includes("reveal")) continue;
    const k = String(i.actorAccountId);
    const r = reveals.get(k) ?? { actorAccountId: i.actorAccountId, actorName: i.actorName, count: 0 };
    r.count++;
    reveals.set(k, r);
  }
  const massGrants = [...perActorDay.entries()].filter(([, n]) => n > massThreshold).map(([k, n]) => {
    const [actor, day] = k.split("|");
    return { actorAccountId: actor === "system" ? null : Number(actor), day, count: n };
  });
  return { from, to, thresholds: { idleDays, massGrantThreshold: massThreshold }, truncated, items, counts, reveals: [...reveals.values()], massGrants };
}

/** The review page: filtered, paged events with their anomalies, and the period's summary. */
export async function reviewEvents(q: Queryable, p: Principal, f: ReviewFilter, now: Date) {
  const all = await analyseLog(q, p, f, now);
  const filtered = f.anomaly ? all.items.filter((i) => i.anomalies.includes(f.anomaly!)) : all.items;
  const pageSize = f.pageSize ?? 50;
  const page = f.page ?? 1;
  return {
    from: all.from, to: all.to, thresholds: all.thresholds, truncated: all.truncated,
    summary: { events: all.items.length, anomalies: all.counts, reveals: all.reveals, massGrants: all.massGrants },
    anomalyNames: ANOMALIES,
    total: filtered.length, page, pageSize,
    items: filtered.slice((page - 1) * pageSize, page * pageSize),
  };
}

/** Record a review of one level's log over a period, with the findings (P8(4)). */
export async function recordLogReview(db: Db, p: Principal, input: { levelCode?: string; periodFrom: string; periodTo: string; findings: string }, opts: { ip: string | null; now?: Date }) {
  const who = actorOf(p, opts.ip);
  const levelCode = input.levelCode ?? p.orgCode;
  return governed(db, who, { event: "log-review.record", objectType: "org", objectId: levelCode, detail: { periodFrom: input.periodFrom, periodTo: input.periodTo } }, () =>
    db.transaction(async (tx) => {
      if (p.roleKind !== "permission_admin") throw forbidden("NOT_PERMISSION_ADMIN", "权限管理日志由权限管理员审查（第九条）");
      const [lvl] = await tx.select({ level: orgNodes.level }).from(orgNodes).where(eq(orgNodes.code, levelCode));
      if (!lvl || lvl.level === "township" || !inScope(p, levelCode)) throw notFound("LEVEL_NOT_FOUND", "只能审查本级（州级含各县市）的权限管理日志");
      const findings = input.findings.trim();
      if (!findings) throw badRequest("FINDINGS_REQUIRED", "请填写审查发现（无异常也请注明）");
      const now = opts.now ?? new Date();
      const analysis = await analyseLog(tx, { ...p, ...scopeOf(levelCode) }, { from: input.periodFrom, to: input.periodTo }, now);
      const [row] = await tx.insert(logReviews).values({
        levelCode, reviewerId: p.accountId, reviewedAt: now, periodFrom: analysis.from, periodTo: analysis.to, findings,
        eventCount: analysis.items.length, anomalyCounts: analysis.counts,
      }).returning();
      await audit(tx, who, { event: "log-review.record", objectType: "log_review", objectId: row!.id, detail: { levelCode, periodFrom: analysis.from, periodTo: analysis.to, eventCount: analysis.items.length, anomalies: analysis.counts } });
      return row!;
    }),
  );
}

const reviewer = alias(accounts, "reviewer");

/** Recorded reviews in scope, and per level the last review with the reminder flag. */
export async function listLogReviews(q: Queryable, p: Principal, now: Date) {
  const periodDays = await getGovSetting(q, "reviewPeriodDays");
  const reviews = await q
    .select({ r: logReviews, reviewerName: reviewer.name, levelName: orgNodes.name })
    .from(logReviews)
    .innerJoin(orgNodes, eq(orgNodes.code, logReviews.levelCode))
    .leftJoin(reviewer, eq(reviewer.id, logReviews.reviewerId))
    .where(scopeFilter(p, logReviews.levelCode))
    .orderBy(desc(logReviews.reviewedAt), desc(logReviews.id))
    .limit(200);
  const levels = await q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes)
    .where(and(inArray(orgNodes.level, ["prefecture", "county"]), scopeFilter(p, orgNodes.code)))
    .orderBy(orgNodes.code);
  const reminders = levels.map((l) => {
    const last = reviews.find((r) => r.r.levelCode === l.code);
    const daysSince = last ? Math.floor((now.getTime() - last.r.reviewedAt.getTime()) / DAY_MS) : null;
    return {
      levelCode: l.code, levelName: l.name, lastReviewedAt: last?.r.reviewedAt ?? null, lastReviewer: last?.reviewerName ?? null,
      daysSince, overdue: daysSince === null || daysSince > periodDays,
    };
  });
  return {
    periodDays,
    reminders,
    reviews: reviews.map(({ r, reviewerName, levelName }) => ({ ...r, reviewerName, levelName })),
  };
}
