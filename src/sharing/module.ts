/** 共享用工子系统 (S-SHARE). */
import { defineModule } from "../core/module.js";
import { SHARE_AREA } from "./permissions.js";

export default defineModule({
  name: "sharing",
  area: SHARE_AREA,
});
