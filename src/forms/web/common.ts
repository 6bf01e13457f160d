/** Shapes and labels of the request-form API (src/forms/routes.ts) for the pages. */
import type { RowInput as FormRowInput } from "../rows.js";

export type FormKind = "admin" | "operator";
export type FormStatus = "draft" | "submitted" | "dept_approved" | "approved" | "executing" | "done" | "withdrawn";
export type RowCategory = "add" | "cancel" | "modify";

export const FORM_KIND_NAMES: Record<FormKind, string> = {
  admin: "管理员账户权限申请表（附件1）",
  operator: "操作员账户权限申请表（附件2）",
};
export const FORM_STATUS: Record<FormStatus, { text: string; color: string }> = {
  draft: { text: "草稿", color: "default" },
  submitted: { text: "待申请部门审核", color: "processing" },
  dept_approved: { text: "待分管领导审签", color: "processing" },
  approved: { text: "待管理员办理", color: "warning" },
  executing: { text: "办理中", color: "warning" },
  done: { text: "已办结", color: "success" },
  withdrawn: { text: "已撤回", color: "default" },
};
export const CATEGORY_NAMES: Record<RowCategory, string> = { add: "新增", cancel: "注销", modify: "修改" };
export const PART_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待办理", color: "orange" },
  done: { text: "已办理", color: "green" },
  not_needed: { text: "无需办理", color: "default" },
};
export const STEP_NAMES: Record<string, string> = {
  create: "创建草稿",
  submit: "提交",
  withdraw: "撤回",
  dept_approve: "申请部门意见：同意",
  dept_return: "申请部门退回修改",
  unit_approve: "所在单位意见：同意",
  unit_return: "所在单位退回修改",
  execute_account: "账户管理员办理",
  execute_grant: "权限管理员办理",
  done: "办结",
};
export const CLOCK_NAMES: Record<string, string> = { file: "人员变动后提交申请表（5个工作日）", execute: "州级管理员办理（3个工作日）" };

export interface FormListItem {
  id: number;
  number: string | null;
  kind: FormKind;
  title: string;
  subsystem: string | null;
  status: FormStatus;
  applicantUnit: string;
  applyDate: string;
  submitter: string;
  deadline: { kind: string; dueDate: string; status: string } | null;
  hasScan: boolean;
}

/** Row shapes as the server validates them (type-only: nothing of the server module enters the bundle). */
export type { RowProblem, RowInput as FormRowInput } from "../rows.js";
export interface FormDetail {
  form: {
    id: number;
    number: string | null;
    kind: FormKind;
    title: string;
    subsystem: string | null;
    subsystemName: string | null;
    status: FormStatus;
    statusName: string;
    applicantUnitId: number;
    applicantUnit: string;
    applicantOrgName: string;
    executorOrgCode: string;
    applyDate: string;
    contactName: string;
    contactPhone: string;
    deptOpinion: string | null;
    deptOpinionAt: string | null;
    unitOpinion: string | null;
    unitOpinionAt: string | null;
    accountAdminResult: string | null;
    permissionAdminResult: string | null;
    scanSha256: string | null;
    scanName: string | null;
  };
  rows: (FormRowInput & { id: number; seq: number; positionName: string | null; accountPart: string; grantPart: string; accountResult: string | null; grantResult: string | null })[];
  steps: { id: number; action: string; byName: string | null; at: string; opinion: string | null; rowSeq: number | null }[];
  deadlines: { kind: string; dueDate: string; status: string }[];
  can: Record<"edit" | "submit" | "withdraw" | "signDept" | "signUnit" | "executeAccount" | "executeGrant" | "uploadScan", boolean>;
}

export { download } from "../../web/api.js";
