/**
 * ANALYTICS 人社数据分析 API (S-ANALYTICS, P9, X2). Every route declares its function code and data scope; every
 * region a caller names goes through regionFor (src/analytics/query.ts): inside the caller's scope, never above it.
 * Reads go through the analytics read database (the replica when ANALYTICS_DATABASE_URL is set, src/analytics/readdb.ts);
 * writes (targets, thresholds) go to the primary.
 */
import ExcelJS from "exceljs";
import { z } from "zod";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { binary, IdParams, IsoDate, Paging, Timestamp } from "../core/http/schemas.js";
import { badRequest } from "../core/errors.js";
import { chinaDate } from "../core/calendar.js";
import { allIndicators, dashboard, metaOf, monthPeriod, previousMonth, recordsOf, type Dashboard, type Period } from "./query.js";
import { snapshotPeriods, snapshotValues } from "./snapshots.js";
import { importTargets, setTargets, setThresholds, targetIndicators, targetProgress, targetTemplate, thresholds } from "./targets.js";
import { listReports, reportFile } from "./reports.js";
import { analyticsReadDb } from "./readdb.js";
import { AREA_ORDER, AREA_TITLES, keyIndicatorCodes } from "./areas.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const Workbook = (what: string) => ({ 200: binary(XLSX, what) });
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const Region = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, "地区代码应为6、9或12位区划代码");
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份格式应为 YYYY-MM");
const Year = z.coerce.number().int().min(2000).max(2100);

const PeriodQuery = z.object({
  month: Month.optional().describe("统计月份（默认本月）；与 from/to 二选一"),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

function periodOf(q: z.infer<typeof PeriodQuery>): Period & { month: string } {
  const today = chinaDate(new Date());
  if (q.from || q.to) {
    if (!q.from || !q.to) throw badRequest("ANALYTICS_PERIOD_INVALID", "请同时给出起止日期");
    if (q.from > q.to) throw badRequest("ANALYTICS_PERIOD_INVALID", "开始日期不能晚于结束日期");
    return { from: q.from, to: q.to, month: q.to.slice(0, 7) };
  }
  const month = q.month ?? today.slice(0, 7);
  return { ...monthPeriod(month, today), month };
}

const Meta = z.object({ code: z.string(), name: z.string(), unit: z.string(), area: z.string(), kind: z.enum(["stock", "flow"]), additive: z.boolean(), hasRecords: z.boolean() });
const Node = z.object({ code: z.string(), name: z.string() });
const Values = z.record(z.string(), z.number());
const Compare = z.object({ period: z.string(), totals: z.record(z.string(), z.number()), rows: z.record(z.string(), Values) }).nullable();
const DashboardAnswer = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.enum(["prefecture", "county", "township", "village"]) }),
  childLevel: z.enum(["county", "township", "village"]).nullable(),
  breadcrumb: z.array(Node),
  period: z.object({ from: z.string(), to: z.string() }),
  indicators: z.array(Meta),
  totals: z.record(z.string(), z.number().nullable()),
  rows: z.array(z.object({ code: z.string(), name: z.string(), drillable: z.boolean(), values: Values })),
  compare: z.object({ mom: Compare, yoy: Compare }),
  keyIndicators: z.array(z.string()),
  source: z.enum(["replica", "primary"]),
});

/** Period comparison from the snapshots: the region and its (non-village) children, for month and month − 12. */
async function comparisons(q: Parameters<typeof snapshotValues>[0], scope: { scopePrefix: string }, d: Dashboard, month: string) {
  const codes = [d.region.code, ...d.rows.map((r) => r.code)];
  const inds = d.indicators.map((i) => i.code);
  const one = async (period: string) => {
    const v = await snapshotValues(q, scope, period, codes, inds);
    if (!v.size) return null;
    const totals: Record<string, number> = {};
    const rows: Record<string, Record<string, number>> = {};
    for (const [ind, byCode] of v) {
      for (const [code, value] of byCode) {
        if (code === d.region.code) totals[ind] = value;
        else (rows[code] ??= {})[ind] = value;
      }
    }
    return { period, totals, rows };
  };
  const [mom, yoy] = await Promise.all([one(previousMonth(month)), one(previousMonth(month, 12))]);
  return { mom, yoy };
}

const indicatorList = (s?: string) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined);

export function analyticsRoutes(r: Router, ctx: AppContext) {
  const read = () => analyticsReadDb(ctx.db);

  r.get("/indicators", {
    config: { access: { permission: "analytics.dashboard.read", scope: "reference" } },
    schema: {
      description: "S-ANALYTICS: every indicator the modules offer, grouped by area",
      response: { 200: z.object({ areas: z.array(z.object({ area: z.string(), title: z.string(), indicators: z.array(Meta) })), keyIndicators: z.array(z.string()) }) },
    },
  }, async () => {
    const all = allIndicators(ctx.modules).map(metaOf);
    return {
      areas: AREA_ORDER.map((a) => ({ area: a, title: AREA_TITLES[a], indicators: all.filter((i) => i.area === a) })).filter((a) => a.indicators.length),
      keyIndicators: keyIndicatorCodes(all),
    };
  });

  r.get("/dashboard", {
    config: { access: { permission: "analytics.dashboard.read", scope: "org" } },
    schema: {
      description: "S-ANALYTICS dashboard of a region (default: the caller's own organisation; never above it) broken down by its children, for a period, with 环比/同比 from the monthly snapshots",
      querystring: PeriodQuery.extend({ region: Region.optional(), indicators: z.string().max(4000).optional().describe("指标代码，逗号分隔（默认全部）") }),
      response: { 200: DashboardAnswer },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { db, source } = read();
    const period = periodOf(req.query);
    const d = await dashboard(db, p, ctx.modules, { region: req.query.region, period, indicators: indicatorList(req.query.indicators) });
    const compare = await comparisons(db, p, d, period.month);
    return { ...d, compare, keyIndicators: keyIndicatorCodes(d.indicators), source };
  });

  r.get("/records", {
    config: { access: { permission: "analytics.dashboard.read", scope: "org" } },
    schema: {
      description: "S-ANALYTICS the records behind one number (a division inside the caller's scope), masked; total equals the number",
      querystring: PeriodQuery.extend({ indicator: z.string().min(1).max(100), code: Region }).merge(Paging),
      response: {
        200: z.object({
          indicator: Meta,
          region: Node,
          columns: z.array(z.object({ key: z.string(), title: z.string() })),
          rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
          total: z.number().int(),
          page: z.number().int(),
          pageSize: z.number().int(),
        }),
      },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { db } = read();
    const r2 = await recordsOf(db, p, ctx.modules, { indicator: req.query.indicator, code: req.query.code, period: periodOf(req.query), page: req.query.page, pageSize: req.query.pageSize });
    return { ...r2, page: req.query.page, pageSize: req.query.pageSize };
  });

  r.get("/dashboard.xlsx", {
    config: { access: { permission: "analytics.export", scope: "org" } },
    schema: {
      description: "S-ANALYTICS the dashboard table as Excel (the same numbers, the same scope rule)",
      querystring: PeriodQuery.extend({ region: Region.optional(), indicators: z.string().max(4000).optional() }),
      response: Workbook("数据看板 Excel"),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const { db } = read();
    const period = periodOf(req.query);
    const d = await dashboard(db, p, ctx.modules, { region: req.query.region, period, indicators: indicatorList(req.query.indicators) });
    const wb = new ExcelJS.Workbook();
    wb.creator = "恩施州劳动力资源信息平台";
    const ws = wb.addWorksheet("数据看板");
    ws.addRow([`${d.region.name}　统计期间 ${period.from} 至 ${period.to}`]);
    ws.addRow(["地区代码", "地区", ...d.indicators.map((i) => `${i.name}（${i.unit}）`)]).font = { bold: true };
    for (const row of d.rows) ws.addRow([row.code, row.name, ...d.indicators.map((i) => row.values[i.code] ?? 0)]);
    ws.addRow([d.region.code, `${d.region.name}合计`, ...d.indicators.map((i) => d.totals[i.code] ?? "—")]).font = { bold: true };
    ws.getColumn(1).width = 16;
    ws.getColumn(2).width = 22;
    reply.header("content-type", XLSX).header("content-disposition", disposition(`${d.region.name}数据看板-${period.month}.xlsx`));
    return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  r.get("/records.xlsx", {
    config: { access: { permission: "analytics.export", scope: "org" } },
    schema: {
      description: "S-ANALYTICS the records behind one number as Excel (masked, at most 5 000 rows, same scope rule)",
      querystring: PeriodQuery.extend({ indicator: z.string().min(1).max(100), code: Region }),
      response: Workbook("指标明细 Excel"),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const { db } = read();
    const period = periodOf(req.query);
    const first = await recordsOf(db, p, ctx.modules, { indicator: req.query.indicator, code: req.query.code, period, page: 1, pageSize: 200 });
    const all = [...first.rows];
    for (let page = 2; all.length < Math.min(first.total, 5000); page++) {
      const more = await recordsOf(db, p, ctx.modules, { indicator: req.query.indicator, code: req.query.code, period, page, pageSize: 200 });
      if (!more.rows.length) break;
      all.push(...more.rows);
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("明细");
    ws.addRow([`${first.indicator.name} — ${first.region.name}　统计期间 ${period.from} 至 ${period.to}　共 ${first.total} 条${first.total > all.length ? `（导出前 ${all.length} 条）` : ""}`]);
    ws.addRow(first.columns.map((c) => c.title)).font = { bold: true };
    for (const r of all.slice(0, 5000)) ws.addRow(first.columns.map((c) => r[c.key] ?? ""));
    reply.header("content-type", XLSX).header("content-disposition", disposition(`${first.region.name}${first.indicator.name}明细.xlsx`));
    return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  r.get("/targets.xlsx", {
    config: { access: { permission: "analytics.export", scope: "org" } },
    schema: { description: "S-ANALYTICS target progress of the caller's scope as Excel", querystring: z.object({ year: Year.optional() }), response: Workbook("目标任务完成情况 Excel") },
  }, async (req, reply) => {
    const p = principalOf(req);
    const today = chinaDate(new Date());
    const year = req.query.year ?? Number(today.slice(0, 4));
    const res = await targetProgress(read().db, p, ctx.modules, year, today);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${year}年度目标任务完成情况`);
    ws.addRow([`${year}年度目标任务完成情况　时序进度 ${res.schedulePct.toFixed(1)}%`]);
    ws.addRow(["县（市）", "指标", "单位", "年度目标", "已完成", "完成全年目标（%）", "时序进度（%）", "状态"]).font = { bold: true };
    const RAG = { green: "正常", amber: "滞后", red: "严重滞后" } as const;
    for (const i of res.items) ws.addRow([i.countyName, i.indicatorName, i.unit, i.target, i.actual, Number(i.achievedPct.toFixed(1)), Number(i.schedulePct.toFixed(1)), RAG[i.rag]]);
    reply.header("content-type", XLSX).header("content-disposition", disposition(`${year}年度目标任务完成情况.xlsx`));
    return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  r.get("/periods", {
    config: { access: { permission: "analytics.dashboard.read", scope: "reference" } },
    schema: { description: "S-ANALYTICS months that have a snapshot (newest first)", response: { 200: z.object({ periods: z.array(z.string()) }) } },
  }, async () => ({ periods: await snapshotPeriods(read().db) }));

  // ---------------------------------------------------------------- targets

  const Progress = z.object({
    countyCode: z.string(), countyName: z.string(), indicator: z.string(), indicatorName: z.string(), unit: z.string(),
    target: z.number(), actual: z.number(), achievedPct: z.number(), schedulePct: z.number(), rag: z.enum(["green", "amber", "red"]),
  });
  const ThresholdsBody = z.object({ greenRatio: z.number().min(0.01).max(2), amberRatio: z.number().min(0.01).max(2) });

  r.get("/targets", {
    config: { access: { permission: "analytics.dashboard.read", scope: "org" } },
    schema: {
      description: "S-ANALYTICS annual targets in the caller's scope with 完成率 against 时序进度 and red/amber/green",
      querystring: z.object({ year: Year.optional() }),
      response: { 200: z.object({ year: z.number().int(), schedulePct: z.number(), thresholds: ThresholdsBody, items: z.array(Progress), indicators: z.array(Meta) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const today = chinaDate(new Date());
    const year = req.query.year ?? Number(today.slice(0, 4));
    const res = await targetProgress(read().db, p, ctx.modules, year, today);
    return { ...res, indicators: targetIndicators(ctx.modules) };
  });

  r.put("/targets", {
    config: { access: { permission: "analytics.target.manage", scope: "org" } },
    schema: {
      description: "S-ANALYTICS set annual targets (州 analysts), audited; all rows or none",
      body: z.object({ year: Year, rows: z.array(z.object({ countyCode: z.string().regex(/^\d{6}$/), indicator: z.string().min(1).max(100), target: z.number().positive() })).min(1).max(2000) }),
      response: { 200: z.object({ saved: z.number().int() }) },
    },
  }, async (req) => setTargets(ctx.db, principalOf(req), ctx.modules, req.body.year, req.body.rows, actorFor(req)));

  r.get("/targets/template", {
    config: { access: { permission: "analytics.target.manage", scope: "reference" } },
    schema: { description: "S-ANALYTICS the annual target Excel template (one row per county and indicator, current targets filled in)", querystring: z.object({ year: Year }), response: Workbook("年度目标任务模板 Excel") },
  }, async (req, reply) => {
    reply.header("content-type", XLSX).header("content-disposition", disposition(`${req.query.year}年度目标任务模板.xlsx`));
    return reply.send(await targetTemplate(ctx.db, ctx.modules, req.query.year));
  });

  r.post("/targets/import", {
    config: { access: { permission: "analytics.target.manage", scope: "org" } },
    schema: {
      description: "S-ANALYTICS upload a filled target template (multipart field 'file'): row-level errors, nothing saved when any row is wrong, audited",
      querystring: z.object({ year: Year }),
      response: { 200: z.object({ saved: z.number().int(), errors: z.array(z.object({ row: z.number().int(), message: z.string() })) }) },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw badRequest("ANALYTICS_TARGET_FILE", "请以文件上传（multipart/form-data，字段名 file）方式提交");
    const part = await req.file({ limits: { fileSize: 5 * 1024 * 1024 } });
    if (!part) throw badRequest("ANALYTICS_TARGET_FILE", "没有收到文件");
    let buf: Buffer;
    try {
      buf = await part.toBuffer();
    } catch {
      throw badRequest("ANALYTICS_TARGET_FILE", "文件超过 5 MB 或上传中断");
    }
    return importTargets(ctx.db, principalOf(req), ctx.modules, req.query.year, buf, actorFor(req));
  });

  r.get("/thresholds", {
    config: { access: { permission: "analytics.dashboard.read", scope: "none" } },
    schema: { description: "S-ANALYTICS red/amber/green ratios", response: { 200: ThresholdsBody } },
  }, async () => thresholds(ctx.db));

  r.put("/thresholds", {
    config: { access: { permission: "analytics.target.manage", scope: "none" } },
    schema: { description: "S-ANALYTICS set the red/amber/green ratios (州 analysts), audited", body: ThresholdsBody, response: { 200: ThresholdsBody } },
  }, async (req) => setThresholds(ctx.db, principalOf(req), req.body, actorFor(req)));

  // ---------------------------------------------------------------- reports

  r.get("/reports", {
    config: { access: { permission: "analytics.dashboard.read", scope: "org" } },
    schema: {
      description: "S-ANALYTICS archived monthly reports of regions inside the caller's scope",
      response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), period: z.string(), regionCode: z.string(), regionName: z.string(), size: z.number().int(), createdAt: Timestamp })) }) },
    },
  }, async (req) => ({ items: await listReports(ctx.db, principalOf(req)) }));

  r.get("/reports/:id/pdf", {
    config: { access: { permission: "analytics.dashboard.read", scope: "org" } },
    schema: { description: "S-ANALYTICS download an archived monthly report (PDF), inside the caller's scope", params: IdParams, response: { 200: binary("application/pdf", "月度分析报告 PDF") } },
  }, async (req, reply) => {
    const f = await reportFile(ctx.db, principalOf(req), req.params.id);
    reply.header("content-type", "application/pdf").header("content-disposition", disposition(f.name));
    return reply.send(f.data);
  });

}
