/**
 * CASES 人社政务服务办件 API under /api/cases (S-CASES, X2, P9). Every route declares its function code and data scope,
 * and Zod schemas for what it takes and answers. Applicants' numbers leave masked except in the audited reveal.
 */
import { z } from "zod";
import ExcelJS from "exceljs";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { AppError, badRequest } from "../core/errors.js";
import { IdParams, IsoDate, Ok, Paging, Text, Timestamp, binary, pageOf } from "../core/http/schemas.js";
import { chinaDate } from "../core/calendar.js";
import { regionScope } from "../core/access/scope.js";
import { CARD_STATUSES, CASE_TYPES, LIMIT_UNITS } from "./schema.js";
import { EXCHANGE_TABLES, type ExchangeSet } from "./exchange.js";
import { exchangeWorkbook, readExchangeFiles, type UploadedFile } from "./files.js";
import { intakeSet } from "./intake.js";
import { advanceFollowup } from "./reviews.js";
import {
  appealCard, board, caseDetail, confirmCard, decideCard, exportCases, listCards, listCases, listDepartmentsAndWindows, listFollowups, listRules,
  readSettings, revealCase, saveRule, saveSettings, sweepAll, type CaseFilter,
} from "./service.js";
import { GROUPS, analysis, monthlyRanking, quarterlyGrades, reviewIndicators } from "./stats.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const LEVELS = ["finished", "paused", "normal", "warning", "yellow", "red"] as const;
const region = z.string().regex(/^\d{6}(\d{3})?$/, "地区代码应为6或9位区划代码").optional();
const code = z.string().trim().max(40).optional();

const caseFilter = z.object({
  q: z.string().trim().max(40).optional(),
  level: z.enum(LEVELS).optional(),
  windowCode: code,
  departmentCode: code,
  serviceCode: code,
  region,
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

const caseItem = z.object({
  id: z.number(), projid: z.string(), serviceName: z.string(), caseType: z.enum(CASE_TYPES), applicantName: z.string(), applicantCardNo: z.string(),
  departmentName: z.string(), windowCode: z.string().nullable(), acceptStaff: z.string().nullable(), divisionCode: z.string(), acceptedAt: Timestamp,
  promiseLimit: z.number(), limitUnit: z.enum(LIMIT_UNITS), promiseDueAt: Timestamp.nullable(), finishedAt: Timestamp.nullable(), level: z.enum(LEVELS),
});

const cardItem = z.object({
  id: z.number(), caseId: z.number(), level: z.enum(["yellow", "red"]), specialId: z.number().nullable(), status: z.enum(CARD_STATUSES), windowCode: z.string().nullable(),
  dueAt: Timestamp, issuedAt: Timestamp, issuedBy: z.string().nullable(), appealReason: z.string().nullable(), appealedAt: Timestamp.nullable(),
  decision: z.string().nullable(), decisionNote: z.string().nullable(), decidedAt: Timestamp.nullable(), clearedAt: Timestamp.nullable(),
});

const detail = z.object({
  case: z.object({
    id: z.number(), projid: z.string(), version: z.number(), serviceCode: z.string(), implCode: z.string().nullable(), serviceName: z.string(), caseType: z.enum(CASE_TYPES),
    applicantName: z.string(), applicantCardType: z.string(), applicantCardNo: z.string(), contactName: z.string().nullable(), contactPhone: z.string().nullable(),
    departmentCode: z.string(), departmentName: z.string(), windowCode: z.string().nullable(), windowName: z.string().nullable(), acceptStaff: z.string().nullable(),
    divisionCode: z.string(), acceptedAt: Timestamp, promiseLimit: z.number(), limitUnit: z.enum(LIMIT_UNITS), legalLimit: z.number().nullable(), finishedAt: Timestamp.nullable(),
    result: z.string().nullable(), satisfaction: z.string().nullable(),
  }),
  clock: z.object({
    effectiveType: z.enum(CASE_TYPES), unit: z.enum(LIMIT_UNITS), limit: z.number(), used: z.number(), left: z.number(), paused: z.boolean(), warnAt: Timestamp.nullable(),
    promiseDueAt: Timestamp, legalDueAt: Timestamp.nullable(), overdue: z.boolean(), legalOverdue: z.boolean(), level: z.enum(LEVELS), warnBefore: z.number(),
  }),
  steps: z.array(z.object({ seq: z.number(), name: z.string(), handler: z.string().nullable(), opinion: z.string().nullable(), startedAt: Timestamp, endedAt: Timestamp.nullable() })),
  specials: z.array(z.object({ id: z.number(), kind: z.string(), approver: z.string().nullable(), reason: z.string().nullable(), startedAt: Timestamp, endedAt: Timestamp.nullable(), limitDays: z.number().nullable(), dueAt: Timestamp.nullable(), overdue: z.boolean() })),
  history: z.array(z.object({ version: z.number(), source: z.string(), at: Timestamp, changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })) })),
  cards: z.array(cardItem),
  evaluations: z.array(z.object({ id: z.number(), level: z.number(), channel: z.string(), active: z.boolean(), realName: z.boolean(), content: z.string().nullable(), evaluatedAt: Timestamp })),
});

const counts = { open: z.number(), warning: z.number(), yellow: z.number(), red: z.number(), paused: z.number() };
const boardAnswer = z.object({
  at: Timestamp,
  total: z.object(counts),
  windows: z.array(z.object({ windowCode: z.string(), windowName: z.string(), hall: z.string(), departmentCode: z.string(), ...counts })),
  urgent: z.array(z.object({ id: z.number(), projid: z.string(), serviceName: z.string(), windowCode: z.string().nullable(), windowName: z.string(), acceptStaff: z.string().nullable(), applicantName: z.string(), promiseDueAt: Timestamp.nullable(), legalDueAt: Timestamp.nullable(), level: z.enum(LEVELS) })),
});

const problem = z.object({ table: z.string(), row: z.number(), projid: z.string().nullable(), field: z.string().nullable(), message: z.string() });
const intakeReport = z.object({ rows: z.number(), cases: z.number(), inserted: z.number(), updated: z.number(), deleted: z.number(), unchanged: z.number(), rejected: z.number(), evaluations: z.number(), problems: z.array(problem) });
const exchangeRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
const exchangeSet = z.object({
  PRE_BASEINFO: z.array(exchangeRow).max(20_000).optional(),
  PRE_PROCESS: z.array(exchangeRow).max(100_000).optional(),
  PRE_SPECIALPROCEDURE: z.array(exchangeRow).max(20_000).optional(),
  PRE_EVALUATION: z.array(exchangeRow).max(20_000).optional(),
});

const followupItem = z.object({
  id: z.number(), caseId: z.number(), projid: z.string(), serviceName: z.string(), applicantName: z.string(), level: z.number(), content: z.string().nullable(), realName: z.boolean(),
  evaluatedAt: Timestamp, stage: z.string(), stageName: z.string(), dueDate: z.string(), late: z.boolean(), windowName: z.string().nullable(), staffName: z.string().nullable(),
  outcome: z.string().nullable(), fixSatisfaction: z.number().nullable(), calledBackAt: Timestamp.nullable(), repliedAt: Timestamp.nullable(), closedAt: Timestamp.nullable(),
  log: z.array(z.object({ stage: z.string(), by: z.number().nullable(), byName: z.string().nullable(), at: z.string(), note: z.string(), extra: z.unknown().optional() })),
});

const analysisRow = z.object({
  key: z.string(), name: z.string(), received: z.number(), finished: z.number(), onTime: z.number(), onTimeRate: z.number().nullable(), avgUsedDays: z.number().nullable(),
  overdueOpen: z.number(), yellow: z.number(), red: z.number(), evaluations: z.number(), good: z.number(), goodRate: z.number().nullable(),
});
const period = z.object({ from: IsoDate, to: IsoDate });
const ruleBody = z.object({ serviceCode: z.string().trim().min(1).max(40), warnBefore: z.number().int().min(0).max(60), yellowOnPromise: z.boolean(), redOnLegal: z.boolean(), autoIssue: z.boolean() });
const settingsBody = z.object({ followupDays: z.number().int().min(1).max(60), grades: z.object({ excellent: z.number().min(0).max(100), good: z.number().min(0).max(100), pass: z.number().min(0).max(100) }) });

async function workbook(sheet: string, columns: { key: string; header: string; width?: number }[], rows: Record<string, unknown>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] instanceof Date ? chinaTime(r[c.key] as Date) : r[c.key] ?? ""])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
const LEVEL_TEXT: Record<string, string> = { finished: "已办结", paused: "特别程序中", normal: "正常", warning: "预警", yellow: "黄牌", red: "红牌" };

export function casesRoutes(r: Router, ctx: AppContext) {
  const db = ctx.db;

  r.get("/", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 办件查询: cases in the caller's scope with their live level; 证件号 masked (X2)", querystring: caseFilter.extend(Paging.shape), response: { 200: pageOf(caseItem) } },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return listCases(db, principalOf(req), f as CaseFilter, page, pageSize);
  });

  r.get("/export", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 办件导出 (xlsx, at most 50 000 rows); 证件号 and phone masked (X2)", querystring: caseFilter, response: { 200: binary(XLSX, "办件清单 Excel 文件") } },
  }, async (req, reply) => {
    const rows = await exportCases(db, principalOf(req), req.query as CaseFilter);
    const buf = await workbook("办件", [
      { key: "projid", header: "办件编号", width: 22 }, { key: "serviceName", header: "事项名称", width: 24 }, { key: "caseType", header: "办件类型" }, { key: "applicantName", header: "申请人" },
      { key: "applicantCardNo", header: "证件号码", width: 22 }, { key: "contactPhone", header: "联系电话" }, { key: "departmentName", header: "受理部门", width: 30 }, { key: "windowCode", header: "窗口" },
      { key: "acceptStaff", header: "受理人" }, { key: "acceptedAt", header: "受理时间", width: 20 }, { key: "promiseDueAt", header: "承诺办结时限", width: 20 }, { key: "finishedAt", header: "办结时间", width: 20 },
      { key: "levelText", header: "状态" }, { key: "result", header: "办结结果" }, { key: "satisfaction", header: "满意度" },
    ], rows.map((x) => ({ ...x, levelText: LEVEL_TEXT[x.level] })));
    reply.header("content-type", XLSX).header("content-disposition", disposition("办件清单.xlsx"));
    return reply.send(buf);
  });

  r.get("/org", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES departments and windows in the caller's scope", response: { 200: z.object({ departments: z.array(z.object({ code: z.string(), name: z.string(), divisionCode: z.string() })), windows: z.array(z.object({ code: z.string(), name: z.string(), hall: z.string(), departmentCode: z.string(), divisionCode: z.string() })) }) } },
  }, async (req) => listDepartmentsAndWindows(db, principalOf(req)));

  r.get("/board", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 预警看板: open cases per window by level at this moment (stored due instants against now), the most urgent first", querystring: z.object({ region, departmentCode: code, windowCode: code }), response: { 200: boardAnswer } },
  }, async (req) => board(db, principalOf(req), req.query));

  r.get("/cases/:id", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 办件详情: the live clock (working days used and left, net of 特别程序), steps, 特别程序, history, cards, 好差评", params: IdParams, response: { 200: detail } },
  }, async (req) => caseDetail(db, principalOf(req), req.params.id));

  r.post("/cases/:id/reveal", {
    config: { access: { permission: "cases.case.reveal-id", scope: "org" } },
    schema: { description: "X2: the applicant's full 证件号 and phone; audited", params: IdParams, response: { 200: z.object({ applicantCardNo: z.string(), contactPhone: z.string().nullable() }) } },
  }, async (req) => revealCase(db, principalOf(req), req.params.id, req.ip));

  // ——— Intake ———
  r.post("/intake", {
    config: { access: { permission: "cases.import", scope: "org" } },
    bodyLimit: 20 * 1024 * 1024,
    schema: { description: "S-CASES push API: the exchange tables (PRE_BASEINFO, PRE_PROCESS, PRE_SPECIALPROCEDURE, PRE_EVALUATION) as JSON; idempotent by PROJID and VERSION; answers the row-level report", body: exchangeSet, response: { 200: intakeReport } },
  }, async (req) => intakeSet(db, actorFor(req), principalOf(req), req.body as ExchangeSet, { source: "push" }));

  r.post("/intake/files", {
    config: { access: { permission: "cases.import", scope: "org" } },
    schema: { description: "S-CASES file intake: up to 5 files (csv named by table, xlsx with one sheet per table, json), multipart; answers the row-level report", response: { 200: intakeReport } },
  }, async (req) => {
    if (!req.isMultipart()) throw badRequest("CASES_NOT_MULTIPART", "请以文件上传（multipart/form-data）方式提交");
    const files: UploadedFile[] = [];
    try {
      for await (const part of req.files()) files.push({ name: part.filename || "upload", data: await part.toBuffer() });
    } catch (e) {
      if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new AppError(413, "CASES_FILE_TOO_LARGE", "文件超过 20 MB 的上传上限，请分批导入");
      throw e;
    }
    if (!files.length) throw badRequest("CASES_NO_FILE", "没有收到文件");
    return intakeSet(db, actorFor(req), principalOf(req), await readExchangeFiles(files), { source: "file" });
  });

  r.get("/intake/template", {
    config: { access: { permission: "cases.import", scope: "none" } },
    schema: { description: "S-CASES exchange-table template (xlsx, one sheet per PRE_* table)", response: { 200: binary(XLSX, "办件交换表模板 Excel 文件") } },
  }, async (_req, reply) => {
    const set: ExchangeSet = Object.fromEntries(Object.keys(EXCHANGE_TABLES).map((t) => [t, []]));
    reply.header("content-type", XLSX).header("content-disposition", disposition("办件交换表模板.xlsx"));
    return reply.send(await exchangeWorkbook(set));
  });

  // ——— Cards ———
  r.get("/cards", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 红黄牌 in the caller's scope (mine: of the windows I answer for)", querystring: Paging.extend({ status: z.enum(CARD_STATUSES).optional(), level: z.enum(["yellow", "red"]).optional(), mine: z.enum(["true", "false"]).optional() }), response: { 200: pageOf(cardItem.extend({ projid: z.string(), serviceName: z.string(), acceptStaff: z.string().nullable(), windowName: z.string().nullable() })) } },
  }, async (req) => {
    const { page, pageSize, mine, ...f } = req.query;
    return listCards(db, principalOf(req), { ...f, mine: mine === "true" }, page, pageSize);
  });

  r.post("/cards/sweep", {
    config: { access: { permission: "cases.warning.handle", scope: "org" } },
    schema: { description: "S-CASES run the card sweep now (the job does it every 10 minutes)", response: { 200: z.object({ issued: z.number(), pending: z.number(), cleared: z.number() }) } },
  }, async () => sweepAll(db, new Date()));

  r.post("/cards/:id/confirm", {
    config: { access: { permission: "cases.warning.handle", scope: "org" } },
    schema: { description: "S-CASES issue a card waiting for confirmation", params: IdParams, response: { 200: Ok } },
  }, async (req) => confirmCard(db, principalOf(req), req.params.id, req.ip));

  r.post("/cards/:id/appeal", {
    config: { access: { permission: "cases.card.appeal", scope: "org" } },
    schema: { description: "S-CASES a window appeals its card", params: IdParams, body: z.object({ reason: Text(500, "申诉理由") }), response: { 200: Ok } },
  }, async (req) => appealCard(db, principalOf(req), req.params.id, req.body.reason, req.ip));

  r.post("/cards/:id/decide", {
    config: { access: { permission: "cases.warning.handle", scope: "org" } },
    schema: { description: "S-CASES decide an appeal: 撤销, 打回 or 上报 (to the 州)", params: IdParams, body: z.object({ decision: z.enum(["撤销", "打回", "上报"]), note: Text(500, "处理意见") }), response: { 200: z.object({ ok: z.literal(true), status: z.string() }) } },
  }, async (req) => decideCard(db, principalOf(req), req.params.id, req.body, req.ip));

  // ——— 差评 follow-up ———
  r.get("/followups", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: { description: "S-CASES 差评整改 in the caller's scope, by deadline (late ones flagged)", querystring: z.object({ open: z.enum(["true", "false"]).optional(), late: z.enum(["true", "false"]).optional(), mine: z.enum(["true", "false"]).optional() }), response: { 200: z.object({ items: z.array(followupItem) }) } },
  }, async (req) => ({ items: await listFollowups(db, principalOf(req), { open: req.query.open === "true", late: req.query.late === "true", mine: req.query.mine === "true" }) }));

  r.post("/followups/:id/advance", {
    config: { access: { permission: "cases.case.read", scope: "org" } },
    schema: {
      description: "S-CASES one step of a 差评 follow-up (预审 → 恶意差评核查 → 核实 → 整改或解释 → 领导签字 → 回访 → 答复); the step's own function is checked (cases.review.followup, or cases.review.signoff for 领导签字)",
      params: IdParams,
      body: z.object({ note: Text(1000, "意见"), malicious: z.boolean().optional(), outcome: z.enum(["整改", "解释说明"]).optional(), satisfaction: z.number().int().min(1).max(5).optional() }),
      response: { 200: z.object({ id: z.number(), stage: z.string() }) },
    },
  }, async (req) => advanceFollowup(db, principalOf(req), req.params.id, req.body, req.ip));

  // ——— Analysis ———
  r.get("/stats/reviews", {
    config: { access: { permission: "cases.stats.read", scope: "org" } },
    schema: {
      description: "S-CASES 好差评 indicators for a period (好评率, 主动评价好评率, 未评率, 差评回复率, 回访整改率, 回访整改满意率, 实名差评回访率 and the late ones)",
      querystring: period.extend({ region }),
      response: { 200: z.object({ counts: z.record(z.string(), z.number()), rates: z.record(z.string(), z.number().nullable()), late: z.array(z.object({ id: z.number(), projid: z.string(), window: z.string().nullable(), dueDate: z.string(), stage: z.string() })) }) },
    },
  }, async (req) => {
    return reviewIndicators(db, regionScope(principalOf(req), req.query.region), req.query.from, req.query.to, chinaDate(new Date()));
  });

  r.get("/stats/analysis", {
    config: { access: { permission: "cases.stats.read", scope: "org" } },
    schema: { description: "S-CASES figures by department, 事项, window, staff, county or month for a period", querystring: period.extend({ by: z.enum(GROUPS), region }), response: { 200: z.object({ rows: z.array(analysisRow) }) } },
  }, async (req) => ({ rows: await analysis(db, regionScope(principalOf(req), req.query.region), req.query.by, req.query.from, req.query.to) }));

  r.get("/stats/analysis.xlsx", {
    config: { access: { permission: "cases.stats.read", scope: "org" } },
    schema: { description: "S-CASES the same figures as an Excel workbook", querystring: period.extend({ by: z.enum(GROUPS), region }), response: { 200: binary(XLSX, "办件统计分析 Excel 文件") } },
  }, async (req, reply) => {
    const rows = await analysis(db, regionScope(principalOf(req), req.query.region), req.query.by, req.query.from, req.query.to);
    const buf = await workbook("办件统计", [
      { key: "name", header: "分组", width: 30 }, { key: "received", header: "受理件数" }, { key: "finished", header: "办结件数" }, { key: "onTime", header: "按时办结" }, { key: "onTimeRate", header: "按时办结率(%)" },
      { key: "avgUsedDays", header: "平均办理时长(工作日)" }, { key: "overdueOpen", header: "超期未办结" }, { key: "yellow", header: "黄牌" }, { key: "red", header: "红牌" }, { key: "evaluations", header: "评价数" }, { key: "goodRate", header: "好评率(%)" },
    ], rows as unknown as Record<string, unknown>[]);
    reply.header("content-type", XLSX).header("content-disposition", disposition("办件统计分析.xlsx"));
    return reply.send(buf);
  });

  r.get("/stats/ranking", {
    config: { access: { permission: "cases.stats.read", scope: "org" } },
    schema: { description: "S-CASES monthly ranking of windows (score: 60 % on-time rate + 40 % 好评率 − cards)", querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份格式应为 YYYY-MM") }), response: { 200: z.object({ rows: z.array(analysisRow.extend({ score: z.number(), rank: z.number() })) }) } },
  }, async (req) => ({ rows: await monthlyRanking(db, principalOf(req), req.query.month) }));

  r.get("/stats/grades", {
    config: { access: { permission: "cases.stats.read", scope: "org" } },
    schema: { description: "S-CASES quarterly grade of windows 优秀/良好/合格/不合格 by the configured thresholds", querystring: z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/, "季度格式应为 YYYY-Q1…Q4") }), response: { 200: z.object({ thresholds: z.object({ excellent: z.number(), good: z.number(), pass: z.number() }), rows: z.array(analysisRow.extend({ score: z.number(), grade: z.string() })) }) } },
  }, async (req) => {
    const s = await readSettings(db);
    return { thresholds: s.grades, rows: await quarterlyGrades(db, principalOf(req), req.query.quarter, s.grades) };
  });

  // ——— Settings ———
  r.get("/rules", {
    config: { access: { permission: "cases.case.read", scope: "reference" } },
    schema: { description: "S-CASES warning levels (global '*' and per 事项) and the follow-up deadline and grade thresholds", response: { 200: z.object({ rules: z.array(ruleBody), settings: settingsBody }) } },
  }, async () => ({ rules: await listRules(db), settings: await readSettings(db) }));

  r.put("/rules", {
    config: { access: { permission: "cases.warning.handle", scope: "reference" } },
    schema: { description: "S-CASES change the warning levels of one 事项 or '*' (州 level); open cases are recomputed", body: ruleBody, response: { 200: z.object({ ok: z.literal(true), recomputed: z.number() }) } },
  }, async (req) => saveRule(db, principalOf(req), req.body, req.ip));

  r.put("/settings", {
    config: { access: { permission: "cases.warning.handle", scope: "reference" } },
    schema: { description: "S-CASES follow-up deadline (working days) and quarterly grade thresholds (州 level)", body: settingsBody, response: { 200: Ok } },
  }, async (req) => saveSettings(db, principalOf(req), req.body, req.ip));
}
