/**
 * Governance tables (P: 应用系统权限管理暂行办法): positions (岗位, P12), grants (P8, P9), the account ledger (P7(3)),
 * staff status changes (P13). Database triggers in drizzle/*_governance_guards.sql keep role kinds apart (P5).
 */
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, orgNodes, units } from "../core/db/schema.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const SUBSYSTEMS = ["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES"] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

/** 岗位/岗位角色 (P12): a named set of one subsystem's function codes, defined at one level. */
export const positions = pgTable(
  "positions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orgCode: text("org_code")
      .notNull()
      .references(() => orgNodes.code),
    unitId: integer("unit_id").references(() => units.id),
    subsystem: text("subsystem", { enum: SUBSYSTEMS }).notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    permissions: jsonb("permissions").$type<string[]>().notNull(),
    status: text("status", { enum: ["active", "retired"] }).notNull().default("active"),
    createdBy: integer("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("positions_org_sub_name_uq").on(t.orgCode, t.subsystem, t.name)],
);

/**
 * A grant is either a position given to an operator, or one subsystem given to a permission admin (P6: permission
 * admins may be split per subsystem). Grants are never deleted: revoking sets revoked_at, so the 权限管理台账 is complete.
 */
export const grants = pgTable(
  "grants",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: ["position", "admin_subsystem"] }).notNull(),
    positionId: integer("position_id").references(() => positions.id),
    subsystem: text("subsystem", { enum: SUBSYSTEMS }).notNull(),
    grantedBy: integer("granted_by"),
    grantedAt: ts("granted_at").notNull().defaultNow(),
    reason: text("reason"),
    revokedBy: integer("revoked_by"),
    revokedAt: ts("revoked_at"),
    revokeReason: text("revoke_reason"),
    /** The request form and row (附件1/附件2) this grant or revocation carries out. */
    formRef: text("form_ref"),
    revokeFormRef: text("revoke_form_ref"),
  },
  (t) => [
    index("grants_account_idx").on(t.accountId),
    check("grants_shape_ck", sql`(${t.kind} = 'position') = (${t.positionId} is not null)`),
  ],
);

/** 账户管理台账 (P7(3)): every change to an account, by whom, when, on which form. */
export const accountChanges = pgTable(
  "account_changes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    action: text("action", {
      enum: ["create", "update", "disable", "enable", "suspend", "reinstate", "cancel", "role_change", "bootstrap"],
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
