/**
 * S-ANALYTICS 年度目标任务: annual targets per county and indicator, entered by 州 analysts (analytics.target.manage)
 * one by one or through an Excel template (every row checked, row-level errors, all-or-nothing, audited), and the
 * progress against the time schedule: "完成全年目标 X %，时序进度 Y %", red/amber/green by the configurable ratios of
 * analytics_settings (green: X ≥ Y × green; amber: X ≥ Y × amber; red below).
 */
import ExcelJS from "exceljs";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import type { PlatformModule } from "../core/module.js";
import type { Principal } from "../core/access/principal.js";
import { audit, type Actor } from "../core/audit.js";
import { badRequest, forbidden } from "../core/errors.js";
import { orgNodes } from "../core/db/schema.js";
import { PREFECTURE_CODE, inScope, scopeFilter } from "../core/access/scope.js";
import { allIndicators, findIndicator, metaOf, type IndicatorMeta } from "./query.js";
import { analyticsSettings, analyticsTargets } from "./schema.js";

export interface Thresholds {
  greenRatio: number;
  amberRatio: number;
}

export type Rag = "green" | "amber" | "red";

export function ragOf(achievedPct: number, schedulePct: number, t: Thresholds): Rag {
  if (achievedPct >= schedulePct * t.greenRatio) return "green";
  if (achievedPct >= schedulePct * t.amberRatio) return "amber";
  return "red";
}

/** 时序进度: the share of the year elapsed on `today` (days counted inclusive), 0 before the year, 100 after it. */
export function schedulePct(year: number, today: string): number {
  const start = Date.UTC(year, 0, 1), end = Date.UTC(year + 1, 0, 1);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d) + 86_400_000;
  if (t <= start) return 0;
  if (t >= end) return 100;
  return ((t - start) / (end - start)) * 100;
}

export async function thresholds(q: Queryable): Promise<Thresholds> {
  const [s] = await q.select({ greenRatio: analyticsSettings.greenRatio, amberRatio: analyticsSettings.amberRatio }).from(analyticsSettings).where(eq(analyticsSettings.id, 1));
  return s ?? { greenRatio: 1, amberRatio: 0.9 };
}

export async function setThresholds(db: Db, p: Principal, t: Thresholds, actor: Actor): Promise<Thresholds> {
  requirePrefecture(p);
  if (!(t.amberRatio > 0 && t.amberRatio <= t.greenRatio && t.greenRatio <= 2)) throw badRequest("ANALYTICS_THRESHOLDS_INVALID", "黄色阈值应大于0且不高于绿色阈值，绿色阈值不超过2");
  return db.transaction(async (tx) => {
    const before = await thresholds(tx);
    await tx.insert(analyticsSettings).values({ id: 1, ...t, updatedBy: p.accountId, updatedAt: new Date() })
      .onConflictDoUpdate({ target: analyticsSettings.id, set: { ...t, updatedBy: p.accountId, updatedAt: new Date() } });
    await audit(tx, actor, { event: "analytics.thresholds.set", objectType: "analytics_settings", objectId: 1, detail: { before, after: t } });
    return t;
  });
}

/** Targets are set for the 州's counties by 州 analysts only. */
function requirePrefecture(p: Principal) {
  if (p.orgCode !== PREFECTURE_CODE) throw forbidden("ANALYTICS_TARGET_PREFECTURE_ONLY", "年度目标任务由州级数据分析员下达");
}

async function counties(q: Queryable): Promise<{ code: string; name: string }[]> {
  return q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.parentCode, PREFECTURE_CODE)).orderBy(asc(orgNodes.code));
}

/** Indicators a target can be set for: counts (additive), so that a county's year-to-date value is well defined. */
export function targetIndicators(modules: readonly PlatformModule[]): IndicatorMeta[] {
  return allIndicators(modules).filter((i) => i.additive).map(metaOf);
}

export interface TargetInput {
  countyCode: string;
  indicator: string;
  target: number;
}

async function writeTargets(tx: Queryable, p: Principal, year: number, rows: TargetInput[], actor: Actor, how: string) {
  for (const r of rows) {
    await tx.insert(analyticsTargets).values({ year, countyCode: r.countyCode, indicator: r.indicator, target: r.target, updatedBy: p.accountId })
      .onConflictDoUpdate({ target: [analyticsTargets.year, analyticsTargets.countyCode, analyticsTargets.indicator], set: { target: r.target, updatedBy: p.accountId, updatedAt: new Date() } });
  }
  await audit(tx, actor, { event: "analytics.targets.set", objectType: "analytics_targets", objectId: year, detail: { year, how, count: rows.length, rows: rows.slice(0, 200) } });
}

export interface RowError {
  row: number;
  message: string;
}

/** Check rows against the counties and indicators; the errors name the row. */
async function checkRows(q: Queryable, modules: readonly PlatformModule[], rows: (TargetInput & { row: number })[]): Promise<RowError[]> {
  const cs = new Set((await counties(q)).map((c) => c.code));
  const inds = new Set(targetIndicators(modules).map((i) => i.code));
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (!cs.has(r.countyCode)) errors.push({ row: r.row, message: `县（市）代码“${r.countyCode}”不是本州的县（市）` });
    if (!inds.has(r.indicator)) errors.push({ row: r.row, message: `指标代码“${r.indicator}”不存在或不能设定目标` });
    if (!Number.isFinite(r.target) || r.target <= 0) errors.push({ row: r.row, message: "年度目标应为大于0的数" });
    const key = `${r.countyCode}|${r.indicator}`;
    if (seen.has(key)) errors.push({ row: r.row, message: "同一县（市）同一指标重复填写" });
    seen.add(key);
  }
  return errors;
}

export async function setTargets(db: Db, p: Principal, modules: readonly PlatformModule[], year: number, rows: TargetInput[], actor: Actor): Promise<{ saved: number }> {
  requirePrefecture(p);
  const errors = await checkRows(db, modules, rows.map((r, i) => ({ ...r, row: i + 1 })));
  if (errors.length) throw badRequest("ANALYTICS_TARGET_INVALID", errors.map((e) => `第${e.row}项：${e.message}`).join("；"));
  await db.transaction((tx) => writeTargets(tx, p, year, rows, actor, "form"));
  return { saved: rows.length };
}

const HEAD = ["县（市）代码", "县（市）名称", "指标代码", "指标名称", "单位", "年度目标"];

/** The Excel template: one row per county and target indicator, current targets filled in. */
export async function targetTemplate(q: Queryable, modules: readonly PlatformModule[], year: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  const ws = wb.addWorksheet(`${year}年度目标任务`);
  ws.columns = HEAD.map((h, i) => ({ header: h, width: [14, 14, 30, 30, 8, 14][i] }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const existing = await q.select().from(analyticsTargets).where(eq(analyticsTargets.year, year));
  const byKey = new Map(existing.map((t) => [`${t.countyCode}|${t.indicator}`, t.target]));
  for (const c of await counties(q)) {
    for (const i of targetIndicators(modules)) ws.addRow([c.code, c.name, i.code, i.name, i.unit, byKey.get(`${c.code}|${i.code}`) ?? null]);
  }
  ws.getColumn(1).numFmt = "@";
  const help = wb.addWorksheet("填写说明");
  help.addRow([`填写“年度目标”一列（大于0的数）；不设目标的行留空。年度：${year}。上传时逐行校验，有任何错误则整表不导入。`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "result" in v) return String(v.result ?? "");
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  return String(v).trim();
}

/** Import a filled template: every row checked; any error and nothing is saved (the errors name the rows). */
export async function importTargets(db: Db, p: Principal, modules: readonly PlatformModule[], year: number, file: Buffer, actor: Actor): Promise<{ saved: number; errors: RowError[] }> {
  requirePrefecture(p);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw badRequest("ANALYTICS_TARGET_FILE", "无法读取文件：请使用下载的 Excel 模板填写");
  }
  const ws = wb.worksheets[0];
  if (!ws || HEAD.some((h, i) => cellText(ws.getRow(1).getCell(i + 1).value) !== h)) throw badRequest("ANALYTICS_TARGET_FILE", "表头与模板不一致：请使用下载的 Excel 模板填写");
  const rows: (TargetInput & { row: number })[] = [];
  const errors: RowError[] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    const county = cellText(r.getCell(1).value), ind = cellText(r.getCell(3).value), raw = cellText(r.getCell(6).value);
    if (!county && !ind && !raw) continue;
    if (!raw) continue;
    const target = Number(raw);
    if (!Number.isFinite(target)) {
      errors.push({ row: n, message: `年度目标“${raw}”不是数字` });
      continue;
    }
    rows.push({ row: n, countyCode: county, indicator: ind, target });
  }
  errors.push(...(await checkRows(db, modules, rows)));
  errors.sort((a, b) => a.row - b.row);
  if (errors.length) {
    await audit(db, actor, { event: "analytics.targets.import", objectType: "analytics_targets", objectId: year, outcome: "failure", detail: { year, rows: rows.length, errors: errors.length } });
    return { saved: 0, errors };
  }
  await db.transaction((tx) => writeTargets(tx, p, year, rows, actor, "excel"));
  return { saved: rows.length, errors: [] };
}

export interface TargetProgress {
  countyCode: string;
  countyName: string;
  indicator: string;
  indicatorName: string;
  unit: string;
  target: number;
  actual: number;
  achievedPct: number;
  schedulePct: number;
  rag: Rag;
}

/** Progress of the targets of a year that lie in the caller's scope (a county sees its own; a township none). */
export async function targetProgress(q: Queryable, p: Pick<Principal, "scopePrefix">, modules: readonly PlatformModule[], year: number, today: string): Promise<{ year: number; schedulePct: number; thresholds: Thresholds; items: TargetProgress[] }> {
  const list = await q.select().from(analyticsTargets).where(and(eq(analyticsTargets.year, year), scopeFilter(p, analyticsTargets.countyCode))).orderBy(asc(analyticsTargets.indicator), asc(analyticsTargets.countyCode));
  const names = new Map((await counties(q)).map((c) => [c.code, c.name]));
  const t = await thresholds(q);
  const sched = schedulePct(year, today);
  const to = today < `${year}-12-31` ? today : `${year}-12-31`;
  const from = `${year}-01-01`;
  const byIndicator = new Map<string, Map<string, number>>();
  for (const code of new Set(list.map((x) => x.indicator))) {
    let ind;
    try {
      ind = findIndicator(modules, code);
    } catch {
      continue;
    }
    const vals = to < from ? [] : await ind.compute(q, { scope: { scopePrefix: p.scopePrefix }, groupBy: "county", from, to });
    byIndicator.set(code, new Map(vals.filter((v) => inScope(p, v.code)).map((v) => [v.code, Number(v.value)])));
  }
  const metas = new Map(allIndicators(modules).map((i) => [i.code, i]));
  const items: TargetProgress[] = [];
  for (const x of list) {
    const m = metas.get(x.indicator);
    if (!m) continue;
    const actual = byIndicator.get(x.indicator)?.get(x.countyCode) ?? 0;
    const achievedPct = (actual / x.target) * 100;
    items.push({ countyCode: x.countyCode, countyName: names.get(x.countyCode) ?? x.countyCode, indicator: x.indicator, indicatorName: m.name, unit: m.unit, target: x.target, actual, achievedPct, schedulePct: sched, rag: ragOf(achievedPct, sched, t) });
  }
  return { year, schedulePct: sched, thresholds: t, items };
}

/** How many (county × target indicator) pairs of a year still have no target (the 州 analysts' inbox). */
export async function missingTargets(q: Queryable, modules: readonly PlatformModule[], year: number): Promise<number> {
  const [cs, set] = await Promise.all([counties(q), q.select({ c: analyticsTargets.countyCode, i: analyticsTargets.indicator }).from(analyticsTargets).where(eq(analyticsTargets.year, year))]);
  const have = new Set(set.map((s) => `${s.c}|${s.i}`));
  const inds = targetIndicators(modules).filter((i) => TARGET_KEY_INDICATORS.includes(i.code));
  let n = 0;
  for (const c of cs) for (const i of inds) if (!have.has(`${c.code}|${i.code}`)) n++;
  return n;
}

/** The key figures every county is expected to have a target for (the inbox counts these). */
export const TARGET_KEY_INDICATORS = ["labor.transfer", "labor.povertyEmployed", "labor.returneeEmployed"];
