/**
 * The permission catalogue (P1, P12). Business permissions are function codes declared per subsystem; positions
 * (岗位) are named sets of one subsystem's codes. Administrative powers are not grantable: they follow from the
 * account's role kind (P5, P7, P8) and level, so an account admin can never hold a business or grant power.
 */
import type { RoleKind } from "../db/schema.js";
import type { Subsystem } from "../../governance/schema.js";
import { LABOR_FUNCTIONS } from "../../labor/permissions.js";
import { SHARE_FUNCTIONS } from "../../sharing/permissions.js";
import { GIG_FUNCTIONS } from "../../gig/permissions.js";
import { ANALYTICS_FUNCTIONS } from "../../analytics/permissions.js";
import { CASES_FUNCTIONS } from "../../cases/permissions.js";
import { REQ_FUNCTIONS } from "../../requirements/permissions.js";

export interface FunctionDef {
  code: string;
  name: string;
  /** Reveals personal data (X2): shown in the review page as such. */
  sensitive?: boolean;
}

export const SUBSYSTEM_NAMES: Record<Subsystem, string> = {
  LABOR: "劳动力资源信息库",
  SHARE: "共享用工子系统",
  GIG: "零工驿站子系统",
  ANALYTICS: "人社数据分析子系统",
  CASES: "人社政务服务办件分析预警子系统",
  REQ: "业务需求运维管理",
};

export const BUSINESS_CATALOGUE: Record<Subsystem, readonly FunctionDef[]> = {
  LABOR: LABOR_FUNCTIONS,
  SHARE: SHARE_FUNCTIONS,
  GIG: GIG_FUNCTIONS,
  ANALYTICS: ANALYTICS_FUNCTIONS,
  CASES: CASES_FUNCTIONS,
  REQ: REQ_FUNCTIONS,
};

/** Powers that come with a role kind; never granted, never combined (P5). */
export const ADMIN_POWERS = {
  "gov.org.read": "查看组织机构",
  "gov.unit.manage": "管理单位",
  "gov.account.read": "查看账户",
  "gov.account.manage": "创建、变更、撤销账户",
  "gov.account-ledger.read": "账户管理台账",
  "gov.cleanup.manage": "清理长期未登录账户",
  "gov.staff-status.manage": "登记人员离岗、脱岗",
  "gov.position.manage": "设置业务岗位",
  "gov.grant.manage": "设置业务权限",
  "gov.permission-ledger.read": "权限管理台账",
  "gov.log-review.manage": "查看和分析权限管理日志",
  "gov.calendar.manage": "维护工作日历",
  "audit.read": "查看审计日志",
} as const;
export type AdminPower = keyof typeof ADMIN_POWERS;

export function intrinsicPowers(roleKind: RoleKind, level: "prefecture" | "county" | "township"): AdminPower[] {
  const common: AdminPower[] = ["gov.org.read", "gov.account.read", "audit.read"];
  if (roleKind === "account_admin") {
    const p: AdminPower[] = [...common, "gov.unit.manage", "gov.account.manage", "gov.account-ledger.read", "gov.cleanup.manage", "gov.staff-status.manage"];
    if (level === "prefecture") p.push("gov.calendar.manage");
    return p;
  }
  if (roleKind === "permission_admin") {
    const p: AdminPower[] = [...common, "gov.position.manage", "gov.grant.manage", "gov.permission-ledger.read", "gov.log-review.manage"];
    if (level === "prefecture") p.push("gov.calendar.manage");
    return p;
  }
  return [];
}

const ALL_BUSINESS = new Map<string, { subsystem: Subsystem; def: FunctionDef }>();
for (const [sub, defs] of Object.entries(BUSINESS_CATALOGUE) as [Subsystem, readonly FunctionDef[]][]) {
  for (const def of defs) ALL_BUSINESS.set(def.code, { subsystem: sub, def });
}

export function businessFunction(code: string) {
  return ALL_BUSINESS.get(code);
}

export type Permission = AdminPower | string;
