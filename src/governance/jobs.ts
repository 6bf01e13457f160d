/**
 * Governance's daily jobs, run by the database job runner (src/core/jobs.ts):
 * - the idle-account scan of every level (P7(4)), at 02:00 China time;
 * - the 脱岗 sweep (P13(2)): off duty three months or more clears rights, at 02:10.
 */
import type { Db } from "../core/db/client.js";
import { nextDailyChinaTime, runDueJobs as runJobs, type JobDef } from "../core/jobs.js";
import { CLEANUP_SCAN_JOB, scanAllLevels } from "./cleanup.js";
import { sweepOffDuty } from "./staff-status.js";

export { CLEANUP_SCAN_JOB };
export const OFF_DUTY_SWEEP_JOB = "gov.off-duty-sweep";

export const GOVERNANCE_JOBS: readonly JobDef[] = [
  {
    name: CLEANUP_SCAN_JOB,
    next: (now) => nextDailyChinaTime(now, 2, 0),
    run: (db: Db, now: Date) => scanAllLevels(db, now),
  },
  {
    name: OFF_DUTY_SWEEP_JOB,
    next: (now) => nextDailyChinaTime(now, 2, 10),
    run: (db: Db, now: Date) => sweepOffDuty(db, now),
  },
];

/** Run the governance jobs due at `now` (tests pass the time they want). */
export function runDueJobs(db: Db, now: Date) {
  return runJobs(db, now, GOVERNANCE_JOBS);
}
