/**
 * S-SHARE subsidies, statistics, indicators (S-ANALYTICS contract) and inbox. Everything is computed from the records
 * within the caller's scope (P9); the indicators' drill-through records always add up to the indicator's value.
 */
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db, Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { inScope, scopeSql, type Scoped } from "../core/access/scope.js";
import { audit } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { chinaDate, addDays } from "../core/calendar.js";
import { maskIdNumber } from "../core/idcard.js";
import { orgNodes } from "../core/db/schema.js";
import type { Indicator, IndicatorQuery, InboxItem } from "../core/module.js";
import {
  shareAgreementWorkers, shareAgreements, shareDeclarations, shareDisputes, shareEnterprises, shareProposals, shareSubsidyApplications, shareSubsidyRules, shareTargets,
} from "./schema.js";
import { DEFAULT_SUBSIDY, daysInclusive, overlapDays, subsidyAmount, type SubsidyRule } from "./rules.js";
import { actorOfP } from "./service.js";
import type { SubsidyRuleInput } from "./contract.js";

// ---------------------------------------------------------------- shared days

interface SharedRow {
  workerId: number;
  agreementId: number;
  number: string | null;
  name: string;
  idNumber: string;
  startedOn: string;
  /** The last day shared so far (ended, return due, or today while still shared). */
  lastDay: string;
  lenderId: number;
  lenderName: string;
  lenderRegion: string;
  industry: string;
  borrowerName: string;
}

/** Every worker who was shared (人次), with their shared span up to `asOf`, lender in the scope. */
async function sharedWorkers(q: Queryable, s: Scoped, asOf: string): Promise<SharedRow[]> {
  const rows = await q.select({
    w: shareAgreementWorkers, a: shareAgreements, lenderName: shareEnterprises.name, industry: shareEnterprises.industry,
    borrowerName: sql<string>`(select name from share_enterprises b where b.id = ${shareAgreements.borrowerId})`,
  }).from(shareAgreementWorkers)
    .innerJoin(shareAgreements, eq(shareAgreements.id, shareAgreementWorkers.agreementId))
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareAgreements.lenderId))
    .where(and(isNotNull(shareAgreementWorkers.startedOn), inArray(shareAgreementWorkers.status, ["active", "returning", "returned", "ended"]), scopeSql(s, shareAgreements.lenderRegion)));
  return rows.map(({ w, a, lenderName, industry, borrowerName }) => {
    const planned = w.endedOn ?? w.returnDue ?? a.dateTo;
    const lastDay = w.status === "active" && planned > asOf ? asOf : planned;
    return { workerId: w.id, agreementId: a.id, number: a.number, name: w.name, idNumber: w.idNumber, startedOn: w.startedOn!, lastDay, lenderId: a.lenderId, lenderName, lenderRegion: a.lenderRegion, industry, borrowerName };
  });
}

// ---------------------------------------------------------------- subsidy

export async function subsidyRule(q: Queryable, year: number): Promise<SubsidyRule> {
  const [r] = await q.select().from(shareSubsidyRules).where(eq(shareSubsidyRules.year, year));
  return r ? { perWorker: r.perWorker, minDays: r.minDays, cap: r.cap } : DEFAULT_SUBSIDY;
}

/** The 州 sets the year's rule (amounts configurable). */
export async function setSubsidyRule(db: Db, p: Principal, ip: string | null, year: number, input: SubsidyRuleInput) {
  if (p.level !== "prefecture") throw forbidden("SHARE_RULE_PREFECTURE_ONLY", "补贴标准由州人社部门设置");
  return db.transaction(async (tx) => {
    await tx.insert(shareSubsidyRules).values({ year, ...input, updatedBy: p.accountId }).onConflictDoUpdate({ target: shareSubsidyRules.year, set: { ...input, updatedBy: p.accountId, updatedAt: new Date() } });
    await audit(tx, actorOfP(p, ip), { event: "share.subsidy.rule", objectType: "share_subsidy_rule", objectId: year, detail: input });
    return { year, ...input };
  });
}

/** Per lending enterprise in scope: workers shared ≥ minDays within the year, and the amount (capped). */
export async function computeSubsidies(q: Queryable, p: Scoped, year: number, now = new Date()) {
  const rule = await subsidyRule(q, year);
  const from = `${year}-01-01`, to = `${year}-12-31`;
  const rows = await sharedWorkers(q, p, chinaDate(now));
  const byEnt = new Map<number, { enterpriseId: number; enterpriseName: string; regionCode: string; basis: { workerId: number; name: string; days: number }[] }>();
  for (const r of rows) {
    const days = overlapDays(r.startedOn, r.lastDay, from, to);
    if (!days) continue;
    const e = byEnt.get(r.lenderId) ?? { enterpriseId: r.lenderId, enterpriseName: r.lenderName, regionCode: r.lenderRegion, basis: [] };
    e.basis.push({ workerId: r.workerId, name: r.name, days });
    byEnt.set(r.lenderId, e);
  }
  return { rule, items: [...byEnt.values()].map((e) => ({ ...e, ...subsidyAmount(rule, e.basis.map((b) => b.days)) })).sort((a, b) => b.amount - a.amount || a.enterpriseId - b.enterpriseId) };
}

/** Make the year's application list (one pending row per enterprise with an amount, existing rows kept). */
export async function generateApplications(db: Db, p: Principal, ip: string | null, year: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const { items, rule } = await computeSubsidies(tx, p, year, now);
    let created = 0;
    for (const it of items.filter((i) => i.amount > 0)) {
      const res = await tx.insert(shareSubsidyApplications).values({
        enterpriseId: it.enterpriseId, regionCode: it.regionCode, year, workers: it.workers, amount: it.amount,
        basis: it.basis.filter((b) => b.days >= rule.minDays), createdBy: p.accountId,
      }).onConflictDoNothing().returning({ id: shareSubsidyApplications.id });
      created += res.length;
    }
    await audit(tx, actorOfP(p, ip), { event: "share.subsidy.generate", objectType: "share_subsidy", objectId: year, detail: { created, rule } });
    return { created };
  });
}

export async function decideApplication(db: Db, p: Principal, ip: string | null, id: number, input: { decision: "approve" | "reject"; note?: string }) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(shareSubsidyApplications).where(eq(shareSubsidyApplications.id, id)).for("update");
    if (!a || !inScope(p, a.regionCode)) throw notFound("SHARE_SUBSIDY_NOT_FOUND", "补贴申请不存在或不在您的数据范围内");
    if (a.status !== "pending") throw conflict("SHARE_SUBSIDY_DECIDED", "该补贴申请已审批");
    if (a.createdBy === p.accountId) throw forbidden("SHARE_REVIEW_OWN", "不能审批自己生成的补贴申请");
    if (input.decision === "reject" && !input.note) throw badRequest("SHARE_NOTE_REQUIRED", "不通过时请填写审批意见");
    const status = input.decision === "approve" ? "approved" : "rejected";
    await tx.update(shareSubsidyApplications).set({ status, note: input.note ?? null, decidedBy: p.accountId, decidedAt: new Date() }).where(eq(shareSubsidyApplications.id, id));
    await audit(tx, actorOfP(p, ip), { event: "share.subsidy.decide", objectType: "share_subsidy_application", objectId: id, detail: { status, amount: a.amount, note: input.note ?? null } });
    return { id, status };
  });
}

export async function listApplications(q: Queryable, p: Principal, year: number) {
  const rows = await q.select({ a: shareSubsidyApplications, name: shareEnterprises.name, creditCode: shareEnterprises.creditCode, regionName: orgNodes.name })
    .from(shareSubsidyApplications).innerJoin(shareEnterprises, eq(shareEnterprises.id, shareSubsidyApplications.enterpriseId))
    .leftJoin(orgNodes, eq(orgNodes.code, shareSubsidyApplications.regionCode))
    .where(and(eq(shareSubsidyApplications.year, year), scopeSql(p, shareSubsidyApplications.regionCode))).orderBy(desc(shareSubsidyApplications.amount), shareSubsidyApplications.id);
  return rows.map((r) => ({ id: r.a.id, enterpriseId: r.a.enterpriseId, enterpriseName: r.name, creditCode: r.creditCode, regionName: r.regionName, year: r.a.year, workers: r.a.workers, amount: r.a.amount, status: r.a.status, note: r.a.note }));
}

const SUBSIDY_STATUS = { pending: "待审批", approved: "已审批", rejected: "未通过" } as const;

export async function applicationsWorkbook(q: Queryable, p: Principal, year: number): Promise<Buffer> {
  const rows = await listApplications(q, p, year);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${year}年共享用工补贴`);
  ws.columns = [
    { header: "序号", key: "n", width: 6 }, { header: "企业名称", key: "name", width: 32 }, { header: "统一社会信用代码", key: "code", width: 22 },
    { header: "所在地", key: "region", width: 16 }, { header: "共享人数（人次）", key: "workers", width: 14 }, { header: "补贴金额（元）", key: "amount", width: 14 }, { header: "状态", key: "status", width: 10 },
  ];
  rows.forEach((r, i) => ws.addRow({ n: i + 1, name: r.enterpriseName, code: r.creditCode, region: r.regionName, workers: r.workers, amount: r.amount, status: SUBSIDY_STATUS[r.status] }));
  ws.addRow({ name: "合计", workers: rows.reduce((s, r) => s + r.workers, 0), amount: rows.reduce((s, r) => s + r.amount, 0) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- statistics

export interface StatRow {
  key: string;
  label: string;
  declarations: number;
  proposals: number;
  agreements: number;
  workersShared: number;
  daysShared: number;
}

/** Declarations, matches, agreements, workers shared (人次) and days shared in a year, by county, industry and month. */
export async function statistics(q: Queryable, p: Principal, year: number, now = new Date()) {
  const from = `${year}-01-01`, to = `${year}-12-31`;
  const names = new Map((await q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.level, "county"))).map((n) => [n.code, n.name]));
  const decl = await q.select({ region: shareDeclarations.regionCode, industry: shareEnterprises.industry, at: shareDeclarations.dateFrom }).from(shareDeclarations)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareDeclarations.enterpriseId)).where(and(scopeSql(p, shareDeclarations.regionCode), sql`extract(year from ${shareDeclarations.createdAt}) = ${year}`));
  const props = await q.select({ region: shareProposals.lenderRegion, industry: shareEnterprises.industry, at: sql<string>`to_char(${shareProposals.createdAt}, 'YYYY-MM-DD')` }).from(shareProposals)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareProposals.lenderId)).where(and(scopeSql(p, shareProposals.lenderRegion), sql`extract(year from ${shareProposals.createdAt}) = ${year}`));
  const agrs = await q.select({ region: shareAgreements.lenderRegion, industry: shareEnterprises.industry, at: shareAgreements.dateFrom }).from(shareAgreements)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareAgreements.lenderId)).where(and(scopeSql(p, shareAgreements.lenderRegion), sql`${shareAgreements.status} <> 'draft'`, sql`extract(year from ${shareAgreements.dateFrom}) = ${year}`));
  const workers = (await sharedWorkers(q, p, chinaDate(now))).filter((w) => w.startedOn >= from && w.startedOn <= to);
  const dims = {
    county: (r: { region: string }) => [r.region.slice(0, 6), names.get(r.region.slice(0, 6)) ?? r.region.slice(0, 6)] as const,
    industry: (r: { industry: string }) => [r.industry, r.industry] as const,
    month: (r: { at: string }) => [r.at.slice(0, 7), `${Number(r.at.slice(5, 7))}月`] as const,
  };
  const build = (dim: keyof typeof dims) => {
    const m = new Map<string, StatRow>();
    const get = (k: readonly [string, string]) => {
      let r = m.get(k[0]);
      if (!r) m.set(k[0], (r = { key: k[0], label: k[1], declarations: 0, proposals: 0, agreements: 0, workersShared: 0, daysShared: 0 }));
      return r;
    };
    const f = dims[dim] as (r: { region: string; industry: string; at: string }) => readonly [string, string];
    for (const d of decl) get(f(d)).declarations++;
    for (const d of props) get(f(d)).proposals++;
    for (const d of agrs) get(f(d)).agreements++;
    for (const w of workers) {
      const r = get(f({ region: w.lenderRegion, industry: w.industry, at: w.startedOn }));
      r.workersShared++;
      r.daysShared += daysInclusive(w.startedOn, w.lastDay);
    }
    return [...m.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  };
  const byCounty = build("county");
  const targets = await q.select().from(shareTargets).where(and(eq(shareTargets.year, year), scopeSql(p, shareTargets.regionCode)));
  const targetRows = targets.map((t) => {
    const achieved = byCounty.find((c) => c.key === t.regionCode)?.workersShared ?? 0;
    return { regionCode: t.regionCode, regionName: names.get(t.regionCode) ?? t.regionCode, target: t.workers, achieved, rate: t.workers ? Math.round((1000 * achieved) / t.workers) / 10 : 0 };
  }).sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1));
  const total = byCounty.reduce((s, r) => ({ ...s, declarations: s.declarations + r.declarations, proposals: s.proposals + r.proposals, agreements: s.agreements + r.agreements, workersShared: s.workersShared + r.workersShared, daysShared: s.daysShared + r.daysShared }), { key: "total", label: "合计", declarations: 0, proposals: 0, agreements: 0, workersShared: 0, daysShared: 0 });
  return { year, total, byCounty, byIndustry: build("industry"), byMonth: build("month"), targets: targetRows };
}

export async function statisticsWorkbook(q: Queryable, p: Principal, year: number): Promise<Buffer> {
  const s = await statistics(q, p, year);
  const wb = new ExcelJS.Workbook();
  const cols = [{ header: "分组", key: "label", width: 20 }, { header: "申报数", key: "declarations", width: 10 }, { header: "撮合数", key: "proposals", width: 10 }, { header: "协议数", key: "agreements", width: 10 }, { header: "共享人次", key: "workersShared", width: 10 }, { header: "共享天数", key: "daysShared", width: 10 }];
  for (const [title, rows] of [["按县市", s.byCounty], ["按行业", s.byIndustry], ["按月份", s.byMonth]] as const) {
    const ws = wb.addWorksheet(title);
    ws.columns = cols;
    for (const r of rows) ws.addRow(r);
    ws.addRow(s.total);
  }
  const t = wb.addWorksheet("目标完成");
  t.columns = [{ header: "县市", key: "regionName", width: 16 }, { header: "年度目标（人次）", key: "target", width: 16 }, { header: "已完成（人次）", key: "achieved", width: 16 }, { header: "完成率（%）", key: "rate", width: 12 }];
  for (const r of s.targets) t.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function setTarget(db: Db, p: Principal, ip: string | null, input: { regionCode: string; year: number; workers: number }) {
  if (!inScope(p, input.regionCode) || input.regionCode.length !== 6) throw notFound("OUT_OF_SCOPE", "所选县市不在您的数据范围内");
  return db.transaction(async (tx) => {
    await tx.insert(shareTargets).values(input).onConflictDoUpdate({ target: [shareTargets.regionCode, shareTargets.year], set: { workers: input.workers } });
    await audit(tx, actorOfP(p, ip), { event: "share.target.set", objectType: "share_target", objectId: input.year, detail: input });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- indicators (S-ANALYTICS)

const LEN = { county: 6, township: 9, village: 12 } as const;

async function indicatorRows(q: Queryable, query: IndicatorQuery) {
  return (await sharedWorkers(q, query.scope, query.to)).filter((w) => w.startedOn <= query.to && w.lastDay >= query.from);
}

function group(rows: { code: string; v: number }[]): { code: string; value: number }[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.code, (m.get(r.code) ?? 0) + r.v);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, value]) => ({ code, value }));
}

const workerColumns = [
  { key: "number", title: "协议编号" }, { key: "name", title: "职工姓名" }, { key: "idNumber", title: "身份证号" }, { key: "lender", title: "调出企业" },
  { key: "borrower", title: "调入企业" }, { key: "startedOn", title: "共享开始" }, { key: "lastDay", title: "共享截至" }, { key: "days", title: "期内天数" },
];

function workerRecords(rows: SharedRow[], query: IndicatorQuery & { code: string; page: number; pageSize: number }, countOf: (r: SharedRow) => number) {
  const mine = rows.filter((r) => r.lenderRegion.startsWith(query.code)).sort((a, b) => a.workerId - b.workerId);
  const total = mine.reduce((s, r) => s + countOf(r), 0);
  const page = mine.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return {
    columns: workerColumns,
    rows: page.map((r) => ({ number: r.number, name: r.name, idNumber: maskIdNumber(r.idNumber), lender: r.lenderName, borrower: r.borrowerName, startedOn: r.startedOn, lastDay: r.lastDay, days: overlapDays(r.startedOn, r.lastDay, query.from, query.to) })),
    total,
  };
}

export const SHARE_INDICATORS: readonly Indicator[] = [
  {
    code: "share.workers_shared", name: "共享用工人次", unit: "人次", area: "SHARE", kind: "flow", additive: true,
    async compute(q, query) {
      const rows = (await indicatorRows(q, query)).filter((r) => r.startedOn >= query.from);
      return group(rows.map((r) => ({ code: r.lenderRegion.slice(0, LEN[query.groupBy]), v: 1 })));
    },
    async records(q, query) {
      return workerRecords((await indicatorRows(q, query)).filter((r) => r.startedOn >= query.from), query, () => 1);
    },
  },
  {
    code: "share.days_shared", name: "共享用工天数", unit: "天", area: "SHARE", kind: "flow", additive: true,
    async compute(q, query) {
      const rows = await indicatorRows(q, query);
      return group(rows.map((r) => ({ code: r.lenderRegion.slice(0, LEN[query.groupBy]), v: overlapDays(r.startedOn, r.lastDay, query.from, query.to) })));
    },
    async records(q, query) {
      return workerRecords(await indicatorRows(q, query), query, (r) => overlapDays(r.startedOn, r.lastDay, query.from, query.to));
    },
  },
  {
    code: "share.agreements", name: "生效的共享用工协议", unit: "份", area: "SHARE", kind: "stock", additive: true,
    async compute(q, query) {
      const rows = await activeAgreementsOn(q, query.scope, query.to);
      return group(rows.map((r) => ({ code: r.lenderRegion.slice(0, LEN[query.groupBy]), v: 1 })));
    },
    async records(q, query) {
      const rows = (await activeAgreementsOn(q, query.scope, query.to)).filter((r) => r.lenderRegion.startsWith(query.code));
      return {
        columns: [{ key: "number", title: "协议编号" }, { key: "post", title: "岗位" }, { key: "headcount", title: "人数" }, { key: "dateFrom", title: "开始" }, { key: "dateTo", title: "结束" }],
        rows: rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((r) => ({ number: r.number, post: r.post, headcount: r.headcount, dateFrom: r.dateFrom, dateTo: r.dateTo })),
        total: rows.length,
      };
    },
  },
];

/** Agreements in effect on a day: activated on or before it and not ended before it. */
async function activeAgreementsOn(q: Queryable, s: Scoped, day: string) {
  const rows = await q.select().from(shareAgreements).where(and(scopeSql(s, shareAgreements.lenderRegion), sql`${shareAgreements.status} <> 'draft'`)).orderBy(shareAgreements.id);
  return rows.filter((a) => a.activatedAt && chinaDate(a.activatedAt) <= day && (!a.endedAt || chinaDate(a.endedAt) >= day) && a.dateFrom <= day);
}

// ---------------------------------------------------------------- inbox

export async function shareInbox(q: Queryable, p: Principal, now: Date): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  const n = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
  if (p.permissions.has("share.review")) {
    const e = await n(q.select({ n: sql<number>`count(*)::int` }).from(shareEnterprises).where(and(scopeSql(p, shareEnterprises.regionCode), inArray(shareEnterprises.status, ["pending", "manual_review"]))));
    if (e) items.push({ kind: "share.enterprise.review", title: "待审核的共享用工企业", count: e, link: "/share/enterprises" });
    const d = await n(q.select({ n: sql<number>`count(*)::int` }).from(shareDeclarations).where(and(scopeSql(p, shareDeclarations.regionCode), eq(shareDeclarations.status, "pending"))));
    if (d) items.push({ kind: "share.declaration.review", title: "待审核的富余、缺工申报", count: d, link: "/share/declarations" });
  }
  if (p.permissions.has("share.agreement.manage")) {
    const c = await n(q.select({ n: sql<number>`count(*)::int` }).from(shareAgreementWorkers).innerJoin(shareAgreements, eq(shareAgreements.id, shareAgreementWorkers.agreementId))
      .where(and(eq(shareAgreements.status, "draft"), eq(shareAgreementWorkers.consent, "pending"), sql`(${scopeSql(p, shareAgreements.lenderRegion)} or ${scopeSql(p, shareAgreements.borrowerRegion)})`)));
    if (c) items.push({ kind: "share.consent.missing", title: "尚未确认同意的共享职工", count: c, link: "/share/agreements" });
    const r = await q.select({ n: sql<number>`count(*)::int`, due: sql<string | null>`min(${shareAgreementWorkers.returnDue})::text` }).from(shareAgreementWorkers).innerJoin(shareAgreements, eq(shareAgreements.id, shareAgreementWorkers.agreementId))
      .where(and(eq(shareAgreementWorkers.status, "returning"), sql`(${scopeSql(p, shareAgreements.lenderRegion)} or ${scopeSql(p, shareAgreements.borrowerRegion)})`));
    if (Number(r[0]?.n ?? 0)) items.push({ kind: "share.return.due", title: "待确认返岗的职工", count: Number(r[0]!.n), link: "/share/returns", due: r[0]!.due });
  }
  if (p.permissions.has("share.dispute.manage")) {
    const soon = addDays(chinaDate(now), 3);
    const r = await q.select({ n: sql<number>`count(*)::int`, due: sql<string | null>`min(${shareDisputes.dueDate})::text` }).from(shareDisputes)
      .where(and(eq(shareDisputes.status, "open"), sql`${shareDisputes.dueDate} <= ${soon}::date`, sql`(${scopeSql(p, shareDisputes.lenderRegion)} or ${scopeSql(p, shareDisputes.borrowerRegion)})`));
    const count = Number(r[0]?.n ?? 0);
    if (count) items.push({ kind: "share.dispute.due", title: "即将到期的共享用工争议", count, link: "/share/returns", due: r[0]!.due, overdue: !!r[0]!.due && r[0]!.due < chinaDate(now) });
  }
  return items;
}
