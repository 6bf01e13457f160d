/**
 * S-LABOR 劳动力资源信息库 tables: households (一户一表), persons keyed by 身份证号, the per-field change history, import
 * batches with their row-level errors, and the statistics rollup (labor_stats) that database triggers keep exact in the
 * same transaction as every write (drizzle/*_labor_stats.sql). docs: src/labor/stats.ts explains the working-age rule.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { villages } from "../core/db/schema.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Division codes compare byte-wise (COLLATE "C") so that the data-scope prefix match (P9, LIKE '422801%') and the
 * ordering by region use one ordinary b-tree index on PostgreSQL servers whatever their default collation.
 */
const divisionCode = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

/** 一户一表: a household surveyed together, in one village. */
export const laborHouseholds = pgTable(
  "labor_households",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** 户编号 as written on the survey form (unique across the prefecture). */
    householdNo: text("household_no").notNull(),
    villageCode: divisionCode("village_code").notNull().references(() => villages.code),
    address: text("address"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("labor_households_no_uq").on(t.householdNo), index("labor_households_village_idx").on(t.villageCode)],
);

/** One record per person (S-LABOR), keyed by 身份证号. Sex and birth date always come from the number (GB 11643). */
export const laborPersons = pgTable(
  "labor_persons",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    idNumber: text("id_number").notNull(),
    name: text("name").notNull(),
    sex: text("sex").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    ethnicity: text("ethnicity"),
    education: text("education"),
    /** 户籍地 village (12 digits). */
    hukouCode: divisionCode("hukou_code").references(() => villages.code),
    /** 常住地 village (12 digits): the data-scope column (P9). */
    regionCode: divisionCode("region_code").notNull().references(() => villages.code),
    /**
     * The 户 (一户一表). No foreign key: households are never deleted (a trigger refuses it, migration 0018) and every
     * writer takes the id from labor_households in the same transaction, so the per-row key check of a bulk import is
     * saved (docs/decisions.md D11).
     */
    householdId: integer("household_id"),
    relation: text("relation"),
    employmentStatus: text("employment_status"),
    transferDest: text("transfer_dest"),
    transferChannel: text("transfer_channel"),
    industry: text("industry"),
    occupation: text("occupation"),
    monthlyIncome: integer("monthly_income"),
    monthsAway: smallint("months_away"),
    leftDate: date("left_date", { mode: "string" }),
    workPlace: text("work_place"),
    skillLevel: text("skill_level"),
    skills: text("skills").array().notNull().default(sql`'{}'::text[]`),
    certificates: text("certificates"),
    trainingWish: text("training_wish"),
    employmentWish: text("employment_wish"),
    returnee: boolean("returnee").notNull().default(false),
    poverty: boolean("poverty").notNull().default(false),
    monitored: boolean("monitored").notNull().default(false),
    phone: text("phone"),
    remarks: text("remarks"),
    /** 转移劳动力 (S-LABOR): working outside one's own township for 6 months or more. */
    isTransfer: boolean("is_transfer")
      .notNull()
      .generatedAlwaysAs(sql`coalesce(months_away >= 6 and transfer_dest in ('county','province','outside','abroad'), false)`),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
    createdBatch: integer("created_batch"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by"),
    updatedBatch: integer("updated_batch"),
  },
  (t) => [
    uniqueIndex("labor_persons_id_number_uq").on(t.idNumber),
    index("labor_persons_region_idx").on(t.regionCode, t.id),
    index("labor_persons_birth_idx").on(t.birthDate),
    index("labor_persons_household_idx").on(t.householdId),
    check("labor_persons_sex_ck", sql`${t.sex} in ('M','F')`),
    check("labor_persons_months_ck", sql`${t.monthsAway} is null or ${t.monthsAway} between 0 and 12`),
    check("labor_persons_income_ck", sql`${t.monthlyIncome} is null or ${t.monthlyIncome} >= 0`),
  ],
);

/** Change history per record (S-LABOR): who, when, field, old → new, and where the change came from. */
export const laborPersonChanges = pgTable(
  "labor_person_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id").notNull(),
    field: text("field").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    actorAccountId: integer("actor_account_id"),
    actorName: text("actor_name"),
    at: ts("at").notNull().defaultNow(),
    source: text("source", { enum: ["manual", "survey", "import"] }).notNull(),
    batchId: integer("batch_id"),
  },
  (t) => [index("labor_person_changes_person_idx").on(t.personId, t.id), index("labor_person_changes_batch_idx").on(t.batchId)],
);

export const IMPORT_STATUSES = ["validating", "validated", "committing", "committed", "failed", "cancelled"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** An import: the file, its validation result (preview) and the progress of its commit (resumable). */
export const laborImportBatches = pgTable(
  "labor_import_batches",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id"),
    actorName: text("actor_name"),
    /** Organisation and data scope of the importer: every row must fall inside it (P9). */
    orgCode: divisionCode("org_code").notNull(),
    scopePrefix: text("scope_prefix").notNull(),
    source: text("source", { enum: ["upload", "cli", "generator"] }).notNull(),
    fileName: text("file_name").notNull(),
    fileKind: text("file_kind", { enum: ["xlsx", "csv", "records"] }).notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull(),
    fileSha256: text("file_sha256").notNull(),
    /** The file's path for a CLI import (names the error report); null for uploads, whose bytes are not kept. */
    storedPath: text("stored_path"),
    status: text("status", { enum: IMPORT_STATUSES }).notNull(),
    /** Header → field mapping found in the file, and the fields it carries. */
    mapping: jsonb("mapping").$type<{ header: string; column: number; field: string }[]>().notNull(),
    headerRow: integer("header_row").notNull().default(1),
    sheetName: text("sheet_name"),
    totalRows: integer("total_rows").notNull().default(0),
    validRows: integer("valid_rows").notNull().default(0),
    errorRows: integer("error_rows").notNull().default(0),
    warningCount: integer("warning_count").notNull().default(0),
    emptyRowsSkipped: integer("empty_rows_skipped").notNull().default(0),
    /** Preview estimate: valid rows whose 身份证号 is new / already registered. */
    newRows: integer("new_rows").notNull().default(0),
    existingRows: integer("existing_rows").notNull().default(0),
    /** Commit progress. */
    rowsDone: integer("rows_done").notNull().default(0),
    lastRowNo: integer("last_row_no").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    historyRows: integer("history_rows").notNull().default(0),
    message: text("message"),
    worker: text("worker"),
    createdAt: ts("created_at").notNull().defaultNow(),
    commitStartedAt: ts("commit_started_at"),
    heartbeatAt: ts("heartbeat_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("labor_import_batches_org_idx").on(t.orgCode, t.id)],
);

/** Row/column/reason of every problem found in an import (the error report). */
export const laborImportErrors = pgTable(
  "labor_import_errors",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    batchId: integer("batch_id").notNull(),
    rowNo: integer("row_no").notNull(),
    column: text("column"),
    value: text("value"),
    code: text("code").notNull(),
    message: text("message").notNull(),
    severity: text("severity", { enum: ["error", "warning"] }).notNull(),
    phase: text("phase", { enum: ["validate", "commit"] }).notNull().default("validate"),
  },
  (t) => [index("labor_import_errors_batch_idx").on(t.batchId, t.rowNo)],
);

/**
 * The validated rows of an import, prepared for the commit (S-LABOR import): the validation pass writes each valid row,
 * already normalised, as one line in COPY csv form — flag (F new / E registered), file row number, 户编号, then the
 * stored columns — in chunks of a few thousand rows. The commit reads these chunks instead of parsing and validating the
 * file again, so the file itself is not kept. Chunks are deleted when the batch is committed or discarded. The table is
 * UNLOGGED (migration 0020): a work area without WAL, emptied by crash recovery — the batch then says so.
 */
export const laborImportChunks = pgTable(
  "labor_import_chunks",
  {
    batchId: integer("batch_id").notNull().references(() => laborImportBatches.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    /** The data rows of the file this chunk covers (valid or not): (previous chunk's last row, lastRow]. */
    lastRow: integer("last_row").notNull(),
    rows: integer("rows").notNull(),
    lines: text("lines").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);

/**
 * Statistics rollup (S-LABOR 统计): a count per 乡镇 × combination of the counted attributes (working age, sex, 就业状态,
 * 转移去向, 外出方式, 转移劳动力, 返乡, 脱贫人口, 监测对象). Statement-level triggers on labor_persons keep it exact in the
 * same transaction as every write (one grouped upsert per statement). 州/县/乡 figures add up its rows by code prefix;
 * `wa` is working age as of labor_stats_asof.asof, and reads first roll the rollup forward to today (labor_stats_roll).
 */
export const laborStats = pgTable(
  "labor_stats",
  {
    townshipCode: divisionCode("township_code").notNull(),
    wa: boolean("wa").notNull(),
    sex: text("sex").notNull(),
    status: text("status").notNull(),
    dest: text("dest").notNull(),
    channel: text("channel").notNull(),
    isTransfer: boolean("is_transfer").notNull(),
    returnee: boolean("returnee").notNull(),
    poverty: boolean("poverty").notNull(),
    monitored: boolean("monitored").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "labor_stats_pk", columns: [t.townshipCode, t.wa, t.sex, t.status, t.dest, t.channel, t.isTransfer, t.returnee, t.poverty, t.monitored] })],
);

export const laborStatsAsof = pgTable(
  "labor_stats_asof",
  {
    id: integer("id").primaryKey(),
    asof: date("asof", { mode: "string" }).notNull(),
  },
  (t) => [check("labor_stats_asof_one_ck", sql`${t.id} = 1`)],
);
