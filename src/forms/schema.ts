/**
 * Request forms of the permission measure: 附件1 管理员账户权限申请表 (P10, P15) and 附件2 操作员账户权限申请表 (P14, P16),
 * their sign-off steps, rows and the two admins' execution results; the signers of each unit; admin handovers (P11).
 * Deadlines and serial numbers live in src/core/db/schema.ts (shared with the requirement workflow).
 */
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, orgNodes, units } from "../core/db/schema.js";
import { AREAS } from "../core/access/areas.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const FORM_KINDS = ["admin", "operator"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FORM_STATUSES = ["draft", "submitted", "dept_approved", "approved", "executing", "done", "withdrawn"] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const requestForms = pgTable(
  "request_forms",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** SQ1-2026-0001 (附件1) / SQ2-2026-0001 (附件2), given at submission. */
    number: text("number"),
    kind: text("kind", { enum: FORM_KINDS }).notNull(),
    /** 附件2: one subsystem per form (P16). */
    subsystem: text("subsystem", { enum: AREAS }),
    applicantUnitId: integer("applicant_unit_id").notNull().references(() => units.id),
    applicantOrgCode: text("applicant_org_code").notNull().references(() => orgNodes.code),
    /** The organisation whose admins carry the form out: the 州 for 附件1 of 州 and 县; the level itself for 附件2. */
    executorOrgCode: text("executor_org_code").notNull(),
    applyDate: date("apply_date", { mode: "string" }).notNull(),
    submitterAccountId: integer("submitter_account_id").notNull().references(() => accounts.id),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    status: text("status", { enum: FORM_STATUSES }).notNull().default("draft"),
    deptOpinion: text("dept_opinion"),
    deptOpinionBy: integer("dept_opinion_by"),
    deptOpinionAt: ts("dept_opinion_at"),
    unitOpinion: text("unit_opinion"),
    unitOpinionBy: integer("unit_opinion_by"),
    unitOpinionAt: ts("unit_opinion_at"),
    accountAdminResult: text("account_admin_result"),
    accountAdminBy: integer("account_admin_by"),
    accountAdminAt: ts("account_admin_at"),
    permissionAdminResult: text("permission_admin_result"),
    permissionAdminBy: integer("permission_admin_by"),
    permissionAdminAt: ts("permission_admin_at"),
    /** The staff change (P13) that opened this form, if any. */
    staffChangeId: integer("staff_change_id"),
    submittedAt: ts("submitted_at"),
    /** When the approved form reached the executing admins. */
    arrivedAt: ts("arrived_at"),
    doneAt: ts("done_at"),
    /** SHA-256 of the signed, stamped scan in the file archive (X4, P11). */
    scanSha256: text("scan_sha256"),
    scanName: text("scan_name"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("request_forms_number_uq").on(t.number), index("request_forms_exec_idx").on(t.executorOrgCode, t.status)],
);

export const ROW_CATEGORIES = ["add", "cancel", "modify"] as const;
export type RowCategory = (typeof ROW_CATEGORIES)[number];
export const PART_STATUSES = ["pending", "done", "not_needed"] as const;

export const requestFormRows = pgTable(
  "request_form_rows",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    formId: integer("form_id").notNull().references(() => requestForms.id),
    seq: integer("seq").notNull(),
    category: text("category", { enum: ROW_CATEGORIES }).notNull(),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    phone: text("phone"),
    /** 附件1: the admin post (account_admin / permission_admin); 附件2: operator. */
    roleKind: text("role_kind", { enum: ["account_admin", "permission_admin", "operator"] }).notNull(),
    /** 附件1 permission admin rows: the subsystems to administer. */
    adminSubsystems: jsonb("admin_subsystems").$type<string[]>().notNull().default([]),
    /** 附件2: the position (岗位角色) of the form's subsystem. */
    positionId: integer("position_id"),
    /** The account the row creates or concerns. */
    orgCode: text("org_code").notNull(),
    unitId: integer("unit_id"),
    requirement: text("requirement").notNull().default(""),
    targetAccountId: integer("target_account_id"),
    accountPart: text("account_part", { enum: PART_STATUSES }).notNull(),
    accountResult: text("account_result"),
    accountDoneBy: integer("account_done_by"),
    accountDoneAt: ts("account_done_at"),
    grantPart: text("grant_part", { enum: PART_STATUSES }).notNull(),
    grantResult: text("grant_result"),
    grantDoneBy: integer("grant_done_by"),
    grantDoneAt: ts("grant_done_at"),
  },
  (t) => [uniqueIndex("request_form_rows_seq_uq").on(t.formId, t.seq)],
);

export const requestFormSteps = pgTable(
  "request_form_steps",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    formId: integer("form_id").notNull().references(() => requestForms.id),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    byAccountId: integer("by_account_id"),
    byName: text("by_name"),
    at: ts("at").notNull().defaultNow(),
    opinion: text("opinion"),
    rowSeq: integer("row_seq"),
  },
  (t) => [index("request_form_steps_form_idx").on(t.formId)],
);

/** Who signs for a unit: 申请部门负责人 (dept_head) and 分管领导 (unit_leader); kept by the account admins. */
export const formSigners = pgTable(
  "form_signers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id").notNull().references(() => units.id),
    accountId: integer("account_id").notNull().references(() => accounts.id),
    duty: text("duty", { enum: ["dept_head", "unit_leader"] }).notNull(),
    createdBy: integer("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("form_signers_uq").on(t.unitId, t.accountId, t.duty)],
);

/** P11: an admin leaving hands over what they held to a successor. */
export const adminHandovers = pgTable("admin_handovers", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  accountId: integer("account_id").notNull().references(() => accounts.id),
  successorAccountId: integer("successor_account_id").references(() => accounts.id),
  held: jsonb("held").$type<Record<string, unknown>>().notNull(),
  note: text("note").notNull().default(""),
  formId: integer("form_id"),
  recordedBy: integer("recorded_by").notNull(),
  recordedAt: ts("recorded_at").notNull().defaultNow(),
});

/** Staff changes (P13) already turned into form drafts, or found to have nobody to file one: the job's memory. */
export const staffChangeDrafts = pgTable("staff_change_drafts", {
  staffChangeId: integer("staff_change_id").primaryKey(),
  outcome: text("outcome", { enum: ["drafted", "no_filer"] }).notNull(),
  at: ts("at").notNull().defaultNow(),
});
