/** The web pages of the GIG area: while the subsystem is being built, its one entry says what it will contain. */
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { SUBSYSTEM_ICONS } from "../../web/icons.js";
import { subsystemPlaceholder } from "../../web/pages/SubsystemPlaceholder.js";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "gig",
  pages: [{ path: "/gig", label: SUBSYSTEM_INFO.GIG.short, section: "GIG", icon: SUBSYSTEM_ICONS.GIG, component: subsystemPlaceholder("GIG") }],
});
