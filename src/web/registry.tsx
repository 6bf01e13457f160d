/**
 * The route and menu registry of the web app: the shell's own pages, and every module's pages from the web
 * composition root (src/web/modules.ts). Each entry names its menu section, the permission that shows it and its
 * component. The menu and the route guard both read these entries, so a page never shows in the menu to an account
 * that the API would refuse (P9). An area section (the five subsystems of P1, and REQ) is shown only when the account
 * holds a grant in that area.
 */
import { lazy, type ReactNode } from "react";
import { AppstoreOutlined, AuditOutlined, CalendarOutlined, FileTextOutlined, HomeOutlined, SolutionOutlined, UserOutlined } from "@ant-design/icons";
import { BUSINESS_SUBSYSTEMS, type BusinessSubsystem, type SessionInfo, type Subsystem } from "./types.js";
import { hasPermission, hasSubsystem } from "./session.js";
import { SUBSYSTEM_INFO } from "./subsystems.js";
import { SUBSYSTEM_ICONS } from "./icons.js";
import { WEB_MODULES } from "./modules.js";
import type { PageEntry, Section } from "./module.js";

export type { PageEntry, Section };
export { SUBSYSTEM_ICONS };

/** Menu sections in order; the five subsystem sections are listed under “业务子系统”. */
export const SECTIONS: { key: Section; title: string; icon?: ReactNode }[] = [
  { key: "home", title: "工作台" },
  ...BUSINESS_SUBSYSTEMS.map((s) => ({ key: s, title: SUBSYSTEM_INFO[s].short, icon: SUBSYSTEM_ICONS[s] })),
  { key: "REQ", title: "业务需求管理", icon: <SolutionOutlined /> },
  { key: "forms", title: "账户权限申请", icon: <FileTextOutlined /> },
  { key: "system", title: "系统管理", icon: <AppstoreOutlined /> },
  { key: "account", title: "我的账户" },
];

const SHELL_PAGES: PageEntry[] = [
  { path: "/", label: "工作台", help: "工作台列出等待您办理的事项（待办事项）、您的职责和可使用的功能。点击待办事项右侧的“去办理”直接进入办理页面。\n右上角的铃铛显示未读通知；通知和待办事项也可在铃铛打开的侧栏中查看，读过的通知可以“标为已读”。\n会话剩余时间显示在页面顶部，长时间未操作将自动退出，结束前一分钟会提醒。", section: "home", icon: <HomeOutlined />, component: lazy(() => import("./pages/HomePage.js")) },
];
const SHELL_SYSTEM_PAGES: PageEntry[] = [
  { path: "/system/audit", label: "审计日志", help: "审计日志记录登录、账户与权限变更、个人信息查看和导出等操作，只能追加、不能修改。\n按“事件类别”筛选；“个人信息访问”只列出查看、导出个人信息的记录，供权限日志审查使用（第八条）。\n点击“校验哈希链”检查日志是否被删改；对象列的链接打开相应的账户、申请表或人员。", section: "system", icon: <AuditOutlined />, permission: "audit.read", component: lazy(() => import("./pages/AuditPage.js")) },
  { path: "/system/calendar", label: "工作日历", help: "工作日历决定各项办理期限按工作日计算的方式。州级管理员在国务院办公厅发布节假日安排后录入次年的法定节假日和调休上班日。", section: "system", icon: <CalendarOutlined />, roles: ["account_admin", "permission_admin"], component: lazy(() => import("./pages/CalendarPage.js")) },
  { path: "/me", label: "我的账户", help: "查看本人账户信息、登录记录和当前会话。同一账户同一时间只能在一处登录。", section: "account", icon: <UserOutlined />, component: lazy(() => import("./pages/MyAccountPage.js")) },
];

export const PAGES: PageEntry[] = [...SHELL_PAGES, ...WEB_MODULES.flatMap((m) => m.pages), ...SHELL_SYSTEM_PAGES];

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
