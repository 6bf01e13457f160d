/** 业务需求运维管理 (R1–R14): the requirement lifecycle, 申请表 and 确认单 PDFs, the 需求台账. */
import { defineModule } from "../core/module.js";
import { REQ_AUDIT_EVENTS, REQ_AUDIT_OBJECTS } from "./audit-names.js";
import { REQUIREMENT_INDICATORS } from "./indicators.js";
import { REQ_AREA } from "./permissions.js";
import { requirementRoutes } from "./routes.js";
import { REQUIREMENT_JOBS } from "./jobs.js";
import { seedRequirementsDemo } from "./demo.js";
import { requirementDuties, requirementsInbox } from "./inbox.js";

export default defineModule({
  name: "requirements",
  auditEvents: REQ_AUDIT_EVENTS,
  auditObjects: REQ_AUDIT_OBJECTS,
  area: REQ_AREA,
  routes: { prefix: "/api/requirements", register: requirementRoutes },
  indicators: REQUIREMENT_INDICATORS,
  jobs: REQUIREMENT_JOBS,
  inbox: requirementsInbox,
  duties: requirementDuties,
  // Its own random source (as before the module contract), so the demo requirements stay the same.
  seedDemo: ({ db }) => seedRequirementsDemo(db),
});
