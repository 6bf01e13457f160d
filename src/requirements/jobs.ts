/** The requirement measure's recurring job (run by src/core/jobs.ts on any instance): the working-day deadline sweep (X3, R10). */
import type { JobDef } from "../core/jobs.js";
import { sweepRequirementDeadlines } from "./deadlines.js";

export const REQUIREMENT_DEADLINE_JOB = "req.deadline-sweep";

export const REQUIREMENT_JOBS: readonly JobDef[] = [
  // Every 30 minutes: a step entered today whose reminder day is today is reminded the same day; the sweep is idempotent.
  { name: REQUIREMENT_DEADLINE_JOB, next: (now) => new Date(now.getTime() + 30 * 60_000), run: (db, now) => sweepRequirementDeadlines(db, now) },
];
