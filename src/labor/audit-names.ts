/** Chinese names and categories of the labor registry's audit events and objects (X1, X2; src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";

export const LABOR_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "labor.person.view": { name: "查看人员信息", category: "personal" },
  "labor.person.reveal": { name: "查看完整身份证号、联系电话", category: "personal" },
  "labor.export": { name: "导出人员信息", category: "personal" },
  "labor.person.create": { name: "登记人员信息", category: "data" },
  "labor.person.update": { name: "修改人员信息", category: "data" },
  "labor.household.create": { name: "入户调查登记", category: "data" },
  "labor.import.validate": { name: "批量导入：校验文件", category: "import" },
  "labor.import.batch": { name: "批量导入：上传文件", category: "import" },
  "labor.import.commit": { name: "批量导入：确认入库", category: "import" },
  "labor.import.discard": { name: "批量导入：放弃", category: "import" },
  "labor.import.cancel": { name: "批量导入：取消", category: "import" },
};

export const LABOR_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  labor_person: { name: "人员", link: "/labor/persons/:id" },
  person: { name: "人员", link: "/labor/persons/:id" },
  labor_household: { name: "户", link: "/labor/households/:id" },
  labor_import_batch: { name: "导入批次", link: "/labor/import" },
  labor_import_file: { name: "导入文件", link: "/labor/import" },
};
