/** The web pages of 人社政务服务办件分析预警 (S-CASES): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { AlertOutlined, BarChartOutlined, CloudUploadOutlined, DashboardOutlined, FileSearchOutlined, MessageOutlined, SettingOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "cases",
  pages: [
    { path: "/cases", label: "办件查询", section: "CASES", icon: <FileSearchOutlined />, permission: "cases.case.read", component: lazy(() => import("./CasesPage.js")) },
    { path: "/cases/case/:id", label: "办件详情", section: "CASES", hideInMenu: true, permission: "cases.case.read", component: lazy(() => import("./CaseDetailPage.js")) },
    { path: "/cases/board", label: "预警看板", section: "CASES", icon: <DashboardOutlined />, permission: "cases.case.read", component: lazy(() => import("./BoardPage.js")) },
    { path: "/cases/cards", label: "红黄牌", section: "CASES", icon: <AlertOutlined />, permission: "cases.case.read", component: lazy(() => import("./CardsPage.js")) },
    { path: "/cases/reviews", label: "差评整改", section: "CASES", icon: <MessageOutlined />, permission: "cases.case.read", component: lazy(() => import("./ReviewsPage.js")) },
    { path: "/cases/import", label: "数据导入", section: "CASES", icon: <CloudUploadOutlined />, permission: "cases.import", component: lazy(() => import("./IntakePage.js")) },
    { path: "/cases/stats", label: "统计分析", section: "CASES", icon: <BarChartOutlined />, permission: "cases.stats.read", component: lazy(() => import("./StatsPage.js")) },
    { path: "/cases/rules", label: "预警设置", section: "CASES", icon: <SettingOutlined />, permission: "cases.case.read", component: lazy(() => import("./RulesPage.js")) },
  ],
});
