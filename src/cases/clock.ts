/**
 * The clock of a case (S-CASES, X3), pure functions over the stored facts and the working-day calendar.
 *
 * What counts (docs/decisions.md D18):
 * - 工作日 limits: the day of 受理 does not count (D5); each working day (statutory holidays out, 调休 make-up days in)
 *   counts as a whole day, so the limit of N working days ends at 24:00 (China time) of the N-th working day after the
 *   day of 受理.
 * - 工作小时 limits: office hours of working days (OFFICE_BLOCKS, China time) from the instant of 受理.
 * - Every 特别程序 period is taken out (听证, 招标, 拍卖, 检验, 检测, 检疫, 鉴定, 专家评审 — 行政许可法 §45; 延长审批, 补正材料,
 *   公示): overlapping ones are counted once; an open one runs to now, and while one is open the case is paused (its due
 *   instants move with now, so none is stored).
 * - One second past a due instant is overdue: overdue ⇔ (办结时间 or now) > due.
 * - An 即办件 not finished on the day of 受理 becomes a 承诺件 by rule: its limit becomes the 承诺时限 (or the 法定时限, or
 *   one working day when the exchange gave neither) counted from 受理 like any 承诺件.
 */
import { addDays, chinaDate, type WorkCalendar } from "../core/calendar.js";

export type LimitUnit = "工作日" | "工作小时";
export type CaseType = "即办件" | "承诺件" | "联办件" | "上报件";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CHINA = 8 * HOUR;

/** Office hours of a working day, minutes after China midnight: 08:30–12:00 and 14:00–17:30 (7 hours). */
export const OFFICE_BLOCKS: readonly [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 17 * 60 + 30],
];

export interface Pause {
  start: Date;
  /** null: still open (runs to now). */
  end: Date | null;
}

export interface ClockFacts {
  caseType: CaseType;
  acceptedAt: Date;
  promiseLimit: number;
  limitUnit: LimitUnit;
  legalLimit: number | null;
  finishedAt: Date | null;
  pauses: Pause[];
}

export interface WarnRule {
  /** 预警 this many units (working days or hours) before the 承诺时限. */
  warnBefore: number;
  yellowOnPromise: boolean;
  redOnLegal: boolean;
}

export const DEFAULT_RULE: WarnRule = { warnBefore: 2, yellowOnPromise: true, redOnLegal: true };

/** China midnight starting the China day `day` (YYYY-MM-DD), as an instant. */
export function chinaMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CHINA;
}

/** Merge pause intervals (open ones run to `now`), sorted, overlaps counted once; empty ones dropped. */
export function mergePauses(pauses: readonly Pause[], now: Date): [number, number][] {
  const iv = pauses
    .map((p) => [p.start.getTime(), (p.end ?? now).getTime()] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of iv) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** China day number of an instant (days since 1970-01-01 China time) and the instant of its midnight. */
const dayNo = (ms: number) => Math.floor((ms + CHINA) / DAY);
const midnightOf = (n: number) => n * DAY - CHINA;

/** Whether China day `n` is a working day, read once per day from the calendar (the clock walks many days). */
const workCache = new WeakMap<WorkCalendar, Map<number, boolean>>();
function isWorkdayNo(cal: WorkCalendar, n: number): boolean {
  let m = workCache.get(cal);
  if (!m) workCache.set(cal, (m = new Map()));
  let v = m.get(n);
  if (v === undefined) {
    v = cal.isWorkday(new Date(n * DAY).toISOString().slice(0, 10));
    m.set(n, v);
  }
  return v;
}

/** The counting intervals of China day `n`: the whole day (工作日) or its office blocks (工作小时); none on a rest day. */
function dayIntervals(cal: WorkCalendar, n: number, unit: LimitUnit): [number, number][] {
  if (!isWorkdayNo(cal, n)) return [];
  const m = midnightOf(n);
  if (unit === "工作日") return [[m, m + DAY]];
  return OFFICE_BLOCKS.map(([a, b]) => [m + a * 60_000, m + b * 60_000] as [number, number]);
}

/** Subtract merged pauses from one interval. */
function minusPauses(iv: [number, number], pauses: readonly [number, number][]): [number, number][] {
  let parts: [number, number][] = [iv];
  for (const [pa, pb] of pauses) {
    if (pb <= iv[0] || pa >= iv[1]) continue;
    const next: [number, number][] = [];
    for (const [a, b] of parts) {
      if (pb <= a || pa >= b) next.push([a, b]);
      else {
        if (pa > a) next.push([a, pa]);
        if (pb < b) next.push([pb, b]);
      }
    }
    parts = next;
  }
  return parts;
}

/** Where the clock starts: 24:00 of the day of 受理 for 工作日 limits (D5), the instant of 受理 for 工作小时 limits. */
export function clockStart(acceptedAt: Date, unit: LimitUnit): number {
  return unit === "工作日" ? chinaMidnight(addDays(chinaDate(acceptedAt), 1)) : acceptedAt.getTime();
}

const unitMs = (unit: LimitUnit) => (unit === "工作日" ? DAY : HOUR);
/** Longest horizon walked (a guard against a calendar with no working day). */
const HORIZON_DAYS = 3 * 366;

/** Counted time (ms) from `from` to `to`, net of rest days, non-office hours (工作小时) and pauses. */
export function countedMs(cal: WorkCalendar, from: number, to: number, unit: LimitUnit, pauses: readonly [number, number][]): number {
  if (to <= from) return 0;
  let total = 0;
  for (let day = dayNo(from); midnightOf(day) < to; day++) {
    for (const iv of dayIntervals(cal, day, unit)) {
      const a = Math.max(iv[0], from), b = Math.min(iv[1], to);
      if (b <= a) continue;
      for (const [x, y] of minusPauses([a, b], pauses)) total += y - x;
    }
  }
  return total;
}

/** The instant at which `amount` ms of counted time have run from `from` (the due instant of a limit). */
export function instantAfter(cal: WorkCalendar, from: number, amount: number, unit: LimitUnit, pauses: readonly [number, number][]): Date {
  if (amount <= 0) return new Date(from);
  let left = amount;
  let day = dayNo(from);
  for (let i = 0; i < HORIZON_DAYS; i++, day++) {
    for (const iv of dayIntervals(cal, day, unit)) {
      const a = Math.max(iv[0], from);
      if (iv[1] <= a) continue;
      for (const [x, y] of minusPauses([a, iv[1]], pauses)) {
        if (y - x >= left) return new Date(x + left);
        left -= y - x;
      }
    }
  }
  throw new Error("calendar horizon exceeded");
}

export interface ClockState {
  /** The type by rule (an 即办件 not finished on its day is a 承诺件). */
  effectiveType: CaseType;
  unit: LimitUnit;
  /** The limit that applies (units). */
  limit: number;
  /** Counted time used up to 办结 or now, in units (fractional). */
  used: number;
  /** limit − used (negative when overdue). */
  left: number;
  paused: boolean;
  /** Due instants; while paused these are projected as if the pause ended now (they move with now). */
  warnAt: Date | null;
  promiseDueAt: Date;
  legalDueAt: Date | null;
  /** Overdue against the 承诺时限 / 法定时限 at 办结 or now. */
  overdue: boolean;
  legalOverdue: boolean;
  level: "finished" | "paused" | "normal" | "warning" | "yellow" | "red";
}

/** The limit and its type for a case at `at` (the 即办件 rule). */
function limitOf(f: ClockFacts, at: number): { type: CaseType; limit: number; unit: LimitUnit; sameDayDue: number | null } {
  if (f.caseType !== "即办件") return { type: f.caseType, limit: f.promiseLimit, unit: f.limitUnit, sameDayDue: null };
  const endOfDay = chinaMidnight(addDays(chinaDate(f.acceptedAt), 1));
  const end = f.finishedAt ? f.finishedAt.getTime() : at;
  if (end <= endOfDay) return { type: "即办件", limit: 0, unit: "工作日", sameDayDue: endOfDay };
  const limit = f.promiseLimit > 0 ? f.promiseLimit : f.legalLimit && f.legalLimit > 0 ? f.legalLimit : 1;
  return { type: "承诺件", limit, unit: f.limitUnit, sameDayDue: null };
}

interface Dues {
  type: CaseType;
  limit: number;
  unit: LimitUnit;
  start: number;
  pauses: [number, number][];
  warnAt: Date | null;
  promiseDueAt: Date;
  legalDueAt: Date | null;
}

/** The due instants as of `at` (pauses merged, an open one running to `at`). */
function duesAt(cal: WorkCalendar, f: ClockFacts, at: number, rule: WarnRule): Dues {
  const { type, limit, unit, sameDayDue } = limitOf(f, at);
  const pauses = mergePauses(f.pauses.filter((p) => p.start.getTime() < at), new Date(at));
  const start = clockStart(f.acceptedAt, unit);
  const u = unitMs(unit);
  if (sameDayDue !== null) return { type, limit, unit, start, pauses, warnAt: null, promiseDueAt: new Date(sameDayDue), legalDueAt: null };
  return {
    type, limit, unit, start, pauses,
    promiseDueAt: instantAfter(cal, start, limit * u, unit, pauses),
    legalDueAt: f.legalLimit && f.legalLimit > 0 ? instantAfter(cal, start, f.legalLimit * u, unit, pauses) : null,
    warnAt: instantAfter(cal, start, Math.max(0, limit - rule.warnBefore) * u, unit, pauses),
  };
}

/** The whole clock of one case at `now`. */
export function caseClock(cal: WorkCalendar, f: ClockFacts, now: Date, rule: WarnRule = DEFAULT_RULE): ClockState {
  const finished = !!f.finishedAt && f.finishedAt.getTime() <= now.getTime();
  const at = finished ? f.finishedAt!.getTime() : now.getTime();
  const d = duesAt(cal, f, at, rule);
  const paused = !finished && f.pauses.some((p) => p.start.getTime() <= at && (!p.end || p.end.getTime() > at));
  const u = unitMs(d.unit);
  const used = countedMs(cal, d.start, at, d.unit, d.pauses) / u;
  const overdue = at > d.promiseDueAt.getTime();
  const legalOverdue = !!d.legalDueAt && at > d.legalDueAt.getTime();
  let level: ClockState["level"];
  if (finished) level = "finished";
  else if (paused) level = "paused";
  else if (rule.redOnLegal && legalOverdue) level = "red";
  else if (rule.yellowOnPromise && overdue) level = "yellow";
  else if (d.warnAt && at >= d.warnAt.getTime()) level = "warning";
  else level = "normal";
  return { effectiveType: d.type, unit: d.unit, limit: d.limit, used, left: d.limit - used, paused, warnAt: d.warnAt, promiseDueAt: d.promiseDueAt, legalDueAt: d.legalDueAt, overdue, legalOverdue, level };
}

/**
 * The instants to store for the board (an indexed comparison against now), recomputed on every change of the case:
 * null while a 特别程序 is open (the clock does not run, so no stored instant would stay right). For an 即办件 still
 * open, the dues it has as a 承诺件 by rule are stored: until 24:00 of its day nothing warns, after that they apply.
 */
export function storedDues(cal: WorkCalendar, f: ClockFacts, now: Date, rule: WarnRule = DEFAULT_RULE): { warnAt: Date | null; promiseDueAt: Date | null; legalDueAt: Date | null; paused: boolean } {
  if (!f.finishedAt && f.pauses.some((p) => !p.end || p.end.getTime() > now.getTime())) return { warnAt: null, promiseDueAt: null, legalDueAt: null, paused: true };
  const endOfDay = chinaMidnight(addDays(chinaDate(f.acceptedAt), 1));
  const at = f.finishedAt ? f.finishedAt.getTime() : Math.max(now.getTime(), endOfDay + 1000, ...f.pauses.map((p) => (p.end ?? now).getTime() + 1));
  const d = duesAt(cal, f, at, rule);
  return { warnAt: d.warnAt, promiseDueAt: d.promiseDueAt, legalDueAt: d.legalDueAt, paused: false };
}

/** The due instant of a 特别程序's own limit: 24:00 of the N-th working day after the day it started (D5). */
export function specialDue(cal: WorkCalendar, start: Date, limitDays: number | null): Date | null {
  if (!limitDays || limitDays <= 0) return null;
  return new Date(chinaMidnight(addDays(cal.addWorkdays(chinaDate(start), limitDays), 1)));
}

/** The range of calendar days a computation over these facts may touch (to load a WorkCalendar once). */
export function calendarRange(acceptedAt: Date, until: Date, limitUnits: number): { from: string; to: string } {
  const from = addDays(chinaDate(acceptedAt), -2);
  const to = addDays(chinaDate(until), Math.max(60, limitUnits * 3 + 60));
  return { from, to };
}
