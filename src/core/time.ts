/**
 * China time (UTC+8, no daylight saving): the one place that turns an instant into the China calendar day, a China
 * time of day or a printed China date-time, and a China day back into instants. Working days are in calendar.ts
 * (WorkCalendar); deadlines in deadlines.ts.
 */

/** China is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The instant shifted so that its UTC fields read as China wall-clock time (for formatting only). */
function wall(at: Date): Date {
  return new Date(at.getTime() + CHINA_OFFSET_MS);
}

/** The China calendar day of an instant, YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return wall(at).toISOString().slice(0, 10);
}

/** Today in China. */
export function chinaToday(now = new Date()): string {
  return chinaDate(now);
}

/** The China wall-clock time of an instant, "YYYY-MM-DD HH:mm" (or with seconds). */
export function chinaDateTime(at: Date, opts: { seconds?: boolean } = {}): string {
  return wall(at).toISOString().slice(0, opts.seconds ? 19 : 16).replace("T", " ");
}

/** The China hour (0–23) of an instant. */
export function chinaHour(at: Date): number {
  return wall(at).getUTCHours();
}

/** The first instant of a China day (00:00 China time). */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The last millisecond of a China day (23:59:59.999 China time). */
export function chinaDayEnd(day: string): Date {
  return new Date(`${day}T23:59:59.999+08:00`);
}

/** Next occurrence of hh:mm China time strictly after `now`. */
export function nextDailyChinaTime(now: Date, hour: number, minute = 0): Date {
  const china = wall(now);
  const candidate = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), hour, minute) - CHINA_OFFSET_MS;
  return new Date(candidate > now.getTime() ? candidate : candidate + DAY_MS);
}

/** A calendar day `n` days after `day` (negative: before), YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
