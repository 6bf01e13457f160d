/**
 * S-SHARE 共享用工 tables (人社厅发〔2020〕98号, 人社部函〔2020〕62号): enterprises reviewed by 人社, their 富余/缺工
 * declarations, match proposals, three-party agreements with each worker's consent, amendments, monthly settlements,
 * disputes, subsidy rules and applications, annual targets. Every row that a county operator reads carries the division
 * code(s) of its enterprise(s), so data scope (P9) is one scopeSql on a column of the row itself.
 */
import { sql } from "drizzle-orm";
import type { ScorePart } from "./rules.js";
import { boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** Division codes compare byte-wise so that the scope prefix match uses a plain b-tree index (as in labor). */
const divisionCode = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });
const day = (name: string) => date(name, { mode: "string" });

export type EnterpriseStatus = "pending" | "manual_review" | "approved" | "rejected";

/** An enterprise that lends or borrows staff, reviewed by 人社 before it may declare. */
export const shareEnterprises = pgTable(
  "share_enterprises",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** 统一社会信用代码 (GB 32100-2015), upper case. */
    creditCode: text("credit_code").notNull(),
    /** False when the check character does not match: the record goes to manual review, it is not refused. */
    creditCodeValid: boolean("credit_code_valid").notNull(),
    name: text("name").notNull(),
    /** 法定代表人: two enterprises with the same one are the same legal person for the self-loan rule. */
    legalRep: text("legal_rep").notNull(),
    industry: text("industry").notNull(),
    /** County (6 digits) or township (9 digits) code: the data scope of every record of this enterprise. */
    regionCode: divisionCode("region_code").notNull(),
    address: text("address"),
    contactName: text("contact_name").notNull(),
    contactIdNumber: text("contact_id_number").notNull(),
    contactPhone: text("contact_phone").notNull(),
    status: text("status").$type<EnterpriseStatus>().notNull(),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdBy: integer("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("share_enterprises_credit_uq").on(t.creditCode), index("share_enterprises_region_idx").on(t.regionCode)],
);

export type DeclarationKind = "surplus" | "shortage";
export type DeclarationStatus = "pending" | "approved" | "rejected" | "closed";

/** 富余 (surplus, to lend) or 缺工 (shortage, to borrow), visible to matching only once approved. */
export const shareDeclarations = pgTable(
  "share_declarations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer("enterprise_id").notNull().references(() => shareEnterprises.id),
    regionCode: divisionCode("region_code").notNull(),
    kind: text("kind").$type<DeclarationKind>().notNull(),
    post: text("post").notNull(),
    skills: jsonb("skills").$type<string[]>().notNull().default([]),
    headcount: integer("headcount").notNull(),
    dateFrom: day("date_from").notNull(),
    dateTo: day("date_to").notNull(),
    /** 缺工: monthly pay offered per worker (元), working hours, conditions (accommodation, meals, transport). */
    payMonthly: integer("pay_monthly"),
    hours: text("hours"),
    conditions: text("conditions"),
    status: text("status").$type<DeclarationStatus>().notNull().default("pending"),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdBy: integer("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("share_declarations_region_idx").on(t.regionCode),
    check("share_declarations_period_ck", sql`${t.dateTo} >= ${t.dateFrom}`),
    check("share_declarations_headcount_ck", sql`${t.headcount} > 0`),
  ],
);

/** The workers a 富余 declaration offers, each with the end of their labor contract with the lender. */
export const shareDeclaredWorkers = pgTable(
  "share_declared_workers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    declarationId: integer("declaration_id").notNull().references(() => shareDeclarations.id),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    phone: text("phone"),
    contractEnd: day("contract_end").notNull(),
  },
  (t) => [uniqueIndex("share_declared_workers_uq").on(t.declarationId, t.idNumber)],
);

export type ProposalStatus = "proposed" | "accepted" | "declined";

/** An operator's proposal of one 富余 × 缺工 pair, with its explained score and both sides' decisions. */
export const shareProposals = pgTable(
  "share_proposals",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    surplusId: integer("surplus_id").notNull().references(() => shareDeclarations.id),
    shortageId: integer("shortage_id").notNull().references(() => shareDeclarations.id),
    lenderId: integer("lender_id").notNull().references(() => shareEnterprises.id),
    borrowerId: integer("borrower_id").notNull().references(() => shareEnterprises.id),
    lenderRegion: divisionCode("lender_region").notNull(),
    borrowerRegion: divisionCode("borrower_region").notNull(),
    headcount: integer("headcount").notNull(),
    score: integer("score").notNull(),
    explanation: jsonb("explanation").$type<ScorePart[]>().notNull(),
    note: text("note"),
    proposedBy: integer("proposed_by").notNull(),
    status: text("status").$type<ProposalStatus>().notNull().default("proposed"),
    /** Each side's decision as the enterprise gave it (recorded by the operator with the signed paper archived). */
    lenderDecision: text("lender_decision").$type<"accept" | "decline">(),
    lenderReason: text("lender_reason"),
    lenderFile: text("lender_file"),
    borrowerDecision: text("borrower_decision").$type<"accept" | "decline">(),
    borrowerReason: text("borrower_reason"),
    borrowerFile: text("borrower_file"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("share_proposals_lender_idx").on(t.lenderRegion), index("share_proposals_borrower_idx").on(t.borrowerRegion)],
);

export type AgreementStatus = "draft" | "active" | "ended";

/** 共享用工协议 between lender (调出) and borrower (调入), for a set of the lender's workers. */
export const shareAgreements = pgTable(
  "share_agreements",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** 协议编号 GXYG-<year>-<id>. */
    number: text("number"),
    proposalId: integer("proposal_id").notNull().references(() => shareProposals.id),
    lenderId: integer("lender_id").notNull().references(() => shareEnterprises.id),
    borrowerId: integer("borrower_id").notNull().references(() => shareEnterprises.id),
    lenderRegion: divisionCode("lender_region").notNull(),
    borrowerRegion: divisionCode("borrower_region").notNull(),
    post: text("post").notNull(),
    headcount: integer("headcount").notNull(),
    headcountRule: text("headcount_rule").notNull(),
    dateFrom: day("date_from").notNull(),
    dateTo: day("date_to").notNull(),
    workPlace: text("work_place").notNull(),
    hoursRest: text("hours_rest").notNull(),
    /** What the borrower pays the lender per worker per month (元); the lender pays it on to the worker in full. */
    payMonthly: integer("pay_monthly").notNull(),
    /** Day of the following month by which the borrower pays the lender. */
    payDay: integer("pay_day").notNull(),
    /** Fee charged to the worker: always 0 (a database check; 人社部函〔2020〕62号). */
    workerFee: integer("worker_fee").notNull().default(0),
    socialInsurance: text("social_insurance").notNull(),
    protection: text("protection").notNull(),
    injuryLiability: text("injury_liability").notNull(),
    status: text("status").$type<AgreementStatus>().notNull().default("draft"),
    /** The signed and stamped agreement scan (src/core/files.ts). */
    scanSha256: text("scan_sha256"),
    createdBy: integer("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    activatedAt: ts("activated_at"),
    /** The reminder before expiry went out (the expiry job sends it once). */
    expiryRemindedAt: ts("expiry_reminded_at"),
    endedAt: ts("ended_at"),
  },
  (t) => [
    index("share_agreements_lender_idx").on(t.lenderRegion),
    index("share_agreements_borrower_idx").on(t.borrowerRegion),
    check("share_agreements_no_fee_ck", sql`${t.workerFee} = 0`),
    check("share_agreements_no_self_ck", sql`${t.lenderId} <> ${t.borrowerId}`),
    check("share_agreements_period_ck", sql`${t.dateTo} >= ${t.dateFrom}`),
  ],
);

export type ConsentStatus = "pending" | "confirmed" | "refused" | "withdrawn";
export type WorkerShareStatus = "pending" | "out" | "active" | "returning" | "returned" | "ended";
export type ReturnKind = "expiry" | "early" | "withdrawn" | "contract_end";

/** One worker in an agreement: consent, sharing state and return. */
export const shareAgreementWorkers = pgTable(
  "share_agreement_workers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    agreementId: integer("agreement_id").notNull().references(() => shareAgreements.id),
    declaredWorkerId: integer("declared_worker_id").notNull().references(() => shareDeclaredWorkers.id),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    contractEnd: day("contract_end").notNull(),
    consent: text("consent").$type<ConsentStatus>().notNull().default("pending"),
    /** 'essc': scanned with the worker's own 电子社保卡; 'scan': the signed consent archived as a file. */
    consentWay: text("consent_way").$type<"essc" | "scan">(),
    consentFile: text("consent_file"),
    consentAt: ts("consent_at"),
    consentNote: text("consent_note"),
    /**
     * pending (no consent yet), out (refused: not part of the agreement), active (sharing), returning (sharing ended, the
     * lender has not yet confirmed the return), returned (back at the lender), ended (the labor contract ended).
     */
    status: text("status").$type<WorkerShareStatus>().notNull().default("pending"),
    startedOn: day("started_on"),
    /** The last day of sharing (return due on expiry, or the day it ended early). */
    returnDue: day("return_due"),
    returnKind: text("return_kind").$type<ReturnKind>(),
    returnReason: text("return_reason"),
    /** The lender confirmed the worker is back (for ends other than a contract end, which returns nobody). */
    returnConfirmedAt: ts("return_confirmed_at"),
    endedOn: day("ended_on"),
  },
  (t) => [
    uniqueIndex("share_agreement_workers_uq").on(t.agreementId, t.declaredWorkerId),
    index("share_agreement_workers_id_idx").on(t.idNumber),
    /** Nobody is shared without their consent (人社部函〔2020〕62号). */
    check("share_agreement_workers_consent_ck", sql`${t.status} not in ('active', 'returning') or ${t.consent} in ('confirmed', 'withdrawn')`),
  ],
);

export type AmendmentStatus = "pending" | "applied" | "refused";

/** A change of headcount or period; applied only when every worker concerned consents again. */
export const shareAmendments = pgTable("share_amendments", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  agreementId: integer("agreement_id").notNull().references(() => shareAgreements.id),
  newHeadcount: integer("new_headcount"),
  newDateTo: day("new_date_to"),
  reason: text("reason").notNull(),
  status: text("status").$type<AmendmentStatus>().notNull().default("pending"),
  /** Worker (agreement worker id) → their decision on this amendment. */
  consents: jsonb("consents").$type<Record<string, { decision: "confirmed" | "refused"; file: string; at: string }>>().notNull().default({}),
  createdBy: integer("created_by").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  decidedAt: ts("decided_at"),
});

/** One month of one worker: borrower → lender, lender → worker (元). The worker gets no less, and pays no fee. */
export const shareSettlements = pgTable(
  "share_settlements",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    agreementId: integer("agreement_id").notNull().references(() => shareAgreements.id),
    workerId: integer("worker_id").notNull().references(() => shareAgreementWorkers.id),
    month: text("month").notNull(),
    borrowerPaid: integer("borrower_paid").notNull(),
    borrowerPaidOn: day("borrower_paid_on").notNull(),
    lenderPaid: integer("lender_paid").notNull(),
    lenderPaidOn: day("lender_paid_on").notNull(),
    workerFee: integer("worker_fee").notNull().default(0),
    createdBy: integer("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("share_settlements_uq").on(t.workerId, t.month),
    check("share_settlements_full_ck", sql`${t.lenderPaid} >= ${t.borrowerPaid} and ${t.workerFee} = 0`),
  ],
);

/** A dispute on an agreement, to be handled within working days (src/core/deadlines.ts). */
export const shareDisputes = pgTable("share_disputes", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  agreementId: integer("agreement_id").notNull().references(() => shareAgreements.id),
  workerId: integer("worker_id").references(() => shareAgreementWorkers.id),
  raisedBy: text("raised_by").$type<"lender" | "borrower" | "worker">().notNull(),
  subject: text("subject").notNull(),
  status: text("status").$type<"open" | "resolved">().notNull().default("open"),
  resolution: text("resolution"),
  dueDate: day("due_date").notNull(),
  lenderRegion: divisionCode("lender_region").notNull(),
  borrowerRegion: divisionCode("borrower_region").notNull(),
  createdBy: integer("created_by").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  resolvedBy: integer("resolved_by"),
  resolvedAt: ts("resolved_at"),
});

/** Subsidy rule (configurable; default as in 宜昌: 500 元 per worker shared ≥ 7 days, at most 300 000 元 per enterprise). */
export const shareSubsidyRules = pgTable("share_subsidy_rules", {
  year: integer("year").primaryKey(),
  perWorker: integer("per_worker").notNull(),
  minDays: integer("min_days").notNull(),
  cap: integer("cap").notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** One enterprise's subsidy application for a year, computed from the records, approved by an operator. */
export const shareSubsidyApplications = pgTable(
  "share_subsidy_applications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer("enterprise_id").notNull().references(() => shareEnterprises.id),
    regionCode: divisionCode("region_code").notNull(),
    year: integer("year").notNull(),
    workers: integer("workers").notNull(),
    amount: integer("amount").notNull(),
    /** The workers counted (agreement worker ids and their days), as computed. */
    basis: jsonb("basis").$type<{ workerId: number; name: string; days: number }[]>().notNull(),
    status: text("status").$type<"pending" | "approved" | "rejected">().notNull().default("pending"),
    note: text("note"),
    createdBy: integer("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    decidedBy: integer("decided_by"),
    decidedAt: ts("decided_at"),
  },
  (t) => [uniqueIndex("share_subsidy_applications_uq").on(t.enterpriseId, t.year)],
);

/** Annual target of workers shared (人次) per county, for targets vs achieved. */
export const shareTargets = pgTable(
  "share_targets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    regionCode: divisionCode("region_code").notNull(),
    year: integer("year").notNull(),
    workers: integer("workers").notNull(),
  },
  (t) => [uniqueIndex("share_targets_uq").on(t.regionCode, t.year)],
);

/**
 * A worker's consent by their own 电子社保卡: a one-time request (id and nonce in the QR the worker scans), answered by
 * the channel's signed assertion; the identity in it must be the worker's.
 */
export const shareConsentRequests = pgTable("share_consent_requests", {
  id: text("id").primaryKey(),
  nonce: text("nonce").notNull(),
  agreementId: integer("agreement_id").notNull().references(() => shareAgreements.id),
  workerId: integer("worker_id").notNull().references(() => shareAgreementWorkers.id),
  status: text("status").$type<"open" | "used" | "expired">().notNull().default("open"),
  /** The assertion id that answered it (one answer, never replayed). */
  jti: text("jti").unique(),
  expiresAt: ts("expires_at").notNull(),
  createdBy: integer("created_by").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});
