/** 人社政务服务办件分析预警子系统 (S-CASES). */
import { defineModule } from "../core/module.js";
import { CASES_AREA } from "./permissions.js";

export default defineModule({
  name: "cases",
  area: CASES_AREA,
});
