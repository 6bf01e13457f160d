/**
 * S-ANALYTICS monthly snapshots: on the 1st of each month a job takes every indicator's value for the month just ended,
 * for the 州 (additive indicators), each county and each township, into analytics_snapshots — rows that a trigger keeps
 * immutable (drizzle *_analytics_guards.sql). Period comparison (环比 month on month, 同比 year on year) reads them.
 * Taking a month twice adds nothing (one row per indicator, division and month).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import type { PlatformModule } from "../core/module.js";
import type { JobDef } from "../core/jobs.js";
import { chinaDate } from "../core/calendar.js";
import { PREFECTURE_CODE, scopeFilter, type Scoped } from "../core/access/scope.js";
import { allIndicators, monthPeriod, previousMonth } from "./query.js";
import { analyticsSnapshots } from "./schema.js";

export const SNAPSHOT_JOB = "analytics.snapshot";

/** The month before the China date of `now` (YYYY-MM). */
export function lastMonthOf(now: Date): string {
  return previousMonth(chinaDate(now).slice(0, 7));
}

/** Values of every indicator for one month: 州 (additive), counties and townships. */
export async function monthValues(q: Queryable, modules: readonly PlatformModule[], period: string, today: string): Promise<{ indicator: string; divisionCode: string; value: number }[]> {
  const p = monthPeriod(period, today);
  const scope = { scopePrefix: "4228" };
  const out: { indicator: string; divisionCode: string; value: number }[] = [];
  await Promise.all(
    allIndicators(modules).map(async (ind) => {
      const counties = await ind.compute(q, { scope, groupBy: "county", from: p.from, to: p.to });
      const townships = await ind.compute(q, { scope, groupBy: "township", from: p.from, to: p.to });
      let sum = 0;
      for (const v of counties) {
        if (v.code.length !== 6 || v.code === PREFECTURE_CODE) continue;
        out.push({ indicator: ind.code, divisionCode: v.code, value: Number(v.value) });
        sum += Number(v.value);
      }
      for (const v of townships) if (v.code.length === 9) out.push({ indicator: ind.code, divisionCode: v.code, value: Number(v.value) });
      if (ind.additive) out.push({ indicator: ind.code, divisionCode: PREFECTURE_CODE, value: sum + Number(counties.find((v) => v.code === PREFECTURE_CODE)?.value ?? 0) });
    }),
  );
  return out;
}

/** Take the snapshot of a month (idempotent: rows already taken stay as they were). */
export async function takeSnapshot(db: Db, modules: readonly PlatformModule[], period: string, now: Date): Promise<{ period: string; rows: number }> {
  const values = await monthValues(db, modules, period, chinaDate(now));
  let inserted = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += 1000) {
      const chunk = values.slice(i, i + 1000).map((v) => ({ ...v, period, takenAt: now }));
      const r = await tx.insert(analyticsSnapshots).values(chunk).onConflictDoNothing().returning({ id: analyticsSnapshots.id });
      inserted += r.length;
    }
  });
  return { period, rows: inserted };
}

/** First day of next month, 01:30 China time. */
export function nextMonthStart(now: Date, hour = 1, minute = 30): Date {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 1, hour, minute) - 8 * 3600_000);
}

export const snapshotJob: JobDef = {
  name: SNAPSHOT_JOB,
  next: (now) => nextMonthStart(now),
  run: (db, now, modules) => takeSnapshot(db, modules, lastMonthOf(now), now),
};

/** Snapshot values of some divisions for a month: indicator → division → value. */
export async function snapshotValues(q: Queryable, scope: Scoped, period: string, codes: string[], indicators: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (!codes.length || !indicators.length) return out;
  const rows = await q
    .select({ indicator: analyticsSnapshots.indicator, code: analyticsSnapshots.divisionCode, value: analyticsSnapshots.value })
    .from(analyticsSnapshots)
    .where(and(eq(analyticsSnapshots.period, period), inArray(analyticsSnapshots.divisionCode, codes), inArray(analyticsSnapshots.indicator, indicators), scopeFilter(scope, analyticsSnapshots.divisionCode)));
  for (const r of rows) {
    let m = out.get(r.indicator);
    if (!m) out.set(r.indicator, (m = new Map()));
    m.set(r.code, Number(r.value));
  }
  return out;
}

/** The months that have a snapshot, newest first. */
export async function snapshotPeriods(q: Queryable): Promise<string[]> {
  const r = await q.selectDistinct({ period: analyticsSnapshots.period }).from(analyticsSnapshots).orderBy(sql`1 desc`);
  return r.map((x) => x.period);
}
