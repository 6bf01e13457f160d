/**
 * A tiny database job runner. Each recurring job is one row of `jobs` (name, next run_at). Any instance may run
 * runDueJobs: it claims one due row at a time with FOR UPDATE SKIP LOCKED and a lease (locked_until), runs the job,
 * then schedules the next run. Nothing lives in process memory: a restart loses nothing (the row stays due), a crash
 * mid-run is retried once its lease expires, and several instances never run the same job at once.
 * Tests call runDueJobs(db, now, defs) with the time they choose; `serve` starts startJobLoop.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "./db/client.js";
import { jobs } from "./db/schema.js";
import type { PlatformModule } from "./module.js";
import { deadlineSweepJob } from "./deadlines.js";

/** The kernel's own jobs (the deadline sweep over every module's handlers). */
export const KERNEL_JOBS: readonly JobDef[] = [deadlineSweepJob];

/** Every recurring job of the platform: the kernel's, then each module's. */
export function platformJobs(modules: readonly PlatformModule[]): JobDef[] {
  return [...KERNEL_JOBS, ...modules.flatMap((m) => m.jobs ?? [])];
}

export interface JobDef {
  name: string;
  /** When the next run is due, after a run that started at `now`. */
  next(now: Date): Date;
  /** First due time when the row does not exist yet (default: now, so a fresh install runs it at once). */
  first?(now: Date): Date;
  /** `modules`: the platform's modules, for a job that reads what other modules offer (analytics indicators). */
  run(db: Db, now: Date, modules: readonly PlatformModule[]): Promise<unknown>;
  /** Lease while running (default 30 minutes). */
  leaseMs?: number;
  /** Delay before retrying after a failure (default 15 minutes). */
  retryMs?: number;
}

const INSTANCE = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Next occurrence of hh:mm China time strictly after `now` (src/core/time.ts). */
export { nextDailyChinaTime } from "./time.js";

/** Create the rows of jobs that have none (idempotent, safe with several instances). */
export async function ensureJobs(db: Db, defs: readonly JobDef[], now: Date) {
  if (!defs.length) return;
  await db.insert(jobs).values(defs.map((d) => ({ name: d.name, runAt: d.first ? d.first(now) : now }))).onConflictDoNothing();
}

export interface JobRun {
  name: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Run every job due at `now`, one claimed row at a time; returns what ran. */
export async function runDueJobs(db: Db, now: Date, defs: readonly JobDef[], modules: readonly PlatformModule[] = []): Promise<JobRun[]> {
  await ensureJobs(db, defs, now);
  const byName = new Map(defs.map((d) => [d.name, d]));
  const ran: JobRun[] = [];
  const tried = new Set<string>();
  for (;;) {
    const names = [...byName.keys()].filter((n) => !tried.has(n));
    if (!names.length) break;
    const claimed = await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ name: jobs.name })
        .from(jobs)
        .where(and(inArray(jobs.name, names), lte(jobs.runAt, now), or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now))))
        .orderBy(jobs.runAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return null;
      const def = byName.get(row.name)!;
      await tx.update(jobs)
        .set({ lockedUntil: new Date(now.getTime() + (def.leaseMs ?? 30 * 60_000)), lockedBy: INSTANCE, lastStartedAt: now })
        .where(eq(jobs.name, row.name));
      return def;
    });
    if (!claimed) break;
    tried.add(claimed.name);
    try {
      const result = await claimed.run(db, now, modules);
      await db.update(jobs)
        .set({ runAt: claimed.next(now), lockedUntil: null, lockedBy: null, lastFinishedAt: new Date(), lastError: null, lastResult: (result ?? null) as object, runs: sql`${jobs.runs} + 1` })
        .where(and(eq(jobs.name, claimed.name), eq(jobs.lockedBy, INSTANCE)));
      ran.push({ name: claimed.name, ok: true, result });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await db.update(jobs)
        .set({ runAt: new Date(now.getTime() + (claimed.retryMs ?? 15 * 60_000)), lockedUntil: null, lockedBy: null, lastError: message.slice(0, 2000), failures: sql`${jobs.failures} + 1` })
        .where(and(eq(jobs.name, claimed.name), eq(jobs.lockedBy, INSTANCE)));
      ran.push({ name: claimed.name, ok: false, error: message });
    }
  }
  return ran;
}

/**
 * Poll for due jobs every intervalMs (the server; never in tests unless the test controls it). Returns stop(),
 * which waits for a run in progress to finish.
 */
export function startJobLoop(db: Db, modules: readonly PlatformModule[], opts: { intervalMs?: number; onError?: (e: unknown) => void; kernelJobs?: JobDef[] } = {}) {
  const defs = [...(opts.kernelJobs ?? []), ...platformJobs(modules)];
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDueJobs(db, new Date(), defs, modules)
      .then((runs) => {
        for (const r of runs) if (!r.ok) opts.onError?.(new Error(`job ${r.name}: ${r.error}`));
      })
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 60_000);
  timer.unref();
  setImmediate(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
