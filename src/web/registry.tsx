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
  { path: "/", label: "工作台", section: "home", icon: <HomeOutlined />, component: lazy(() => import("./pages/HomePage.js")) },
];
const SHELL_SYSTEM_PAGES: PageEntry[] = [
  { path: "/system/audit", label: "审计日志", section: "system", icon: <AuditOutlined />, permission: "audit.read", component: lazy(() => import("./pages/AuditPage.js")) },
  { path: "/system/calendar", label: "工作日历", section: "system", icon: <CalendarOutlined />, roles: ["account_admin", "permission_admin"], component: lazy(() => import("./pages/CalendarPage.js")) },
  { path: "/me", label: "我的账户", section: "account", icon: <UserOutlined />, component: lazy(() => import("./pages/MyAccountPage.js")) },
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
