/**
 * The permission catalogue (P1, P12). Business permissions are function codes declared by each module for its area
 * (`defineArea` in src/<module>/permissions.ts); positions (岗位) are named sets of one area's codes. Administrative
 * powers are not grantable: they follow from the account's role kind (P5, P7, P8) and level, so an account admin can
 * never hold a business or grant power.
 *
 * Type safety: each module adds its codes to `PermissionCodes` by declaration merging, so a route or page that names
 * a mistyped code does not compile. At run time, `defineArea` registers the area's functions; the composition root
 * (src/modules.ts, src/web/modules.ts) imports every module, so the catalogue is complete before anything reads it.
 */
import type { RoleKind } from "../db/schema.js";
import { AREAS, type Subsystem } from "./areas.js";

export interface FunctionDef {
  code: string;
  name: string;
  /** Reveals personal data (X2): shown in the review page as such. */
  sensitive?: boolean;
}

/** Every business function code of every module (filled by declaration merging in each module's permissions.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PermissionCodes {}
export type BusinessPermission = Extract<keyof PermissionCodes, string>;

export interface AreaDef<C extends string = string> {
  code: Subsystem;
  functions: readonly (FunctionDef & { code: C })[];
}

const registry = new Map<Subsystem, readonly FunctionDef[]>();
const byCode = new Map<string, { subsystem: Subsystem; def: FunctionDef }>();

/** Declare an area's function codes (once per area, in the module's permissions.ts). */
export function defineArea<const F extends readonly FunctionDef[]>(code: Subsystem, functions: F): AreaDef<F[number]["code"]> & { functions: F } {
  if (registry.has(code)) throw new Error(`area ${code} defined twice`);
  registry.set(code, functions);
  for (const def of functions) {
    if (byCode.has(def.code)) throw new Error(`function code ${def.code} defined twice`);
    byCode.set(def.code, { subsystem: code, def });
  }
  return { code, functions } as AreaDef<F[number]["code"]> & { functions: F };
}

/** The functions of an area (empty for an area whose module declares none). */
export function areaFunctions(code: Subsystem): readonly FunctionDef[] {
  return registry.get(code) ?? [];
}

/** Every area with its functions, in the order of P1. */
export function businessCatalogue(): { code: Subsystem; functions: readonly FunctionDef[] }[] {
  return AREAS.map((code) => ({ code, functions: areaFunctions(code) }));
}

export function businessFunction(code: string) {
  return byCode.get(code);
}

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

/** A permission a route or page may ask for: an admin power or a declared business function code. */
export type Permission = AdminPower | BusinessPermission;
