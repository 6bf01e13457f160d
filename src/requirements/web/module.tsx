/** The web pages of 业务需求运维管理 (R1–R14): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { CalendarOutlined, FileTextOutlined, SolutionOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "requirements",
  pages: [
  { path: "/requirements/queue", label: "我的待办", help: "我的待办列出现在需要您办理的业务需求，按本环节期限排序，超期的标红。点击需求进入详情办理。", section: "REQ", icon: <SolutionOutlined />, permission: "req.read", component: lazy(() => import("./QueuePage.js")) },
  { path: "/requirements", label: "需求台账", help: "需求台账列出范围内的全部业务需求，可按子系统、单位、状态筛选并导出 Excel。", section: "REQ", icon: <SolutionOutlined />, permission: "req.read", component: lazy(() => import("./RequirementsPage.js")) },
  { path: "/requirements/new", label: "填写需求申请表", section: "REQ", icon: <FileTextOutlined />, permission: "req.submit", component: lazy(() => import("./RequirementEditPage.js")) },
  { path: "/requirements/vendor", label: "运维实施记录", section: "REQ", icon: <SolutionOutlined />, permission: "req.evaluate", component: lazy(() => import("./VendorRecordPage.js")) },
  { path: "/requirements/settings", label: "办理期限设置", section: "REQ", icon: <CalendarOutlined />, permission: "req.manage", component: lazy(() => import("./DeadlineSettingsPage.js")) },
  { path: "/requirements/:id/edit", label: "修改需求申请表", section: "REQ", hideInMenu: true, permission: "req.submit", component: lazy(() => import("./RequirementEditPage.js")) },
  { path: "/requirements/:id", label: "业务需求详情", section: "REQ", hideInMenu: true, permission: "req.read", component: lazy(() => import("./RequirementDetailPage.js")) },
  ],
});
