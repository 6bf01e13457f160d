/**
 * Chinese names of governance codes, shared by the server (ledgers, Excel) and the web pages. A plain module: no
 * database or Node imports, so the web bundle can use it.
 */
import { ROLE_KIND_NAMES } from "./rules.js";
import type { RoleKind } from "../core/db/schema.js";
import type { StaffStatusKind } from "./schema.js";

export type AccountAction = "create" | "update" | "disable" | "enable" | "suspend" | "reinstate" | "cancel" | "role_change" | "move" | "bootstrap";

export const ACCOUNT_ACTION_NAMES: Record<AccountAction, string> = {
  create: "创建",
  bootstrap: "系统初始化创建",
  update: "变更信息",
  disable: "停用",
  enable: "启用",
  suspend: "暂停（离岗、脱岗登记）",
  reinstate: "返岗",
  cancel: "注销",
  role_change: "角色类型变更",
  move: "调整组织机构",
};

/** P13 (第十四条) kinds. */
export const STAFF_STATUS_NAMES: Record<StaffStatusKind, string> = {
  retired: "退休",
  resigned: "离职",
  transferred: "调岗",
  off_duty: "脱岗（病假、产假等）",
  investigation: "接受纪检监察或司法机关调查",
  other: "其他不能正常履职的情形",
};

/** A readable summary of one account change, for the ledger column 变更内容. */
export function describeChange(action: AccountAction, detail: Record<string, unknown>): string {
  const d = detail as Record<string, any>;
  const revoked = Array.isArray(d.revokedGrantIds) && d.revokedGrantIds.length ? `；撤销授权 ${d.revokedGrantIds.length} 项` : "";
  switch (action) {
    case "create":
    case "bootstrap":
      return `${ROLE_KIND_NAMES[d.roleKind as RoleKind] ?? ""}${d.abSlot ? `（${d.abSlot}角）` : ""}，组织机构 ${d.orgCode ?? ""}`;
    case "update": {
      const names: Record<string, string> = { name: "姓名", phone: "联系电话", unitId: "单位" };
      return Object.keys(d.after ?? {}).map((k) => `${names[k] ?? k}：${d.before?.[k] ?? "（空）"} → ${d.after?.[k] ?? "（空）"}`).join("；");
    }
    case "role_change":
      return `${ROLE_KIND_NAMES[d.from as RoleKind] ?? d.from} → ${ROLE_KIND_NAMES[d.to as RoleKind] ?? d.to}${revoked}`;
    case "move":
      return `${d.from?.orgCode ?? ""} → ${d.to?.orgCode ?? ""}${revoked}`;
    case "suspend":
      return `${STAFF_STATUS_NAMES[d.kind as StaffStatusKind] ?? ""}，自 ${d.startDate ?? ""}${d.expectedEndDate ? ` 至 ${d.expectedEndDate}（预计）` : ""}；清理授权 ${d.grantsCleared ?? 0} 项`;
    case "reinstate":
      return `返岗日期 ${d.endedDate ?? ""}；原授权不自动恢复，须重新授权`;
    case "disable":
      return `${d.cleanup ? `长期未登录清理（${d.idleDays} 天未登录，阈值 ${d.thresholdDays} 天）` : "停用"}${d.sessionsEnded ? `；结束会话 ${d.sessionsEnded} 个` : ""}`;
    case "cancel":
      return `注销${revoked}`;
    case "enable":
      return "恢复正常使用";
  }
}
