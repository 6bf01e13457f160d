/**
 * Deadlines in working days (X3, P10, R10). A deadline is a row: opened with its due date computed from the
 * working-day calendar, closed when the awaited step happens (met, or missed if late), and swept by a job that any
 * instance may run at the same time: rows are claimed with FOR UPDATE SKIP LOCKED and marked in the same
 * transaction as the notices they cause, so no reminder is lost or sent twice across restarts and instances.
 */
import { and, eq, inArray, isNull, lte, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "./db/client.js";
import { deadlines } from "./db/schema.js";
import { WorkCalendar, addDays, chinaDate } from "./calendar.js";

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

/** Due date and reminder day for a clock starting on `startDay`. */
export async function computeDue(q: Queryable, startDay: string, workdays: number) {
  const cal = await WorkCalendar.load(q, addDays(startDay, -20), addDays(startDay, workdays * 3 + 40));
  const dueDate = cal.addWorkdays(startDay, workdays);
  // The working day before the due date (or the start day itself for a one-day clock).
  let remindOn = addDays(dueDate, -1);
  while (remindOn > startDay && !cal.isWorkday(remindOn)) remindOn = addDays(remindOn, -1);
  return { dueDate, remindOn };
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
  let reminded = 0;
  let escalated = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(deadlines)
        .where(and(inArray(deadlines.objectType, types), eq(deadlines.status, "open"), isNull(deadlines.remindedAt), lte(deadlines.remindOn, today)))
        .limit(batch)
        .for("update", { skipLocked: true });
      for (const d of due) {
        await handlers[d.objectType]!.remind(tx, d);
        await tx.update(deadlines).set({ remindedAt: now }).where(eq(deadlines.id, d.id));
      }
      return due.length;
    });
    reminded += n;
    if (n < batch) break;
  }
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const over = await tx
        .select()
        .from(deadlines)
        .where(and(inArray(deadlines.objectType, types), eq(deadlines.status, "open"), isNull(deadlines.escalatedAt), lt(deadlines.dueDate, today)))
        .limit(batch)
        .for("update", { skipLocked: true });
      for (const d of over) {
        await handlers[d.objectType]!.escalate(tx, d);
        await tx.update(deadlines).set({ escalatedAt: now }).where(eq(deadlines.id, d.id));
      }
      return over.length;
    });
    escalated += n;
    if (n < batch) break;
  }
  return { reminded, escalated };
}
