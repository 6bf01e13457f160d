/**
 * S-CASES 人社政务服务办件 tables: departments and windows (the hall), cases with the exchange-table (前置库 PRE_*) fields,
 * their steps and 特别程序 (clock pauses, 行政许可法 §45), the per-field change history, the warning settings (per 事项 or
 * global), the red/yellow cards with their appeals, 好差评 evaluations and the 差评 follow-up.
 *
 * The clock is live (src/cases/clock.ts): the due instants (预警, 承诺, 法定, and each 特别程序's own) are computed from the
 * stored facts and the working-day calendar and stored on every change of the case, so that the warning board is an
 * indexed comparison of those instants against now. A case with an open 特别程序 is paused (its due instants are null
 * while paused: the clock does not run).
 */
import { sql } from "drizzle-orm";
import { boolean, check, customType, index, integer, jsonb, pgTable, real, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** Division codes compare byte-wise, so the scope prefix match (P9) uses a plain b-tree index on any server. */
const divisionCode = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

export const CASE_TYPES = ["即办件", "承诺件", "联办件", "上报件"] as const;
export const LIMIT_UNITS = ["工作日", "工作小时"] as const;
export const SPECIAL_KINDS = ["听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", "延长审批", "补正材料", "公示"] as const;
export const CARD_LEVELS = ["yellow", "red"] as const;
/** pending: awaiting the supervisor's confirmation; issued; appealed; revoked (撤销 on appeal); cleared (the facts changed and the card no longer holds); escalated (上报 to the level above). */
export const CARD_STATUSES = ["pending", "issued", "appealed", "escalated", "revoked", "cleared"] as const;
export const RATING_LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"] as const;
/** The 差评 follow-up, in order (国办发〔2019〕51号). */
export const FOLLOWUP_STAGES = ["pre_review", "malice_check", "verify", "rectify", "signoff", "callback", "reply", "closed", "malicious"] as const;

/** 受理部门 (a 股/科 of a bureau). */
export const caseDepartments = pgTable("case_departments", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  divisionCode: divisionCode("division_code").notNull(),
});

/** 窗口 of a 政务服务大厅, with the staff member and the leader who answer for it (notices, cards, appeals). */
export const caseWindows = pgTable(
  "case_windows",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    hall: text("hall").notNull(),
    departmentCode: text("department_code").notNull().references(() => caseDepartments.code),
    divisionCode: divisionCode("division_code").notNull(),
    staffAccountId: integer("staff_account_id"),
    leaderAccountId: integer("leader_account_id"),
  },
  (t) => [index("case_windows_division_idx").on(t.divisionCode)],
);

export const cases = pgTable(
  "cases",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projid: text("projid").notNull(),
    version: integer("version").notNull(),
    serviceCode: text("service_code").notNull(),
    implCode: text("impl_code"),
    serviceName: text("service_name").notNull(),
    caseType: text("case_type", { enum: CASE_TYPES }).notNull(),
    applicantName: text("applicant_name").notNull(),
    applicantCardType: text("applicant_card_type").notNull().default("身份证"),
    /** Stored in full; leaves the server masked except in the audited reveal (X2). */
    applicantCardNo: text("applicant_card_no").notNull(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    departmentCode: text("department_code").notNull(),
    departmentName: text("department_name").notNull(),
    windowCode: text("window_code"),
    acceptStaff: text("accept_staff"),
    divisionCode: divisionCode("division_code").notNull(),
    acceptedAt: ts("accepted_at").notNull(),
    promiseLimit: integer("promise_limit").notNull(),
    limitUnit: text("limit_unit", { enum: LIMIT_UNITS }).notNull().default("工作日"),
    legalLimit: integer("legal_limit"),
    finishedAt: ts("finished_at"),
    result: text("result"),
    satisfaction: text("satisfaction"),
    /** Stored due instants (recomputed on every change; null while paused or when not applicable). */
    warnAt: ts("warn_at"),
    promiseDueAt: ts("promise_due_at"),
    legalDueAt: ts("legal_due_at"),
    paused: boolean("paused").notNull().default(false),
    /** For a finished case: the working days (or hours) it used, net of 特别程序 (for the average handling time). */
    usedUnits: real("used_units"),
    /** Hash of the child tables' content last written (steps, 特别程序), so a replay of the same file changes nothing. */
    childHash: text("child_hash"),
    deletedAt: ts("deleted_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cases_projid_uq").on(t.projid),
    index("cases_division_idx").on(t.divisionCode),
    index("cases_open_promise_idx").on(t.promiseDueAt).where(sql`${t.finishedAt} is null and ${t.deletedAt} is null`),
    index("cases_open_warn_idx").on(t.warnAt).where(sql`${t.finishedAt} is null and ${t.deletedAt} is null`),
    index("cases_window_idx").on(t.windowCode, t.acceptedAt),
    index("cases_accepted_idx").on(t.acceptedAt),
    check("cases_limit_ck", sql`${t.promiseLimit} >= 0 and (${t.legalLimit} is null or ${t.legalLimit} >= 0)`),
  ],
);

export const caseSteps = pgTable(
  "case_steps",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
    seq: smallint("seq").notNull(),
    name: text("name").notNull(),
    opinion: text("opinion"),
    handler: text("handler"),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [index("case_steps_case_idx").on(t.caseId, t.seq)],
);

/** 特别程序: the clock stops from start to end (an open one runs to now); its own limit gets its own warning. */
export const caseSpecials = pgTable(
  "case_specials",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
    seq: smallint("seq").notNull(),
    kind: text("kind", { enum: SPECIAL_KINDS }).notNull(),
    approver: text("approver"),
    reason: text("reason"),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
    /** Its own limit in working days (null: none). */
    limitDays: integer("limit_days"),
    dueAt: ts("due_at"),
  },
  (t) => [index("case_specials_case_idx").on(t.caseId), index("case_specials_open_idx").on(t.dueAt).where(sql`${t.endedAt} is null`)],
);

/** Each update's old → new values (intake and edits). */
export const caseHistory = pgTable(
  "case_history",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    source: text("source").notNull(),
    changes: jsonb("changes").$type<Record<string, { old: unknown; new: unknown }>>().notNull(),
    at: ts("at").notNull().defaultNow(),
    byAccountId: integer("by_account_id"),
  },
  (t) => [index("case_history_case_idx").on(t.caseId)],
);

/** Warning levels: one global row (service_code '*') and optional rows per 事项. */
export const caseWarningRules = pgTable("case_warning_rules", {
  serviceCode: text("service_code").primaryKey(),
  /** 预警: this many working days (or working hours for 工作小时 limits) before the 承诺时限. */
  warnBefore: integer("warn_before").notNull().default(2),
  yellowOnPromise: boolean("yellow_on_promise").notNull().default(true),
  redOnLegal: boolean("red_on_legal").notNull().default(true),
  /** Cards issued at once (true) or after a supervisor's confirmation (false). */
  autoIssue: boolean("auto_issue").notNull().default(true),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  updatedBy: integer("updated_by"),
});

export const caseCards = pgTable(
  "case_cards",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
    level: text("level", { enum: CARD_LEVELS }).notNull(),
    /** The 特别程序 whose own limit was passed (null: the case's limit). */
    specialId: integer("special_id"),
    status: text("status", { enum: CARD_STATUSES }).notNull(),
    divisionCode: divisionCode("division_code").notNull(),
    windowCode: text("window_code"),
    /** The moment the limit was passed. */
    dueAt: ts("due_at").notNull(),
    issuedAt: ts("issued_at").notNull(),
    issuedBy: text("issued_by", { enum: ["auto", "confirmed"] }),
    confirmedBy: integer("confirmed_by"),
    appealReason: text("appeal_reason"),
    appealedAt: ts("appealed_at"),
    appealedBy: integer("appealed_by"),
    decision: text("decision", { enum: ["撤销", "打回", "上报"] }),
    decisionNote: text("decision_note"),
    decidedAt: ts("decided_at"),
    decidedBy: integer("decided_by"),
    clearedAt: ts("cleared_at"),
  },
  (t) => [
    uniqueIndex("case_cards_one_uq").on(t.caseId, t.level, sql`coalesce(${t.specialId}, 0)`),
    index("case_cards_division_idx").on(t.divisionCode, t.status),
    index("case_cards_window_idx").on(t.windowCode, t.status),
  ],
);

/** 好差评 (GB/T 39734-2020): five levels, the last two are 差评. */
export const caseEvaluations = pgTable(
  "case_evaluations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    evalId: text("eval_id").notNull(),
    caseId: integer("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
    level: smallint("level").notNull(),
    channel: text("channel").notNull().default("窗口"),
    /** 主动评价 (true) or 默认评价 (false). */
    active: boolean("active").notNull().default(true),
    realName: boolean("real_name").notNull().default(true),
    content: text("content"),
    evaluatedAt: ts("evaluated_at").notNull(),
    divisionCode: divisionCode("division_code").notNull(),
  },
  (t) => [uniqueIndex("case_evaluations_eval_uq").on(t.evalId), index("case_evaluations_case_idx").on(t.caseId), check("case_evaluations_level_ck", sql`${t.level} between 1 and 5`)],
);

/** The 差评 follow-up: one per 差评, through its stages, with a working-day deadline (the kernel deadline engine). */
export const caseFollowups = pgTable(
  "case_followups",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    evaluationId: integer("evaluation_id").notNull().references(() => caseEvaluations.id, { onDelete: "cascade" }),
    caseId: integer("case_id").notNull(),
    divisionCode: divisionCode("division_code").notNull(),
    windowCode: text("window_code"),
    stage: text("stage", { enum: FOLLOWUP_STAGES }).notNull().default("pre_review"),
    dueDate: text("due_date").notNull(),
    /** Each stage's record: who, when, what. */
    log: jsonb("log").$type<{ stage: string; by: number | null; byName: string | null; at: string; note: string; extra?: Record<string, unknown> }[]>().notNull().default([]),
    outcome: text("outcome", { enum: ["整改", "解释说明"] }),
    /** The evaluator's satisfaction with the fix (1–5, the same scale). */
    fixSatisfaction: smallint("fix_satisfaction"),
    calledBackAt: ts("called_back_at"),
    repliedAt: ts("replied_at"),
    closedAt: ts("closed_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("case_followups_eval_uq").on(t.evaluationId), index("case_followups_division_idx").on(t.divisionCode, t.stage)],
);

/** Quarterly grade thresholds and the follow-up deadline (one row, key 'default'). */
export const caseSettings = pgTable("case_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  updatedBy: integer("updated_by"),
});
