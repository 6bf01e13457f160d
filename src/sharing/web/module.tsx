/** The web pages of the SHARE area: while the subsystem is being built, its one entry says what it will contain. */
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { SUBSYSTEM_ICONS } from "../../web/icons.js";
import { subsystemPlaceholder } from "../../web/pages/SubsystemPlaceholder.js";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "sharing",
  pages: [{ path: "/share", label: SUBSYSTEM_INFO.SHARE.short, section: "SHARE", icon: SUBSYSTEM_ICONS.SHARE, component: subsystemPlaceholder("SHARE") }],
});
