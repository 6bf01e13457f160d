/** Request forms (P10, P11, P14–P16): 附件1 and 附件2, sign-off, execution through governance, PDFs, deadlines. */
import { defineModule } from "../core/module.js";
import { FORM_INDICATORS } from "./indicators.js";
import { formRoutes } from "./routes.js";
import { FORMS_JOBS } from "./jobs.js";
import { FORM_DEADLINE_HANDLERS } from "./deadlines.js";
import { seedFormsDemo } from "./demo.js";

export default defineModule({
  name: "forms",
  routes: { prefix: "/api/forms", register: formRoutes },
  indicators: FORM_INDICATORS,
  jobs: FORMS_JOBS,
  deadlines: FORM_DEADLINE_HANDLERS,
  seedDemo: ({ db, rng }) => seedFormsDemo(db, rng),
});
