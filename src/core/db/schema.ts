/**
 * Core tables: organisation tree, units, accounts, login tickets, sessions, audit chain, working-day calendar.
 * One schema for PGlite and PostgreSQL (SQL accepted by PostgreSQL 15).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { AREAS } from "../access/areas.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** 州 / 县 / 乡镇 nodes with their national division codes (SPEC Organisation, P2). */
export const orgNodes = pgTable(
  "org_nodes",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["prefecture", "county", "township"] }).notNull(),
    parentCode: text("parent_code"),
    /** Prefix of every division code inside this node: '4228', '422801', '422801001'. Data scope (P9) is a prefix match. */
    scopePrefix: text("scope_prefix").notNull(),
    isZone: boolean("is_zone").notNull().default(false),
  },
  (t) => [index("org_nodes_parent_idx").on(t.parentCode)],
);

/** Villages and communities (12-digit codes), address reference data. */
export const villages = pgTable(
  "villages",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    townshipCode: text("township_code").notNull(),
  },
  (t) => [index("villages_township_idx").on(t.townshipCode)],
);

export const UNIT_KINDS = ["hrss_bureau", "info_center", "agency", "department", "vendor", "township_center"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Units under a 州/县/乡镇 node: 人社局, 人社信息中心, 经办机构, 业务科室, 运维公司. */
export const units = pgTable(
  "units",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orgCode: text("org_code").notNull().references(() => orgNodes.code),
    name: text("name").notNull(),
    kind: text("kind", { enum: UNIT_KINDS }).notNull(),
    parentUnitId: integer("parent_unit_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("units_org_name_uq").on(t.orgCode, t.name)],
);

export const ROLE_KINDS = ["account_admin", "permission_admin", "operator"] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];
export const ACCOUNT_STATUSES = ["active", "suspended", "disabled", "cancelled"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * One real-name account per person (P3: unique 身份证号) with exactly one role kind (P5).
 * A person can never hold two role kinds because the kind is one column of the one row the person has.
 */
export const accounts = pgTable(
  "accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    idNumber: text("id_number").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    orgCode: text("org_code").notNull().references(() => orgNodes.code),
    unitId: integer("unit_id").references(() => units.id),
    roleKind: text("role_kind", { enum: ROLE_KINDS }).notNull(),
    /** 'A' or 'B' for account admins (P6: two per level, A/B roles). */
    abSlot: text("ab_slot"),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("active"),
    statusReason: text("status_reason"),
    /** true only for the accounts made by the bootstrap CLI, outside the governed flow. */
    bootstrap: boolean("bootstrap").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    lastLoginAt: ts("last_login_at"),
  },
  (t) => [
    uniqueIndex("accounts_id_number_uq").on(t.idNumber),
    index("accounts_org_idx").on(t.orgCode),
    check("accounts_ab_slot_ck", sql`${t.abSlot} is null or (${t.abSlot} in ('A','B') and ${t.roleKind} = 'account_admin')`),
  ],
);

/** QR login tickets (P3): single use, two minutes, bound to the browser that asked for them. */
export const loginTickets = pgTable("login_tickets", {
  id: text("id").primaryKey(),
  nonce: text("nonce").notNull(),
  bindingHash: text("binding_hash").notNull(),
  status: text("status", { enum: ["pending", "scanned", "confirmed", "consumed", "rejected"] }).notNull(),
  channel: text("channel").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  sourceIp: text("source_ip"),
  accountId: integer("account_id"),
  /** Identity as confirmed by the channel; never returned to the browser. */
  identity: jsonb("identity"),
  rejectCode: text("reject_code"),
  assertionId: text("assertion_id"),
});

/** Channel assertion ids already used, so a replayed assertion is refused even for a new ticket. */
export const usedAssertions = pgTable("used_assertions", {
  id: text("id").primaryKey(),
  usedAt: ts("used_at").notNull().defaultNow(),
});

/** Sessions live in the database so that any instance can serve any request (P4, X5). */
export const sessions = pgTable(
  "sessions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text("token_hash").notNull(),
    csrfToken: text("csrf_token").notNull(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    absoluteExpiresAt: ts("absolute_expires_at").notNull(),
    endedAt: ts("ended_at"),
    endReason: text("end_reason"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.tokenHash), index("sessions_account_idx").on(t.accountId)],
);

/** Append-only, hash-chained audit log (X1). Triggers forbid UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: ts("at").notNull(),
    actorAccountId: integer("actor_account_id"),
    actorName: text("actor_name"),
    event: text("event").notNull(),
    objectType: text("object_type"),
    objectId: text("object_id"),
    outcome: text("outcome", { enum: ["success", "failure"] }).notNull(),
    sourceIp: text("source_ip"),
    detail: jsonb("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_event_idx").on(t.event)],
);

/** One row: the head of the audit chain, locked FOR UPDATE by each append so that appends are serialised. */
export const auditHead = pgTable("audit_head", {
  id: integer("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

/**
 * Access-guard refusals (X1, 等保 安全审计; issue 12 class 7), bounded against floods: one row per account, route,
 * refusal code and minute, with a counter. The first refusal of a minute also writes an audit row.
 */
export const accessDenials = pgTable(
  "access_denials",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id").notNull(),
    method: text("method").notNull(),
    route: text("route").notNull(),
    code: text("code").notNull(),
    minute: ts("minute").notNull(),
    count: integer("count").notNull().default(1),
    sourceIp: text("source_ip"),
    lastAt: ts("last_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("access_denials_uq").on(t.accountId, t.method, t.route, t.code, t.minute), index("access_denials_minute_idx").on(t.minute)],
);

/** Chinese working-day calendar (X3): only the exceptions are stored; other days follow Monday–Friday. */
export const calendarDays = pgTable("calendar_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  isWorkday: boolean("is_workday").notNull(),
  name: text("name").notNull(),
  source: text("source", { enum: ["chinese-days", "manual"] }).notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Key-value settings an admin can change (thresholds, defaults), and the e-SSC simulator key pair. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  updatedBy: integer("updated_by"),
});

/** Archived files (X4 signed scans, R7 policy documents): content-addressed by SHA-256, never lost on restart. */
export const files = pgTable("files", {
  sha256: text("sha256").primaryKey(),
  size: integer("size").notNull(),
  mime: text("mime").notNull(),
  /** 'disk' (FILES_DIR, embedded default or a shared directory) or 'db' (file_blobs, for several instances). */
  storage: text("storage", { enum: ["disk", "db"] }).notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  createdBy: integer("created_by"),
});

export const fileBlobs = pgTable("file_blobs", {
  sha256: text("sha256").primaryKey(),
  data: text("data_base64").notNull(),
});

/** In-app notices (the bell in the header): form arrivals, deadlines, results. */
export const notices = pgTable(
  "notices",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    createdAt: ts("created_at").notNull().defaultNow(),
    readAt: ts("read_at"),
  },
  (t) => [index("notices_account_idx").on(t.accountId, t.readAt)],
);

/** SMS gateway outbox: the default gateway writes here; an operator-configured gateway sends and marks rows sent. */
export const smsOutbox = pgTable("sms_outbox", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  phone: text("phone").notNull(),
  text: text("text").notNull(),
  accountId: integer("account_id"),
  createdAt: ts("created_at").notNull().defaultNow(),
  status: text("status", { enum: ["queued", "sent", "failed"] }).notNull().default("queued"),
  sentAt: ts("sent_at"),
});

/**
 * Deadlines in working days (X3, P10), swept by any instance: reminders the working day before, escalation to the
 * level above when overdue. Rows, not timers: a restart loses none.
 */
export const deadlines = pgTable(
  "deadlines",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    objectType: text("object_type").notNull(),
    objectId: integer("object_id").notNull(),
    kind: text("kind").notNull(),
    /** Last working day allowed (China date). */
    dueDate: date("due_date", { mode: "string" }).notNull(),
    /** The working day before dueDate: the reminder goes out on or after it. */
    remindOn: date("remind_on", { mode: "string" }).notNull(),
    /** Organisation whose admins are reminded, and the one above for escalation. */
    orgCode: text("org_code").notNull(),
    status: text("status", { enum: ["open", "met", "missed"] }).notNull().default("open"),
    remindedAt: ts("reminded_at"),
    escalatedAt: ts("escalated_at"),
    closedAt: ts("closed_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("deadlines_open_idx").on(t.status, t.remindOn), uniqueIndex("deadlines_obj_uq").on(t.objectType, t.objectId, t.kind)],
);

/** Per-year serial numbers (forms, requirements). */
export const serials = pgTable("serials", {
  key: text("key").primaryKey(),
  value: integer("value").notNull(),
});

/**
 * Scheduled jobs (src/core/jobs.ts): one row per recurring job. Any instance claims a due row with
 * FOR UPDATE SKIP LOCKED and holds it by a lease (locked_until), so a job runs on one instance at a time and a
 * crash or restart loses nothing: the row stays due, and an expired lease is claimed again.
 */
export const jobs = pgTable("jobs", {
  name: text("name").primaryKey(),
  runAt: ts("run_at").notNull(),
  lockedUntil: ts("locked_until"),
  lockedBy: text("locked_by"),
  lastStartedAt: ts("last_started_at"),
  lastFinishedAt: ts("last_finished_at"),
  lastError: text("last_error"),
  lastResult: jsonb("last_result"),
  runs: integer("runs").notNull().default(0),
  failures: integer("failures").notNull().default(0),
});

// Kernel access data (P8, P9, P12): positions and grants name an area (src/core/access/areas.ts); governance is the
// service that manages them (src/governance/grants.ts).
/** 岗位/岗位角色 (P12): a named set of one subsystem's function codes, defined at one level. */
export const positions = pgTable(
  "positions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orgCode: text("org_code")
      .notNull()
      .references(() => orgNodes.code),
    unitId: integer("unit_id").references(() => units.id),
    subsystem: text("subsystem", { enum: AREAS }).notNull(),
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
    subsystem: text("subsystem", { enum: AREAS }).notNull(),
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

