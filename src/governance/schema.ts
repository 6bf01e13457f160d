/**
 * Governance tables (P: 应用系统权限管理暂行办法): positions (岗位, P12), grants (P8, P9), the account ledger (P7(3)),
 * staff status changes (P13). Database triggers in drizzle/*_governance_guards.sql keep role kinds apart (P5).
 */
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, orgNodes, units, positions, grants } from "../core/db/schema.js";
import { AREAS, SUBSYSTEMS, type Subsystem } from "../core/access/areas.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** 账户管理台账 (P7(3)): every change to an account, by whom, when, on which form. */
export const accountChanges = pgTable(
  "account_changes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    action: text("action", {
      enum: ["create", "update", "disable", "enable", "suspend", "reinstate", "cancel", "role_change", "move", "bootstrap"],
    }).notNull(),
    byAccountId: integer("by_account_id"),
    at: ts("at").notNull().defaultNow(),
    reason: text("reason"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    formRef: text("form_ref"),
  },
  (t) => [index("account_changes_account_idx").on(t.accountId)],
);

export const STAFF_STATUS_KINDS = ["retired", "resigned", "transferred", "off_duty", "investigation", "other"] as const;
export type StaffStatusKind = (typeof STAFF_STATUS_KINDS)[number];

/** P13: 退休/离职/调岗, 脱岗 (病假/产假 …), 接受调查, 其他 — recorded by an account admin. */
export const staffStatusChanges = pgTable(
  "staff_status_changes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: STAFF_STATUS_KINDS }).notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    expectedEndDate: date("expected_end_date", { mode: "string" }),
    endedDate: date("ended_date", { mode: "string" }),
    note: text("note").notNull().default(""),
    grantsCleared: integer("grants_cleared").notNull().default(0),
    recordedBy: integer("recorded_by").notNull(),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
  },
  (t) => [index("staff_status_account_idx").on(t.accountId)],
);

/**
 * P7(4): one row per idle-account scan of one level (州 422800 or a county): what the daily job (or an account admin)
 * found, so that the account admins see "上次清理扫描" and the candidate count.
 */
export const cleanupScans = pgTable(
  "cleanup_scans",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    levelCode: text("level_code")
      .notNull()
      .references(() => orgNodes.code),
    scannedAt: ts("scanned_at").notNull(),
    thresholdDays: integer("threshold_days").notNull(),
    candidateCount: integer("candidate_count").notNull(),
    candidateIds: jsonb("candidate_ids").$type<number[]>().notNull(),
    trigger: text("trigger", { enum: ["job", "manual"] }).notNull(),
  },
  (t) => [index("cleanup_scans_level_idx").on(t.levelCode, t.scannedAt)],
);

/** P8(4): a permission admin's review of the permission-management log (who, when, period covered, findings). */
export const logReviews = pgTable(
  "log_reviews",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    levelCode: text("level_code")
      .notNull()
      .references(() => orgNodes.code),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => accounts.id),
    reviewedAt: ts("reviewed_at").notNull().defaultNow(),
    periodFrom: date("period_from", { mode: "string" }).notNull(),
    periodTo: date("period_to", { mode: "string" }).notNull(),
    findings: text("findings").notNull(),
    eventCount: integer("event_count").notNull(),
    anomalyCounts: jsonb("anomaly_counts").$type<Record<string, number>>().notNull(),
  },
  (t) => [index("log_reviews_level_idx").on(t.levelCode, t.reviewedAt)],
);

/** Access review campaign: a permission admin has every grant of their level (or one subsystem) confirmed or revoked. */
export const reviewCampaigns = pgTable("review_campaigns", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  levelCode: text("level_code")
    .notNull()
    .references(() => orgNodes.code),
  subsystem: text("subsystem", { enum: AREAS }),
  title: text("title").notNull(),
  deadline: date("deadline", { mode: "string" }).notNull(),
  status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
  startedBy: integer("started_by")
    .notNull()
    .references(() => accounts.id),
  startedAt: ts("started_at").notNull().defaultNow(),
  closedBy: integer("closed_by"),
  closedAt: ts("closed_at"),
  unansweredAtClose: integer("unanswered_at_close"),
});

export const reviewItems = pgTable(
  "review_items",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    decision: text("decision", { enum: ["pending", "confirmed", "revoked"] }).notNull().default("pending"),
    decidedBy: integer("decided_by"),
    decidedAt: ts("decided_at"),
    note: text("note"),
  },
  (t) => [uniqueIndex("review_items_campaign_grant_uq").on(t.campaignId, t.grantId)],
);
