/**
 * Readable records (X1, X2, P8(4), issue 15): every audit event and object type has a Chinese name, every event a
 * business category (登录, 账户, 权限, 个人信息查看/导出, 导入, 申请表, 需求 …), and objects a link to where they are seen.
 * The kernel names its own events here; each module adds its own through `auditEvents` / `auditObjects` on the module
 * contract (src/core/module.ts). An event nobody named is shown by its category's name and its code, never hidden.
 */
import type { AuditCategory, AuditEventName, AuditObjectName, PlatformModule } from "./module.js";

export type { AuditCategory };

export const AUDIT_CATEGORIES: Record<AuditCategory, string> = {
  login: "登录",
  session: "会话",
  account: "账户",
  grant: "权限",
  personal: "个人信息查看/导出",
  import: "导入",
  data: "业务数据",
  form: "申请表",
  req: "业务需求",
  review: "审查与复核",
  system: "系统设置",
  audit: "审计",
};

/** The kernel's events, and those of the governed account and grant services (kernel data, P2–P9). */
export const KERNEL_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "auth.login": { name: "登录", category: "login" },
  "auth.logout": { name: "退出登录", category: "login" },
  "auth.essc.assertion_refused": { name: "电子社保卡应答被拒绝", category: "login" },
  "auth.qr.rate_limited": { name: "获取二维码过于频繁", category: "login" },
  "session.end": { name: "会话结束", category: "session" },
  "audit.verify": { name: "校验审计日志哈希链", category: "audit" },
  "access.denied": { name: "越权访问被拒绝", category: "audit" },
  "calendar.update": { name: "修改工作日历", category: "system" },
  "settings.update": { name: "修改系统设置", category: "system" },
};

/** The first part of an event code → its category, for events no module named. */
const FAMILY_CATEGORY: Record<string, AuditCategory> = {
  auth: "login", session: "session", account: "account", grant: "grant", position: "grant", "staff-status": "account",
  cleanup: "account", campaign: "review", "log-review": "review", ledger: "review", form: "form", admin: "account",
  req: "req", calendar: "system", settings: "system", audit: "audit", unit: "account",
};

export const KERNEL_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  account: { name: "账户", link: "/gov/accounts/:id" },
  session: { name: "会话" },
  login_ticket: { name: "登录二维码" },
  route: { name: "接口" },
  calendar_day: { name: "工作日历", link: "/system/calendar" },
  setting: { name: "系统设置" },
  settings: { name: "系统设置" },
  org: { name: "组织机构" },
  unit: { name: "单位" },
};

export interface AuditNames {
  categories: Record<AuditCategory, string>;
  events: Record<string, AuditEventName>;
  objects: Record<string, AuditObjectName>;
}

/** The names of the kernel and of every module, merged (a module may not rename a kernel event). */
export function auditNames(modules: readonly PlatformModule[]): AuditNames {
  const events: Record<string, AuditEventName> = {};
  const objects: Record<string, AuditObjectName> = {};
  for (const m of modules) {
    Object.assign(events, m.auditEvents ?? {});
    Object.assign(objects, m.auditObjects ?? {});
  }
  return { categories: AUDIT_CATEGORIES, events: { ...events, ...KERNEL_AUDIT_EVENTS }, objects: { ...objects, ...KERNEL_AUDIT_OBJECTS } };
}

/** The category of an event: as named, else by its family, else 'data' (a module's business records). */
export function categoryOf(names: AuditNames, event: string): AuditCategory {
  const named = names.events[event]?.category;
  if (named) return named;
  if (/\.(reveal|view|export)$/.test(event) || event.endsWith(".ledger.export")) return "personal";
  return FAMILY_CATEGORY[event.split(".")[0] ?? ""] ?? "data";
}

/** The event codes (as stored) of one category among those named, plus the patterns that fall into it by family. */
export function eventsOf(names: AuditNames, category: AuditCategory): { codes: string[]; families: string[] } {
  const codes = Object.entries(names.events).filter(([, v]) => v.category === category).map(([k]) => k);
  const families = Object.entries(FAMILY_CATEGORY).filter(([, c]) => c === category).map(([f]) => f);
  return { codes, families };
}

export function eventLabel(names: AuditNames, event: string): string {
  return names.events[event]?.name ?? `${AUDIT_CATEGORIES[categoryOf(names, event)]}：${event}`;
}

/** Where an audit row's object is seen, if its type names a page. */
export function objectLink(names: AuditNames, type: string | null, id: string | null): string | null {
  const link = type ? names.objects[type]?.link : undefined;
  if (!link || !id) return null;
  return link.includes(":id") ? (/^\d+$/.test(id) ? link.replace(":id", id) : null) : link;
}
