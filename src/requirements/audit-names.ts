/** Chinese names and categories of the requirement workflow's audit events and objects (X1; src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";
import { ACTION_NAMES, ACTIONS } from "./lifecycle.js";

export const REQ_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "req.create": { name: "填写业务需求申请表", category: "req" },
  "req.update": { name: "修改业务需求申请表", category: "req" },
  "req.settings.deadlines": { name: "设定业务需求办理期限", category: "system" },
  "req.ledger.export": { name: "导出需求台账", category: "req" },
  "req.attachment.upload": { name: "上传业务需求附件", category: "req" },
  "req.attachment.remove": { name: "删除业务需求附件", category: "req" },
  ...Object.fromEntries(ACTIONS.map((a) => [`req.${a}`, { name: `业务需求：${ACTION_NAMES[a]}`, category: "req" as const }])),
};

export const REQ_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  requirement: { name: "业务需求", link: "/requirements/:id" },
  requirement_ledger: { name: "需求台账", link: "/requirements" },
};
