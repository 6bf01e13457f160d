/**
 * Deadlines in working days (X3, P10, R10). A deadline is a row: opened with its due date computed from the
 * working-day calendar, closed when the awaited step happens (met, or missed if late), and swept by a job that any
 * instance may run at the same time: rows are claimed with FOR UPDATE SKIP LOCKED and marked in the same
 * transaction as the notices they cause, so no reminder is lost or sent twice across restarts and instances.
 */
import { and, eq, inArray, isNull, lte, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "./db/client.js";
import { deadlines } from "./db/schema.js";
import { WorkCalendar } from "./calendar.js";
import { addDays, chinaDate } from "./time.js";
import type { JobDef } from "./jobs.js";
import type { PlatformModule } from "./module.js";

export type DeadlineRow = typeof deadlines.$inferSelect;

export interface OpenDeadline {
  objectType: string;
  objectId: number;
  kind: string;
  /** The event that starts the clock; its own day does not count (docs/decisions.md D5). */
  start: Date | string;
  workdays: number;
  orgCode: string;
}

export interface Due {
  /** Last working day allowed (China date). */
  dueDate: string;
  /** The reminder goes out on or after this day. */
  remindOn: string;
}

/** The working day before the due date (or the start day itself for a one-day clock; never before the start day). */
function remindDay(cal: WorkCalendar, startDay: string, dueDate: string): string {
  let d = addDays(dueDate, -1);
  while (d > startDay && !cal.isWorkday(d)) d = addDays(d, -1);
  return d < startDay ? startDay : d;
}

/** Due date and reminder day for a clock of `workdays` working days starting on `startDay` (its day does not count). */
export async function computeDue(q: Queryable, startDay: string, workdays: number): Promise<Due> {
  const cal = await WorkCalendar.load(q, addDays(startDay, -20), addDays(startDay, workdays * 3 + 40));
  const dueDate = cal.addWorkdays(startDay, workdays);
  return { dueDate, remindOn: remindDay(cal, startDay, dueDate) };
}

/** The same for a clock started at an instant (its China day). */
export async function dueAfterWorkdays(q: Queryable, start: Date, workdays: number): Promise<Due> {
  return computeDue(q, chinaDate(start), workdays);
}

/** A clock whose due date is a given day (e.g. the end of a release plan, R12), reminded the working day before. */
export async function dueOnDay(q: Queryable, start: Date, dueDate: string): Promise<Due> {
  const startDay = chinaDate(start);
  const cal = await WorkCalendar.load(q, addDays(startDay, -15), addDays(dueDate, 1));
  return { dueDate, remindOn: remindDay(cal, startDay, dueDate) };
}

export async function openDeadline(q: Queryable, d: OpenDeadline): Promise<{ dueDate: string; remindOn: string }> {
  const startDay = typeof d.start === "string" ? d.start : chinaDate(d.start);
  const due = await computeDue(q, startDay, d.workdays);
  await q
    .insert(deadlines)
    .values({ objectType: d.objectType, objectId: d.objectId, kind: d.kind, orgCode: d.orgCode, ...due })
    .onConflictDoNothing();
  return due;
}

/** Close a deadline when its step happens: 'met' on or before the due date, 'missed' after it. */
export async function closeDeadline(q: Queryable, objectType: string, objectId: number, kind: string, at = new Date()) {
  const today = chinaDate(at);
  await q
    .update(deadlines)
    .set({ status: sql`case when ${deadlines.dueDate} >= ${today}::date then 'met' else 'missed' end`, closedAt: at })
    .where(and(eq(deadlines.objectType, objectType), eq(deadlines.objectId, objectId), eq(deadlines.kind, kind), eq(deadlines.status, "open")));
}

export interface DeadlineHandler {
  remind(tx: Queryable, d: DeadlineRow): Promise<void>;
  escalate(tx: Queryable, d: DeadlineRow): Promise<void>;
}

/** One sweep: reminders due today or earlier, escalations for overdue clocks. Returns what it did. */
export async function sweepDeadlines(db: Db, handlers: Record<string, DeadlineHandler>, now = new Date(), batch = 100) {
  const today = chinaDate(now);
  // Only the object types this sweep has handlers for: another module's rows are left to its own sweep.
  const types = Object.keys(handlers);
  if (!types.length) return { reminded: 0, escalated: 0 };
  // Claim a batch of rows FOR UPDATE SKIP LOCKED, act on each and mark it, in one transaction; repeat until done.
  const drain = async (when: SQL, act: (tx: Queryable, d: DeadlineRow) => Promise<void>, mark: Partial<DeadlineRow>) => {
    let done = 0;
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = await tx.select().from(deadlines)
          .where(and(inArray(deadlines.objectType, types), eq(deadlines.status, "open"), when))
          .limit(batch)
          .for("update", { skipLocked: true });
        for (const d of rows) {
          await act(tx, d);
          await tx.update(deadlines).set(mark).where(eq(deadlines.id, d.id));
        }
        return rows.length;
      });
      done += n;
      if (n < batch) return done;
    }
  };
  const reminded = await drain(and(isNull(deadlines.remindedAt), lte(deadlines.remindOn, today))!, (tx, d) => handlers[d.objectType]!.remind(tx, d), { remindedAt: now });
  const escalated = await drain(and(isNull(deadlines.escalatedAt), lt(deadlines.dueDate, today))!, (tx, d) => handlers[d.objectType]!.escalate(tx, d), { escalatedAt: now });
  return { reminded, escalated };
}

/** Every module's deadline handlers (PlatformModule.deadlines), by object type. */
export function deadlineHandlersOf(modules: readonly PlatformModule[]): Record<string, DeadlineHandler> {
  const out: Record<string, DeadlineHandler> = {};
  for (const m of modules) {
    for (const [type, h] of Object.entries(m.deadlines ?? {})) {
      if (out[type]) throw new Error(`deadline object type ${type} is handled by two modules`);
      out[type] = h;
    }
  }
  return out;
}

export const DEADLINE_SWEEP_JOB = "deadlines.sweep";

/** The kernel's one deadline sweep (every 10 minutes, on any instance): reminders and escalations of every module's clocks. */
export const deadlineSweepJob: JobDef = {
  name: DEADLINE_SWEEP_JOB,
  next: (now) => new Date(now.getTime() + 10 * 60_000),
  run: (db, now, modules) => sweepDeadlines(db, deadlineHandlersOf(modules), now),
};
