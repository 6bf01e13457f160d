/**
 * S-CASES reads and writes behind the routes: the case list and detail (the live clock), the audited reveal of the
 * applicant's number (X2), the warning board, the cards (confirm, appeal 撤销/打回/上报, decide), the 差评 follow-ups,
 * the warning settings. Every read is scoped (P9) through src/core/access/scope.ts on the case's 区划; applicants'
 * numbers and phones leave masked everywhere (lists, details, exports) except in the reveal's answer.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { regionScope, requireInScope, scopeFilter, type Scoped } from "../core/access/scope.js";
import type { Principal } from "../core/access/principal.js";
import { chinaDate } from "../core/calendar.js";
import { caseCards, caseDepartments, caseEvaluations, caseFollowups, caseHistory, caseSettings, caseSpecials, caseSteps, caseWarningRules, caseWindows, cases } from "./schema.js";
import { caseClock } from "./clock.js";
import { factsOf, loadCalendar, loadRules, noticeCards, refreshDues, ruleFor, sweepCards } from "./cards.js";
import { STAGE_NAMES, type Stage } from "./reviews.js";

export type Level = "finished" | "paused" | "normal" | "warning" | "yellow" | "red";

/** The level of a case from its stored instants, at `now` (the board's comparison). */
export function levelSql(now: Date): SQL<Level> {
  const t = now.toISOString();
  return sql<Level>`case when ${cases.finishedAt} is not null then 'finished' when ${cases.paused} then 'paused'
    when ${cases.legalDueAt} < ${t}::timestamptz then 'red' when ${cases.promiseDueAt} < ${t}::timestamptz then 'yellow'
    when ${cases.warnAt} <= ${t}::timestamptz then 'warning' else 'normal' end`;
}

export interface CaseFilter {
  q?: string;
  level?: Level;
  windowCode?: string;
  departmentCode?: string;
  serviceCode?: string;
  region?: string;
  from?: string;
  to?: string;
}

function caseWhere(p: Scoped, f: CaseFilter, now: Date): SQL {
  const conds: SQL[] = [scopeFilter(regionScope(p, f.region), cases.divisionCode), isNull(cases.deletedAt)];
  if (f.q) conds.push(sql`(${cases.projid} = ${f.q} or ${cases.applicantName} = ${f.q} or ${cases.serviceName} like ${`%${f.q.replace(/[\\%_]/g, "")}%`})`);
  if (f.windowCode) conds.push(eq(cases.windowCode, f.windowCode));
  if (f.departmentCode) conds.push(eq(cases.departmentCode, f.departmentCode));
  if (f.serviceCode) conds.push(eq(cases.serviceCode, f.serviceCode));
  if (f.from) conds.push(gte(cases.acceptedAt, new Date(`${f.from}T00:00:00+08:00`)));
  if (f.to) conds.push(lte(cases.acceptedAt, new Date(`${f.to}T23:59:59.999+08:00`)));
  if (f.level) conds.push(sql`${levelSql(now)} = ${f.level}`);
  return and(...conds)!;
}

const listColumns = (now: Date) => ({
  id: cases.id, projid: cases.projid, serviceName: cases.serviceName, caseType: cases.caseType, applicantName: cases.applicantName,
  applicantCardNo: cases.applicantCardNo, departmentName: cases.departmentName, windowCode: cases.windowCode, acceptStaff: cases.acceptStaff,
  divisionCode: cases.divisionCode, acceptedAt: cases.acceptedAt, promiseLimit: cases.promiseLimit, limitUnit: cases.limitUnit,
  promiseDueAt: cases.promiseDueAt, finishedAt: cases.finishedAt, level: levelSql(now),
});

export async function listCases(q: Queryable, p: Scoped, f: CaseFilter, page: number, pageSize: number, now = new Date()) {
  const where = caseWhere(p, f, now);
  const [items, [total]] = await Promise.all([
    q.select(listColumns(now)).from(cases).where(where).orderBy(desc(cases.acceptedAt), desc(cases.id)).limit(pageSize).offset((page - 1) * pageSize),
    q.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
  ]);
  return { items: items.map((c) => ({ ...c, applicantCardNo: maskIdNumber(c.applicantCardNo)! })), total: Number(total!.n), page, pageSize };
}

/** Rows for the export (masked, X2), at most `limit`. */
export async function exportCases(q: Queryable, p: Scoped, f: CaseFilter, limit = 50_000, now = new Date()) {
  const rows = await q.select({ ...listColumns(now), contactPhone: cases.contactPhone, result: cases.result, satisfaction: cases.satisfaction })
    .from(cases).where(caseWhere(p, f, now)).orderBy(desc(cases.acceptedAt)).limit(limit);
  return rows.map((c) => ({ ...c, applicantCardNo: maskIdNumber(c.applicantCardNo)!, contactPhone: maskPhone(c.contactPhone) }));
}

async function caseInScope(q: Queryable, p: Scoped, id: number) {
  const [c] = await q.select().from(cases).where(and(eq(cases.id, id), isNull(cases.deletedAt)));
  if (!c) throw notFound("CASES_NOT_FOUND", "办件不存在或不在您的数据范围内");
  requireInScope(p, c.divisionCode, "该办件");
  return c;
}

export async function caseDetail(q: Queryable, p: Scoped, id: number, now = new Date()) {
  const c = await caseInScope(q, p, id);
  const [steps, specials, history, cards, evaluations, windows, rules] = await Promise.all([
    q.select().from(caseSteps).where(eq(caseSteps.caseId, id)).orderBy(asc(caseSteps.seq)),
    q.select().from(caseSpecials).where(eq(caseSpecials.caseId, id)).orderBy(asc(caseSpecials.startedAt)),
    q.select().from(caseHistory).where(eq(caseHistory.caseId, id)).orderBy(desc(caseHistory.at)),
    q.select().from(caseCards).where(eq(caseCards.caseId, id)).orderBy(asc(caseCards.issuedAt)),
    q.select().from(caseEvaluations).where(eq(caseEvaluations.caseId, id)),
    c.windowCode ? q.select().from(caseWindows).where(eq(caseWindows.code, c.windowCode)) : Promise.resolve([]),
    loadRules(q),
  ]);
  const cal = await loadCalendar(q, c.acceptedAt, now);
  const rule = ruleFor(rules, c.serviceCode);
  const clock = caseClock(cal, factsOf(c, specials), now, rule);
  return {
    case: {
      id: c.id, projid: c.projid, version: c.version, serviceCode: c.serviceCode, implCode: c.implCode, serviceName: c.serviceName, caseType: c.caseType,
      applicantName: c.applicantName, applicantCardType: c.applicantCardType, applicantCardNo: maskIdNumber(c.applicantCardNo)!, contactName: c.contactName,
      contactPhone: maskPhone(c.contactPhone), departmentCode: c.departmentCode, departmentName: c.departmentName, windowCode: c.windowCode,
      windowName: windows[0] ? `${windows[0].hall} ${windows[0].name}` : null, acceptStaff: c.acceptStaff, divisionCode: c.divisionCode, acceptedAt: c.acceptedAt,
      promiseLimit: c.promiseLimit, limitUnit: c.limitUnit, legalLimit: c.legalLimit, finishedAt: c.finishedAt, result: c.result, satisfaction: c.satisfaction,
    },
    clock: { ...clock, warnBefore: rule.warnBefore },
    steps: steps.map((s) => ({ seq: s.seq, name: s.name, handler: s.handler, opinion: s.opinion, startedAt: s.startedAt, endedAt: s.endedAt })),
    specials: specials.map((s) => ({ id: s.id, kind: s.kind, approver: s.approver, reason: s.reason, startedAt: s.startedAt, endedAt: s.endedAt, limitDays: s.limitDays, dueAt: s.dueAt, overdue: !s.endedAt && !!s.dueAt && now > s.dueAt })),
    history: history.map((h) => ({ version: h.version, source: h.source, at: h.at, changes: h.changes })),
    cards: cards.map(cardView),
    evaluations: evaluations.map((e) => ({ id: e.id, level: e.level, channel: e.channel, active: e.active, realName: e.realName, content: e.content, evaluatedAt: e.evaluatedAt })),
  };
}

/** X2: the applicant's full number and phone, for a holder of cases.case.reveal-id; audited. */
export async function revealCase(db: Db, p: Principal, id: number, ip: string | null) {
  return db.transaction(async (tx) => {
    const c = await caseInScope(tx, p, id);
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.case.reveal", objectType: "case", objectId: id, detail: { projid: c.projid, applicant: c.applicantName, idNumber: maskIdNumber(c.applicantCardNo) } });
    return { applicantCardNo: c.applicantCardNo, contactPhone: c.contactPhone };
  });
}

type CardRow = typeof caseCards.$inferSelect;
function cardView(k: CardRow) {
  return {
    id: k.id, caseId: k.caseId, level: k.level, specialId: k.specialId, status: k.status, windowCode: k.windowCode, dueAt: k.dueAt, issuedAt: k.issuedAt, issuedBy: k.issuedBy,
    appealReason: k.appealReason, appealedAt: k.appealedAt, decision: k.decision, decisionNote: k.decisionNote, decidedAt: k.decidedAt, clearedAt: k.clearedAt,
  };
}

// ——— The warning board ———

export async function board(q: Queryable, p: Scoped, f: { region?: string; departmentCode?: string; windowCode?: string }, now = new Date()) {
  const scope = regionScope(p, f.region);
  const conds: SQL[] = [scopeFilter(scope, cases.divisionCode), isNull(cases.finishedAt), isNull(cases.deletedAt)];
  if (f.departmentCode) conds.push(eq(cases.departmentCode, f.departmentCode));
  if (f.windowCode) conds.push(eq(cases.windowCode, f.windowCode));
  const where = and(...conds)!;
  const lv = levelSql(now);
  const [byWindow, urgent, windows] = await Promise.all([
    q.select({
      windowCode: cases.windowCode,
      open: sql<number>`count(*)::int`,
      warning: sql<number>`(count(*) filter (where ${lv} = 'warning'))::int`,
      yellow: sql<number>`(count(*) filter (where ${lv} = 'yellow'))::int`,
      red: sql<number>`(count(*) filter (where ${lv} = 'red'))::int`,
      paused: sql<number>`(count(*) filter (where ${cases.paused}))::int`,
    }).from(cases).where(where).groupBy(cases.windowCode),
    q.select({ id: cases.id, projid: cases.projid, serviceName: cases.serviceName, windowCode: cases.windowCode, acceptStaff: cases.acceptStaff, applicantName: cases.applicantName, promiseDueAt: cases.promiseDueAt, legalDueAt: cases.legalDueAt, level: lv })
      .from(cases).where(and(where, sql`${cases.warnAt} <= ${now.toISOString()}::timestamptz`)).orderBy(asc(cases.promiseDueAt)).limit(30),
    q.select().from(caseWindows).where(and(scopeFilter(scope, caseWindows.divisionCode), f.departmentCode ? eq(caseWindows.departmentCode, f.departmentCode) : undefined, f.windowCode ? eq(caseWindows.code, f.windowCode) : undefined)).orderBy(asc(caseWindows.code)),
  ]);
  const counts = new Map(byWindow.map((w) => [w.windowCode ?? "", w]));
  const zero = { open: 0, warning: 0, yellow: 0, red: 0, paused: 0 };
  const rows = windows.map((w) => {
    const c = counts.get(w.code);
    return { windowCode: w.code, windowName: w.name, hall: w.hall, departmentCode: w.departmentCode, ...zero, ...(c ? { open: Number(c.open), warning: Number(c.warning), yellow: Number(c.yellow), red: Number(c.red), paused: Number(c.paused) } : {}) };
  });
  const total = rows.reduce((s, r) => ({ open: s.open + r.open, warning: s.warning + r.warning, yellow: s.yellow + r.yellow, red: s.red + r.red, paused: s.paused + r.paused }), { ...zero });
  const names = new Map(windows.map((w) => [w.code, w.name]));
  return {
    at: now,
    total,
    windows: rows,
    urgent: urgent.map((u) => ({ ...u, applicantName: maskName(u.applicantName), windowName: names.get(u.windowCode ?? "") ?? u.windowCode ?? "" })),
  };
}

/** A name on the hall's public screen: the surname and a mark (张*明 → 张**). */
export function maskName(n: string): string {
  return n.length <= 1 ? n : n[0] + "*".repeat(n.length - 1);
}

export async function listDepartmentsAndWindows(q: Queryable, p: Scoped) {
  const [departments, windows] = await Promise.all([
    q.select().from(caseDepartments).where(scopeFilter(p, caseDepartments.divisionCode)).orderBy(asc(caseDepartments.code)),
    q.select({ code: caseWindows.code, name: caseWindows.name, hall: caseWindows.hall, departmentCode: caseWindows.departmentCode, divisionCode: caseWindows.divisionCode }).from(caseWindows).where(scopeFilter(p, caseWindows.divisionCode)).orderBy(asc(caseWindows.code)),
  ]);
  return { departments, windows };
}

// ——— Cards ———

export async function listCards(q: Queryable, p: Principal, f: { status?: CardRow["status"]; mine?: boolean; level?: "yellow" | "red" }, page: number, pageSize: number) {
  const conds: SQL[] = [scopeFilter(p, caseCards.divisionCode)];
  if (f.status) conds.push(eq(caseCards.status, f.status));
  if (f.level) conds.push(eq(caseCards.level, f.level));
  if (f.mine) conds.push(sql`${caseCards.windowCode} in (select code from case_windows where staff_account_id = ${p.accountId} or leader_account_id = ${p.accountId})`);
  const where = and(...conds)!;
  const [items, [total]] = await Promise.all([
    q.select({ card: caseCards, projid: cases.projid, serviceName: cases.serviceName, acceptStaff: cases.acceptStaff, windowName: caseWindows.name })
      .from(caseCards).innerJoin(cases, eq(cases.id, caseCards.caseId)).leftJoin(caseWindows, eq(caseWindows.code, caseCards.windowCode))
      .where(where).orderBy(desc(caseCards.issuedAt), desc(caseCards.id)).limit(pageSize).offset((page - 1) * pageSize),
    q.select({ n: sql<number>`count(*)::int` }).from(caseCards).where(where),
  ]);
  return { items: items.map((r) => ({ ...cardView(r.card), projid: r.projid, serviceName: r.serviceName, acceptStaff: r.acceptStaff, windowName: r.windowName })), total: Number(total!.n), page, pageSize };
}

async function cardForUpdate(tx: Queryable, p: Principal, id: number) {
  const [k] = await tx.select().from(caseCards).where(eq(caseCards.id, id)).for("update");
  if (!k) throw notFound("CASES_CARD_NOT_FOUND", "红黄牌不存在或不在您的数据范围内");
  requireInScope(p, k.divisionCode, "该红黄牌");
  return k;
}

/** Issue a card waiting for confirmation. */
export async function confirmCard(db: Db, p: Principal, id: number, ip: string | null, now = new Date()) {
  return db.transaction(async (tx) => {
    const k = await cardForUpdate(tx, p, id);
    if (k.status !== "pending") throw conflict("CASES_CARD_NOT_PENDING", "该红黄牌不在待确认状态");
    await tx.update(caseCards).set({ status: "issued", issuedBy: "confirmed", confirmedBy: p.accountId, issuedAt: now }).where(eq(caseCards.id, id));
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.card.confirm", objectType: "case_card", objectId: id, detail: { level: k.level, caseId: k.caseId } });
    await noticeCards(tx, [id]);
    return { ok: true as const };
  });
}

/** A window appeals its card (reason required). */
export async function appealCard(db: Db, p: Principal, id: number, reason: string, ip: string | null, now = new Date()) {
  if (!reason.trim()) throw badRequest("CASES_APPEAL_REASON", "请填写申诉理由");
  return db.transaction(async (tx) => {
    const k = await cardForUpdate(tx, p, id);
    if (k.status !== "issued") throw conflict("CASES_CARD_NOT_APPEALABLE", "只有已发出的红黄牌可以申诉");
    if (k.decision === "打回") throw conflict("CASES_APPEAL_REJECTED", "该红黄牌的申诉已被打回，不能再次申诉");
    await tx.update(caseCards).set({ status: "appealed", appealReason: reason.trim(), appealedAt: now, appealedBy: p.accountId }).where(eq(caseCards.id, id));
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.card.appeal", objectType: "case_card", objectId: id, detail: { level: k.level, reason: reason.trim() } });
    return { ok: true as const };
  });
}

/**
 * Decide an appeal: 撤销 (the card is revoked), 打回 (the appeal is refused, the card stands), 上报 (sent to the 州 to
 * decide). An escalated appeal is decided only at the 州 level.
 */
export async function decideCard(db: Db, p: Principal, id: number, input: { decision: "撤销" | "打回" | "上报"; note: string }, ip: string | null, now = new Date()) {
  if (!input.note.trim()) throw badRequest("CASES_DECISION_NOTE", "请填写处理意见");
  return db.transaction(async (tx) => {
    const k = await cardForUpdate(tx, p, id);
    if (k.status !== "appealed" && k.status !== "escalated") throw conflict("CASES_CARD_NOT_APPEALED", "该红黄牌没有待处理的申诉");
    if (k.appealedBy === p.accountId) throw forbidden("CASES_SELF_DECISION", "不能处理本人提出的申诉");
    if (k.status === "escalated" && p.level !== "prefecture") throw forbidden("CASES_ESCALATED", "已上报的申诉由州级办件监督员处理");
    if (input.decision === "上报" && p.level === "prefecture") throw badRequest("CASES_CANNOT_ESCALATE", "州级不能再上报，请撤销或打回");
    const status = input.decision === "撤销" ? "revoked" : input.decision === "打回" ? "issued" : "escalated";
    await tx.update(caseCards).set({ status, decision: input.decision, decisionNote: input.note.trim(), decidedAt: now, decidedBy: p.accountId }).where(eq(caseCards.id, id));
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.card.decide", objectType: "case_card", objectId: id, detail: { decision: input.decision, note: input.note.trim(), level: k.level } });
    return { ok: true as const, status };
  });
}

// ——— 差评 follow-ups ———

export async function listFollowups(q: Queryable, p: Principal, f: { open?: boolean; late?: boolean; mine?: boolean }, today = chinaDate(new Date())) {
  const conds: SQL[] = [scopeFilter(p, caseFollowups.divisionCode)];
  if (f.open) conds.push(isNull(caseFollowups.closedAt));
  if (f.late) conds.push(and(isNull(caseFollowups.closedAt), sql`${caseFollowups.dueDate} < ${today}`)!);
  if (f.mine) conds.push(sql`${caseFollowups.windowCode} in (select code from case_windows where staff_account_id = ${p.accountId} or leader_account_id = ${p.accountId})`);
  const rows = await q
    .select({ f: caseFollowups, level: caseEvaluations.level, content: caseEvaluations.content, realName: caseEvaluations.realName, evaluatedAt: caseEvaluations.evaluatedAt, projid: cases.projid, serviceName: cases.serviceName, applicantName: cases.applicantName, windowName: caseWindows.name, staffName: accounts.name })
    .from(caseFollowups)
    .innerJoin(caseEvaluations, eq(caseEvaluations.id, caseFollowups.evaluationId))
    .innerJoin(cases, eq(cases.id, caseFollowups.caseId))
    .leftJoin(caseWindows, eq(caseWindows.code, caseFollowups.windowCode))
    .leftJoin(accounts, eq(accounts.id, caseWindows.staffAccountId))
    .where(and(...conds))
    .orderBy(asc(caseFollowups.dueDate), asc(caseFollowups.id))
    .limit(500);
  return rows.map((r) => ({
    id: r.f.id, caseId: r.f.caseId, projid: r.projid, serviceName: r.serviceName, applicantName: maskName(r.applicantName), level: r.level, content: r.content, realName: r.realName,
    evaluatedAt: r.evaluatedAt, stage: r.f.stage, stageName: STAGE_NAMES[r.f.stage as Stage], dueDate: r.f.dueDate, late: !r.f.closedAt && r.f.dueDate < today,
    windowName: r.windowName, staffName: r.staffName, outcome: r.f.outcome, fixSatisfaction: r.f.fixSatisfaction, calledBackAt: r.f.calledBackAt, repliedAt: r.f.repliedAt,
    closedAt: r.f.closedAt, log: r.f.log,
  }));
}

// ——— Settings ———

export async function listRules(q: Queryable) {
  const rows = await q.select().from(caseWarningRules).orderBy(asc(caseWarningRules.serviceCode));
  if (!rows.some((r) => r.serviceCode === "*")) rows.unshift({ serviceCode: "*", warnBefore: 2, yellowOnPromise: true, redOnLegal: true, autoIssue: true, updatedAt: new Date(0), updatedBy: null });
  return rows.map((r) => ({ serviceCode: r.serviceCode, warnBefore: r.warnBefore, yellowOnPromise: r.yellowOnPromise, redOnLegal: r.redOnLegal, autoIssue: r.autoIssue }));
}

export interface RuleInput { serviceCode: string; warnBefore: number; yellowOnPromise: boolean; redOnLegal: boolean; autoIssue: boolean }

/** Change the warning levels of one 事项 (or '*'), then recompute the open cases it governs (their warn instants move). */
export async function saveRule(db: Db, p: Principal, r: RuleInput, ip: string | null, now = new Date()) {
  if (p.level !== "prefecture") throw forbidden("CASES_RULES_PREFECTURE", "预警设置由州级办件监督员统一维护");
  return db.transaction(async (tx) => {
    await tx.insert(caseWarningRules).values({ ...r, updatedBy: p.accountId, updatedAt: now })
      .onConflictDoUpdate({ target: caseWarningRules.serviceCode, set: { warnBefore: r.warnBefore, yellowOnPromise: r.yellowOnPromise, redOnLegal: r.redOnLegal, autoIssue: r.autoIssue, updatedBy: p.accountId, updatedAt: now } });
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.rule.save", objectType: "case_warning_rule", objectId: r.serviceCode, detail: { ...r } });
    const open = await tx.select({ id: cases.id }).from(cases)
      .where(and(isNull(cases.finishedAt), isNull(cases.deletedAt), r.serviceCode === "*" ? sql`not exists (select 1 from case_warning_rules w where w.service_code = ${cases.serviceCode})` : eq(cases.serviceCode, r.serviceCode)));
    const ids = open.map((o) => o.id);
    for (let i = 0; i < ids.length; i += 2000) await refreshDues(tx, ids.slice(i, i + 2000), now);
    return { ok: true as const, recomputed: ids.length };
  });
}

export interface GradeThresholds { excellent: number; good: number; pass: number }
export interface CaseSettingsValue { followupDays: number; grades: GradeThresholds }
export const DEFAULT_SETTINGS: CaseSettingsValue = { followupDays: 15, grades: { excellent: 95, good: 85, pass: 70 } };

export async function readSettings(q: Queryable): Promise<CaseSettingsValue> {
  const rows = await q.select().from(caseSettings).where(inArray(caseSettings.key, ["followup", "grades"]));
  const m = new Map(rows.map((r) => [r.key, r.value as Record<string, number>]));
  return {
    followupDays: Number(m.get("followup")?.workdays ?? DEFAULT_SETTINGS.followupDays),
    grades: { ...DEFAULT_SETTINGS.grades, ...(m.get("grades") as Partial<GradeThresholds> | undefined) },
  };
}

export async function saveSettings(db: Db, p: Principal, s: CaseSettingsValue, ip: string | null) {
  if (p.level !== "prefecture") throw forbidden("CASES_RULES_PREFECTURE", "预警设置由州级办件监督员统一维护");
  const g = s.grades;
  if (!(g.excellent > g.good && g.good > g.pass && g.pass >= 0 && g.excellent <= 100)) throw badRequest("CASES_GRADES_ORDER", "等次阈值应满足：优秀 > 良好 > 合格 ≥ 0，且不超过 100");
  return db.transaction(async (tx) => {
    for (const [key, value] of [["followup", { workdays: s.followupDays }], ["grades", g]] as const) {
      await tx.insert(caseSettings).values({ key, value, updatedBy: p.accountId }).onConflictDoUpdate({ target: caseSettings.key, set: { value, updatedBy: p.accountId, updatedAt: new Date() } });
    }
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.settings.save", objectType: "case_settings", detail: { ...s } });
    return { ok: true as const };
  });
}

/** The card sweep as a job and as the benchmark's unit: sweep at `now`. */
export async function sweepAll(db: Db, now: Date) {
  return db.transaction((tx) => sweepCards(tx, now));
}
