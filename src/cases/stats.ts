/**
 * S-CASES analysis: 好差评 indicators (好评率, 主动评价好评率, 未评率, 差评回复率, 回访整改率, 回访整改满意率, 实名差评回访率
 * with the late ones named), the figures by department, 事项, window, staff, county and month (on-time rate, average
 * handling time in working days, overdue, cards, satisfaction), the monthly ranking of windows, the quarterly grade, and
 * the indicators offered to 人社数据分析 (the module contract). Every figure is read within the caller's scope (P9).
 * 好评 = 非常满意, 满意, 基本满意; 差评 = 不满意, 非常不满意 (GB/T 39734-2020).
 */
import { and, eq, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { orgNodes } from "../core/db/schema.js";
import { scopeFilter, type Scoped } from "../core/access/scope.js";
import { maskIdNumber } from "../core/idcard.js";
import type { Indicator, IndicatorQuery } from "../core/module.js";
import { caseCards, caseEvaluations, caseFollowups, caseWindows, cases } from "./schema.js";
import type { GradeThresholds } from "./service.js";

const startOf = (d: string) => new Date(`${d}T00:00:00+08:00`);
const endOf = (d: string) => new Date(`${d}T23:59:59.999+08:00`);
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

export async function reviewIndicators(q: Queryable, s: Scoped, from: string, to: string, today: string) {
  const inPeriod = and(scopeFilter(s, caseEvaluations.divisionCode), gte(caseEvaluations.evaluatedAt, startOf(from)), lte(caseEvaluations.evaluatedAt, endOf(to)))!;
  const [[e], [c], late] = await Promise.all([
    q.select({
      total: sql<number>`count(*)::int`,
      good: sql<number>`(count(*) filter (where ${caseEvaluations.level} <= 3))::int`,
      active: sql<number>`(count(*) filter (where ${caseEvaluations.active}))::int`,
      activeGood: sql<number>`(count(*) filter (where ${caseEvaluations.active} and ${caseEvaluations.level} <= 3))::int`,
      bad: sql<number>`(count(*) filter (where ${caseEvaluations.level} >= 4))::int`,
      replied: sql<number>`(count(*) filter (where ${caseFollowups.repliedAt} is not null))::int`,
      calledBack: sql<number>`(count(*) filter (where ${caseFollowups.calledBackAt} is not null))::int`,
      fixSatisfied: sql<number>`(count(*) filter (where ${caseFollowups.fixSatisfaction} <= 3))::int`,
      realNameBad: sql<number>`(count(*) filter (where ${caseEvaluations.level} >= 4 and ${caseEvaluations.realName} and coalesce(${caseFollowups.stage}, '') <> 'malicious'))::int`,
      realNameCalledBack: sql<number>`(count(*) filter (where ${caseEvaluations.level} >= 4 and ${caseEvaluations.realName} and ${caseFollowups.calledBackAt} is not null))::int`,
    }).from(caseEvaluations).leftJoin(caseFollowups, eq(caseFollowups.evaluationId, caseEvaluations.id)).where(inPeriod),
    q.select({
      finished: sql<number>`count(*)::int`,
      unrated: sql<number>`(count(*) filter (where not exists (select 1 from case_evaluations e where e.case_id = "cases"."id")))::int`,
    }).from(cases).where(and(scopeFilter(s, cases.divisionCode), isNull(cases.deletedAt), gte(cases.finishedAt, startOf(from)), lte(cases.finishedAt, endOf(to)))),
    q.select({ id: caseFollowups.id, projid: cases.projid, windowName: caseWindows.name, hall: caseWindows.hall, staffAccountId: caseWindows.staffAccountId, dueDate: caseFollowups.dueDate, stage: caseFollowups.stage })
      .from(caseFollowups).innerJoin(caseEvaluations, eq(caseEvaluations.id, caseFollowups.evaluationId)).innerJoin(cases, eq(cases.id, caseFollowups.caseId)).leftJoin(caseWindows, eq(caseWindows.code, caseFollowups.windowCode))
      .where(and(inPeriod, eq(caseEvaluations.realName, true), isNull(caseFollowups.calledBackAt), isNull(caseFollowups.closedAt), sql`${caseFollowups.dueDate} < ${today}`))
      .orderBy(caseFollowups.dueDate).limit(200),
  ]);
  const n = (v: unknown) => Number(v ?? 0);
  const E = Object.fromEntries(Object.entries(e!).map(([k, v]) => [k, n(v)])) as Record<"total" | "good" | "active" | "activeGood" | "bad" | "replied" | "calledBack" | "fixSatisfied" | "realNameBad" | "realNameCalledBack", number>;
  const finished = n(c!.finished), unrated = n(c!.unrated);
  return {
    counts: { ...E, finished, unrated },
    rates: {
      goodRate: rate(E.good, E.total),
      activeGoodRate: rate(E.activeGood, E.active),
      unratedRate: rate(unrated, finished),
      badReplyRate: rate(E.replied, E.bad),
      callbackRate: rate(E.calledBack, E.bad),
      callbackSatisfiedRate: rate(E.fixSatisfied, E.calledBack),
      realNameCallbackRate: rate(E.realNameCalledBack, E.realNameBad),
    },
    /** 实名差评回访率 must be 100 %: the real-name 差评 past their deadline without a callback, with their window. */
    late: late.map((l) => ({ id: l.id, projid: l.projid, window: l.windowName ? `${l.hall} ${l.windowName}` : null, dueDate: l.dueDate, stage: l.stage })),
  };
}

export const GROUPS = ["department", "service", "window", "staff", "county", "month"] as const;
export type GroupBy = (typeof GROUPS)[number];

function keyOf(by: GroupBy): { key: SQL<string>; name: SQL<string> } {
  switch (by) {
    case "department": return { key: sql<string>`${cases.departmentCode}`, name: sql<string>`max(${cases.departmentName})` };
    case "service": return { key: sql<string>`${cases.serviceCode}`, name: sql<string>`max(${cases.serviceName})` };
    case "window": return { key: sql<string>`coalesce(${cases.windowCode}, '')`, name: sql<string>`coalesce(max(${cases.windowCode}), '（未注明窗口）')` };
    case "staff": return { key: sql<string>`coalesce(${cases.acceptStaff}, '')`, name: sql<string>`coalesce(max(${cases.acceptStaff}), '（未注明）')` };
    case "county": return { key: sql<string>`${cases.divisionCode}`, name: sql<string>`max(${cases.divisionCode})` };
    case "month": return { key: sql<string>`to_char(${cases.acceptedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`, name: sql<string>`to_char(max(${cases.acceptedAt}) at time zone 'Asia/Shanghai', 'YYYY-MM')` };
  }
}

export interface AnalysisRow {
  key: string;
  name: string;
  received: number;
  finished: number;
  onTime: number;
  onTimeRate: number | null;
  avgUsedDays: number | null;
  overdueOpen: number;
  yellow: number;
  red: number;
  evaluations: number;
  good: number;
  goodRate: number | null;
}

/** Figures by one grouping over [from, to] (cases received or finished in the period, cards issued, ratings given). */
export async function analysis(q: Queryable, s: Scoped, by: GroupBy, from: string, to: string, now = new Date()): Promise<AnalysisRow[]> {
  const { key, name } = keyOf(by);
  const a = startOf(from).toISOString(), b = endOf(to).toISOString(), t = now.toISOString();
  const inAcc = sql`${cases.acceptedAt} between ${a}::timestamptz and ${b}::timestamptz`;
  const inFin = sql`${cases.finishedAt} between ${a}::timestamptz and ${b}::timestamptz`;
  const base = and(scopeFilter(s, cases.divisionCode), isNull(cases.deletedAt))!;
  const [rows, cards, evals] = await Promise.all([
    q.select({
      key, name,
      received: sql<number>`(count(*) filter (where ${inAcc}))::int`,
      finished: sql<number>`(count(*) filter (where ${inFin}))::int`,
      onTime: sql<number>`(count(*) filter (where ${inFin} and ${cases.finishedAt} <= ${cases.promiseDueAt}))::int`,
      avgUsed: sql<number | null>`(avg(${cases.usedUnits}) filter (where ${inFin} and ${cases.limitUnit} = '工作日'))::float8`,
      overdueOpen: sql<number>`(count(*) filter (where ${cases.finishedAt} is null and ${cases.promiseDueAt} < ${t}::timestamptz))::int`,
    }).from(cases).where(and(base, sql`(${inAcc} or ${inFin} or ${cases.finishedAt} is null)`)).groupBy(key),
    q.select({ key, yellow: sql<number>`(count(*) filter (where ${caseCards.level} = 'yellow'))::int`, red: sql<number>`(count(*) filter (where ${caseCards.level} = 'red'))::int` })
      .from(caseCards).innerJoin(cases, eq(cases.id, caseCards.caseId))
      .where(and(base, sql`${caseCards.issuedAt} between ${a}::timestamptz and ${b}::timestamptz`, sql`${caseCards.status} in ('issued', 'appealed', 'escalated')`)).groupBy(key),
    q.select({ key, evaluations: sql<number>`count(*)::int`, good: sql<number>`(count(*) filter (where ${caseEvaluations.level} <= 3))::int` })
      .from(caseEvaluations).innerJoin(cases, eq(cases.id, caseEvaluations.caseId))
      .where(and(base, sql`${caseEvaluations.evaluatedAt} between ${a}::timestamptz and ${b}::timestamptz`)).groupBy(key),
  ]);
  const names = new Map<string, string>();
  if (by === "county") for (const o of await q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes)) names.set(o.code, o.name);
  if (by === "window") for (const w of await q.select({ code: caseWindows.code, name: caseWindows.name, hall: caseWindows.hall }).from(caseWindows).where(scopeFilter(s, caseWindows.divisionCode))) names.set(w.code, `${w.hall.replace(/政务服务中心$/, "")} ${w.name}`);
  const out = new Map<string, AnalysisRow>();
  const row = (k: string, n: string) => out.get(k) ?? out.set(k, { key: k, name: names.get(k) ?? n, received: 0, finished: 0, onTime: 0, onTimeRate: null, avgUsedDays: null, overdueOpen: 0, yellow: 0, red: 0, evaluations: 0, good: 0, goodRate: null }).get(k)!;
  for (const r of rows) Object.assign(row(r.key, r.name), { received: Number(r.received), finished: Number(r.finished), onTime: Number(r.onTime), avgUsedDays: r.avgUsed === null ? null : Math.round(Number(r.avgUsed) * 10) / 10, overdueOpen: Number(r.overdueOpen) });
  for (const c of cards) Object.assign(row(c.key, c.key), { yellow: Number(c.yellow), red: Number(c.red) });
  for (const e of evals) Object.assign(row(e.key, e.key), { evaluations: Number(e.evaluations), good: Number(e.good) });
  for (const r of out.values()) {
    r.onTimeRate = rate(r.onTime, r.finished);
    r.goodRate = rate(r.good, r.evaluations);
  }
  return [...out.values()].filter((r) => r.received || r.finished || r.overdueOpen || r.yellow || r.red || r.evaluations).sort((x, y) => x.key.localeCompare(y.key));
}

/** The score of a window: 60 % on-time rate + 40 % 好评率, less 2 per 红牌 and 1 per 黄牌, within 0–100. */
export function windowScore(r: Pick<AnalysisRow, "onTimeRate" | "goodRate" | "yellow" | "red">): number {
  const s = 0.6 * (r.onTimeRate ?? 100) + 0.4 * (r.goodRate ?? 100) - 2 * r.red - r.yellow;
  return Math.max(0, Math.min(100, Math.round(s * 10) / 10));
}

export function gradeOf(score: number, t: GradeThresholds): "优秀" | "良好" | "合格" | "不合格" {
  return score >= t.excellent ? "优秀" : score >= t.good ? "良好" : score >= t.pass ? "合格" : "不合格";
}

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The monthly ranking of windows (best first). */
export async function monthlyRanking(q: Queryable, s: Scoped, month: string, now = new Date()) {
  const { from, to } = monthRange(month);
  const rows = await analysis(q, s, "window", from, to, now);
  return rows.filter((r) => r.key).map((r) => ({ ...r, score: windowScore(r) })).sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).map((r, i) => ({ ...r, rank: i + 1 }));
}

/** The quarterly grade of every window ('2025-Q4'). */
export async function quarterlyGrades(q: Queryable, s: Scoped, quarter: string, t: GradeThresholds, now = new Date()) {
  const [y, qn] = [Number(quarter.slice(0, 4)), Number(quarter.slice(-1))];
  const from = `${y}-${String((qn - 1) * 3 + 1).padStart(2, "0")}-01`;
  const to = monthRange(`${y}-${String(qn * 3).padStart(2, "0")}`).to;
  const rows = await analysis(q, s, "window", from, to, now);
  return rows.filter((r) => r.key).map((r) => {
    const score = windowScore(r);
    return { ...r, score, grade: gradeOf(score, t) };
  }).sort((a, b) => b.score - a.score);
}

// ——— Indicators for 人社数据分析 (src/core/module.ts Indicator) ———

/** Cases are recorded per county: every grouping level gives the county code. */
const groupCode = sql<string>`${cases.divisionCode}`;
const inRange = (col: typeof cases.acceptedAt | typeof cases.finishedAt, qy: IndicatorQuery) => and(gte(col, startOf(qy.from)), lte(col, endOf(qy.to)))!;

type IndicatorCase = { projid: string; serviceName: string; applicantName: string; applicantCardNo: string; acceptedAt: Date; finishedAt: Date | null; promiseDueAt: Date | null; windowCode: string | null };

function caseRecords(rows: IndicatorCase[], extra?: (r: IndicatorCase) => Record<string, string | number | null>) {
  return rows.map((r) => ({
    projid: r.projid, serviceName: r.serviceName, applicant: r.applicantName, cardNo: maskIdNumber(r.applicantCardNo), window: r.windowCode,
    acceptedAt: r.acceptedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, ...(extra ? extra(r) : {}),
  }));
}

const CASE_COLUMNS = [
  { key: "projid", title: "办件编号" }, { key: "serviceName", title: "事项名称" }, { key: "applicant", title: "申请人" }, { key: "cardNo", title: "证件号码" },
  { key: "window", title: "窗口" }, { key: "acceptedAt", title: "受理时间" }, { key: "finishedAt", title: "办结时间" },
];

const caseCols = { projid: cases.projid, serviceName: cases.serviceName, applicantName: cases.applicantName, applicantCardNo: cases.applicantCardNo, acceptedAt: cases.acceptedAt, finishedAt: cases.finishedAt, promiseDueAt: cases.promiseDueAt, windowCode: cases.windowCode };

export const CASES_INDICATORS: readonly Indicator[] = [
  {
    code: "cases.received", name: "受理办件数", unit: "件", area: "CASES", kind: "flow", additive: true,
    async compute(q, qy) {
      const rows = await q.select({ code: groupCode, value: sql<number>`count(*)::int` }).from(cases).where(and(scopeFilter(qy.scope, cases.divisionCode), isNull(cases.deletedAt), inRange(cases.acceptedAt, qy))).groupBy(groupCode);
      return rows.map((r) => ({ code: r.code, value: Number(r.value) }));
    },
    async records(q, qy) {
      const where = and(scopeFilter({ scopePrefix: qy.code }, cases.divisionCode), scopeFilter(qy.scope, cases.divisionCode), isNull(cases.deletedAt), inRange(cases.acceptedAt, qy))!;
      const [rows, [t]] = await Promise.all([
        q.select(caseCols).from(cases).where(where).orderBy(cases.acceptedAt).limit(qy.pageSize).offset((qy.page - 1) * qy.pageSize),
        q.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
      ]);
      return { columns: CASE_COLUMNS, rows: caseRecords(rows), total: Number(t!.n) };
    },
  },
  {
    code: "cases.ontime_rate", name: "办件按时办结率", unit: "%", area: "CASES", kind: "flow", additive: false,
    async compute(q, qy) {
      const rows = await q.select({ code: groupCode, ok: sql<number>`(count(*) filter (where ${cases.finishedAt} <= ${cases.promiseDueAt}))::int`, n: sql<number>`count(*)::int` })
        .from(cases).where(and(scopeFilter(qy.scope, cases.divisionCode), isNull(cases.deletedAt), inRange(cases.finishedAt, qy))).groupBy(groupCode);
      return rows.map((r) => ({ code: r.code, value: rate(Number(r.ok), Number(r.n)) ?? 0 }));
    },
    async records(q, qy) {
      const where = and(scopeFilter({ scopePrefix: qy.code }, cases.divisionCode), scopeFilter(qy.scope, cases.divisionCode), isNull(cases.deletedAt), inRange(cases.finishedAt, qy))!;
      const [rows, [t]] = await Promise.all([
        q.select(caseCols).from(cases).where(where).orderBy(cases.finishedAt).limit(qy.pageSize).offset((qy.page - 1) * qy.pageSize),
        q.select({ n: sql<number>`count(*)::int`, ok: sql<number>`(count(*) filter (where ${cases.finishedAt} <= ${cases.promiseDueAt}))::int` }).from(cases).where(where),
      ]);
      // The total is the indicator's value for the division: the rate over these records.
      return { columns: [...CASE_COLUMNS, { key: "onTime", title: "按时办结" }], rows: caseRecords(rows, (r) => ({ onTime: r.finishedAt && r.promiseDueAt && r.finishedAt <= r.promiseDueAt ? "是" : "否" })), total: rate(Number(t!.ok), Number(t!.n)) ?? 0 };
    },
  },
  {
    code: "cases.cards", name: "红黄牌数", unit: "张", area: "CASES", kind: "flow", additive: true,
    async compute(q, qy) {
      const code = sql<string>`${caseCards.divisionCode}`;
      const rows = await q.select({ code, value: sql<number>`count(*)::int` }).from(caseCards)
        .where(and(scopeFilter(qy.scope, caseCards.divisionCode), sql`${caseCards.status} in ('issued', 'appealed', 'escalated')`, gte(caseCards.issuedAt, startOf(qy.from)), lte(caseCards.issuedAt, endOf(qy.to)))).groupBy(code);
      return rows.map((r) => ({ code: r.code, value: Number(r.value) }));
    },
    async records(q, qy) {
      const where = and(scopeFilter({ scopePrefix: qy.code }, caseCards.divisionCode), scopeFilter(qy.scope, caseCards.divisionCode), sql`${caseCards.status} in ('issued', 'appealed', 'escalated')`, gte(caseCards.issuedAt, startOf(qy.from)), lte(caseCards.issuedAt, endOf(qy.to)))!;
      const [rows, [t]] = await Promise.all([
        q.select({ ...caseCols, level: caseCards.level, issuedAt: caseCards.issuedAt }).from(caseCards).innerJoin(cases, eq(cases.id, caseCards.caseId)).where(where).orderBy(caseCards.issuedAt).limit(qy.pageSize).offset((qy.page - 1) * qy.pageSize),
        q.select({ n: sql<number>`count(*)::int` }).from(caseCards).where(where),
      ]);
      return { columns: [...CASE_COLUMNS, { key: "level", title: "牌别" }], rows: rows.map((r) => ({ ...caseRecords([r])[0]!, level: r.level === "red" ? "红牌" : "黄牌" })), total: Number(t!.n) };
    },
  },
  {
    code: "cases.satisfaction_rate", name: "好评率", unit: "%", area: "CASES", kind: "flow", additive: false,
    async compute(q, qy) {
      const code = sql<string>`${caseEvaluations.divisionCode}`;
      const rows = await q.select({ code, good: sql<number>`(count(*) filter (where ${caseEvaluations.level} <= 3))::int`, n: sql<number>`count(*)::int` }).from(caseEvaluations)
        .where(and(scopeFilter(qy.scope, caseEvaluations.divisionCode), gte(caseEvaluations.evaluatedAt, startOf(qy.from)), lte(caseEvaluations.evaluatedAt, endOf(qy.to)))).groupBy(code);
      return rows.map((r) => ({ code: r.code, value: rate(Number(r.good), Number(r.n)) ?? 0 }));
    },
    async records(q, qy) {
      const where = and(scopeFilter({ scopePrefix: qy.code }, caseEvaluations.divisionCode), scopeFilter(qy.scope, caseEvaluations.divisionCode), gte(caseEvaluations.evaluatedAt, startOf(qy.from)), lte(caseEvaluations.evaluatedAt, endOf(qy.to)))!;
      const [rows, [t]] = await Promise.all([
        q.select({ ...caseCols, level: caseEvaluations.level }).from(caseEvaluations).innerJoin(cases, eq(cases.id, caseEvaluations.caseId)).where(where).orderBy(caseEvaluations.evaluatedAt).limit(qy.pageSize).offset((qy.page - 1) * qy.pageSize),
        q.select({ n: sql<number>`count(*)::int`, good: sql<number>`(count(*) filter (where ${caseEvaluations.level} <= 3))::int` }).from(caseEvaluations).where(where),
      ]);
      const LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];
      return { columns: [...CASE_COLUMNS, { key: "level", title: "评价" }], rows: rows.map((r) => ({ ...caseRecords([r])[0]!, level: LEVELS[r.level - 1]! })), total: rate(Number(t!.good), Number(t!.n)) ?? 0 };
    },
  },
];
