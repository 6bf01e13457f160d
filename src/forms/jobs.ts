/** The forms' recurring jobs (run by src/core/jobs.ts on any instance). */
import type { JobDef } from "../core/jobs.js";
import { openDraftsForStaffChanges } from "./staff-change.js";

export const FORMS_JOBS: readonly JobDef[] = [
  { name: "forms.staff-change-drafts", next: (now) => new Date(now.getTime() + 60_000), run: (db, now) => openDraftsForStaffChanges(db, now) },
  // The deadline reminders and escalations of forms (FORM_DEADLINE_HANDLERS, module.ts) run in the kernel's sweep job.
];
