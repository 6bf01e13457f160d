/** Request forms (P10, P11, P14–P16): 附件1 and 附件2, sign-off, execution through governance, PDFs, deadlines. */
import { defineModule } from "../core/module.js";
import { FORM_AUDIT_EVENTS, FORM_AUDIT_OBJECTS } from "./audit-names.js";
import { FORM_INDICATORS } from "./indicators.js";
import { formRoutes } from "./routes.js";
import { FORMS_JOBS } from "./jobs.js";
import { FORM_DEADLINE_HANDLERS } from "./deadlines.js";
import { seedFormsDemo } from "./demo.js";
import { formDuties, formsInbox } from "./inbox.js";

export default defineModule({
  name: "forms",
  auditEvents: FORM_AUDIT_EVENTS,
  auditObjects: FORM_AUDIT_OBJECTS,
  routes: { prefix: "/api/forms", register: formRoutes },
  indicators: FORM_INDICATORS,
  jobs: FORMS_JOBS,
  deadlines: FORM_DEADLINE_HANDLERS,
  inbox: formsInbox,
  duties: formDuties,
  seedDemo: ({ db, rng }) => seedFormsDemo(db, rng),
});
