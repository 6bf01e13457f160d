/**
 * S-GIG pure rules: the 统一社会信用代码 check character (GB 32100-2015), the minimum-wage test of a posting
 * (鄂政办发〔2025〕44号), the words a reviewer must look at, weekday masks, time overlap and credit. Used by the services,
 * the matcher and property tests.
 */
import type { PayUnit } from "./schema.js";

/** GB 32100-2015: 18 characters from this set (no I, O, Z, S, V); the last one is the check character. */
const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = "ok" | "format" | "check_char";

/** The check character of the first 17 characters (which must be from the code's character set). */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return CREDIT_CHARS[c === 31 ? 0 : c]!;
}

export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_CHARS.includes(ch))) return "format";
  return creditCheckChar(code.slice(0, 17)) === code[17] ? "ok" : "check_char";
}

/** A valid code from 17 leading characters (generators and tests). */
export function makeCreditCode(first17: string): string {
  return first17 + creditCheckChar(first17);
}

export interface WageTier {
  tier: number;
  monthlyFen: number;
  hourlyFen: number;
}

/** Hours of one working day of the posting (its daily time range). */
export function hoursPerDay(startMin: number, endMin: number): number {
  return (endMin - startMin) / 60;
}

/**
 * The pay per hour a posting promises, in 分, for comparison with the hourly minimum wage (non-full-time work is
 * governed by the hourly standard). Per day and per half-day pay is divided by the posting's daily hours; piece
 * work cannot be tested from the posting alone (null: the reviewer is told to check it).
 */
export function effectiveHourlyFen(unit: PayUnit, payFen: number, startMin: number, endMin: number): number | null {
  const h = hoursPerDay(startMin, endMin);
  if (unit === "hour") return payFen;
  if (unit === "piece") return null;
  return h > 0 ? payFen / h : null;
}

/** The pay per day equivalent (分), for wage fit in matching and average daily wage in statistics. */
export function dailyEquivalentFen(unit: PayUnit, payFen: number, startMin: number, endMin: number): number {
  const h = hoursPerDay(startMin, endMin);
  if (unit === "day") return payFen;
  if (unit === "half_day") return payFen * 2;
  if (unit === "hour") return Math.round(payFen * Math.min(8, Math.max(h, 1)));
  return payFen * 8; // piece: assume about eight pieces of work per day for ranking only
}

/** Words that may discriminate by sex, age, ethnicity or origin (flagged for the reviewer, not refused). */
const FLAG_WORDS: [RegExp, string][] = [
  [/限男|仅限男|男性优先|只要男|限女|仅限女|女性优先|只要女/, "性别限制"],
  [/\d+\s*岁以(下|上)|\d+\s*[-—~至到]\s*\d+\s*岁|年龄不超过|年轻/, "年龄限制"],
  [/汉族|少数民族|民族优先|限.{0,2}族/, "民族限制"],
  [/本地人|外地人|本地户口|限.{0,3}户籍|非本地/, "地域限制"],
];

export function flagWords(...texts: (string | null | undefined)[]): string[] {
  const t = texts.filter(Boolean).join(" ");
  return FLAG_WORDS.filter(([re]) => re.test(t)).map(([, name]) => name);
}

/** Bit of a calendar day in the weekday mask (bit 0 = Monday … bit 6 = Sunday). */
export function weekdayBit(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return 1 << ((d + 6) % 7);
}

/** The weekday mask a worker must have to be available on every day of [from, to]. */
export function requiredMask(from: string, to: string): number {
  let m = 0;
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  for (let i = 0; i < 7 && d <= end; i++) {
    m |= weekdayBit(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return m;
}

export interface Slot {
  startDate: string;
  endDate: string;
  startMin: number;
  endMin: number;
}

/** Two engagements overlap when their date ranges and their daily time ranges both overlap. */
export function overlaps(a: Slot, b: Slot): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate && a.startMin < b.endMin && b.startMin < a.endMin;
}

/**
 * Credit (0–100), derived, never stored: 80, plus 8 per point of average rating above 3 (minus below), minus 10 per
 * no-show, minus 15 per upheld complaint (employers). Shown in matching and on the employer's page.
 */
export function credit(avgRating: number | null, ratings: number, noShows: number, upheldComplaints = 0): number {
  const r = ratings > 0 && avgRating !== null ? (avgRating - 3) * 8 : 0;
  return Math.max(0, Math.min(100, Math.round(80 + r - 10 * noShows - 15 * upheldComplaints)));
}

export const PAY_UNIT_TEXT: Record<PayUnit, string> = { day: "元/天", half_day: "元/半天", hour: "元/小时", piece: "元/件" };
export const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 === 0 ? 0 : fen % 10 === 0 ? 1 : 2);
