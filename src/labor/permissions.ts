/** LABOR 劳动力资源信息库: the function codes its positions are made of (P1, P12, S-LABOR). */
import { defineArea } from "../core/access/catalogue.js";

export const LABOR_AREA = defineArea("LABOR", [
  { code: "labor.person.read", name: "查询人员信息" },
  { code: "labor.person.create", name: "采集人员信息（入户调查）" },
  { code: "labor.person.update", name: "修改人员信息" },
  { code: "labor.person.reveal-id", name: "查看完整身份证号、联系电话", sensitive: true },
  { code: "labor.import", name: "批量导入" },
  { code: "labor.export", name: "导出" },
  { code: "labor.stats.read", name: "统计分析" },
] as const);
export const LABOR_FUNCTIONS = LABOR_AREA.functions;
export type LaborPermission = (typeof LABOR_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<LaborPermission, true> {}
}
