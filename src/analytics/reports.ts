/**
 * S-ANALYTICS 月度分析报告: a PDF per month for the 州 and for each county (tables and a chart), typeset by the printing
 * engine (src/core/print.ts, template print/monthly.typ) with the chart rendered server-side by ECharts to an SVG
 * string, archived in the file store (src/core/files.ts, kept in the database so that any instance can serve it).
 * A report shows one region's numbers only; the list a caller sees holds the reports of regions inside their scope
 * (a township sees none: there is no township report, and no county report reaches it).
 */
import * as echarts from "echarts";
import { and, desc, eq } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import type { PlatformModule } from "../core/module.js";
import type { JobDef } from "../core/jobs.js";
import { printPdf } from "../core/print.js";
import { readStoredFile, storeFile } from "../core/files.js";
import { chinaDate } from "../core/calendar.js";
import { PREFECTURE_CODE, requireInScope, scopeFilter, type Scoped } from "../core/access/scope.js";
import { notFound } from "../core/errors.js";
import { orgNodes } from "../core/db/schema.js";
import { dashboard, monthPeriod, previousMonth } from "./query.js";
import { snapshotValues, lastMonthOf, nextMonthStart } from "./snapshots.js";
import { targetProgress } from "./targets.js";
import { AREA_ORDER, AREA_TITLES, keyIndicatorCodes } from "./areas.js";
import { analyticsReports } from "./schema.js";

export const REPORT_JOB = "analytics.monthly-report";
const TEMPLATE = new URL("./print/monthly.typ", import.meta.url);
const FILES = { dir: "", inDatabase: true };

const fmt = (v: number | null | undefined, unit = "") => (v === null || v === undefined ? "—" : unit === "%" ? v.toFixed(1) : Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2));
const pct = (cur: number | null, prev: number | null | undefined) => (cur === null || prev === null || prev === undefined || prev === 0 ? "—" : `${(((cur - prev) / prev) * 100).toFixed(1)}%`);

/** A bar chart as an SVG string (ECharts server-side rendering). */
export function barSvg(title: string, names: string[], values: number[], width = 720, height = 320): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: "Noto Serif SC" },
    title: { text: title, left: "center", textStyle: { fontSize: 14 } },
    grid: { left: 60, right: 20, top: 40, bottom: names.length > 8 ? 80 : 40 },
    xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 40 : 0 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: values, itemStyle: { color: "#1f5fa8" }, label: { show: names.length <= 12, position: "top" } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The data the template prints for one region and month. */
export async function reportData(q: Queryable, modules: readonly PlatformModule[], regionCode: string, period: string, now: Date) {
  const today = chinaDate(now);
  const p = monthPeriod(period, today);
  const scope = { scopePrefix: regionCode === PREFECTURE_CODE ? "4228" : regionCode, orgCode: regionCode };
  const d = await dashboard(q, scope, modules, { region: regionCode, period: p });
  const codes = d.indicators.map((i) => i.code);
  const [mom, yoy] = await Promise.all([
    snapshotValues(q, scope, previousMonth(period), [regionCode], codes),
    snapshotValues(q, scope, previousMonth(period, 12), [regionCode], codes),
  ]);
  const areas = AREA_ORDER.map((area) => ({
    title: AREA_TITLES[area],
    rows: d.indicators.filter((i) => i.area === area).map((i) => {
      const v = d.totals[i.code] ?? null;
      const m = mom.get(i.code)?.get(regionCode), y = yoy.get(i.code)?.get(regionCode);
      return { name: i.name, unit: i.unit, value: fmt(v, i.unit), mom: fmt(m, i.unit), momPct: pct(v, m), yoy: fmt(y, i.unit), yoyPct: pct(v, y) };
    }),
  })).filter((a) => a.rows.length);
  const keys = keyIndicatorCodes(d.indicators).slice(0, 6);
  const lead = d.indicators.find((i) => i.code === "labor.transfer") ?? d.indicators.find((i) => i.additive);
  const drillRows = d.rows.filter((r) => r.drillable);
  const chart = lead && drillRows.length ? { title: `${lead.name}（分地区）`, svg: barSvg(`${lead.name}（${lead.unit}）`, drillRows.map((r) => r.name), drillRows.map((r) => r.values[lead.code] ?? 0)) } : null;
  const targets = regionCode.length <= 6 ? await targetProgress(q, scope, modules, Number(period.slice(0, 4)), p.to) : null;
  const RAG = { green: "绿", amber: "黄", red: "红" } as const;
  return {
    title: `${d.region.name}人社数据分析月报（${period.slice(0, 4)}年${Number(period.slice(5))}月）`,
    region: d.region,
    period: p,
    generatedAt: now.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    areas,
    chart,
    breakdown: {
      columns: keys.map((k) => d.indicators.find((i) => i.code === k)!.name),
      rows: d.rows.map((r) => ({ name: r.name, values: keys.map((k) => fmt(r.values[k])) })),
    },
    schedulePct: targets ? `${targets.schedulePct.toFixed(1)}%` : "",
    targets: (targets?.items ?? []).map((t) => ({ county: t.countyName, indicator: t.indicatorName, target: fmt(t.target), actual: fmt(t.actual), pct: `${t.achievedPct.toFixed(1)}%`, rag: RAG[t.rag] })),
  };
}

export function renderReport(data: unknown): Buffer {
  return printPdf(TEMPLATE, data);
}

/** Generate and archive the month's reports (州 and every county); a report already made is kept as it was. */
export async function generateMonthlyReports(db: Db, modules: readonly PlatformModule[], period: string, now: Date): Promise<{ period: string; made: number }> {
  const regions = [{ code: PREFECTURE_CODE, name: "恩施州" }, ...(await db.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.parentCode, PREFECTURE_CODE)))];
  const [prefName] = await db.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.code, PREFECTURE_CODE));
  if (prefName) regions[0]!.name = prefName.name;
  let made = 0;
  for (const r of regions) {
    const [have] = await db.select({ id: analyticsReports.id }).from(analyticsReports).where(and(eq(analyticsReports.period, period), eq(analyticsReports.regionCode, r.code)));
    if (have) continue;
    const pdf = renderReport(await reportData(db, modules, r.code, period, now));
    await db.transaction(async (tx) => {
      const f = await storeFile(tx, FILES, pdf, ["pdf"], null);
      await tx.insert(analyticsReports).values({ period, regionCode: r.code, regionName: r.name, sha256: f.sha256, size: f.size, createdAt: now }).onConflictDoNothing();
    });
    made++;
  }
  return { period, made };
}

export const reportJob: JobDef = {
  name: REPORT_JOB,
  // After the snapshot (01:30 on the 1st), so that the month's comparisons are there.
  next: (now) => nextMonthStart(now, 3, 0),
  run: (db, now, modules) => generateMonthlyReports(db, modules, lastMonthOf(now), now),
  leaseMs: 60 * 60_000,
};

/** The reports of regions inside the caller's scope, newest first. */
export async function listReports(q: Queryable, s: Scoped) {
  return q.select({ id: analyticsReports.id, period: analyticsReports.period, regionCode: analyticsReports.regionCode, regionName: analyticsReports.regionName, size: analyticsReports.size, createdAt: analyticsReports.createdAt })
    .from(analyticsReports).where(scopeFilter(s, analyticsReports.regionCode)).orderBy(desc(analyticsReports.period), analyticsReports.regionCode);
}

export async function reportFile(q: Queryable, s: Scoped, id: number): Promise<{ data: Buffer; name: string }> {
  const [r] = await q.select().from(analyticsReports).where(eq(analyticsReports.id, id));
  if (!r) throw notFound("ANALYTICS_REPORT_NOT_FOUND", "报告不存在");
  requireInScope(s, r.regionCode, "该报告");
  const f = await readStoredFile(q, FILES, r.sha256);
  return { data: f.data, name: `${r.regionName}人社数据分析月报-${r.period}.pdf` };
}
