/** The web pages of the ANALYTICS area: while the subsystem is being built, its one entry says what it will contain. */
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { SUBSYSTEM_ICONS } from "../../web/icons.js";
import { subsystemPlaceholder } from "../../web/pages/SubsystemPlaceholder.js";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "analytics",
  pages: [{ path: "/analytics", label: SUBSYSTEM_INFO.ANALYTICS.short, section: "ANALYTICS", icon: SUBSYSTEM_ICONS.ANALYTICS, component: subsystemPlaceholder("ANALYTICS") }],
});
