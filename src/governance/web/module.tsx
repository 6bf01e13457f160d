/** The web pages of 系统管理 (P5–P8, X1, X3): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { ApartmentOutlined, BookOutlined, ClearOutlined, FileSearchOutlined, PauseCircleOutlined, SafetyOutlined, TeamOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "governance",
  pages: [
  { path: "/gov/accounts", label: "账户管理", help: "账户管理列出本级及下级的账户。账户的创建、变更、注销应依据已签批的申请表办理，并记入账户管理台账。", section: "system", icon: <TeamOutlined />, permission: "gov.account.read", component: lazy(() => import("./AccountsPage.js")) },
  { path: "/gov/accounts/:id", label: "账户详情", section: "system", hideInMenu: true, permission: "gov.account.read", component: lazy(() => import("./AccountDetailPage.js")) },
  { path: "/gov/positions", label: "岗位管理", section: "system", icon: <ApartmentOutlined />, permission: "gov.account.read", component: lazy(() => import("./PositionsPage.js")) },
  { path: "/gov/ledgers/accounts", label: "账户管理台账", section: "system", icon: <BookOutlined />, permission: "gov.account-ledger.read", component: lazy(() => import("./AccountLedgerPage.js")) },
  { path: "/gov/ledgers/permissions", label: "权限管理台账", section: "system", icon: <BookOutlined />, permission: "gov.permission-ledger.read", component: lazy(() => import("./PermissionLedgerPage.js")) },
  { path: "/gov/cleanup", label: "长期未登录账户清理", help: "系统每天扫描长时间未登录的账户。核实后选择要停用的账户并填写原因，一次停用；停用不删除账户及其记录（第七条）。", section: "system", icon: <ClearOutlined />, permission: "gov.cleanup.manage", component: lazy(() => import("./CleanupPage.js")) },
  { path: "/gov/staff-status", label: "人员离岗登记", section: "system", icon: <PauseCircleOutlined />, permission: "gov.staff-status.manage", component: lazy(() => import("./StaffStatusPage.js")) },
  { path: "/gov/log-review", label: "权限日志审查", help: "定期审查权限管理日志：系统标出非工作时间授权、批量授权等异常。审查后登记审查结论；到期未审查时待办事项会提醒。", section: "system", icon: <FileSearchOutlined />, permission: "gov.log-review.manage", component: lazy(() => import("./LogReviewPage.js")) },
  { path: "/gov/campaigns", label: "权限复核", help: "权限复核：逐项确认或撤销本级的授权。未在期限内答复的条目会列出。", section: "system", icon: <SafetyOutlined />, permission: "gov.grant.manage", component: lazy(() => import("./CampaignsPage.js")) },
  { path: "/gov/campaigns/:id", label: "权限复核详情", section: "system", hideInMenu: true, permission: "gov.grant.manage", component: lazy(() => import("./CampaignDetailPage.js")) },
  ],
});
