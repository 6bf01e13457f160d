/**
 * S-LABOR statistics by 州/县/乡/村: persons, labor force (working age), employment status, transfer employment by
 * destination and channel, 转移劳动力, returnees, 脱贫人口 and 监测对象 employment.
 *
 * 州, 县 and 乡 figures come from the rollup labor_stats (one row per 乡镇 × combination of the counted attributes),
 * which statement-level triggers on labor_persons keep exact in the same transaction as every write (drizzle
 * *_labor_stats_cube_triggers.sql). 村 figures (the villages of one township) are counted from the registry itself.
 *
 * Working age depends on today's date. The rollup stores it as of labor_stats_asof.asof; before a read, the rollup is
 * rolled to today (labor_stats_roll): only the people whose 16th, 55th or 60th birthday lies between the two dates move,
 * found through the birth-date index — so a figure read on any day is exact for that day, without a nightly job.
 *
 * The same indicator definitions produce the SQL over the rollup (sum of n) and over the registry (count of rows): the
 * second is the "naive GROUP BY" the benchmark compares with, and the reference the tests check the rollup against.
 */
import { eq, asc } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { orgNodes, villages } from "../core/db/schema.js";
import { chinaDate } from "../core/calendar.js";
import { forbidden, badRequest } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { EMPLOYMENT_STATUS, TRANSFER_CHANNEL, TRANSFER_DEST, EMPLOYED_STATUSES } from "./codes.js";
import { rawQuery } from "./store.js";
import { inScope, PREFECTURE_CODE, scopeOf, scopeParam, scopePattern } from "../core/access/scope.js";

interface Indicator {
  key: string;
  /** Condition over the columns wa, sex, status, dest, channel, is_transfer, returnee, poverty, monitored. */
  cond: string;
}

const EMP = `status in (${EMPLOYED_STATUSES.map((s) => `'${s}'`).join(",")})`;
const STATUS_CODES = [...Object.keys(EMPLOYMENT_STATUS.items), ""];

const INDICATORS: Indicator[] = [
  { key: "persons", cond: "true" },
  { key: "male", cond: "sex = 'M'" },
  { key: "female", cond: "sex = 'F'" },
  { key: "laborForce", cond: "wa" },
  { key: "laborForceMale", cond: "wa and sex = 'M'" },
  { key: "laborForceFemale", cond: "wa and sex = 'F'" },
  { key: "employed", cond: EMP },
  { key: "laborForceEmployed", cond: `wa and ${EMP}` },
  ...STATUS_CODES.map((c) => ({ key: `status.${c || "unknown"}`, cond: `status = '${c}'` })),
  ...STATUS_CODES.map((c) => ({ key: `laborStatus.${c || "unknown"}`, cond: `wa and status = '${c}'` })),
  { key: "transferEmployed", cond: "dest <> ''" },
  ...Object.keys(TRANSFER_DEST.items).map((c) => ({ key: `dest.${c}`, cond: `dest = '${c}'` })),
  ...Object.keys(TRANSFER_CHANNEL.items).map((c) => ({ key: `channel.${c}`, cond: `channel = '${c}'` })),
  { key: "transfer", cond: "is_transfer" },
  { key: "transferLaborForce", cond: "wa and is_transfer" },
  ...Object.keys(TRANSFER_DEST.items).filter((c) => c !== "town").map((c) => ({ key: `transferDest.${c}`, cond: `is_transfer and dest = '${c}'` })),
  { key: "returnee", cond: "returnee" },
  { key: "returneeEmployed", cond: `returnee and ${EMP}` },
  { key: "poverty", cond: "poverty" },
  { key: "povertyLaborForce", cond: "poverty and wa" },
  { key: "povertyEmployed", cond: `poverty and ${EMP}` },
  { key: "povertyTransfer", cond: "poverty and is_transfer" },
  { key: "monitored", cond: "monitored" },
  { key: "monitoredEmployed", cond: `monitored and ${EMP}` },
];

export type Figures = Record<string, number>;

export interface StatsRow {
  code: string;
  name: string;
  figures: Figures;
}

export interface StatsResult {
  area: { code: string; name: string; level: "prefecture" | "county" | "township" | "village" };
  childLevel: "county" | "township" | "village" | null;
  asOf: string;
  source: "rollup" | "registry";
  total: Figures;
  rows: StatsRow[];
}

function aggregates(countExpr: (cond: string) => string): string {
  return INDICATORS.map((i, k) => `${countExpr(i.cond)} as i${k}`).join(",\n  ");
}

/** Statistics over the rollup: one row per child area (child code = first `len` digits of the township code). */
export function rollupSql(len: 6 | 9): string {
  return `select left(township_code, ${len}) as code,
  ${aggregates((c) => `coalesce(sum(n) filter (where ${c}), 0)::bigint`)}
from labor_stats
where ${scopeParam("township_code", 1)}
group by 1`;
}

/** The same statistics counted from the registry (the naive GROUP BY; 村 level; the reference in tests). */
export function registrySql(len: 6 | 9 | 12): string {
  return `select left(region_code, ${len}) as code,
  ${aggregates((c) => `count(*) filter (where ${c})`)}
from (
  select region_code, labor_working_age(sex, birth_date, $2::date) as wa, sex, coalesce(employment_status, '') as status,
         coalesce(transfer_dest, '') as dest, coalesce(transfer_channel, '') as channel, is_transfer, returnee, poverty, monitored
  from labor_persons
  where ${scopeParam("region_code", 1)}
) p
group by 1`;
}

function toFigures(row: Record<string, unknown>): Figures {
  const f: Figures = {};
  INDICATORS.forEach((ind, k) => (f[ind.key] = Number(row[`i${k}`] ?? 0)));
  return f;
}

function zero(): Figures {
  const f: Figures = {};
  for (const i of INDICATORS) f[i.key] = 0;
  return f;
}

function add(a: Figures, b: Figures) {
  for (const k of Object.keys(b)) a[k] = (a[k] ?? 0) + b[k]!;
}

/** Roll the rollup's working-age flags to `today` when they are as of another day (cheap: a few birthdays a day). */
export async function rollStats(db: Db, today = chinaDate(new Date())): Promise<number> {
  const [cur] = await rawQuery<{ asof: string }>(db, "select to_char(asof, 'YYYY-MM-DD') as asof from labor_stats_asof where id = 1");
  if (cur?.asof === today) return 0;
  return db.transaction(async (tx) => {
    const [r] = await rawQuery<{ moved: number }>(tx, "select labor_stats_roll($1::date) as moved", [today]);
    return Number(r?.moved ?? 0);
  });
}


function levelOf(code: string): StatsResult["area"]["level"] {
  if (code === "422800") return "prefecture";
  if (code.length === 6) return "county";
  if (code.length === 9) return "township";
  if (code.length === 12) return "village";
  throw badRequest("AREA_INVALID", "地区代码应为州、县（市）、乡镇（街道）或村（社区）的区划代码");
}

async function areaName(q: Queryable, code: string): Promise<string> {
  if (code.length === 12) {
    const [v] = await q.select({ name: villages.name }).from(villages).where(eq(villages.code, code));
    return v?.name ?? code;
  }
  const [n] = await q.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.code, code));
  if (!n) throw badRequest("AREA_UNKNOWN", "地区代码不存在");
  return n.name;
}

/** The children of an area, with names, so that areas without anyone registered still show as zero rows. */
async function childrenOf(q: Queryable, code: string, level: StatsResult["area"]["level"]): Promise<{ code: string; name: string }[]> {
  if (level === "prefecture" || level === "county") {
    return q.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.parentCode, code)).orderBy(asc(orgNodes.code));
  }
  if (level === "township") return q.select({ code: villages.code, name: villages.name }).from(villages).where(eq(villages.townshipCode, code)).orderBy(asc(villages.code));
  return [];
}

/**
 * Statistics of an area (default: the principal's own organisation), broken down by its children. P9: the area must
 * lie inside the principal's scope.
 */
export async function laborStatistics(db: Db, p: Pick<Principal, "scopePrefix" | "orgCode">, areaCode?: string, opts: { source?: "auto" | "registry"; today?: string } = {}): Promise<StatsResult> {
  const code = areaCode ?? p.orgCode;
  const level = levelOf(code);
  const area = scopeOf(code);
  if (!inScope(p, area.scopePrefix)) throw forbidden("OUT_OF_SCOPE", "该地区不在您的数据范围内");
  const today = opts.today ?? chinaDate(new Date());
  const name = await areaName(db, code);
  const children = await childrenOf(db, code, level);
  let rowsRaw: Record<string, unknown>[];
  let source: StatsResult["source"];
  if ((level === "prefecture" || level === "county") && opts.source !== "registry") {
    await rollStats(db, today);
    rowsRaw = await rawQuery(db, rollupSql(level === "prefecture" ? 6 : 9), [scopePattern(area)]);
    source = "rollup";
  } else {
    // 村 figures (the villages of one township) and explicit requests are counted from the registry.
    rowsRaw = await rawQuery(db, registrySql(level === "prefecture" ? 6 : level === "county" ? 9 : 12), [scopePattern(area), today]);
    source = "registry";
  }
  const byCode = new Map(rowsRaw.map((r) => [String(r.code), toFigures(r)]));
  const total = zero();
  const rows: StatsRow[] = [];
  for (const c of children) {
    const f = byCode.get(c.code) ?? zero();
    add(total, f);
    rows.push({ code: c.code, name: c.name, figures: f });
  }
  if (level === "village") add(total, byCode.get(code) ?? zero());
  return { area: { code, name, level }, childLevel: level === "prefecture" ? "county" : level === "county" ? "township" : level === "township" ? "village" : null, asOf: today, source, total, rows };
}

/** Indicator keys with their Chinese names (table headers and charts). */
export const INDICATOR_NAMES: Record<string, string> = (() => {
  const n: Record<string, string> = {
    persons: "登记人数", male: "男", female: "女", laborForce: "劳动力（劳动年龄内）", laborForceMale: "劳动力（男）",
    laborForceFemale: "劳动力（女）", employed: "就业人数", laborForceEmployed: "劳动力中就业人数", transferEmployed: "外出务工人数",
    transfer: "转移劳动力", transferLaborForce: "劳动年龄内转移劳动力", returnee: "返乡人员", returneeEmployed: "返乡人员就业",
    poverty: "脱贫人口", povertyLaborForce: "脱贫劳动力", povertyEmployed: "脱贫人口务工就业", povertyTransfer: "脱贫人口转移就业",
    monitored: "监测对象", monitoredEmployed: "监测对象务工就业",
  };
  for (const [c, name] of Object.entries(EMPLOYMENT_STATUS.items)) {
    n[`status.${c}`] = name;
    n[`laborStatus.${c}`] = `劳动力中${name}`;
  }
  n["status.unknown"] = "就业状态未填";
  n["laborStatus.unknown"] = "劳动力中就业状态未填";
  for (const [c, name] of Object.entries(TRANSFER_DEST.items)) {
    n[`dest.${c}`] = `去向：${name}`;
    if (c !== "town") n[`transferDest.${c}`] = `转移劳动力：${name}`;
  }
  for (const [c, name] of Object.entries(TRANSFER_CHANNEL.items)) n[`channel.${c}`] = `外出方式：${name}`;
  return n;
})();

/** Exact check used by tests and the ops command: rollup figures equal the registry's for every county. */
export async function verifyRollup(db: Db, today = chinaDate(new Date())): Promise<{ ok: boolean; differences: { code: string; key: string; rollup: number; registry: number }[] }> {
  await rollStats(db, today);
  const a = await rawQuery<Record<string, unknown>>(db, rollupSql(9), [scopePattern(scopeOf(PREFECTURE_CODE))]);
  const b = await rawQuery<Record<string, unknown>>(db, registrySql(9), [scopePattern(scopeOf(PREFECTURE_CODE)), today]);
  const ra = new Map(a.map((r) => [String(r.code), toFigures(r)]));
  const rb = new Map(b.map((r) => [String(r.code), toFigures(r)]));
  const differences: { code: string; key: string; rollup: number; registry: number }[] = [];
  for (const code of new Set([...ra.keys(), ...rb.keys()])) {
    const x = ra.get(code) ?? zero(), y = rb.get(code) ?? zero();
    for (const k of Object.keys(x)) if (x[k] !== y[k]) differences.push({ code, key: k, rollup: x[k]!, registry: y[k]! });
  }
  return { ok: differences.length === 0, differences };
}


/** The counted conditions of the rollup, for the S-ANALYTICS indicators (src/labor/indicators.ts). */
export const STAT_DEFS: readonly { key: string; cond: string }[] = INDICATORS;
