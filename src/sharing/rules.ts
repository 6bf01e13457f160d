/**
 * S-SHARE pure rules: the 统一社会信用代码 check character (GB 32100-2015), the candidate-pair score with its
 * explanation, the days a worker was shared within a period, and the subsidy amount. No database here: services, the
 * web pages and property tests use the same functions.
 */

/** The 31 characters of GB 32100-2015 (no I, O, Z, S, V), in value order. */
export const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCheck = { ok: true; code: string } | { ok: false; code: string; problem: "format" | "check_char" };

/** The check character for the first 17 characters (which must be valid characters). */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const v = (31 - (sum % 31)) % 31;
  return CREDIT_CHARS[v]!;
}

/** Check a 统一社会信用代码: 18 characters of the code set, the last the check character of the others. */
export function checkCreditCode(raw: string): CreditCheck {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { ok: false, code, problem: "format" };
  if (creditCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, code, problem: "check_char" };
  return { ok: true, code };
}

/** A valid code from 17 characters (demo data, tests). */
export function makeCreditCode(first17: string): string {
  return first17 + creditCheckChar(first17);
}

/** Whole days from a to b inclusive (YYYY-MM-DD); 0 when b < a. */
export function daysInclusive(a: string, b: string): number {
  const d = (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000 + 1;
  return d > 0 ? Math.round(d) : 0;
}

/** Days of [start, end] inside [from, to], inclusive. */
export function overlapDays(start: string, end: string, from: string, to: string): number {
  const s = start > from ? start : from;
  const e = end < to ? end : to;
  return daysInclusive(s, e);
}

export interface SubsidyRule {
  perWorker: number;
  minDays: number;
  cap: number;
}
export const DEFAULT_SUBSIDY: SubsidyRule = { perWorker: 500, minDays: 7, cap: 300_000 };

/** The subsidy of one enterprise: perWorker for each worker shared minDays or more, at most cap. */
export function subsidyAmount(rule: SubsidyRule, workerDays: readonly number[]): { workers: number; amount: number } {
  const workers = workerDays.filter((d) => d >= rule.minDays).length;
  return { workers, amount: Math.min(workers * rule.perWorker, rule.cap) };
}

export interface DeclarationForScore {
  post: string;
  skills: string[];
  headcount: number;
  dateFrom: string;
  dateTo: string;
  regionCode: string;
}

export interface ScorePart {
  key: string;
  label: string;
  points: number;
  max: number;
  note: string;
}

/** Characters two texts share (a rough fit for Chinese post names: "分拣员" vs "仓储分拣"). */
function sharedChars(a: string, b: string): number {
  const sb = new Set([...b]);
  return [...new Set([...a])].filter((c) => sb.has(c) && !/\s/.test(c)).length;
}

/**
 * The score of a 富余 × 缺工 pair, out of 100, with each part explained: post (30), skills (25), region (15), period
 * overlap (20), headcount (10). Candidates are ranked by it; the operator decides.
 */
export function scorePair(surplus: DeclarationForScore, shortage: DeclarationForScore): { score: number; parts: ScorePart[] } {
  const parts: ScorePart[] = [];
  const postShared = sharedChars(surplus.post, shortage.post);
  const postPts = surplus.post === shortage.post ? 30 : Math.min(24, postShared * 6);
  parts.push({ key: "post", label: "岗位", points: postPts, max: 30, note: surplus.post === shortage.post ? `岗位相同（${surplus.post}）` : `富余岗位“${surplus.post}”与缺工岗位“${shortage.post}”${postShared ? "相近" : "不同"}` });

  const need = shortage.skills;
  const have = new Set(surplus.skills);
  const matched = need.filter((s) => have.has(s));
  const skillPts = need.length ? Math.round((25 * matched.length) / need.length) : 25;
  parts.push({ key: "skills", label: "技能", points: skillPts, max: 25, note: need.length ? `缺工要求技能 ${need.length} 项，富余人员具备 ${matched.length} 项${matched.length ? `（${matched.join("、")}）` : ""}` : "缺工未要求特定技能" });

  const sameTown = surplus.regionCode.slice(0, 9) === shortage.regionCode.slice(0, 9);
  const sameCounty = surplus.regionCode.slice(0, 6) === shortage.regionCode.slice(0, 6);
  const regionPts = sameTown ? 15 : sameCounty ? 12 : 6;
  parts.push({ key: "region", label: "地域", points: regionPts, max: 15, note: sameTown ? "同一乡镇（街道）" : sameCounty ? "同一县市" : "跨县市（州内）" });

  const shortageDays = daysInclusive(shortage.dateFrom, shortage.dateTo);
  const overlap = overlapDays(surplus.dateFrom, surplus.dateTo, shortage.dateFrom, shortage.dateTo);
  const periodPts = shortageDays ? Math.round((20 * overlap) / shortageDays) : 0;
  parts.push({ key: "period", label: "时段", points: periodPts, max: 20, note: overlap ? `时段重叠 ${overlap} 天，占缺工期 ${Math.round((100 * overlap) / shortageDays)}%` : "时段不重叠" });

  const can = Math.min(surplus.headcount, shortage.headcount);
  const headPts = Math.round((10 * can) / shortage.headcount);
  parts.push({ key: "headcount", label: "人数", points: headPts, max: 10, note: `富余 ${surplus.headcount} 人，缺工 ${shortage.headcount} 人，可满足 ${can} 人` });

  return { score: parts.reduce((s, p) => s + p.points, 0), parts };
}

/** 'YYYY-MM' of a day. */
export const monthOf = (day: string) => day.slice(0, 7);
