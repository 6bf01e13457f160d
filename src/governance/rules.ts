/**
 * The measure's rules as pure functions, so that services, routes and property tests share one statement of them.
 * Each returns null when allowed, or the refusal (stable code + Chinese text).
 */
import type { RoleKind } from "../core/db/schema.js";
import type { Subsystem } from "../core/access/areas.js";
import { isUnder } from "../core/access/scope.js";

export type Level = "prefecture" | "county" | "township";

export interface ActorView {
  accountId: number;
  roleKind: RoleKind;
  level: Level;
  orgCode: string;
  scopePrefix: string;
  adminSubsystems: readonly Subsystem[];
}

export interface TargetView {
  accountId?: number;
  roleKind: RoleKind;
  level: Level;
  orgCode: string;
}

export interface Refusal {
  code: string;
  message: string;
}

const refuse = (code: string, message: string): Refusal => ({ code, message });

export const ROLE_KIND_NAMES: Record<RoleKind, string> = {
  account_admin: "账户管理员",
  permission_admin: "权限管理员",
  operator: "操作员",
};

export const LEVEL_NAMES: Record<Level, string> = { prefecture: "州级", county: "县（市）级", township: "乡镇（街道）" };

/** P6: townships hold operators only. */
export function roleAllowedAtLevel(roleKind: RoleKind, level: Level): Refusal | null {
  if (level === "township" && roleKind !== "operator") {
    return refuse("TOWNSHIP_OPERATORS_ONLY", "乡镇不设账户管理员、权限管理员，乡镇账户只能是操作员（第七条）");
  }
  return null;
}

/**
 * P7: which accounts an account admin may create, change or revoke.
 * 州: 州 admins and operators, and the 县 account and permission admins. 县: 县 and 乡镇 operators of its county.
 * Nobody manages their own account.
 */
export function canManageAccount(actor: ActorView, target: TargetView): Refusal | null {
  if (actor.roleKind !== "account_admin") return refuse("NOT_ACCOUNT_ADMIN", "只有账户管理员可以创建、变更、撤销账户（第八条）");
  if (target.accountId !== undefined && target.accountId === actor.accountId) {
    return refuse("SELF_CHANGE_FORBIDDEN", "不能变更本人的账户或权限");
  }
  const levelRule = roleAllowedAtLevel(target.roleKind, target.level);
  if (levelRule) return levelRule;
  if (actor.level === "prefecture") {
    if (target.level === "prefecture") return null;
    if (target.level === "county" && target.roleKind !== "operator") return null;
    return refuse("OUT_OF_DUTY", "县（市）、乡镇操作员账户由县（市）账户管理员管理（第七条、第八条）");
  }
  if (actor.level === "county") {
    if (!target.orgCode.startsWith(actor.scopePrefix)) return refuse("OUT_OF_SCOPE", "只能管理本县（市）及所辖乡镇的账户");
    if (target.roleKind === "operator") return null;
    return refuse("OUT_OF_DUTY", "县（市）账户管理员、权限管理员账户由州级账户管理员管理（第八条第一项）");
  }
  return refuse("OUT_OF_DUTY", "乡镇不设账户管理员");
}

/**
 * P8: which grants a permission admin may set. Business positions: to operators of the admin's own level (and, at
 * county level, its townships), in subsystems the admin holds. Subsystem admin grants: 州 permission admins to 县
 * permission admins (and to other 州 permission admins), in subsystems they hold themselves.
 */
export function canGrant(actor: ActorView, target: TargetView, subsystem: Subsystem, kind: "position" | "admin_subsystem"): Refusal | null {
  if (actor.roleKind !== "permission_admin") return refuse("NOT_PERMISSION_ADMIN", "只有权限管理员可以设置权限（第九条）");
  if (target.accountId !== undefined && target.accountId === actor.accountId) {
    return refuse("SELF_CHANGE_FORBIDDEN", "不能变更本人的账户或权限");
  }
  if (!actor.adminSubsystems.includes(subsystem)) {
    return refuse("SUBSYSTEM_NOT_HELD", "您未被授权管理该子系统的权限（第七条：权限管理员可按子系统分设）");
  }
  if (kind === "admin_subsystem") {
    if (target.roleKind !== "permission_admin") return refuse("ROLE_KIND_MISMATCH", "子系统管理权限只能授予权限管理员");
    if (actor.level !== "prefecture") return refuse("OUT_OF_DUTY", "县（市）权限管理员的权限由州级权限管理员设置（第九条第一项）");
    if (target.level === "township") return refuse("TOWNSHIP_OPERATORS_ONLY", "乡镇不设权限管理员");
    return null;
  }
  if (target.roleKind !== "operator") {
    return refuse("ROLE_KIND_MISMATCH", `业务岗位只能授予操作员，${ROLE_KIND_NAMES[target.roleKind]}不得兼任操作员（第六条）`);
  }
  if (!target.orgCode.startsWith(actor.scopePrefix)) return refuse("OUT_OF_SCOPE", "只能为本级（县级含所辖乡镇）操作员设置权限");
  if (actor.level === "prefecture" && target.level !== "prefecture") {
    return refuse("OUT_OF_DUTY", "县（市）、乡镇操作员的权限由县（市）权限管理员设置（第七条、第九条）");
  }
  return null;
}

/** P9: a position defined at a level can be given to operators of that level's subtree only. */
export function positionUsableFor(positionOrgCode: string, targetOrgCode: string): boolean {
  return isUnder(positionOrgCode, targetOrgCode);
}
