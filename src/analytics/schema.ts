/**
 * S-ANALYTICS tables: monthly snapshots (immutable: a trigger refuses update and delete, drizzle *_analytics_guards.sql),
 * annual targets per county and indicator, the red/amber/green thresholds, and the archived monthly reports.
 * Indicator values themselves are never stored here except as snapshots: they are computed by the modules that own
 * the records (src/core/module.ts Indicator).
 */
import { sql } from "drizzle-orm";
import { bigint, check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One indicator's value for one division and one month, as taken by the snapshot job. Never changed afterwards. */
export const analyticsSnapshots = pgTable(
  "analytics_snapshots",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    indicator: text("indicator").notNull(),
    /** 422800 (the 州 total), a county (6 digits) or a township (9 digits). */
    divisionCode: text("division_code").notNull(),
    /** YYYY-MM. */
    period: text("period").notNull(),
    value: doublePrecision("value").notNull(),
    takenAt: ts("taken_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("analytics_snapshots_uq").on(t.indicator, t.divisionCode, t.period),
    index("analytics_snapshots_period_idx").on(t.period),
    check("analytics_snapshots_period_ck", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

/** 年度目标任务: one county's annual target for one indicator, entered by 州 analysts. */
export const analyticsTargets = pgTable(
  "analytics_targets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    year: integer("year").notNull(),
    countyCode: text("county_code").notNull(),
    indicator: text("indicator").notNull(),
    target: doublePrecision("target").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by"),
  },
  (t) => [uniqueIndex("analytics_targets_uq").on(t.year, t.countyCode, t.indicator), check("analytics_targets_positive_ck", sql`${t.target} > 0`)],
);

/**
 * Red/amber/green (one row): green when 完成率 ≥ 时序进度 × green; amber when ≥ 时序进度 × amber; red below.
 * Defaults 1.0 and 0.9.
 */
export const analyticsSettings = pgTable(
  "analytics_settings",
  {
    id: integer("id").primaryKey(),
    greenRatio: doublePrecision("green_ratio").notNull().default(1),
    amberRatio: doublePrecision("amber_ratio").notNull().default(0.9),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by"),
  },
  (t) => [check("analytics_settings_one_ck", sql`${t.id} = 1`), check("analytics_settings_order_ck", sql`${t.amberRatio} > 0 and ${t.amberRatio} <= ${t.greenRatio}`)],
);

/** 月度分析报告: one PDF per month and region (the 州 and each county), archived in the file store (src/core/files.ts). */
export const analyticsReports = pgTable(
  "analytics_reports",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    period: text("period").notNull(),
    regionCode: text("region_code").notNull(),
    regionName: text("region_name").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("analytics_reports_uq").on(t.period, t.regionCode)],
);
