/** Chinese names and categories of the request forms' audit events and objects (X1; src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";

export const FORM_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "form.create": { name: "填写申请表", category: "form" },
  "form.update": { name: "修改申请表", category: "form" },
  "form.submit": { name: "提交申请表", category: "form" },
  "form.withdraw": { name: "撤回申请表", category: "form" },
  "form.sign": { name: "签署申请表意见", category: "form" },
  "form.return": { name: "退回申请表", category: "form" },
  "form.execute": { name: "办理申请表", category: "form" },
  "form.signer.add": { name: "登记签署人", category: "form" },
  "form.scan.upload": { name: "上传申请表扫描件", category: "form" },
  "form.ledger.export": { name: "导出申请台账（含个人信息）", category: "personal" },
  "admin.handover": { name: "管理员工作交接", category: "account" },
};

export const FORM_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  request_form: { name: "申请表", link: "/forms/:id" },
};
