/** Every recurring job of the platform, run by the database job runner (src/core/jobs.ts) on any instance. */
import type { JobDef } from "./core/jobs.js";
import { GOVERNANCE_JOBS } from "./governance/jobs.js";
import { FORMS_JOBS } from "./forms/jobs.js";
import { REQUIREMENT_JOBS } from "./requirements/jobs.js";
import { LABOR_JOBS } from "./labor/jobs.js";

export const ALL_JOBS: readonly JobDef[] = [...GOVERNANCE_JOBS, ...FORMS_JOBS, ...REQUIREMENT_JOBS, ...LABOR_JOBS];
