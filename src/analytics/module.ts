/** 人社数据分析子系统 (S-ANALYTICS): dashboards over every module's indicators, snapshots, targets, reports. */
import { and, count, gte } from "drizzle-orm";
import { defineModule } from "../core/module.js";
import type { InboxItem } from "../core/module.js";
import { chinaDate } from "../core/calendar.js";
import { scopeFilter } from "../core/access/scope.js";
import { ANALYTICS_AREA } from "./permissions.js";
import { analyticsRoutes } from "./routes.js";
import { snapshotJob } from "./snapshots.js";
import { reportJob } from "./reports.js";
import { missingTargets } from "./targets.js";
import { analyticsReports } from "./schema.js";
import { seedAnalyticsDemo } from "./demo.js";

export default defineModule({
  name: "analytics",
  area: ANALYTICS_AREA,
  routes: { prefix: "/api/analytics", register: analyticsRoutes },
  jobs: [snapshotJob, reportJob],
  auditEvents: {
    "analytics.targets.set": { name: "下达年度目标任务", category: "data" },
    "analytics.targets.import": { name: "导入年度目标任务", category: "import" },
    "analytics.thresholds.set": { name: "修改目标进度预警阈值", category: "data" },
  },
  auditObjects: {
    analytics_targets: { name: "年度目标任务", link: "/analytics/targets" },
    analytics_settings: { name: "数据分析设置", link: "/analytics/targets" },
  },
  fieldLabels: {
    indicators: "指标代码",
    indicator: "指标代码",
    target: "年度目标",
    greenRatio: "正常阈值",
    amberRatio: "滞后阈值",
  },
  async inbox(q, p, now) {
    const items: InboxItem[] = [];
    if (!p.permissions.has("analytics.dashboard.read")) return items;
    const today = chinaDate(now);
    const year = Number(today.slice(0, 4));
    if (p.permissions.has("analytics.target.manage") && p.orgCode === "422800") {
      // The module list is not at hand here; targets are counted for the key labor figures every county must have.
      const { MODULES } = await import("../modules.js");
      const n = await missingTargets(q, MODULES, year);
      const due = `${year}-01-31`;
      if (n) items.push({ kind: "analytics.targets", title: `待下达的${year}年度目标任务（县市×指标）`, count: n, link: "/analytics/targets", due, overdue: today > due });
    }
    const since = new Date(now.getTime() - 7 * 86_400_000);
    const [r] = await q.select({ n: count() }).from(analyticsReports).where(and(scopeFilter(p, analyticsReports.regionCode), gte(analyticsReports.createdAt, since)));
    if (r?.n) items.push({ kind: "analytics.report", title: "新生成的月度分析报告", count: r.n, link: "/analytics/reports" });
    return items;
  },
  seedDemo: (c) => seedAnalyticsDemo(c),
});
