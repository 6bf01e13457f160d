/** The web pages of the CASES area: while the subsystem is being built, its one entry says what it will contain. */
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { SUBSYSTEM_ICONS } from "../../web/icons.js";
import { subsystemPlaceholder } from "../../web/pages/SubsystemPlaceholder.js";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "cases",
  pages: [{ path: "/cases", label: SUBSYSTEM_INFO.CASES.short, section: "CASES", icon: SUBSYSTEM_ICONS.CASES, component: subsystemPlaceholder("CASES") }],
});
