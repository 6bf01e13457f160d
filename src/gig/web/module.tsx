/** The web pages of 零工驿站子系统 (S-GIG, station side): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { AuditOutlined, BankOutlined, BarChartOutlined, FileSearchOutlined, PayCircleOutlined, ShopOutlined, SolutionOutlined, TeamOutlined, UserAddOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "gig",
  pages: [
    { path: "/gig/stations", label: "驿站名录", section: "GIG", icon: <ShopOutlined />, permission: "gig.worker.read", component: lazy(() => import("./StationsPage.js")) },
    { path: "/gig/workers", label: "零工列表", section: "GIG", icon: <TeamOutlined />, permission: "gig.worker.read", component: lazy(() => import("./WorkersPage.js")) },
    { path: "/gig/workers/new", label: "零工登记", section: "GIG", icon: <UserAddOutlined />, permission: "gig.worker.manage", component: lazy(() => import("./WorkerRegisterPage.js")) },
    { path: "/gig/workers/:id", label: "零工详情", section: "GIG", hideInMenu: true, permission: "gig.worker.read", component: lazy(() => import("./WorkerDetailPage.js")) },
    { path: "/gig/employers", label: "用工主体", section: "GIG", icon: <BankOutlined />, permission: "gig.worker.read", component: lazy(() => import("./EmployersPage.js")) },
    { path: "/gig/review", label: "岗位审核", section: "GIG", icon: <AuditOutlined />, permission: "gig.posting.review", component: lazy(() => import("./PostingsPage.js").then((m) => ({ default: m.ReviewQueuePage }))) },
    { path: "/gig/postings", label: "岗位信息", section: "GIG", icon: <FileSearchOutlined />, permission: "gig.worker.read", component: lazy(() => import("./PostingsPage.js")) },
    { path: "/gig/postings/:id", label: "岗位详情", section: "GIG", hideInMenu: true, permission: "gig.worker.read", component: lazy(() => import("./PostingDetailPage.js")) },
    { path: "/gig/settlements", label: "工资结算", section: "GIG", icon: <PayCircleOutlined />, permission: "gig.settlement.manage", component: lazy(() => import("./SettlementsPage.js")) },
    { path: "/gig/complaints", label: "劳动维权", section: "GIG", icon: <SolutionOutlined />, permission: "gig.settlement.manage", component: lazy(() => import("./ComplaintsPage.js")) },
    { path: "/gig/stats", label: "零工统计", section: "GIG", icon: <BarChartOutlined />, permission: "gig.stats.read", component: lazy(() => import("./StatsPage.js")) },
  ],
});
