/** Chinese names and categories of governance's audit events and objects (X1, P8(4); src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";

export const GOVERNANCE_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "account.create": { name: "创建账户", category: "account" },
  "account.bootstrap": { name: "初始化州级管理员账户", category: "account" },
  "account.update": { name: "变更账户信息", category: "account" },
  "account.move": { name: "调整账户所在组织机构", category: "account" },
  "account.role_change": { name: "变更角色类型", category: "account" },
  "account.suspend": { name: "暂停账户", category: "account" },
  "account.reinstate": { name: "恢复账户", category: "account" },
  "account.disable": { name: "停用账户", category: "account" },
  "account.enable": { name: "启用账户", category: "account" },
  "account.cancel": { name: "注销账户", category: "account" },
  "staff-status.record": { name: "登记离岗、脱岗", category: "account" },
  "staff-status.end": { name: "结束离岗、脱岗", category: "account" },
  "cleanup.scan": { name: "扫描长期未登录账户", category: "account" },
  "cleanup.disable": { name: "清理长期未登录账户", category: "account" },
  "grant.create": { name: "授予权限", category: "grant" },
  "grant.revoke": { name: "撤销权限", category: "grant" },
  "grant.bootstrap": { name: "初始授权", category: "grant" },
  "position.create": { name: "设置业务岗位", category: "grant" },
  "position.retire": { name: "停用业务岗位", category: "grant" },
  "log-review.record": { name: "登记权限日志审查", category: "review" },
  "campaign.start": { name: "发起权限复核", category: "review" },
  "campaign.decide": { name: "复核一项授权", category: "review" },
  "campaign.close": { name: "结束权限复核", category: "review" },
  "ledger.export": { name: "导出台账（含个人信息）", category: "personal" },
};

export const GOVERNANCE_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  grant: { name: "授权" },
  position: { name: "业务岗位", link: "/gov/positions" },
  staff_status: { name: "离岗登记", link: "/gov/staff-status" },
  log_review: { name: "权限日志审查", link: "/gov/log-review" },
  review_campaign: { name: "权限复核", link: "/gov/campaigns/:id" },
  review_item: { name: "复核条目" },
  ledger: { name: "台账" },
};
