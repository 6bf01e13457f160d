/** Chinese labels for codes the API returns (roles, statuses, audit events, session end reasons, login refusals). */
import { ROLE_KIND_NAMES, LEVEL_NAMES } from "../governance/rules.js";
import type { Level, RoleKind } from "./types.js";

export { ROLE_KIND_NAMES, LEVEL_NAMES };

export const roleName = (k: RoleKind) => ROLE_KIND_NAMES[k] ?? k;
export const levelName = (l: Level) => LEVEL_NAMES[l] ?? l;

export const ACCOUNT_STATUS: Record<string, { text: string; color: string }> = {
  active: { text: "正常", color: "green" },
  suspended: { text: "暂停", color: "orange" },
  disabled: { text: "停用", color: "red" },
  cancelled: { text: "注销", color: "default" },
};

export const UNIT_KIND_NAMES: Record<string, string> = {
  hrss_bureau: "人社局",
  info_center: "人社信息中心",
  agency: "经办机构",
  department: "业务科室",
  vendor: "运维公司",
  township_center: "乡镇人社服务中心",
};

/** P4: why a session ended. */
export const END_REASON: Record<string, string> = {
  logout: "主动退出",
  idle: "超时未操作",
  expired: "达到最长会话时限",
  replaced: "在其他设备或浏览器登录，本会话被结束",
  account_suspended: "账户被暂停使用",
  account_disabled: "账户被停用",
};

/** Why the e-SSC login was refused (codes from src/core/auth/tickets.ts). */
export const LOGIN_REFUSAL: Record<string, string> = {
  ID_NUMBER_INVALID: "电子社保卡返回的身份证号校验不通过（GB 11643），无法登录",
  ACCOUNT_NOT_FOUND: "您尚未开通本平台账户。每名工作人员只能申请一个账户，请联系本级账户管理员办理",
  ACCOUNT_DISABLED: "您的账户已停用或注销，无法登录。如有疑问请联系本级账户管理员",
  ACCOUNT_SUSPENDED: "您的账户已暂停使用（离岗、脱岗或接受调查期间），无法登录",
  IDENTITY_MISMATCH: "电子社保卡姓名与平台账户登记姓名不一致，无法登录，请联系账户管理员核实",
  CANCELLED: "已在手机上取消登录",
};
export const refusalText = (code: string | undefined | null) => (code && LOGIN_REFUSAL[code]) || "登录被拒绝";

/** X1: audit events. Unknown events show their code after the name of their family. */
export const AUDIT_EVENTS: Record<string, string> = {
  "auth.login": "登录",
  "auth.logout": "退出登录",
  "auth.essc.assertion_refused": "电子社保卡应答被拒绝",
  "auth.qr.rate_limited": "获取二维码过于频繁",
  "session.end": "会话结束",
  "account.create": "创建账户",
  "account.bootstrap": "初始化州级管理员账户",
  "account.update": "变更账户",
  "account.suspend": "暂停账户",
  "account.disable": "停用账户",
  "account.cancel": "注销账户",
  "grant.create": "授予权限",
  "grant.revoke": "撤销权限",
  "grant.bootstrap": "初始授权",
  "position.create": "设置业务岗位",
  "calendar.update": "修改工作日历",
  "audit.verify": "校验审计日志哈希链",
};
const EVENT_FAMILIES: Record<string, string> = {
  auth: "登录认证",
  session: "会话",
  account: "账户",
  grant: "权限",
  position: "业务岗位",
  calendar: "工作日历",
  audit: "审计",
  unit: "单位",
  labor: "劳动力资源信息库",
  gig: "零工驿站",
  share: "共享用工",
  analytics: "人社数据分析",
  cases: "办件分析预警",
  req: "业务需求",
  form: "申请表",
};
export function eventName(event: string): string {
  const known = AUDIT_EVENTS[event];
  if (known) return known;
  const family = EVENT_FAMILIES[event.split(".")[0] ?? ""];
  return family ? `${family}：${event}` : event;
}
export const AUDIT_EVENT_FILTERS: { value: string; label: string }[] = [
  { value: "auth.", label: "登录认证" },
  { value: "session.", label: "会话" },
  { value: "account.", label: "账户" },
  { value: "grant.", label: "权限" },
  { value: "position.", label: "业务岗位" },
  { value: "calendar.", label: "工作日历" },
  { value: "audit.", label: "审计" },
];

/** Format an ISO instant as Beijing time. */
export function fmtTime(v: string | Date | null | undefined): string {
  if (!v) return "—";
  const d = typeof v === "string" ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return String(v);
  const p = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? "";
  return `${g("year")}-${g("month")}-${g("day")} ${g("hour")}:${g("minute")}:${g("second")}`;
}

/** A short browser description from a User-Agent string. */
export function browserName(ua: string | null | undefined): string {
  if (!ua) return "未知";
  const os = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  const m = /(Edg|Firefox|Chrome|HeadlessChrome|Chromium|Safari)\/(\d+)/.exec(ua);
  const br = m ? `${m[1] === "Edg" ? "Edge" : m[1]} ${m[2]}` : ua.slice(0, 30);
  return os ? `${br}（${os}）` : br;
}
