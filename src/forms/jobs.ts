/** The forms' recurring jobs (run by src/core/jobs.ts on any instance). */
import type { JobDef } from "../core/jobs.js";
import { sweepDeadlines } from "../core/deadlines.js";
import { FORM_DEADLINE_HANDLERS } from "./deadlines.js";
import { openDraftsForStaffChanges } from "./staff-change.js";

export const FORMS_JOBS: readonly JobDef[] = [
  { name: "forms.staff-change-drafts", next: (now) => new Date(now.getTime() + 60_000), run: (db, now) => openDraftsForStaffChanges(db, now) },
  { name: "forms.deadline-sweep", next: (now) => new Date(now.getTime() + 10 * 60_000), run: (db, now) => sweepDeadlines(db, FORM_DEADLINE_HANDLERS, now) },
];
