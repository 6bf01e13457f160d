/**
 * 业务需求运维管理 (R1–R14): requirements (业务需求申请表 R13 and 业务需求程序发布确认单 R14 fields), every transition
 * (requirement_steps, the history of the 需求台账 R4/R6), tests (the vendor's internal test and the business test, R11),
 * archived attachments (R7 policy documents, X4 signed scans) and the deadline notices already sent (idempotent sweep).
 * Database triggers in drizzle/*_requirements_guards.sql keep the history append-only and the county path intact (R8).
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, files, orgNodes, units } from "../core/db/schema.js";
import { SUBSYSTEMS } from "../core/access/areas.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** R1 lifecycle states (the transitions are in lifecycle.ts). */
export const REQ_STATUSES = [
  "draft",
  "returned",
  "pending_dept_review",
  "pending_prefecture_review",
  "pending_center",
  "pending_evaluation",
  "evaluating",
  "evaluated",
  "developing",
  "testing",
  "release_planning",
  "releasing",
  "closed",
  "rejected",
  "withdrawn",
] as const;
export type ReqStatus = (typeof REQ_STATUSES)[number];

export const REQ_TYPES = ["new", "change"] as const;
export type ReqType = (typeof REQ_TYPES)[number];
export const REQ_URGENCIES = ["normal", "urgent"] as const;
export type ReqUrgency = (typeof REQ_URGENCIES)[number];
export const FEASIBILITIES = ["feasible", "partly", "infeasible"] as const;
export type Feasibility = (typeof FEASIBILITIES)[number];
export const ATTACHMENT_KINDS = ["policy", "signed_application", "signed_release"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const TEST_KINDS = ["internal", "center", "business"] as const;
export type TestKind = (typeof TEST_KINDS)[number];

export const requirements = pgTable(
  "requirements",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** 编号 (R13 说明1): given by the vendor on acceptance, XQ-2026-0001. */
    number: text("number"),
    /** Short name shown in lists (the form's 需求描述 holds the full text). */
    title: text("title").notNull(),
    subsystem: text("subsystem", { enum: SUBSYSTEMS }).notNull(),
    applicantUnitId: integer("applicant_unit_id")
      .notNull()
      .references(() => units.id),
    applicantOrgCode: text("applicant_org_code")
      .notNull()
      .references(() => orgNodes.code),
    applicantLevel: text("applicant_level", { enum: ["prefecture", "county"] }).notNull(),
    /** R8: the counterpart 州 business department a county requirement goes through. */
    counterpartUnitId: integer("counterpart_unit_id").references(() => units.id),
    /** The vendor unit the 信息中心 sent it to (R9). */
    vendorUnitId: integer("vendor_unit_id").references(() => units.id),
    /** 申请日期: the day it was first submitted. */
    applyDate: date("apply_date", { mode: "string" }),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    type: text("type", { enum: REQ_TYPES }).notNull(),
    urgency: text("urgency", { enum: REQ_URGENCIES }).notNull(),
    urgencyReason: text("urgency_reason").notNull().default(""),
    /** 需求描述 (markdown). */
    description: text("description").notNull(),
    status: text("status", { enum: REQ_STATUSES }).notNull().default("draft"),
    /** Who holds it now: unit and duty (function code). */
    holderUnitId: integer("holder_unit_id"),
    holderDuty: text("holder_duty"),
    currentStepId: integer("current_step_id"),
    /** Deadline of the current step (China date), null when the step has none. */
    dueDate: date("due_date", { mode: "string" }),
    /** R10: development deadline set by the 信息中心. */
    devWorkdays: integer("dev_workdays"),
    devDueDate: date("dev_due_date", { mode: "string" }),
    // R9: the vendor's evaluation (运维公司评估意见).
    evalFeasibility: text("eval_feasibility", { enum: FEASIBILITIES }),
    evalPlan: text("eval_plan"),
    evalOpinion: text("eval_opinion"),
    evalWorkdays: integer("eval_workdays"),
    evaluatedBy: integer("evaluated_by"),
    evaluatedAt: ts("evaluated_at"),
    /** Test round: a failed business test sends it back to development and starts a new round (R11). */
    testRound: integer("test_round").notNull().default(1),
    // R12/R14: 发布上线计划.
    releaseScope: text("release_scope"),
    releaseStart: ts("release_start"),
    releaseEnd: ts("release_end"),
    releaseLead: text("release_lead"),
    releasePlanDate: date("release_plan_date", { mode: "string" }),
    releasePlannedBy: integer("release_planned_by"),
    // R12: the release result reported to the business department.
    releaseOutcome: text("release_outcome", { enum: ["success", "failed"] }),
    releaseNote: text("release_note"),
    releasedAt: ts("released_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => accounts.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    closedAt: ts("closed_at"),
  },
  (t) => [
    uniqueIndex("requirements_number_uq").on(t.number),
    index("requirements_org_idx").on(t.applicantOrgCode),
    index("requirements_status_idx").on(t.status),
    check("requirements_urgent_reason_ck", sql`${t.urgency} <> 'urgent' or length(btrim(${t.urgencyReason})) > 0`),
    check("requirements_release_window_ck", sql`${t.releaseEnd} is null or ${t.releaseStart} is null or ${t.releaseEnd} > ${t.releaseStart}`),
    check("requirements_county_counterpart_ck", sql`${t.applicantLevel} = 'prefecture' or ${t.status} in ('draft','returned','withdrawn') or ${t.counterpartUnitId} is not null`),
  ],
);

/** Every transition (R1): who, in which unit and role, when, with which opinion, from → to; append-only. */
export const requirementSteps = pgTable(
  "requirement_steps",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => requirements.id),
    action: text("action").notNull(),
    fromStatus: text("from_status", { enum: REQ_STATUSES }),
    toStatus: text("to_status", { enum: REQ_STATUSES }).notNull(),
    actorAccountId: integer("actor_account_id"),
    actorName: text("actor_name").notNull(),
    actorUnitId: integer("actor_unit_id"),
    actorUnitName: text("actor_unit_name"),
    /** The role the measure names for this step (申请部门负责人, 州级业务部门, 州信息中心, 运维公司 …). */
    actorRole: text("actor_role").notNull(),
    at: ts("at").notNull().defaultNow(),
    opinion: text("opinion").notNull().default(""),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** Deadline and reminder day of the state entered (working days, X3). */
    dueDate: date("due_date", { mode: "string" }),
    remindOn: date("remind_on", { mode: "string" }),
    attachmentIds: jsonb("attachment_ids").$type<number[]>().notNull().default([]),
  },
  (t) => [index("requirement_steps_req_idx").on(t.requirementId, t.id)],
);

/** R11: the vendor's internal test, and the 信息中心's and business department's tests (testers sign 附件2). */
export const requirementTests = pgTable(
  "requirement_tests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => requirements.id),
    round: integer("round").notNull(),
    kind: text("kind", { enum: TEST_KINDS }).notNull(),
    passed: boolean("passed").notNull(),
    /** 测试结果 / 测试内容. */
    summary: text("summary").notNull(),
    /** 验证人员 (names as they will sign). */
    verifiers: text("verifiers").notNull(),
    testDate: date("test_date", { mode: "string" }).notNull(),
    accountId: integer("account_id").notNull(),
    unitId: integer("unit_id"),
    stepId: integer("step_id"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("requirement_tests_req_idx").on(t.requirementId)],
);

/** R7 policy documents and X4 signed scans, archived by content hash (src/core/files.ts). */
export const requirementAttachments = pgTable(
  "requirement_attachments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => requirements.id),
    sha256: text("sha256")
      .notNull()
      .references(() => files.sha256),
    name: text("name").notNull(),
    kind: text("kind", { enum: ATTACHMENT_KINDS }).notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    uploadedBy: integer("uploaded_by").notNull(),
    uploadedAt: ts("uploaded_at").notNull().defaultNow(),
    removedAt: ts("removed_at"),
    removedBy: integer("removed_by"),
  },
  (t) => [index("requirement_attachments_req_idx").on(t.requirementId)],
);

/**
 * Deadline notices already sent: one row per step and kind ('remind' the working day before, 'overdue' after the
 * deadline). The unique key makes the sweep idempotent across runs and instances: a notice goes out only from the
 * transaction whose insert succeeded.
 */
export const requirementDeadlineNotices = pgTable(
  "requirement_deadline_notices",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => requirements.id),
    stepId: integer("step_id").notNull(),
    kind: text("kind", { enum: ["remind", "overdue"] }).notNull(),
    sentAt: ts("sent_at").notNull().defaultNow(),
    recipients: integer("recipients").notNull().default(0),
  },
  (t) => [uniqueIndex("requirement_deadline_notices_uq").on(t.stepId, t.kind)],
);
