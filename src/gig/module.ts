/** 零工驿站子系统 (S-GIG). */
import { defineModule } from "../core/module.js";
import { GIG_AREA } from "./permissions.js";

export default defineModule({
  name: "gig",
  area: GIG_AREA,
});
