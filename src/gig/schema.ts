/**
 * S-GIG 零工驿站 tables (station side, issue #16; the public side #17 reuses them): stations, the skill code table,
 * gig workers (keyed by 身份证号 so that a worker's own e-SSC login can find their record later), employers and their
 * contact persons (the people who will log in for an employer), the blacklist, postings, applications, attendance,
 * settlements and payments (the platform never holds wage money: payments are records of what the employer paid),
 * complaints (劳动维权) with their steps, ratings both ways, and the minimum-wage tiers per county (configuration).
 *
 * Money is kept in 分 (integer cents), times of day in minutes after midnight, so that no driver returns numerics as
 * strings. Every scoped table carries a division code (region_code / village_code) read through the kernel's scope
 * helper (P9).
 */
import { sql } from "drizzle-orm";
import { boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** Division codes compare byte-wise so the scope prefix match uses a plain b-tree index (as in S-LABOR). */
const divisionCode = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

/** 鄂政办发〔2025〕44号: the three tiers of Hubei's minimum wage (monthly and hourly, in 分). */
export const gigMinWageTiers = pgTable("gig_min_wage_tiers", {
  tier: smallint("tier").primaryKey(),
  monthlyFen: integer("monthly_fen").notNull(),
  hourlyFen: integer("hourly_fen").notNull(),
  source: text("source").notNull(),
});

/** Which tier applies in each county (configuration rows, editable by an admin). */
export const gigCountyWageTiers = pgTable("gig_county_wage_tiers", {
  countyCode: divisionCode("county_code").primaryKey(),
  tier: smallint("tier").notNull().references(() => gigMinWageTiers.tier),
});

export const STATION_KINDS = ["county_hub", "branch", "grassroots", "service_point"] as const;
export const REQUIRED_SERVICES = ["matching", "guidance", "training", "rights"] as const;
export const OPTIONAL_SERVICES = ["tools", "waiting_room", "transport"] as const;

/** 零工驿站: 总站 per county, 分站/基层站 per township, 服务点 in a village or community. */
export const gigStations = pgTable(
  "gig_stations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    kind: text("kind", { enum: STATION_KINDS }).notNull(),
    /** The county (6), township (9) or village (12) the station serves: the data-scope column. */
    regionCode: divisionCode("region_code").notNull(),
    address: text("address").notNull(),
    hours: text("hours").notNull(),
    phone: text("phone"),
    /** Staff on duty (names and roles as the station publishes them). */
    staff: jsonb("staff").$type<{ name: string; role: string }[]>().notNull().default(sql`'[]'::jsonb`),
    requiredServices: text("required_services").array().notNull().default(sql`'{}'::text[]`),
    optionalServices: text("optional_services").array().notNull().default(sql`'{}'::text[]`),
    complaintChannel: text("complaint_channel"),
    lastConfirmed: date("last_confirmed", { mode: "string" }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [index("gig_stations_region_idx").on(t.regionCode)],
);

/** The skill code table (保洁, 搬运, 家政 …): data an admin can extend; `industry` groups skills for 求人倍率. */
export const gigSkills = pgTable("gig_skills", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  industry: text("industry").notNull(),
  builtin: boolean("builtin").notNull().default(false),
  sort: integer("sort").notNull().default(100),
});

/** Skill levels: 1 普工, 2 熟练工, 3 师傅. */
export const SKILL_LEVELS = { 1: "普工", 2: "熟练工", 3: "师傅" } as const;
export const HARDSHIP_FLAGS = ["long_idle", "low_income", "disabled", "older"] as const;

/** A gig worker (零工). Personal facts of a person also in the labor registry are read there, never copied. */
export const gigWorkers = pgTable(
  "gig_workers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    idNumber: text("id_number").notNull(),
    name: text("name").notNull(),
    sex: text("sex").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    phone: text("phone"),
    /** Where the worker lives (12-digit village): the data-scope column. */
    regionCode: divisionCode("region_code").notNull(),
    stationId: integer("station_id").references(() => gigStations.id),
    wantedWork: text("wanted_work"),
    wageMinFen: integer("wage_min_fen"),
    wageMaxFen: integer("wage_max_fen"),
    /** Weekdays available, bit 0 = Monday … bit 6 = Sunday. */
    availableDays: smallint("available_days").notNull().default(127),
    /** Townships (9 digits) the worker will go to; always includes their own. */
    areaTownships: text("area_townships").array().notNull(),
    hardship: text("hardship").array().notNull().default(sql`'{}'::text[]`),
    /** 'pending': self-registered, waiting for station confirmation (public side); 'active'; 'inactive'. */
    status: text("status", { enum: ["pending", "active", "inactive"] }).notNull().default("active"),
    /** How the record was made: by staff, by staff acting for a worker without a smartphone (代办), or by the worker. */
    registeredVia: text("registered_via", { enum: ["staff", "proxy", "self"] }).notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [
    uniqueIndex("gig_workers_id_number_uq").on(t.idNumber),
    index("gig_workers_region_idx").on(t.regionCode),
    check("gig_workers_wage_ck", sql`${t.wageMinFen} is null or ${t.wageMaxFen} is null or ${t.wageMinFen} <= ${t.wageMaxFen}`),
  ],
);

export const gigWorkerSkills = pgTable(
  "gig_worker_skills",
  {
    workerId: integer("worker_id").notNull().references(() => gigWorkers.id),
    skillCode: text("skill_code").notNull().references(() => gigSkills.code),
    level: smallint("level").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.skillCode] }), index("gig_worker_skills_skill_idx").on(t.skillCode, t.level), check("gig_worker_skills_level_ck", sql`${t.level} between 1 and 3`)],
);

/** 用工主体: an enterprise (统一社会信用代码) or an individual (身份证号). */
export const gigEmployers = pgTable(
  "gig_employers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind", { enum: ["enterprise", "individual"] }).notNull(),
    creditCode: text("credit_code"),
    idNumber: text("id_number"),
    name: text("name").notNull(),
    legalRep: text("legal_rep"),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    industry: text("industry"),
    regionCode: divisionCode("region_code").notNull(),
    /** 'verified' (real name checked), 'manual_review' (GB 32100 check failed: staff look at the licence), 'rejected'. */
    verification: text("verification", { enum: ["verified", "manual_review", "rejected"] }).notNull(),
    verifyNote: text("verify_note"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [
    uniqueIndex("gig_employers_credit_uq").on(t.creditCode),
    uniqueIndex("gig_employers_id_number_uq").on(t.idNumber),
    index("gig_employers_region_idx").on(t.regionCode),
    check("gig_employers_key_ck", sql`(${t.kind} = 'enterprise' and ${t.creditCode} is not null) or (${t.kind} = 'individual' and ${t.idNumber} is not null)`),
  ],
);

/** The people who act for an employer (an enterprise's contact person), by 身份证号: the later public login (#17). */
export const gigEmployerContacts = pgTable(
  "gig_employer_contacts",
  {
    employerId: integer("employer_id").notNull().references(() => gigEmployers.id),
    idNumber: text("id_number").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    verifiedBy: integer("verified_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.employerId, t.idNumber] })],
);

export const gigBlacklist = pgTable(
  "gig_blacklist",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    employerId: integer("employer_id").notNull().references(() => gigEmployers.id),
    reason: text("reason").notNull(),
    fromDate: date("from_date", { mode: "string" }).notNull(),
    untilDate: date("until_date", { mode: "string" }).notNull(),
    decidedBy: integer("decided_by").notNull(),
    decidedAt: ts("decided_at").notNull().defaultNow(),
    liftedAt: ts("lifted_at"),
    liftedBy: integer("lifted_by"),
  },
  (t) => [index("gig_blacklist_employer_idx").on(t.employerId), check("gig_blacklist_period_ck", sql`${t.fromDate} <= ${t.untilDate}`)],
);

export const POSTING_STATUSES = ["draft", "pending_review", "published", "filled", "closed", "rejected"] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];
export const PAY_UNITS = ["day", "half_day", "hour", "piece"] as const;
export type PayUnit = (typeof PAY_UNITS)[number];

export const gigPostings = pgTable(
  "gig_postings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    employerId: integer("employer_id").notNull().references(() => gigEmployers.id),
    stationId: integer("station_id").references(() => gigStations.id),
    title: text("title").notNull(),
    skillCode: text("skill_code").notNull().references(() => gigSkills.code),
    minLevel: smallint("min_level").notNull().default(1),
    /** Work place (12-digit village): the data-scope column. */
    villageCode: divisionCode("village_code").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    startMin: smallint("start_min").notNull(),
    endMin: smallint("end_min").notNull(),
    /** Weekdays the work falls on (bit 0 = Monday), from the dates: matched against the workers' availability. */
    dayMask: smallint("day_mask").notNull(),
    payUnit: text("pay_unit", { enum: PAY_UNITS }).notNull(),
    payFen: integer("pay_fen").notNull(),
    /** Wages are paid at most this many days after the work (≤ 15 for hourly work). */
    payWithinDays: smallint("pay_within_days").notNull(),
    headcount: integer("headcount").notNull(),
    hiredCount: integer("hired_count").notNull().default(0),
    requirements: text("requirements"),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    /** 即时快招: same-day work, first in the review queue. */
    urgent: boolean("urgent").notNull().default(false),
    status: text("status", { enum: POSTING_STATUSES }).notNull().default("draft"),
    /** Words the reviewer must look at (sex, age, ethnicity, origin). */
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    submittedAt: ts("submitted_at"),
    publishedAt: ts("published_at"),
    filledAt: ts("filled_at"),
    closedAt: ts("closed_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [
    index("gig_postings_village_idx").on(t.villageCode),
    index("gig_postings_status_idx").on(t.status, t.startDate),
    index("gig_postings_skill_idx").on(t.skillCode, t.status),
    check("gig_postings_dates_ck", sql`${t.startDate} <= ${t.endDate}`),
    check("gig_postings_times_ck", sql`${t.startMin} >= 0 and ${t.startMin} < ${t.endMin} and ${t.endMin} <= 1440`),
    check("gig_postings_headcount_ck", sql`${t.headcount} > 0 and ${t.hiredCount} between 0 and ${t.headcount}`),
    check("gig_postings_pay_ck", sql`${t.payFen} > 0 and ${t.payWithinDays} between 0 and 30`),
    check("gig_postings_hourly_cycle_ck", sql`${t.payUnit} <> 'hour' or ${t.payWithinDays} <= 15`),
    // A posting is never published without its review (issue #16): the reviewer and the time are part of the row.
    check("gig_postings_reviewed_ck", sql`${t.status} not in ('published','filled') or (${t.reviewedBy} is not null and ${t.reviewedAt} is not null)`),
  ],
);

export const APPLICATION_STATUSES = ["pending", "hired", "completed", "cancelled"] as const;
export const CANCEL_KINDS = ["worker_withdrew", "employer_cancelled", "worker_no_show", "employer_no_show", "other"] as const;

/** 报名/录用: 待确认 → 已录用 → 已完成 / 已取消. Dates and times are the posting's, copied for the overlap check. */
export const gigApplications = pgTable(
  "gig_applications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    postingId: integer("posting_id").notNull().references(() => gigPostings.id),
    workerId: integer("worker_id").notNull().references(() => gigWorkers.id),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull().default("pending"),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    startMin: smallint("start_min").notNull(),
    endMin: smallint("end_min").notNull(),
    source: text("source", { enum: ["staff", "recommendation", "self"] }).notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
    hiredAt: ts("hired_at"),
    hiredBy: integer("hired_by"),
    completedAt: ts("completed_at"),
    cancelledAt: ts("cancelled_at"),
    cancelledBy: integer("cancelled_by"),
    cancelKind: text("cancel_kind", { enum: CANCEL_KINDS }),
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    uniqueIndex("gig_applications_posting_worker_uq").on(t.postingId, t.workerId),
    index("gig_applications_worker_idx").on(t.workerId, t.status),
    check("gig_applications_cancel_ck", sql`${t.status} <> 'cancelled' or (${t.cancelKind} is not null and ${t.cancelReason} is not null)`),
  ],
);

/** Check-in and check-out per worker per day; confirmed by the employer or recorded by station staff. */
export const gigAttendance = pgTable(
  "gig_attendance",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer("application_id").notNull().references(() => gigApplications.id),
    day: date("day", { mode: "string" }).notNull(),
    checkIn: ts("check_in").notNull(),
    checkOut: ts("check_out"),
    /** Pieces done (piece work), else null. */
    pieces: integer("pieces"),
    confirmedBy: text("confirmed_by", { enum: ["employer", "staff"] }).notNull(),
    recordedBy: integer("recorded_by"),
  },
  (t) => [uniqueIndex("gig_attendance_day_uq").on(t.applicationId, t.day), check("gig_attendance_order_ck", sql`${t.checkOut} is null or ${t.checkOut} > ${t.checkIn}`)],
);

/** What is owed to one worker for one engagement: quantity × agreed pay. The employer pays the worker directly. */
export const gigSettlements = pgTable(
  "gig_settlements",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer("application_id").notNull().references(() => gigApplications.id),
    payUnit: text("pay_unit", { enum: PAY_UNITS }).notNull(),
    /** Quantity in hundredths (days, half-days, hours or pieces × 100). */
    quantityCenti: integer("quantity_centi").notNull(),
    rateFen: integer("rate_fen").notNull(),
    amountFen: integer("amount_fen").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    status: text("status", { enum: ["due", "paid"] }).notNull().default("due"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [uniqueIndex("gig_settlements_application_uq").on(t.applicationId), check("gig_settlements_amount_ck", sql`${t.amountFen} >= 0`)],
);

export const PAYMENT_CHANNELS = ["ssc_account", "bank", "wechat", "alipay", "cash"] as const;

/** A payment the employer made to the worker (recorded, never handled by the platform). */
export const gigPayments = pgTable(
  "gig_payments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    settlementId: integer("settlement_id").notNull().references(() => gigSettlements.id),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    amountFen: integer("amount_fen").notNull(),
    channel: text("channel", { enum: PAYMENT_CHANNELS }).notNull(),
    reference: text("reference"),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
    recordedBy: integer("recorded_by"),
  },
  (t) => [index("gig_payments_settlement_idx").on(t.settlementId), check("gig_payments_amount_ck", sql`${t.amountFen} > 0`)],
);

export const COMPLAINT_STATUSES = ["accepted", "investigating", "mediation", "transferred", "closed"] as const;
export const COMPLAINT_OUTCOMES = ["upheld", "settled", "rejected"] as const;

/** 劳动维权: a worker's arrears complaint, 受理 → 调查 → 调解/移交劳动监察 → 结果. */
export const gigComplaints = pgTable(
  "gig_complaints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    workerId: integer("worker_id").notNull().references(() => gigWorkers.id),
    employerId: integer("employer_id").notNull().references(() => gigEmployers.id),
    applicationId: integer("application_id").references(() => gigApplications.id),
    /** The work place (or the worker's village): the data-scope column. */
    regionCode: divisionCode("region_code").notNull(),
    amountFen: integer("amount_fen"),
    description: text("description").notNull(),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull().default("accepted"),
    outcome: text("outcome", { enum: COMPLAINT_OUTCOMES }),
    result: text("result"),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    acceptedAt: ts("accepted_at").notNull().defaultNow(),
    acceptedBy: integer("accepted_by"),
    closedAt: ts("closed_at"),
  },
  (t) => [index("gig_complaints_region_idx").on(t.regionCode), index("gig_complaints_employer_idx").on(t.employerId)],
);

export const gigComplaintSteps = pgTable(
  "gig_complaint_steps",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    complaintId: integer("complaint_id").notNull().references(() => gigComplaints.id),
    step: text("step", { enum: COMPLAINT_STATUSES }).notNull(),
    note: text("note").notNull(),
    actorId: integer("actor_id"),
    actorName: text("actor_name"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("gig_complaint_steps_complaint_idx").on(t.complaintId)],
);

/** Ratings both ways after completion: 1–5. */
export const gigRatings = pgTable(
  "gig_ratings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer("application_id").notNull().references(() => gigApplications.id),
    direction: text("direction", { enum: ["of_worker", "of_employer"] }).notNull(),
    score: smallint("score").notNull(),
    comment: text("comment"),
    at: ts("at").notNull().defaultNow(),
    by: integer("by"),
  },
  (t) => [uniqueIndex("gig_ratings_uq").on(t.applicationId, t.direction), check("gig_ratings_score_ck", sql`${t.score} between 1 and 5`)],
);
