/** ANALYTICS 人社数据分析子系统: the function codes its positions are made of (P1, P12, S-ANALYTICS). */
import type { FunctionDef } from "../core/access/catalogue.js";

export const ANALYTICS_FUNCTIONS: readonly FunctionDef[] = [
  { code: "analytics.dashboard.read", name: "查看数据分析看板" },
  { code: "analytics.export", name: "导出分析数据" },
  { code: "analytics.target.manage", name: "维护年度目标任务" },
];
