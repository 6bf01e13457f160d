/** ANALYTICS 人社数据分析子系统: the function codes its positions are made of (P1, P12, S-ANALYTICS). */
import { defineArea } from "../core/access/catalogue.js";

export const ANALYTICS_AREA = defineArea("ANALYTICS", [
  { code: "analytics.dashboard.read", name: "查看数据分析看板" },
  { code: "analytics.export", name: "导出分析数据" },
  { code: "analytics.target.manage", name: "维护年度目标任务" },
] as const);
export const ANALYTICS_FUNCTIONS = ANALYTICS_AREA.functions;
export type AnalyticsPermission = (typeof ANALYTICS_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<AnalyticsPermission, true> {}
}
