/** 劳动力资源信息库 (S-LABOR): the registry, household survey, import/export, history, masking, statistics. */
import { defineModule } from "../core/module.js";
import { LABOR_AUDIT_EVENTS, LABOR_AUDIT_OBJECTS } from "./audit-names.js";
import { LABOR_AREA } from "./permissions.js";
import { laborRoutes } from "./routes.js";
import { LABOR_JOBS } from "./jobs.js";
import { seedLaborDemo } from "./generator.js";
import { LABOR_INDICATORS, LABOR_STATS_ROLL_JOB } from "./indicators.js";

/** Size of the demo labor registry that `npm run demo` loads; tests start with none and import their own. */
export const DEMO_LABOR_PERSONS = 20_000;

export default defineModule({
  name: "labor",
  auditEvents: LABOR_AUDIT_EVENTS,
  auditObjects: LABOR_AUDIT_OBJECTS,
  area: LABOR_AREA,
  routes: { prefix: "/api/labor", register: laborRoutes },
  jobs: [...LABOR_JOBS, LABOR_STATS_ROLL_JOB],
  indicators: LABOR_INDICATORS,
  seedDemo: async ({ db, scale }) => {
    if (scale === "demo") await seedLaborDemo(db, DEMO_LABOR_PERSONS);
  },
});
