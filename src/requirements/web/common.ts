/** Shapes and labels of the requirement API (src/requirements/routes.ts) for the pages (R1–R14). */
import { useQuery } from "@tanstack/react-query";
import { api } from "../../web/api.js";
import type { Action } from "../lifecycle.js";

export { ACTION_NAMES, STATUS_NAMES, DEADLINE_KEY_NAMES, type Action } from "../lifecycle.js";

export type ReqStatus =
  | "draft" | "returned" | "pending_dept_review" | "pending_prefecture_review" | "pending_center" | "pending_evaluation"
  | "evaluating" | "evaluated" | "developing" | "testing" | "release_planning" | "releasing" | "closed" | "rejected" | "withdrawn";

export const STATUS_COLORS: Record<ReqStatus, string> = {
  draft: "default",
  returned: "orange",
  pending_dept_review: "processing",
  pending_prefecture_review: "processing",
  pending_center: "processing",
  pending_evaluation: "cyan",
  evaluating: "cyan",
  evaluated: "gold",
  developing: "purple",
  testing: "geekblue",
  release_planning: "blue",
  releasing: "blue",
  closed: "success",
  rejected: "red",
  withdrawn: "default",
};

export const TYPE_NAMES: Record<string, string> = { new: "新增", change: "变更" };
export const URGENCY_NAMES: Record<string, string> = { normal: "一般", urgent: "紧急" };
export const FEASIBILITY_NAMES: Record<string, string> = { feasible: "可实施", partly: "部分可实施", infeasible: "不可实施" };

export interface Named {
  id: number;
  name: string;
}

export interface ReqMeta {
  systemName: string;
  subsystems: { code: string; name: string }[];
  statuses: { code: ReqStatus; name: string }[];
  actions: { code: Action; name: string; permission: string }[];
  types: { code: string; name: string }[];
  urgencies: { code: string; name: string }[];
  feasibilities: { code: string; name: string }[];
  attachmentKinds: { code: string; name: string }[];
  counterparts: Named[];
  vendors: Named[];
  infoCenter: Named;
  deadlines: { normal: Record<string, number>; urgent: Record<string, number> };
  deadlineNames: Record<string, string>;
  myUnit: { id: number; name: string; kind: string; level: "prefecture" | "county" | "township" } | null;
}

export function useReqMeta() {
  return useQuery({ queryKey: ["req-meta"], queryFn: () => api.get<ReqMeta>("/api/requirements/meta"), staleTime: 5 * 60_000 });
}

export interface ReqListItem {
  id: number;
  number: string | null;
  title: string;
  subsystem: string;
  subsystemName: string;
  applicantUnitId: number;
  applicantUnitName: string;
  applicantOrgCode: string;
  applicantOrgName: string;
  applicantLevel: "prefecture" | "county";
  counterpartUnitName: string | null;
  type: "new" | "change";
  urgency: "normal" | "urgent";
  status: ReqStatus;
  statusName: string;
  holderUnitName: string | null;
  holderDuty: string | null;
  holderDutyName: string | null;
  dueDate: string | null;
  overdue: boolean;
  applyDate: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  allowedActions?: Action[];
}

export interface ReqPage {
  total: number;
  page: number;
  pageSize: number;
  items: ReqListItem[];
}

export interface Period {
  status: ReqStatus;
  statusName: string;
  stepId: number;
  enteredAt: string;
  leftAt: string | null;
  workdays: number;
  dueDate: string | null;
  met: boolean | null;
  overdue: boolean;
}

export interface ReqDetail extends ReqListItem {
  contactName: string;
  contactPhone: string;
  urgencyReason: string;
  description: string;
  counterpartUnitId: number | null;
  vendorUnitId: number | null;
  vendorUnitName: string | null;
  createdBy: number;
  createdByName: string | null;
  evaluation: { feasibility: string | null; feasibilityName: string | null; plan: string | null; opinion: string | null; estimatedWorkdays: number | null; evaluatedAt: string } | null;
  devWorkdays: number | null;
  devDueDate: string | null;
  testRound: number;
  releasePlan: { scope: string | null; start: string | null; end: string | null; lead: string | null; planDate: string } | null;
  releaseResult: { outcome: "success" | "failed"; note: string | null; releasedAt: string | null } | null;
  holders: { unitId: number; unitName: string; duty: string; dutyName: string }[];
  steps: {
    id: number;
    action: string;
    actionName: string;
    fromStatus: ReqStatus | null;
    toStatus: ReqStatus;
    toStatusName: string;
    actorName: string;
    actorUnitName: string | null;
    actorRole: string;
    at: string;
    opinion: string;
    data: Record<string, unknown>;
    dueDate: string | null;
    attachmentIds: number[];
  }[];
  periods: Period[];
  tests: { id: number; round: number; kind: "internal" | "center" | "business"; passed: boolean; summary: string; verifiers: string; testDate: string; accountName: string | null; unitName: string | null; at: string }[];
  attachments: { id: number; name: string; kind: string; kindName: string; mime: string; size: number; uploadedAt: string; uploaderName: string | null; removed: boolean }[];
  allowedActions: Action[];
}

export interface ReqForm {
  title: string;
  subsystem: string;
  contactName: string;
  contactPhone: string;
  type: "new" | "change";
  urgency: "normal" | "urgent";
  urgencyReason?: string | null;
  description: string;
  counterpartUnitId?: number | null;
}

export const TEST_KIND_NAMES: Record<string, string> = { internal: "运维公司内部测试", center: "州信息中心测试", business: "业务部门测试" };

export { download } from "../../web/api.js";

export const fmtDay = (v: string | null | undefined) => (v ? v.slice(0, 10) : "—");
