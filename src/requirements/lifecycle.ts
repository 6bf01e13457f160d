/**
 * R1–R12: the requirement lifecycle as one explicit table. Each row says from which states an action may be taken,
 * the state it leads to, and who may take it: a function code (permissions.ts) AND the actor's unit (its kind and
 * level, and its relation to the requirement). A state/action pair not in the table is refused; in particular a
 * county requirement has no row that takes it from its own leader's review to the 州信息中心 (R8), and the database
 * refuses that update as well (drizzle/0009_requirements_guards.sql).
 */
import type { UnitKind } from "../core/db/schema.js";
import type { ReqStatus } from "./schema.js";

export type ReqPermission = "req.submit" | "req.review" | "req.manage" | "req.evaluate" | "req.test" | "req.release";

/**
 * Who, by unit, may take a step:
 * - applicant_unit: a business unit's own staff (the unit that raised it; R5, R7, R8 submit and 分管领导/科室负责人 review)
 * - counterpart_unit: the counterpart 州 business department (unit kind department at 州) chosen on the county form (R8)
 * - info_center: the 州信息中心 (unit kind info_center at 州; R4, R9–R12)
 * - vendor: the 运维公司 (unit kind vendor; the one the requirement was sent to) (R6, R9–R12)
 * - tester: the 信息中心 or the business department (applicant unit or counterpart department) (R11)
 */
export type ActorRule = "applicant_unit" | "counterpart_unit" | "info_center" | "vendor" | "tester";

export const ACTIONS = [
  "submit",
  "withdraw",
  "dept_approve",
  "dept_return",
  "prefecture_approve",
  "prefecture_return",
  "dispatch",
  "center_return",
  "accept",
  "evaluate",
  "approve",
  "reject",
  "reevaluate",
  "internal_test",
  "test_pass",
  "test_fail",
  "release_plan",
  "release_result",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  action: Action;
  from: readonly ReqStatus[];
  to: ReqStatus;
  /** A second outcome decided by the step's content (test_pass while one side has still to confirm; a failed release). */
  altTo?: ReqStatus;
  permission: ReqPermission;
  actor: ActorRule;
  /** Only for requirements raised at this level. */
  applicantLevel?: "prefecture" | "county";
  opinion: "required" | "optional";
  spec: string;
}

const OPEN_FOR_WITHDRAWAL: ReqStatus[] = ["draft", "returned", "pending_dept_review", "pending_prefecture_review", "pending_center"];

export const TRANSITIONS: readonly Transition[] = [
  { action: "submit", from: ["draft", "returned"], to: "pending_dept_review", permission: "req.submit", actor: "applicant_unit", opinion: "optional", spec: "R5 R7 R8" },
  { action: "withdraw", from: OPEN_FOR_WITHDRAWAL, to: "withdrawn", permission: "req.submit", actor: "applicant_unit", opinion: "required", spec: "R1" },
  // 州: the department head signs and it goes to the 信息中心 (R7).
  { action: "dept_approve", from: ["pending_dept_review"], to: "pending_center", permission: "req.review", actor: "applicant_unit", applicantLevel: "prefecture", opinion: "optional", spec: "R7" },
  // 县: the leader in charge signs and it goes to the counterpart 州 department (R8).
  { action: "dept_approve", from: ["pending_dept_review"], to: "pending_prefecture_review", permission: "req.review", actor: "applicant_unit", applicantLevel: "county", opinion: "optional", spec: "R8" },
  { action: "dept_return", from: ["pending_dept_review"], to: "returned", permission: "req.review", actor: "applicant_unit", opinion: "required", spec: "R5 R7" },
  { action: "prefecture_approve", from: ["pending_prefecture_review"], to: "pending_center", permission: "req.review", actor: "counterpart_unit", applicantLevel: "county", opinion: "optional", spec: "R3 R8" },
  { action: "prefecture_return", from: ["pending_prefecture_review"], to: "returned", permission: "req.review", actor: "counterpart_unit", applicantLevel: "county", opinion: "required", spec: "R3 R8" },
  { action: "dispatch", from: ["pending_center"], to: "pending_evaluation", permission: "req.manage", actor: "info_center", opinion: "optional", spec: "R4 R9" },
  { action: "center_return", from: ["pending_center"], to: "returned", permission: "req.manage", actor: "info_center", opinion: "required", spec: "R4" },
  { action: "accept", from: ["pending_evaluation"], to: "evaluating", permission: "req.evaluate", actor: "vendor", opinion: "optional", spec: "R6 R13" },
  { action: "evaluate", from: ["evaluating"], to: "evaluated", permission: "req.evaluate", actor: "vendor", opinion: "required", spec: "R6 R9" },
  { action: "approve", from: ["evaluated"], to: "developing", permission: "req.manage", actor: "info_center", opinion: "optional", spec: "R10" },
  { action: "reject", from: ["evaluated"], to: "rejected", permission: "req.manage", actor: "info_center", opinion: "required", spec: "R9 R10" },
  { action: "reevaluate", from: ["evaluated"], to: "evaluating", permission: "req.manage", actor: "info_center", opinion: "required", spec: "R9" },
  { action: "internal_test", from: ["developing"], to: "testing", permission: "req.evaluate", actor: "vendor", opinion: "optional", spec: "R6 R11" },
  { action: "test_pass", from: ["testing"], to: "release_planning", altTo: "testing", permission: "req.test", actor: "tester", opinion: "optional", spec: "R3 R4 R5 R11" },
  { action: "test_fail", from: ["testing"], to: "developing", permission: "req.test", actor: "tester", opinion: "required", spec: "R11" },
  { action: "release_plan", from: ["release_planning"], to: "releasing", permission: "req.release", actor: "vendor", opinion: "optional", spec: "R12 R14" },
  { action: "release_result", from: ["releasing"], to: "closed", altTo: "release_planning", permission: "req.release", actor: "vendor", opinion: "optional", spec: "R12" },
];

/** The table rows for an action that apply to a requirement in a state (at most one by construction). */
export function transitionFor(action: Action, status: ReqStatus, applicantLevel: "prefecture" | "county"): Transition | null {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(status) && (!t.applicantLevel || t.applicantLevel === applicantLevel)) ?? null;
}

export const ACTION_PERMISSION: Record<Action, ReqPermission> = Object.fromEntries(
  ACTIONS.map((a) => [a, TRANSITIONS.find((t) => t.action === a)!.permission]),
) as Record<Action, ReqPermission>;

export const STATUS_NAMES: Record<ReqStatus, string> = {
  draft: "草稿",
  returned: "退回修改",
  pending_dept_review: "待申请部门审核",
  pending_prefecture_review: "待州级业务部门审核",
  pending_center: "待州信息中心受理",
  pending_evaluation: "待运维公司受理",
  evaluating: "运维公司评估中",
  evaluated: "待信息中心审定",
  developing: "开发中",
  testing: "测试确认中",
  release_planning: "待制定发布上线计划",
  releasing: "待发布上线",
  closed: "已关闭",
  rejected: "评估后不予实施",
  withdrawn: "已撤回",
};

export const ACTION_NAMES: Record<Action, string> = {
  submit: "提交",
  withdraw: "撤回",
  dept_approve: "审核通过（签字盖章）",
  dept_return: "退回修改",
  prefecture_approve: "州级业务部门审核通过",
  prefecture_return: "州级业务部门退回",
  dispatch: "组织运维公司评估",
  center_return: "信息中心退回",
  accept: "受理并编号",
  evaluate: "提交评估意见",
  approve: "同意实施并确定开发期限",
  reject: "不予实施",
  reevaluate: "要求重新评估",
  internal_test: "内部测试通过，提请测试",
  test_pass: "测试通过（签字确认）",
  test_fail: "测试不通过，退回开发",
  release_plan: "填报发布上线计划",
  release_result: "反馈发布结果",
};

export const FINAL_STATUSES: readonly ReqStatus[] = ["closed", "rejected", "withdrawn"];

/** The role the measure names for the actor of a step (recorded with each step and printed on the forms). */
export function roleLabel(t: Transition, ctx: { applicantLevel: "prefecture" | "county"; actorUnitKind: UnitKind | null; isApplicantUnit: boolean }): string {
  switch (t.actor) {
    case "applicant_unit":
      if (t.permission === "req.review") return ctx.applicantLevel === "county" ? "申请单位分管领导" : "申请科室（单位）负责人";
      return ctx.applicantLevel === "county" ? "县（市）业务部门" : "州级业务部门";
    case "counterpart_unit":
      return "州级对口业务部门";
    case "info_center":
      return "州信息中心";
    case "vendor":
      return "运维公司";
    case "tester":
      if (ctx.actorUnitKind === "info_center") return "州信息中心测试人员";
      return ctx.isApplicantUnit ? "申请部门测试人员" : "州级业务部门测试人员";
  }
}

/** Step → deadline key in the settings (working days, X3). */
export const DEADLINE_KEYS = {
  returned: "resubmit",
  pending_dept_review: "deptReview",
  pending_prefecture_review: "prefectureReview",
  pending_center: "centerIntake",
  pending_evaluation: "vendorAccept",
  evaluating: "evaluation",
  evaluated: "centerDecision",
  developing: "development",
  testing: "testing",
  release_planning: "releasePlanning",
} as const satisfies Partial<Record<ReqStatus, string>>;
export type DeadlineKey = (typeof DEADLINE_KEYS)[keyof typeof DEADLINE_KEYS];

export const DEADLINE_KEY_NAMES: Record<DeadlineKey, string> = {
  resubmit: "退回后修改重新提交",
  deptReview: "申请部门审核",
  prefectureReview: "州级业务部门审核",
  centerIntake: "信息中心受理",
  vendorAccept: "运维公司受理",
  evaluation: "运维公司评估",
  centerDecision: "信息中心审定",
  development: "开发（默认，信息中心可逐项设定）",
  testing: "测试确认",
  releasePlanning: "制定发布上线计划",
};

export type DeadlineSettings = Record<"normal" | "urgent", Record<DeadlineKey, number>>;

/** Defaults (working days); the 信息中心 changes them in the settings (key req.deadlines). Urgent ones are shorter. */
export const DEFAULT_DEADLINES: DeadlineSettings = {
  normal: { resubmit: 10, deptReview: 3, prefectureReview: 3, centerIntake: 2, vendorAccept: 2, evaluation: 5, centerDecision: 3, development: 20, testing: 5, releasePlanning: 3 },
  urgent: { resubmit: 3, deptReview: 1, prefectureReview: 1, centerIntake: 1, vendorAccept: 1, evaluation: 2, centerDecision: 1, development: 5, testing: 2, releasePlanning: 1 },
};

export interface Holder {
  unitId: number;
  duty: ReqPermission;
}

/** Who holds a requirement in its current state (the 台账's 当前办理人, and whom reminders go to). */
export function holdersOf(
  r: { status: ReqStatus; applicantUnitId: number; counterpartUnitId: number | null; vendorUnitId: number | null },
  infoCenterUnitId: number,
): Holder[] {
  switch (r.status) {
    case "draft":
    case "returned":
      return [{ unitId: r.applicantUnitId, duty: "req.submit" }];
    case "pending_dept_review":
      return [{ unitId: r.applicantUnitId, duty: "req.review" }];
    case "pending_prefecture_review":
      return r.counterpartUnitId ? [{ unitId: r.counterpartUnitId, duty: "req.review" }] : [];
    case "pending_center":
    case "evaluated":
      return [{ unitId: infoCenterUnitId, duty: "req.manage" }];
    case "pending_evaluation":
    case "evaluating":
    case "developing":
      return r.vendorUnitId ? [{ unitId: r.vendorUnitId, duty: "req.evaluate" }] : [];
    case "testing": {
      const list: Holder[] = [{ unitId: infoCenterUnitId, duty: "req.test" }, { unitId: r.applicantUnitId, duty: "req.test" }];
      if (r.counterpartUnitId) list.push({ unitId: r.counterpartUnitId, duty: "req.test" });
      return list;
    }
    case "release_planning":
    case "releasing":
      return r.vendorUnitId ? [{ unitId: r.vendorUnitId, duty: "req.release" }] : [];
    default:
      return [];
  }
}
