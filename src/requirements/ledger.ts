/**
 * 需求台账 (R4, R6): every requirement in the caller's scope (P9 through scopeFilter) with its current step, holder and
 * deadline; its full history with the working days spent in each step and whether each deadline was met; statistics
 * for charts; the Excel export; the work queue of an account and the vendor's record of implementation (R6(5)).
 */
import { and, asc, desc, eq, ilike, inArray, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import ExcelJS from "exceljs";
import { z } from "zod";
import { Id } from "../core/http/schemas.js";
import type { Queryable } from "../core/db/client.js";
import { accounts, orgNodes, units } from "../core/db/schema.js";
import { type Principal } from "../core/access/principal.js";
import { inScope, scopeFilter } from "../core/access/scope.js";
import { businessFunction } from "../core/access/catalogue.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { WorkCalendar, addDays, chinaDate } from "../core/calendar.js";
import { notFound } from "../core/errors.js";
import { SUBSYSTEMS } from "../core/access/areas.js";
import {
  REQ_STATUSES,
  REQ_TYPES,
  REQ_URGENCIES,
  requirementAttachments,
  requirements,
  requirementSteps,
  requirementTests,
  type ReqStatus,
} from "./schema.js";
import { ACTION_NAMES, FINAL_STATUSES, STATUS_NAMES, holdersOf, type Action } from "./lifecycle.js";
import { allowedActions, ATTACHMENT_KIND_NAMES, type Requirement } from "./service.js";
import { infoCenterUnit, unitNames } from "./org.js";

export const TYPE_NAMES = { new: "新增", change: "变更" } as const;
export const URGENCY_NAMES = { normal: "一般", urgent: "紧急" } as const;
export const FEASIBILITY_NAMES = { feasible: "可实施", partly: "部分可实施", infeasible: "不可实施" } as const;

export const ListQuerySchema = z.object({
  subsystem: z.enum(SUBSYSTEMS).optional(),
  unitId: Id.optional(),
  orgCode: z.string().regex(/^\d{6}$/).optional(),
  type: z.enum(REQ_TYPES).optional(),
  urgency: z.enum(REQ_URGENCIES).optional(),
  /** One status or several separated by commas. */
  status: z.string().max(300).optional(),
  from: z.string().date().optional(),
  to: z.string().date().optional(),
  q: z.string().max(60).optional(),
  overdue: z.enum(["1", "0"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

const applicantUnit = alias(units, "applicant_unit");
const holderUnit = alias(units, "holder_unit");
const counterpartUnit = alias(units, "counterpart_unit");

function conditions(p: Principal, q: Partial<ListQuery>, today: string): SQL[] {
  const c: SQL[] = [scopeFilter(p, requirements.applicantOrgCode)];
  if (q.subsystem) c.push(eq(requirements.subsystem, q.subsystem));
  if (q.unitId) c.push(eq(requirements.applicantUnitId, q.unitId));
  if (q.orgCode) c.push(scopeFilter({ scopePrefix: q.orgCode === "422800" ? "422800" : q.orgCode }, requirements.applicantOrgCode));
  if (q.type) c.push(eq(requirements.type, q.type));
  if (q.urgency) c.push(eq(requirements.urgency, q.urgency));
  if (q.status) {
    const list = q.status.split(",").filter((s): s is ReqStatus => (REQ_STATUSES as readonly string[]).includes(s));
    if (list.length) c.push(inArray(requirements.status, list));
  }
  const day = sql`coalesce(${requirements.applyDate}, (${requirements.createdAt} at time zone 'Asia/Shanghai')::date)`;
  if (q.from) c.push(sql`${day} >= ${q.from}::date`);
  if (q.to) c.push(sql`${day} <= ${q.to}::date`);
  if (q.q) c.push(or(ilike(requirements.title, `%${q.q}%`), ilike(requirements.number, `%${q.q}%`))!);
  if (q.overdue === "1") c.push(and(notInArray(requirements.status, [...FINAL_STATUSES]), lt(requirements.dueDate, today))!);
  return c;
}

const listColumns = {
  r: requirements,
  applicantUnitName: applicantUnit.name,
  orgName: orgNodes.name,
  holderUnitName: holderUnit.name,
  counterpartUnitName: counterpartUnit.name,
};

function listSelect(q: Queryable) {
  return q
    .select(listColumns)
    .from(requirements)
    .innerJoin(applicantUnit, eq(applicantUnit.id, requirements.applicantUnitId))
    .innerJoin(orgNodes, eq(orgNodes.code, requirements.applicantOrgCode))
    .leftJoin(holderUnit, eq(holderUnit.id, requirements.holderUnitId))
    .leftJoin(counterpartUnit, eq(counterpartUnit.id, requirements.counterpartUnitId));
}

type ListRow = { r: Requirement; applicantUnitName: string; orgName: string; holderUnitName: string | null; counterpartUnitName: string | null };

function listItem(x: ListRow, today: string) {
  const r = x.r;
  const open = !FINAL_STATUSES.includes(r.status);
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    subsystem: r.subsystem,
    subsystemName: SUBSYSTEM_NAMES[r.subsystem],
    applicantUnitId: r.applicantUnitId,
    applicantUnitName: x.applicantUnitName,
    applicantOrgCode: r.applicantOrgCode,
    applicantOrgName: x.orgName,
    applicantLevel: r.applicantLevel,
    counterpartUnitName: x.counterpartUnitName,
    type: r.type,
    urgency: r.urgency,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    holderUnitName: open ? x.holderUnitName : null,
    holderDuty: open ? r.holderDuty : null,
    holderDutyName: open && r.holderDuty ? (businessFunction(r.holderDuty)?.def.name ?? r.holderDuty) : null,
    dueDate: open ? r.dueDate : null,
    overdue: open && !!r.dueDate && r.dueDate < today,
    applyDate: r.applyDate,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    closedAt: r.closedAt,
  };
}
export type ListItem = ReturnType<typeof listItem>;

export async function listRequirements(q: Queryable, p: Principal, query: ListQuery, now = new Date()) {
  const today = chinaDate(now);
  const where = and(...conditions(p, query, today));
  const [total] = await q.select({ n: sql<number>`count(*)::int` }).from(requirements).where(where);
  const rows = await listSelect(q)
    .where(where)
    .orderBy(desc(requirements.updatedAt), desc(requirements.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { total: Number(total?.n ?? 0), page: query.page, pageSize: query.pageSize, items: rows.map((x) => listItem(x as ListRow, today)) };
}

// ---------------------------------------------------------------------------------------------------------------
// History and time in each step
// ---------------------------------------------------------------------------------------------------------------

type Step = typeof requirementSteps.$inferSelect;

export interface Period {
  status: ReqStatus;
  statusName: string;
  stepId: number;
  enteredAt: Date;
  leftAt: Date | null;
  /** Working days in the step (the entry day does not count, X3). */
  workdays: number;
  dueDate: string | null;
  /** true met, false missed, null no deadline or still open and in time. */
  met: boolean | null;
  overdue: boolean;
}

/** The steps a requirement went through, each with its working days and deadline result. */
export function periodsOf(steps: Step[], cal: WorkCalendar, now: Date): Period[] {
  const out: Period[] = [];
  const today = chinaDate(now);
  let cur: Period | null = null;
  const close = (pd: Period, leftAt: Date | null) => {
    pd.leftAt = leftAt;
    const end = leftAt ? chinaDate(leftAt) : today;
    pd.workdays = cal.workdaysBetween(chinaDate(pd.enteredAt), end);
    if (pd.dueDate) {
      if (leftAt) pd.met = end <= pd.dueDate;
      else {
        pd.overdue = today > pd.dueDate;
        pd.met = pd.overdue ? false : null;
      }
    }
  };
  for (const s of steps) {
    if (cur && s.toStatus === cur.status) continue;
    if (cur) close(cur, s.at);
    if (FINAL_STATUSES.includes(s.toStatus)) {
      cur = null;
      continue;
    }
    cur = { status: s.toStatus, statusName: STATUS_NAMES[s.toStatus], stepId: s.id, enteredAt: s.at, leftAt: null, workdays: 0, dueDate: s.dueDate, met: null, overdue: false };
    out.push(cur);
  }
  if (cur) close(cur, null);
  return out;
}

async function calendarFor(q: Queryable, steps: Step[], now: Date) {
  const first = steps.reduce((m, s) => (s.at < m ? s.at : m), now);
  return WorkCalendar.load(q, addDays(chinaDate(first), -1), addDays(chinaDate(now), 1));
}

async function stepsOf(q: Queryable, ids: number[]): Promise<Map<number, Step[]>> {
  const m = new Map<number, Step[]>();
  if (!ids.length) return m;
  const list = await q.select().from(requirementSteps).where(inArray(requirementSteps.requirementId, ids)).orderBy(asc(requirementSteps.id));
  for (const s of list) {
    if (!m.has(s.requirementId)) m.set(s.requirementId, []);
    m.get(s.requirementId)!.push(s);
  }
  return m;
}

/** One requirement: every field, its history, tests, attachments, holders and the steps the caller may take now. */
export async function requirementDetail(q: Queryable, p: Principal, id: number, now = new Date()) {
  const [x] = await listSelect(q).where(eq(requirements.id, id));
  if (!x || !inScope(p, x.r.applicantOrgCode)) throw notFound("REQ_NOT_FOUND", "业务需求不存在或不在您的查看范围内");
  const r = x.r;
  const today = chinaDate(now);
  const steps = (await stepsOf(q, [id])).get(id) ?? [];
  const cal = await calendarFor(q, steps, now);
  const tests = await q.select({ t: requirementTests, accountName: accounts.name }).from(requirementTests).leftJoin(accounts, eq(accounts.id, requirementTests.accountId)).where(eq(requirementTests.requirementId, id)).orderBy(asc(requirementTests.id));
  const atts = await q.select({ a: requirementAttachments, uploaderName: accounts.name }).from(requirementAttachments).leftJoin(accounts, eq(accounts.id, requirementAttachments.uploadedBy)).where(eq(requirementAttachments.requirementId, id)).orderBy(asc(requirementAttachments.id));
  const center = await infoCenterUnit(q);
  const holders = holdersOf(r, center.id);
  const names = await unitNames(q, [r.vendorUnitId, ...holders.map((h) => h.unitId), ...tests.map((t) => t.t.unitId)]);
  const [creator] = await q.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, r.createdBy));
  const actions = await allowedActions(q, p, r);
  return {
    ...listItem(x as ListRow, today),
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    urgencyReason: r.urgencyReason,
    description: r.description,
    counterpartUnitId: r.counterpartUnitId,
    vendorUnitId: r.vendorUnitId,
    vendorUnitName: r.vendorUnitId ? (names.get(r.vendorUnitId) ?? null) : null,
    createdBy: r.createdBy,
    createdByName: creator?.name ?? null,
    evaluation: r.evaluatedAt
      ? { feasibility: r.evalFeasibility, feasibilityName: r.evalFeasibility ? FEASIBILITY_NAMES[r.evalFeasibility] : null, plan: r.evalPlan, opinion: r.evalOpinion, estimatedWorkdays: r.evalWorkdays, evaluatedAt: r.evaluatedAt }
      : null,
    devWorkdays: r.devWorkdays,
    devDueDate: r.devDueDate,
    testRound: r.testRound,
    releasePlan: r.releasePlanDate
      ? { scope: r.releaseScope, start: r.releaseStart, end: r.releaseEnd, lead: r.releaseLead, planDate: r.releasePlanDate }
      : null,
    releaseResult: r.releaseOutcome ? { outcome: r.releaseOutcome, note: r.releaseNote, releasedAt: r.releasedAt } : null,
    holders: FINAL_STATUSES.includes(r.status) ? [] : holders.map((h) => ({ unitId: h.unitId, unitName: names.get(h.unitId) ?? "", duty: h.duty, dutyName: businessFunction(h.duty)?.def.name ?? h.duty })),
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      actionName: s.action === "create" ? "填写申请表" : (ACTION_NAMES[s.action as Action] ?? s.action),
      fromStatus: s.fromStatus,
      toStatus: s.toStatus,
      toStatusName: STATUS_NAMES[s.toStatus],
      actorName: s.actorName,
      actorUnitName: s.actorUnitName,
      actorRole: s.actorRole,
      at: s.at,
      opinion: s.opinion,
      data: s.data,
      dueDate: s.dueDate,
      attachmentIds: s.attachmentIds,
    })),
    periods: periodsOf(steps, cal, now),
    tests: tests.map(({ t, accountName }) => ({ id: t.id, round: t.round, kind: t.kind, passed: t.passed, summary: t.summary, verifiers: t.verifiers, testDate: t.testDate, accountName, unitName: t.unitId ? (names.get(t.unitId) ?? null) : null, at: t.at })),
    attachments: atts.map(({ a, uploaderName }) => ({ id: a.id, name: a.name, kind: a.kind, kindName: ATTACHMENT_KIND_NAMES[a.kind], mime: a.mime, size: a.size, uploadedAt: a.uploadedAt, uploaderName, removed: !!a.removedAt })),
    allowedActions: actions,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Queue, overdue list, vendor record
// ---------------------------------------------------------------------------------------------------------------

/** What this account can act on now (待办), newest deadline first. */
export async function myQueue(q: Queryable, p: Principal, now = new Date()) {
  if (!p.unitId) return { items: [] };
  const today = chinaDate(now);
  const rows = await listSelect(q)
    .where(and(scopeFilter(p, requirements.applicantOrgCode), notInArray(requirements.status, [...FINAL_STATUSES]), or(eq(requirements.holderUnitId, p.unitId), eq(requirements.status, "testing"))))
    .orderBy(asc(requirements.dueDate), asc(requirements.id));
  const items = [];
  for (const x of rows) {
    const actions = await allowedActions(q, p, x.r);
    if (actions.length) items.push({ ...listItem(x as ListRow, today), allowedActions: actions });
  }
  return { items };
}

/** R6(5): the vendor's record of every requirement it was given and how it was carried out. */
export async function vendorRecord(q: Queryable, p: Principal, now = new Date()) {
  if (!p.unitId) return { items: [], summary: { total: 0, inQueue: 0, evaluated: 0, released: 0, rejected: 0 } };
  const today = chinaDate(now);
  const rows = await listSelect(q)
    .where(and(scopeFilter(p, requirements.applicantOrgCode), eq(requirements.vendorUnitId, p.unitId)))
    .orderBy(desc(requirements.id));
  const ids = rows.map((x) => x.r.id);
  const steps = await stepsOf(q, ids);
  const tests = ids.length ? await q.select().from(requirementTests).where(inArray(requirementTests.requirementId, ids)).orderBy(asc(requirementTests.id)) : [];
  const allSteps = [...steps.values()].flat();
  const cal = await calendarFor(q, allSteps, now);
  const items = rows.map((x) => {
    const r = x.r;
    const st = steps.get(r.id) ?? [];
    const at = (a: string) => st.find((s) => s.action === a)?.at ?? null;
    const periods = periodsOf(st, cal, now);
    return {
      ...listItem(x as ListRow, today),
      acceptedAt: at("accept"),
      evaluation: r.evaluatedAt ? { feasibility: r.evalFeasibility, feasibilityName: r.evalFeasibility ? FEASIBILITY_NAMES[r.evalFeasibility] : null, plan: r.evalPlan, opinion: r.evalOpinion, estimatedWorkdays: r.evalWorkdays, evaluatedAt: r.evaluatedAt } : null,
      devDueDate: r.devDueDate,
      internalTests: tests.filter((t) => t.requirementId === r.id && t.kind === "internal").map((t) => ({ round: t.round, testDate: t.testDate, summary: t.summary, verifiers: t.verifiers })),
      businessTests: tests.filter((t) => t.requirementId === r.id && t.kind !== "internal").map((t) => ({ round: t.round, kind: t.kind, passed: t.passed, testDate: t.testDate, summary: t.summary, verifiers: t.verifiers })),
      releasePlan: r.releasePlanDate ? { scope: r.releaseScope, start: r.releaseStart, end: r.releaseEnd, lead: r.releaseLead } : null,
      releaseResult: r.releaseOutcome ? { outcome: r.releaseOutcome, note: r.releaseNote, releasedAt: r.releasedAt } : null,
      missedDeadlines: periods.filter((pd) => pd.met === false).length,
      vendorWorkdays: periods.filter((pd) => ["pending_evaluation", "evaluating", "developing", "release_planning", "releasing"].includes(pd.status)).reduce((s, pd) => s + pd.workdays, 0),
    };
  });
  const summary = {
    total: items.length,
    inQueue: items.filter((i) => ["pending_evaluation", "evaluating", "developing", "release_planning", "releasing"].includes(i.status)).length,
    evaluated: items.filter((i) => !!i.evaluation).length,
    released: items.filter((i) => i.releaseResult?.outcome === "success").length,
    rejected: items.filter((i) => i.status === "rejected").length,
  };
  return { items, summary };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and export
// ---------------------------------------------------------------------------------------------------------------

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function ledgerRows(q: Queryable, p: Principal, query: Partial<ListQuery>, now: Date) {
  const today = chinaDate(now);
  const rows = await listSelect(q).where(and(...conditions(p, query, today))).orderBy(asc(requirements.id));
  const steps = await stepsOf(q, rows.map((x) => x.r.id));
  const cal = await calendarFor(q, [...steps.values()].flat(), now);
  return rows.map((x) => {
    const st = steps.get(x.r.id) ?? [];
    return { item: listItem(x as ListRow, today), r: x.r, steps: st, periods: periodsOf(st, cal, now), cal };
  });
}

/** Statistics for the charts: counts per subsystem, unit, status and month; median working days per step; deadlines met. */
export async function ledgerStats(q: Queryable, p: Principal, query: Partial<ListQuery>, now = new Date()) {
  const rows = await ledgerRows(q, p, query, now);
  const count = <K extends string>(key: (x: (typeof rows)[number]) => K) => {
    const m = new Map<K, number>();
    for (const x of rows) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
    return m;
  };
  const bySubsystem = SUBSYSTEMS.map((s) => ({ key: s, name: SUBSYSTEM_NAMES[s], count: rows.filter((x) => x.r.subsystem === s).length }));
  const byUnit = [...count((x) => `${x.r.applicantUnitId}`)].map(([k, n]) => {
    const x = rows.find((y) => `${y.r.applicantUnitId}` === k)!;
    return { key: Number(k), name: x.item.applicantUnitName, orgName: x.item.applicantOrgName, count: n };
  }).sort((a, b) => b.count - a.count);
  const byStatus = REQ_STATUSES.map((s) => ({ key: s, name: STATUS_NAMES[s], count: rows.filter((x) => x.r.status === s).length })).filter((s) => s.count > 0);
  const byMonth = [...count((x) => (x.r.applyDate ?? chinaDate(x.r.createdAt)).slice(0, 7))].map(([month, n]) => ({ month, count: n })).sort((a, b) => a.month.localeCompare(b.month));
  const stepStats = REQ_STATUSES.filter((s) => !FINAL_STATUSES.includes(s) && s !== "draft").map((s) => {
    const ps = rows.flatMap((x) => x.periods.filter((pd) => pd.status === s));
    const done = ps.filter((pd) => pd.leftAt);
    return {
      status: s,
      name: STATUS_NAMES[s],
      completed: done.length,
      medianWorkdays: median(done.map((pd) => pd.workdays)),
      met: ps.filter((pd) => pd.met === true).length,
      missed: ps.filter((pd) => pd.met === false).length,
    };
  }).filter((s) => s.completed > 0 || s.met + s.missed > 0);
  const leadTimes = rows
    .filter((x) => x.r.status === "closed" && x.r.closedAt)
    .map((x) => {
      const submitted = x.steps.find((s) => s.action === "submit");
      return submitted ? x.cal.workdaysBetween(chinaDate(submitted.at), chinaDate(x.r.closedAt!)) : null;
    })
    .filter((n): n is number => n !== null);
  const today = chinaDate(now);
  return {
    total: rows.length,
    open: rows.filter((x) => !FINAL_STATUSES.includes(x.r.status)).length,
    overdue: rows.filter((x) => x.item.overdue).length,
    urgent: rows.filter((x) => x.r.urgency === "urgent").length,
    closed: rows.filter((x) => x.r.status === "closed").length,
    medianLeadWorkdays: median(leadTimes),
    bySubsystem,
    byUnit,
    byStatus,
    byMonth,
    steps: stepStats,
    asOf: today,
  };
}

/** The 需求台账 as an Excel workbook: one sheet of requirements, one of every step (R4). */
export async function ledgerWorkbook(q: Queryable, p: Principal, query: Partial<ListQuery>, now = new Date()): Promise<{ buffer: Buffer; rows: number }> {
  const rows = await ledgerRows(q, p, query, now);
  const vendorNames = await unitNames(q, rows.map((x) => x.r.vendorUnitId));
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  wb.created = now;
  const ws = wb.addWorksheet("需求台账", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "编号", key: "number", width: 15 },
    { header: "需求名称", key: "title", width: 30 },
    { header: "子系统名称", key: "subsystem", width: 22 },
    { header: "申请单位", key: "unit", width: 22 },
    { header: "所属", key: "org", width: 10 },
    { header: "州级对口业务部门", key: "counterpart", width: 20 },
    { header: "申请日期", key: "applyDate", width: 12 },
    { header: "联系人姓名", key: "contact", width: 10 },
    { header: "联系人电话", key: "phone", width: 14 },
    { header: "需求类型", key: "type", width: 9 },
    { header: "紧急程度", key: "urgency", width: 9 },
    { header: "当前状态", key: "status", width: 16 },
    { header: "当前办理单位", key: "holder", width: 20 },
    { header: "当前环节期限", key: "due", width: 12 },
    { header: "是否逾期", key: "overdue", width: 9 },
    { header: "运维公司", key: "vendor", width: 16 },
    { header: "评估结论", key: "feasibility", width: 11 },
    { header: "开发期限", key: "devDue", width: 12 },
    { header: "发布上线时间", key: "released", width: 17 },
    { header: "发布结果", key: "outcome", width: 9 },
    { header: "各环节用时（工作日）", key: "periods", width: 60 },
    { header: "逾期环节数", key: "missed", width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  const dt = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "");
  for (const x of rows) {
    const r = x.r;
    ws.addRow({
      number: r.number ?? "",
      title: r.title,
      subsystem: SUBSYSTEM_NAMES[r.subsystem],
      unit: x.item.applicantUnitName,
      org: x.item.applicantOrgName,
      counterpart: x.item.counterpartUnitName ?? "",
      applyDate: r.applyDate ?? "",
      contact: r.contactName,
      phone: r.contactPhone,
      type: TYPE_NAMES[r.type],
      urgency: URGENCY_NAMES[r.urgency],
      status: STATUS_NAMES[r.status],
      holder: x.item.holderUnitName ?? "",
      due: x.item.dueDate ?? "",
      overdue: x.item.overdue ? "是" : "",
      vendor: r.vendorUnitId ? (vendorNames.get(r.vendorUnitId) ?? "") : "",
      feasibility: r.evalFeasibility ? FEASIBILITY_NAMES[r.evalFeasibility] : "",
      devDue: r.devDueDate ?? "",
      released: dt(r.releasedAt),
      outcome: r.releaseOutcome ? (r.releaseOutcome === "success" ? "成功" : "未成功") : "",
      periods: x.periods.map((pd) => `${pd.statusName} ${pd.workdays}${pd.met === false ? "（逾期）" : ""}`).join("；"),
      missed: x.periods.filter((pd) => pd.met === false).length,
    });
  }
  const hs = wb.addWorksheet("流转记录", { views: [{ state: "frozen", ySplit: 1 }] });
  hs.columns = [
    { header: "编号", key: "number", width: 15 },
    { header: "需求名称", key: "title", width: 28 },
    { header: "时间", key: "at", width: 17 },
    { header: "办理事项", key: "action", width: 22 },
    { header: "原状态", key: "from", width: 16 },
    { header: "新状态", key: "to", width: 16 },
    { header: "办理人", key: "actor", width: 10 },
    { header: "单位", key: "unit", width: 20 },
    { header: "角色", key: "role", width: 16 },
    { header: "意见", key: "opinion", width: 40 },
    { header: "本环节期限", key: "due", width: 12 },
  ];
  hs.getRow(1).font = { bold: true };
  for (const x of rows) {
    for (const s of x.steps) {
      hs.addRow({
        number: x.r.number ?? `#${x.r.id}`,
        title: x.r.title,
        at: dt(s.at),
        action: s.action === "create" ? "填写申请表" : (ACTION_NAMES[s.action as Action] ?? s.action),
        from: s.fromStatus ? STATUS_NAMES[s.fromStatus] : "",
        to: STATUS_NAMES[s.toStatus],
        actor: s.actorName,
        unit: s.actorUnitName ?? "",
        role: s.actorRole,
        opinion: s.opinion,
        due: s.dueDate ?? "",
      });
    }
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, rows: rows.length };
}

