/**
 * Data scope (P9): the one place that turns an organisation into the division codes it covers, and filters by them.
 * Every division code inside an organisation starts with its scope prefix: "4228" for the 州 (422800), the county
 * code (422801) for a county, the 9-digit code for a township. Every list, read, export, count and statistic goes
 * through these functions; no module writes `like '…%'` on a division code itself (a test greps for it).
 */
import { and, like, sql, type Column, type SQL } from "drizzle-orm";
import { AppError } from "../errors.js";

export const PREFECTURE_CODE = "422800";
export const PREFECTURE_PREFIX = "4228";

/** Anything with a scope prefix: a principal, or a region a caller picked (see regionScope). */
export interface Scoped {
  scopePrefix: string;
}

/** The scope prefix of an organisation or division code (422800 → 4228; others are their own prefix). */
export function scopePrefixOf(code: string): string {
  return code === PREFECTURE_CODE ? PREFECTURE_PREFIX : code;
}

/** The scope of an organisation or division code (an admin level, a picked region): its subtree. */
export function scopeOf(code: string): Scoped {
  return { scopePrefix: scopePrefixOf(code) };
}

/** True when the division code lies under the organisation or division `area` (422800 covers every 4228… code). */
export function isUnder(area: string, code: string): boolean {
  return code.startsWith(scopePrefixOf(area));
}

/** The level of a division code. */
export function levelOf(code: string): "prefecture" | "county" | "township" | "village" {
  if (code === PREFECTURE_CODE || code === PREFECTURE_PREFIX) return "prefecture";
  if (code.length <= 6) return "county";
  if (code.length <= 9) return "township";
  return "village";
}

/** True when the division code lies in the scope's subtree (P9). */
export function inScope(s: Scoped, code: string | null | undefined): boolean {
  return typeof code === "string" && code.startsWith(s.scopePrefix);
}

/** Refuse (404, so that existence outside the scope is not revealed) a code outside the caller's scope. */
export function requireInScope(s: Scoped, code: string | null | undefined, what = "该记录"): void {
  if (!inScope(s, code)) throw new AppError(404, "OUT_OF_SCOPE", `${what}不存在或不在您的数据范围内`);
}

/** Escape LIKE's wildcards in a prefix. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The one shared data-scope filter (P9): the rows whose division code column lies in the scope's subtree. */
export function scopeFilter(s: Scoped, column: Column | SQL): SQL {
  return like(column as Column, likePrefix(s.scopePrefix));
}

/** The same filter for raw SQL (`${scopeSql(p, sql.raw("p.region_code"))}`). */
export function scopeSql(s: Scoped, column: SQL | Column): SQL {
  return sql`${column} like ${likePrefix(s.scopePrefix)}`;
}

/** The prefix as a LIKE pattern, for the few statements that pass it as a positional parameter ($1) to raw SQL. */
export function scopePattern(s: Scoped): string {
  return likePrefix(s.scopePrefix);
}

/**
 * The filter's text for a prepared raw statement whose pattern is positional parameter `$n` (pass scopePattern(s) as
 * that parameter): `scopeParam("p.region_code", 1)` is `p.region_code like $1`.
 */
export function scopeParam(column: string, n: number): string {
  return `${column} like $${n}`;
}

/**
 * A region a caller picked to narrow a list or statistic (a division code, or 422800), intersected with the caller's
 * scope: the narrower of the two. A region wholly outside the scope is refused.
 */
export function regionScope(caller: Scoped, region: string | null | undefined): Scoped {
  if (!region) return { scopePrefix: caller.scopePrefix };
  const prefix = scopePrefixOf(region);
  if (prefix.startsWith(caller.scopePrefix)) return { scopePrefix: prefix };
  if (caller.scopePrefix.startsWith(prefix)) return { scopePrefix: caller.scopePrefix };
  throw new AppError(404, "OUT_OF_SCOPE", "所选地区不在您的数据范围内");
}

/** Both filters: the caller's scope and a picked region (for a list whose region filter is optional). */
export function scopeAndRegion(caller: Scoped, column: Column | SQL, region?: string | null): SQL {
  return and(scopeFilter(regionScope(caller, region), column))!;
}

/**
 * The object-level check of detail routes: of the ids asked for, those the caller may touch. `codesOf` reads each
 * id's division code (one query, by the module that owns the table); ids outside the scope or not found are dropped.
 */
export async function idsInScope<Id extends string | number>(s: Scoped, ids: readonly Id[], codesOf: (ids: readonly Id[]) => Promise<Map<Id, string | null>>): Promise<Id[]> {
  if (!ids.length) return [];
  const codes = await codesOf(ids);
  return ids.filter((id) => inScope(s, codes.get(id)));
}
