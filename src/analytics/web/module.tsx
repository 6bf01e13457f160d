/** The web pages of 人社数据分析 (S-ANALYTICS): dashboard with drill-down, targets, the leaders' screen, reports. */
import { lazy } from "react";
import { AimOutlined, DashboardOutlined, DesktopOutlined, FilePdfOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "analytics",
  pages: [
    { path: "/analytics", label: "数据看板", section: "ANALYTICS", icon: <DashboardOutlined />, permission: "analytics.dashboard.read", component: lazy(() => import("./DashboardPage.js")) },
    { path: "/analytics/targets", label: "目标任务", section: "ANALYTICS", icon: <AimOutlined />, permission: "analytics.dashboard.read", component: lazy(() => import("./TargetsPage.js")) },
    { path: "/analytics/screen", label: "领导驾驶舱", section: "ANALYTICS", icon: <DesktopOutlined />, permission: "analytics.dashboard.read", component: lazy(() => import("./ScreenPage.js")) },
    { path: "/analytics/reports", label: "分析报告", section: "ANALYTICS", icon: <FilePdfOutlined />, permission: "analytics.dashboard.read", component: lazy(() => import("./ReportsPage.js")) },
  ],
});
