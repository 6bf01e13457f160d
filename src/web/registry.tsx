/**
 * The single route and menu registry of the web app. A subsystem adds its pages by adding entries here: each entry
 * names its menu section, the permission that shows it (an admin power from src/core/access/catalogue.ts or a business
 * function code from src/<subsystem>/permissions.ts) and its component. The menu and the route guard both read these
 * entries, so a page never shows in the menu to an account that the API would refuse (P9).
 *
 * An area section (the five subsystems of P1, and REQ for the 业务需求运维管理暂行办法) is shown only when the account
 * holds a grant in that area. While a subsystem has no pages yet, its one entry is the placeholder that says what it
 * will contain.
 */
import { lazy, type ComponentType, type ReactNode } from "react";
import {
  ApartmentOutlined,
  AppstoreOutlined,
  BookOutlined,
  ClearOutlined,
  FileSearchOutlined,
  PauseCircleOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SolutionOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  HomeOutlined,
  ShopOutlined,
  SwapOutlined,
  TeamOutlined,
  UserAddOutlined,
  UserOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import { BUSINESS_SUBSYSTEMS, type BusinessSubsystem, type RoleKind, type SessionInfo, type Subsystem } from "./types.js";
import { hasPermission, hasSubsystem } from "./session.js";
import { SUBSYSTEM_INFO } from "./subsystems.js";
import { subsystemPlaceholder } from "./pages/SubsystemPlaceholder.js";

/** Menu sections: an area code (LABOR … CASES, REQ) or one of the shell's own. */
export type Section = "home" | Subsystem | "forms" | "system" | "account";

export interface PageEntry {
  /** Route path, absolute ("/gov/accounts"). */
  path: string;
  /** Menu label and page title. */
  label: string;
  section: Section;
  icon?: ReactNode;
  /** Shown only to accounts holding this permission. */
  permission?: string;
  /** Shown only to these role kinds. */
  roles?: RoleKind[];
  /** Routed, but not listed in the menu (detail pages). */
  hideInMenu?: boolean;
  component: ComponentType;
}

export const SUBSYSTEM_ICONS: Record<BusinessSubsystem, ReactNode> = {
  LABOR: <DatabaseOutlined />,
  SHARE: <SwapOutlined />,
  GIG: <ShopOutlined />,
  ANALYTICS: <BarChartOutlined />,
  CASES: <WarningOutlined />,
};

/** Menu sections in order; the five subsystem sections are listed under “业务子系统”. */
export const SECTIONS: { key: Section; title: string; icon?: ReactNode }[] = [
  { key: "home", title: "工作台" },
  ...BUSINESS_SUBSYSTEMS.map((s) => ({ key: s, title: SUBSYSTEM_INFO[s].short, icon: SUBSYSTEM_ICONS[s] })),
  { key: "REQ", title: "业务需求管理", icon: <SolutionOutlined /> },
  { key: "forms", title: "账户权限申请", icon: <FileTextOutlined /> },
  { key: "system", title: "系统管理", icon: <AppstoreOutlined /> },
  { key: "account", title: "我的账户" },
];

export const PAGES: PageEntry[] = [
  { path: "/", label: "工作台", section: "home", icon: <HomeOutlined />, component: lazy(() => import("./pages/HomePage.js")) },

  // Business subsystems (P1). Replace a placeholder with the subsystem's own entries when its pages exist.
  // 劳动力资源信息库 (S-LABOR): pages in src/labor/web.
  { path: "/labor/persons", label: "人员信息", section: "LABOR", icon: <TeamOutlined />, permission: "labor.person.read", component: lazy(() => import("../labor/web/PersonsPage.js")) },
  { path: "/labor/persons/new", label: "人员登记", section: "LABOR", icon: <UserAddOutlined />, permission: "labor.person.create", component: lazy(() => import("../labor/web/PersonEditPage.js")) },
  { path: "/labor/households/new", label: "入户调查", section: "LABOR", icon: <HomeOutlined />, permission: "labor.person.create", component: lazy(() => import("../labor/web/HouseholdEntryPage.js")) },
  { path: "/labor/quality", label: "数据质量", section: "LABOR", icon: <SafetyCertificateOutlined />, permission: "labor.person.read", component: lazy(() => import("../labor/web/QualityPage.js")) },
  { path: "/labor/persons/:id", label: "人员详情", section: "LABOR", hideInMenu: true, permission: "labor.person.read", component: lazy(() => import("../labor/web/PersonDetailPage.js")) },
  { path: "/labor/persons/:id/edit", label: "修改人员信息", section: "LABOR", hideInMenu: true, permission: "labor.person.update", component: lazy(() => import("../labor/web/PersonEditPage.js")) },
  { path: "/labor/households/:id", label: "户信息", section: "LABOR", hideInMenu: true, permission: "labor.person.read", component: lazy(() => import("../labor/web/HouseholdPage.js")) },
  { path: "/labor/import", label: "批量导入", section: "LABOR", icon: <CloudUploadOutlined />, permission: "labor.import", component: lazy(() => import("../labor/web/ImportPage.js")) },
  { path: "/labor/stats", label: "统计分析", section: "LABOR", icon: <BarChartOutlined />, permission: "labor.stats.read", component: lazy(() => import("../labor/web/StatsPage.js")) },
  { path: "/share", label: SUBSYSTEM_INFO.SHARE.short, section: "SHARE", icon: SUBSYSTEM_ICONS.SHARE, component: subsystemPlaceholder("SHARE") },
  { path: "/gig", label: SUBSYSTEM_INFO.GIG.short, section: "GIG", icon: SUBSYSTEM_ICONS.GIG, component: subsystemPlaceholder("GIG") },
  { path: "/analytics", label: SUBSYSTEM_INFO.ANALYTICS.short, section: "ANALYTICS", icon: SUBSYSTEM_ICONS.ANALYTICS, component: subsystemPlaceholder("ANALYTICS") },
  { path: "/cases", label: SUBSYSTEM_INFO.CASES.short, section: "CASES", icon: SUBSYSTEM_ICONS.CASES, component: subsystemPlaceholder("CASES") },

  // 业务需求运维管理 (R1–R14): pages in src/requirements/web.
  { path: "/requirements/queue", label: "我的待办", section: "REQ", icon: <SolutionOutlined />, permission: "req.read", component: lazy(() => import("../requirements/web/QueuePage.js")) },
  { path: "/requirements", label: "需求台账", section: "REQ", icon: <SolutionOutlined />, permission: "req.read", component: lazy(() => import("../requirements/web/RequirementsPage.js")) },
  { path: "/requirements/new", label: "填写需求申请表", section: "REQ", icon: <FileTextOutlined />, permission: "req.submit", component: lazy(() => import("../requirements/web/RequirementEditPage.js")) },
  { path: "/requirements/vendor", label: "运维实施记录", section: "REQ", icon: <SolutionOutlined />, permission: "req.evaluate", component: lazy(() => import("../requirements/web/VendorRecordPage.js")) },
  { path: "/requirements/settings", label: "办理期限设置", section: "REQ", icon: <CalendarOutlined />, permission: "req.manage", component: lazy(() => import("../requirements/web/DeadlineSettingsPage.js")) },
  { path: "/requirements/:id/edit", label: "修改需求申请表", section: "REQ", hideInMenu: true, permission: "req.submit", component: lazy(() => import("../requirements/web/RequirementEditPage.js")) },
  { path: "/requirements/:id", label: "业务需求详情", section: "REQ", hideInMenu: true, permission: "req.read", component: lazy(() => import("../requirements/web/RequirementDetailPage.js")) },

  // 账户权限申请 (P10, P14–P16): every staff member files for their department; signers sign; admins carry out.
  { path: "/forms", label: "申请表", section: "forms", icon: <FileTextOutlined />, component: lazy(() => import("../forms/web/FormsPage.js")) },
  { path: "/forms/new", label: "填写申请表", section: "forms", hideInMenu: true, component: lazy(() => import("../forms/web/FormEditPage.js")) },
  { path: "/forms/:id/edit", label: "修改申请表", section: "forms", hideInMenu: true, component: lazy(() => import("../forms/web/FormEditPage.js")) },
  { path: "/forms/:id", label: "申请表详情", section: "forms", hideInMenu: true, component: lazy(() => import("../forms/web/FormDetailPage.js")) },

  // 系统管理 (P5–P8, X1, X3).
  { path: "/gov/accounts", label: "账户管理", section: "system", icon: <TeamOutlined />, permission: "gov.account.read", component: lazy(() => import("../governance/web/AccountsPage.js")) },
  { path: "/gov/accounts/:id", label: "账户详情", section: "system", hideInMenu: true, permission: "gov.account.read", component: lazy(() => import("../governance/web/AccountDetailPage.js")) },
  { path: "/gov/positions", label: "岗位管理", section: "system", icon: <ApartmentOutlined />, permission: "gov.account.read", component: lazy(() => import("../governance/web/PositionsPage.js")) },
  { path: "/gov/ledgers/accounts", label: "账户管理台账", section: "system", icon: <BookOutlined />, permission: "gov.account-ledger.read", component: lazy(() => import("../governance/web/AccountLedgerPage.js")) },
  { path: "/gov/ledgers/permissions", label: "权限管理台账", section: "system", icon: <BookOutlined />, permission: "gov.permission-ledger.read", component: lazy(() => import("../governance/web/PermissionLedgerPage.js")) },
  { path: "/gov/cleanup", label: "长期未登录账户清理", section: "system", icon: <ClearOutlined />, permission: "gov.cleanup.manage", component: lazy(() => import("../governance/web/CleanupPage.js")) },
  { path: "/gov/staff-status", label: "人员离岗登记", section: "system", icon: <PauseCircleOutlined />, permission: "gov.staff-status.manage", component: lazy(() => import("../governance/web/StaffStatusPage.js")) },
  { path: "/gov/log-review", label: "权限日志审查", section: "system", icon: <FileSearchOutlined />, permission: "gov.log-review.manage", component: lazy(() => import("../governance/web/LogReviewPage.js")) },
  { path: "/gov/campaigns", label: "权限复核", section: "system", icon: <SafetyOutlined />, permission: "gov.grant.manage", component: lazy(() => import("../governance/web/CampaignsPage.js")) },
  { path: "/gov/campaigns/:id", label: "权限复核详情", section: "system", hideInMenu: true, permission: "gov.grant.manage", component: lazy(() => import("../governance/web/CampaignDetailPage.js")) },
  { path: "/system/audit", label: "审计日志", section: "system", icon: <AuditOutlined />, permission: "audit.read", component: lazy(() => import("./pages/AuditPage.js")) },
  { path: "/system/calendar", label: "工作日历", section: "system", icon: <CalendarOutlined />, roles: ["account_admin", "permission_admin"], component: lazy(() => import("./pages/CalendarPage.js")) },

  { path: "/me", label: "我的账户", section: "account", icon: <UserOutlined />, component: lazy(() => import("./pages/MyAccountPage.js")) },
];

const SUBSYSTEM_SECTIONS = new Set<Section>(BUSINESS_SUBSYSTEMS);
/** The five business subsystems (grouped under “业务子系统” in the menu). */
export const isSubsystemSection = (s: Section): s is BusinessSubsystem => SUBSYSTEM_SECTIONS.has(s);
const SHELL_SECTIONS = new Set<Section>(["home", "forms", "system", "account"]);
/** Area sections (subsystems and REQ): shown only when the account holds a grant in the area. */
export const isAreaSection = (s: Section): s is Subsystem => !SHELL_SECTIONS.has(s);

/** Whether the account may open this page (the same rule for the menu and the route). */
export function canOpen(entry: PageEntry, s: SessionInfo): boolean {
  if (isAreaSection(entry.section) && !hasSubsystem(s, entry.section)) return false;
  if (entry.permission && !hasPermission(s, entry.permission)) return false;
  if (entry.roles && !entry.roles.includes(s.account.roleKind)) return false;
  return true;
}
