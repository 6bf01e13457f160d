/** Governance (P2–P9, P12, P13): accounts, role kinds, positions, grants, ledgers, clean-up, log review, campaigns. */
import { defineModule } from "../core/module.js";
import { GOVERNANCE_AUDIT_EVENTS, GOVERNANCE_AUDIT_OBJECTS } from "./audit-names.js";
import { governanceRoutes } from "./routes.js";
import { GOVERNANCE_JOBS } from "./jobs.js";
import { seedGovernanceDemo } from "./demo.js";
import { governanceDuties, governanceInbox } from "./inbox.js";

export default defineModule({
  name: "governance",
  auditEvents: GOVERNANCE_AUDIT_EVENTS,
  auditObjects: GOVERNANCE_AUDIT_OBJECTS,
  routes: { prefix: "/api/gov", register: governanceRoutes },
  jobs: GOVERNANCE_JOBS,
  inbox: governanceInbox,
  duties: governanceDuties,
  seedDemo: ({ db, rng }) => seedGovernanceDemo(db, rng),
});
