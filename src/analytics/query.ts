/**
 * S-ANALYTICS query service: the indicator registry (whatever the modules offer, src/core/module.ts `Indicator`),
 * dashboards of a region broken down by its children (州 → 县 → 乡 → 村), and the records behind a number.
 *
 * Scope (P9): the region asked for must lie inside the caller's own scope (src/core/access/scope.ts); a region above
 * the caller's level is refused, never narrowed silently, so a dashboard always shows the region it says it shows.
 * Values a module returns for codes outside the region are dropped (defence in depth), so no number of a
 * neighbouring division can reach the caller through any path that goes through this file.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import type { Indicator, IndicatorQuery, IndicatorRecords, PlatformModule } from "../core/module.js";
import type { Subsystem } from "../core/access/areas.js";
import { inScope, levelOf, requireInScope, scopePrefixOf, PREFECTURE_CODE, type Scoped } from "../core/access/scope.js";
import { orgNodes, villages } from "../core/db/schema.js";
import { badRequest, notFound } from "../core/errors.js";

export type Level = "prefecture" | "county" | "township" | "village";
export type GroupBy = IndicatorQuery["groupBy"];

export interface IndicatorMeta {
  code: string;
  name: string;
  unit: string;
  area: Subsystem;
  kind: "stock" | "flow";
  additive: boolean;
  hasRecords: boolean;
}

/** Every indicator the modules offer, in module order (the first module to offer a code wins). */
export function allIndicators(modules: readonly PlatformModule[]): Indicator[] {
  const seen = new Set<string>();
  const out: Indicator[] = [];
  for (const m of modules) for (const i of m.indicators ?? []) if (!seen.has(i.code)) (seen.add(i.code), out.push(i));
  return out;
}

export function metaOf(i: Indicator): IndicatorMeta {
  return { code: i.code, name: i.name, unit: i.unit, area: i.area, kind: i.kind, additive: i.additive, hasRecords: !!i.records };
}

export function findIndicator(modules: readonly PlatformModule[], code: string): Indicator {
  const i = allIndicators(modules).find((x) => x.code === code);
  if (!i) throw notFound("ANALYTICS_INDICATOR_UNKNOWN", `指标“${code}”不存在`);
  return i;
}

export const CHILD_LEVEL: Record<Level, GroupBy | null> = { prefecture: "county", county: "township", township: "village", village: null };
const GROUP_OF: Record<Level, GroupBy> = { prefecture: "county", county: "county", township: "township", village: "village" };

export function checkRegionCode(code: string): void {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) throw badRequest("ANALYTICS_REGION_INVALID", "地区代码应为州、县（市）、乡镇（街道）或村（社区）的区划代码");
}

/** A division's name (org node or village); null when unknown. */
export async function divisionName(q: Queryable, code: string): Promise<string | null> {
  if (code.length === 12) {
    const [v] = await q.select({ name: villages.name }).from(villages).where(eq(villages.code, code));
    return v?.name ?? null;
  }
  const [n] = await q.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.code, code));
  return n?.name ?? null;
}

export async function childrenOf(q: Queryable, code: string): Promise<{ code: string; name: string }[]> {
  const level = levelOf(code);
  if (level === "prefecture" || level === "county") return q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.parentCode, code)).orderBy(asc(orgNodes.code));
  if (level === "township") return q.select({ code: villages.code, name: villages.name }).from(villages).where(eq(villages.townshipCode, code)).orderBy(asc(villages.code));
  return [];
}

/**
 * The region a caller may look at: their own organisation by default; any division inside their scope; refused (404,
 * as for a record outside the scope) when it lies outside or above it.
 */
export async function regionFor(q: Queryable, caller: Scoped & { orgCode: string }, region?: string | null): Promise<{ code: string; name: string; level: Level; scope: Scoped }> {
  const code = region || caller.orgCode;
  checkRegionCode(code);
  requireInScope(caller, code, "该地区");
  const name = await divisionName(q, code);
  if (!name) throw notFound("ANALYTICS_REGION_UNKNOWN", "地区不存在");
  return { code, name, level: levelOf(code), scope: { scopePrefix: scopePrefixOf(code) } };
}

/** The path from the caller's own organisation down to the region (the breadcrumb 州 > 县 > 乡 > 村). */
export async function breadcrumb(q: Queryable, caller: { orgCode: string }, code: string): Promise<{ code: string; name: string }[]> {
  const codes: string[] = [];
  if (code === PREFECTURE_CODE) codes.push(code);
  else {
    codes.push(PREFECTURE_CODE, code.slice(0, 6));
    if (code.length >= 9) codes.push(code.slice(0, 9));
    if (code.length === 12) codes.push(code);
  }
  const own = codes.indexOf(caller.orgCode);
  const shown = own >= 0 ? codes.slice(own) : [code];
  const names = await q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(inArray(orgNodes.code, shown));
  const byCode = new Map(names.map((n) => [n.code, n.name]));
  const out: { code: string; name: string }[] = [];
  for (const c of shown) out.push({ code: c, name: byCode.get(c) ?? (await divisionName(q, c)) ?? c });
  return out;
}

export interface Period {
  from: string;
  to: string;
}

export interface DashboardRow {
  code: string;
  name: string;
  /** False for a row of the region's own level (e.g. 州本级 forms), which cannot be drilled. */
  drillable: boolean;
  values: Record<string, number>;
}

export interface Dashboard {
  region: { code: string; name: string; level: Level };
  childLevel: GroupBy | null;
  breadcrumb: { code: string; name: string }[];
  period: Period;
  indicators: IndicatorMeta[];
  /** The region's number per indicator; null for a ratio at the 州 level (no single group to compute it from). */
  totals: Record<string, number | null>;
  rows: DashboardRow[];
}

/** Values of one indicator for a scope and level, limited to the scope (defence in depth). */
async function valuesOf(q: Queryable, ind: Indicator, scope: Scoped, groupBy: GroupBy, period: Period): Promise<Map<string, number>> {
  const vals = await ind.compute(q, { scope, groupBy, from: period.from, to: period.to });
  const m = new Map<string, number>();
  for (const v of vals) if (inScope(scope, v.code) || (scope.scopePrefix === "4228" && v.code === PREFECTURE_CODE)) m.set(v.code, (m.get(v.code) ?? 0) + Number(v.value));
  return m;
}

/** The dashboard of a region: every asked indicator's number and its breakdown by the region's children. */
export async function dashboard(
  q: Queryable,
  caller: Scoped & { orgCode: string },
  modules: readonly PlatformModule[],
  opts: { region?: string | null; period: Period; indicators?: string[] },
): Promise<Dashboard> {
  const region = await regionFor(q, caller, opts.region);
  let inds = allIndicators(modules);
  if (opts.indicators?.length) {
    const wanted = new Set(opts.indicators);
    inds = inds.filter((i) => wanted.has(i.code));
  }
  const childLevel = CHILD_LEVEL[region.level];
  const children = await childrenOf(q, region.code);
  const childCodes = new Set(children.map((c) => c.code));
  const own = GROUP_OF[region.level];
  const results = await Promise.all(
    inds.map(async (ind) => {
      const byChild = childLevel ? await valuesOf(q, ind, region.scope, childLevel, opts.period) : new Map<string, number>();
      let total: number | null;
      if (ind.additive && childLevel) total = [...byChild.values()].reduce((a, b) => a + b, 0);
      else if (region.level === "prefecture") total = null;
      else total = (await valuesOf(q, ind, region.scope, own, opts.period)).get(region.code) ?? 0;
      return { ind, byChild, total };
    }),
  );
  const rows: DashboardRow[] = children.map((c) => ({ code: c.code, name: c.name, drillable: true, values: {} }));
  const extra = new Map<string, DashboardRow>();
  for (const { ind, byChild } of results) {
    for (const r of rows) r.values[ind.code] = byChild.get(r.code) ?? 0;
    for (const [code, v] of byChild) {
      if (childCodes.has(code)) continue;
      // A group that is not a child: the region's own level (州本级 / 县本级 request forms).
      let row = extra.get(code);
      if (!row) extra.set(code, (row = { code, name: `${(await divisionName(q, code)) ?? code}（本级）`, drillable: false, values: {} }));
      row.values[ind.code] = v;
    }
  }
  for (const row of extra.values()) for (const { ind } of results) row.values[ind.code] ??= 0;
  return {
    region: { code: region.code, name: region.name, level: region.level },
    childLevel,
    breadcrumb: await breadcrumb(q, caller, region.code),
    period: opts.period,
    indicators: inds.map(metaOf),
    totals: Object.fromEntries(results.map((r) => [r.ind.code, r.total])),
    rows: [...rows, ...extra.values()],
  };
}

/** The records behind one number (drill-through): the division must lie in the caller's scope; masked by the module. */
export async function recordsOf(
  q: Queryable,
  caller: Scoped & { orgCode: string },
  modules: readonly PlatformModule[],
  opts: { indicator: string; code: string; period: Period; page: number; pageSize: number },
): Promise<IndicatorRecords & { indicator: IndicatorMeta; region: { code: string; name: string } }> {
  const ind = findIndicator(modules, opts.indicator);
  if (!ind.records) throw badRequest("ANALYTICS_NO_RECORDS", "该指标不提供明细");
  const region = await regionFor(q, caller, opts.code);
  const r = await ind.records(q, { scope: region.scope, groupBy: GROUP_OF[region.level], from: opts.period.from, to: opts.period.to, code: region.code, page: opts.page, pageSize: opts.pageSize });
  return { ...r, indicator: metaOf(ind), region: { code: region.code, name: region.name } };
}

/** A month's period: [first day, last day]; the current month ends today. */
export function monthPeriod(month: string, today: string): Period {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const from = `${month}-01`;
  const end = `${month}-${String(last).padStart(2, "0")}`;
  return { from, to: end > today && from <= today ? today : end };
}

export function previousMonth(month: string, back = 1): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
