/** 人社数据分析子系统 (S-ANALYTICS). */
import { defineModule } from "../core/module.js";
import { ANALYTICS_AREA } from "./permissions.js";

export default defineModule({
  name: "analytics",
  area: ANALYTICS_AREA,
});
