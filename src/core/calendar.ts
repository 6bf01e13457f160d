/**
 * X3 working days. The table calendar_days stores the exceptions (statutory holidays, 调休 make-up working days);
 * every other day is a working day from Monday to Friday. Seeded from the npm package `chinese-days`; a 州 admin
 * corrects it through the calendar page (source 'manual' rows are never overwritten by a re-seed).
 *
 * Counting rule (docs/decisions.md D5): the day an event happens does not count. "Within N working days of day D"
 * means by the end of the N-th working day after D.
 */
import { createRequire } from "node:module";
import { and, eq, gte, lte, sql } from "drizzle-orm";
import { calendarDays } from "./db/schema.js";
import type { Queryable } from "./db/client.js";
import { addDays, chinaDate } from "./time.js";

const require = createRequire(import.meta.url);

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Exception days from `chinese-days`: a holiday on a weekday, or a make-up working day on a weekend. */
export function chineseDaysExceptions(): { day: string; isWorkday: boolean; name: string }[] {
  const data = require("chinese-days/dist/chinese-days.json") as ChineseDaysData;
  const out: { day: string; isWorkday: boolean; name: string }[] = [];
  for (const [day, label] of Object.entries(data.holidays)) {
    out.push({ day, isWorkday: false, name: label.split(",")[1] ?? label });
  }
  for (const [day, label] of Object.entries(data.workdays)) {
    if (isWeekend(day)) out.push({ day, isWorkday: true, name: `${label.split(",")[1] ?? label}调休上班` });
  }
  return out.sort((a, b) => a.day.localeCompare(b.day));
}

export function isWeekend(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** Insert the package's days; rows an admin corrected (source 'manual') are kept. */
export async function seedCalendar(q: Queryable): Promise<number> {
  const days = chineseDaysExceptions();
  const [seeded] = await q.select({ n: sql<number>`count(*)::int` }).from(calendarDays);
  if (Number(seeded?.n ?? 0) >= days.length) return 0;
  for (let i = 0; i < days.length; i += 500) {
    await q
      .insert(calendarDays)
      .values(days.slice(i, i + 500).map((d) => ({ ...d, source: "chinese-days" as const })))
      .onConflictDoNothing();
  }
  return days.length;
}

// China time and day arithmetic live in time.ts; re-exported here for the calendar's callers.
export { addDays, chinaDate } from "./time.js";

/** The working-day calendar over a range, loaded once for a computation. */
export class WorkCalendar {
  constructor(private readonly exceptions: Map<string, boolean>) {}

  static async load(q: Queryable, from: string, to: string): Promise<WorkCalendar> {
    const list = await q
      .select({ day: calendarDays.day, isWorkday: calendarDays.isWorkday })
      .from(calendarDays)
      .where(and(gte(calendarDays.day, from), lte(calendarDays.day, to)));
    return new WorkCalendar(new Map(list.map((r) => [r.day, r.isWorkday])));
  }

  isWorkday(day: string): boolean {
    return this.exceptions.get(day) ?? !isWeekend(day);
  }

  /** The N-th working day after `day` (the start day itself does not count). */
  addWorkdays(day: string, n: number): string {
    let d = day;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to` (0 when to <= from). */
  workdaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) n++;
    return n;
  }
}

/** Deadline N working days after the day of `start`, loading just the calendar rows needed. */
export async function workdayDeadline(q: Queryable, start: Date, n: number): Promise<string> {
  const from = chinaDate(start);
  const cal = await WorkCalendar.load(q, from, addDays(from, n * 3 + 40));
  return cal.addWorkdays(from, n);
}

/** Years present in the table, to warn in December when next year is missing. */
export async function calendarYears(q: Queryable): Promise<number[]> {
  const res = await q
    .selectDistinct({ y: sql<number>`cast(extract(year from ${calendarDays.day}) as int)` })
    .from(calendarDays)
    .where(eq(calendarDays.isWorkday, false));
  return res.map((r) => Number(r.y)).sort();
}
