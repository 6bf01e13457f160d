/** Chinese names and categories of the S-CASES audit events and objects (X1; src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";

export const CASES_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "cases.intake": { name: "导入办件交换数据", category: "import" },
  "cases.case.reveal": { name: "查看办件申请人完整证件号码", category: "personal" },
  "cases.card.confirm": { name: "确认发出红黄牌", category: "data" },
  "cases.card.appeal": { name: "红黄牌申诉", category: "data" },
  "cases.card.decide": { name: "处理红黄牌申诉", category: "data" },
  "cases.followup.advance": { name: "差评回访整改办理", category: "data" },
  "cases.rule.save": { name: "修改办件预警规则", category: "system" },
  "cases.settings.save": { name: "修改差评整改时限与评级标准", category: "system" },
};

export const CASES_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  case: { name: "办件", link: "/cases/case/:id" },
  case_batch: { name: "办件交换数据批次" },
  case_card: { name: "红黄牌", link: "/cases/cards" },
  case_followup: { name: "差评整改", link: "/cases/reviews" },
  case_warning_rule: { name: "办件预警规则", link: "/cases/rules" },
  case_settings: { name: "办件预警设置", link: "/cases/rules" },
};
