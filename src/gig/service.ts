/**
 * S-GIG station-side services (issue #16): every write is `(db, principal, input, actor)`, checks the caller's data
 * scope through the kernel's helper (P9), and commits with its audit row in one transaction (X1). Refusals are
 * AppErrors with stable codes GIG_<REASON> and Chinese text; a refused write changes nothing.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import { villages } from "../core/db/schema.js";
import type { Principal } from "../core/access/principal.js";
import { inScope, requireInScope, scopeFilter } from "../core/access/scope.js";
import { audit, type Actor } from "../core/audit.js";
import { AppError, badRequest, conflict, notFound } from "../core/errors.js";
import { parseIdNumber, ID_PROBLEM_TEXT, maskIdNumber, maskPhone } from "../core/idcard.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { closeDeadline, openDeadline } from "../core/deadlines.js";
import { findRegisteredPerson } from "../labor/lookup.js";
import {
  gigApplications, gigAttendance, gigBlacklist, gigComplaints, gigComplaintSteps, gigCountyWageTiers, gigEmployerContacts, gigEmployers,
  gigMinWageTiers, gigPayments, gigPostings, gigRatings, gigSettlements, gigSkills, gigStations, gigWorkerSkills, gigWorkers,
  type PayUnit,
} from "./schema.js";
import { checkCreditCode, credit, effectiveHourlyFen, flagWords, overlaps, PAY_UNIT_TEXT, requiredMask, yuan } from "./rules.js";

/** Working days from 受理 to 结果 of an arrears complaint (docs/decisions.md D15). */
export const COMPLAINT_WORKDAYS = 15;
export const COMPLAINT_DEADLINE = { objectType: "gig_complaint", kind: "result" } as const;

const today = () => chinaDate(new Date());

// ------------------------------------------------------------------ places

async function village(q: Queryable, code: string) {
  const [v] = await q.select().from(villages).where(eq(villages.code, code));
  if (!v) throw badRequest("GIG_VILLAGE_UNKNOWN", `村（社区）代码 ${code} 不存在`);
  return v;
}

/** A village the caller may place a record in: it exists and lies in the caller's scope. */
async function villageInScope(q: Queryable, p: Principal, code: string) {
  const v = await village(q, code);
  if (!inScope(p, code)) throw new AppError(403, "GIG_OUT_OF_SCOPE", "该村（社区）不在您的数据范围内");
  return v;
}

// ------------------------------------------------------------------ stations

export interface StationInput {
  name: string;
  kind: "county_hub" | "branch" | "grassroots" | "service_point";
  regionCode: string;
  address: string;
  hours: string;
  phone?: string | null;
  staff?: { name: string; role: string }[];
  requiredServices: string[];
  optionalServices?: string[];
  complaintChannel?: string | null;
  lastConfirmed?: string;
}

const KIND_LEVEL: Record<StationInput["kind"], number[]> = { county_hub: [6], branch: [9], grassroots: [9, 12], service_point: [12] };

export async function createStation(db: Db, p: Principal, input: StationInput, actor: Actor) {
  if (!KIND_LEVEL[input.kind].includes(input.regionCode.length)) throw badRequest("GIG_STATION_REGION_LEVEL", "站点类型与所在地区级别不符：总站对应县市，分站对应乡镇，基层站对应乡镇或村，服务点对应村（社区）");
  if (!inScope(p, input.regionCode)) throw new AppError(403, "GIG_OUT_OF_SCOPE", "该地区不在您的数据范围内");
  if (input.regionCode.length === 12) await village(db, input.regionCode);
  return db.transaction(async (tx) => {
    const [s] = await tx.insert(gigStations).values({ ...input, staff: input.staff ?? [], optionalServices: input.optionalServices ?? [], lastConfirmed: input.lastConfirmed ?? today(), createdBy: p.accountId }).returning();
    await audit(tx, actor, { event: "gig.station.create", objectType: "gig_station", objectId: s!.id, detail: { name: s!.name, kind: s!.kind, regionCode: s!.regionCode } });
    return s!;
  });
}

async function stationInScope(q: Queryable, p: Principal, id: number) {
  const [s] = await q.select().from(gigStations).where(eq(gigStations.id, id));
  requireInScope(p, s?.regionCode, "驿站");
  return s!;
}

/** The quarterly confirmation of a station's published entry (名录). */
export async function confirmStation(db: Db, p: Principal, id: number, patch: Partial<StationInput>, actor: Actor) {
  return db.transaction(async (tx) => {
    const s = await stationInScope(tx, p, id);
    const { regionCode: _r, kind: _k, ...rest } = patch;
    const [u] = await tx.update(gigStations).set({ ...rest, lastConfirmed: today() }).where(eq(gigStations.id, s.id)).returning();
    await audit(tx, actor, { event: "gig.station.confirm", objectType: "gig_station", objectId: id, detail: { changed: Object.keys(rest) } });
    return u!;
  });
}

// ------------------------------------------------------------------ skills

export async function addSkill(db: Db, _p: Principal, input: { code: string; name: string; industry: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const [exists] = await tx.select().from(gigSkills).where(eq(gigSkills.code, input.code));
    if (exists) throw conflict("GIG_SKILL_EXISTS", `技能代码 ${input.code} 已存在`);
    const [s] = await tx.insert(gigSkills).values({ ...input, builtin: false, sort: 500 }).returning();
    await audit(tx, actor, { event: "gig.skill.create", objectType: "gig_skill", objectId: null, detail: input });
    return s!;
  });
}

async function requireSkills(q: Queryable, codes: string[]) {
  if (!codes.length) return;
  const found = await q.select({ code: gigSkills.code }).from(gigSkills).where(inArray(gigSkills.code, codes));
  const missing = codes.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) throw badRequest("GIG_SKILL_UNKNOWN", `技能代码不存在：${missing.join("、")}`);
}

// ------------------------------------------------------------------ workers

export interface WorkerInput {
  idNumber: string;
  name: string;
  phone?: string | null;
  regionCode: string;
  stationId?: number | null;
  wantedWork?: string | null;
  wageMinFen?: number | null;
  wageMaxFen?: number | null;
  availableDays: number;
  areaTownships?: string[];
  hardship?: string[];
  skills: { code: string; level: number }[];
  /** 'proxy': staff act for a worker without a smartphone (代办); the audit row names the staff member. */
  mode: "staff" | "proxy";
}

export async function registerWorker(db: Db, p: Principal, input: WorkerInput, actor: Actor) {
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw badRequest("GIG_ID_NUMBER_INVALID", ID_PROBLEM_TEXT[parsed.problem]);
  const idNumber = parsed.info.idNumber;
  if (!input.skills.length) throw badRequest("GIG_SKILL_REQUIRED", "请至少登记一项技能");
  if (input.wageMinFen != null && input.wageMaxFen != null && input.wageMinFen > input.wageMaxFen) throw badRequest("GIG_WAGE_RANGE", "期望日薪下限不能高于上限");
  return db.transaction(async (tx) => {
    const v = await villageInScope(tx, p, input.regionCode);
    const county = v.townshipCode.slice(0, 6);
    const area = [...new Set([v.townshipCode, ...(input.areaTownships ?? [])])];
    if (area.some((t) => !/^\d{9}$/.test(t) || !t.startsWith(county))) throw badRequest("GIG_AREA_OUTSIDE_COUNTY", "可接受的工作地点应为本县（市）内的乡镇");
    await requireSkills(tx, input.skills.map((s) => s.code));
    if (input.stationId) await stationInScope(tx, p, input.stationId);
    const [dup] = await tx.select({ id: gigWorkers.id }).from(gigWorkers).where(eq(gigWorkers.idNumber, idNumber));
    if (dup) throw conflict("GIG_WORKER_EXISTS", "该身份证号已登记为零工", { id: inScope(p, input.regionCode) ? dup.id : undefined });
    const [w] = await tx.insert(gigWorkers).values({
      idNumber, name: input.name, sex: parsed.info.sex === "male" ? "M" : "F", birthDate: parsed.info.birthDate, phone: input.phone ?? null,
      regionCode: input.regionCode, stationId: input.stationId ?? null, wantedWork: input.wantedWork ?? null, wageMinFen: input.wageMinFen ?? null,
      wageMaxFen: input.wageMaxFen ?? null, availableDays: input.availableDays, areaTownships: area, hardship: input.hardship ?? [],
      status: "active", registeredVia: input.mode, createdBy: p.accountId,
    }).returning();
    await tx.insert(gigWorkerSkills).values(input.skills.map((s) => ({ workerId: w!.id, skillCode: s.code, level: s.level })));
    await audit(tx, actor, {
      event: input.mode === "proxy" ? "gig.worker.register.proxy" : "gig.worker.register", objectType: "gig_worker", objectId: w!.id,
      detail: { idNumber: maskIdNumber(idNumber), regionCode: input.regionCode, skills: input.skills, ...(input.mode === "proxy" ? { proxyStaffId: p.accountId, proxyStaffName: p.name } : {}) },
    });
    return { id: w!.id };
  });
}

export async function workerInScope(q: Queryable, p: Principal, id: number) {
  const [w] = await q.select().from(gigWorkers).where(eq(gigWorkers.id, id));
  requireInScope(p, w?.regionCode, "零工");
  return w!;
}

/** Update availability, wage range, area, hardship flags and skills (staff, or staff acting for the worker). */
export async function updateWorker(db: Db, p: Principal, id: number, input: Partial<Omit<WorkerInput, "idNumber" | "regionCode">> & { mode: "staff" | "proxy"; status?: "active" | "inactive" }, actor: Actor) {
  return db.transaction(async (tx) => {
    const w = await workerInScope(tx, p, id);
    const { skills, mode, idNumber: _i, regionCode: _r, ...rest } = input as typeof input & { idNumber?: string; regionCode?: string };
    const county = w.regionCode.slice(0, 6);
    if (rest.areaTownships) {
      rest.areaTownships = [...new Set([w.regionCode.slice(0, 9), ...rest.areaTownships])];
      if (rest.areaTownships.some((t) => !t.startsWith(county))) throw badRequest("GIG_AREA_OUTSIDE_COUNTY", "可接受的工作地点应为本县（市）内的乡镇");
    }
    const minF = rest.wageMinFen ?? w.wageMinFen, maxF = rest.wageMaxFen ?? w.wageMaxFen;
    if (minF != null && maxF != null && minF > maxF) throw badRequest("GIG_WAGE_RANGE", "期望日薪下限不能高于上限");
    if (Object.keys(rest).length) await tx.update(gigWorkers).set(rest).where(eq(gigWorkers.id, id));
    if (skills) {
      if (!skills.length) throw badRequest("GIG_SKILL_REQUIRED", "请至少登记一项技能");
      await requireSkills(tx, skills.map((s) => s.code));
      await tx.delete(gigWorkerSkills).where(eq(gigWorkerSkills.workerId, id));
      await tx.insert(gigWorkerSkills).values(skills.map((s) => ({ workerId: id, skillCode: s.code, level: s.level })));
    }
    await audit(tx, actor, { event: mode === "proxy" ? "gig.worker.update.proxy" : "gig.worker.update", objectType: "gig_worker", objectId: id, detail: { fields: [...Object.keys(rest), ...(skills ? ["skills"] : [])], ...(mode === "proxy" ? { proxyStaffId: p.accountId, proxyStaffName: p.name } : {}) } });
    return { ok: true as const };
  });
}

/** Credit inputs of workers: average rating, count, no-shows. */
export async function workerCredits(q: Queryable, ids: number[]): Promise<Map<number, { credit: number; avgRating: number | null; ratings: number; noShows: number }>> {
  const out = new Map<number, { credit: number; avgRating: number | null; ratings: number; noShows: number }>();
  if (!ids.length) return out;
  const r = await rows<{ id: number; avg: number | null; n: number; ns: number }>(q, sql`
    select w.id, (select avg(r.score)::float8 from gig_ratings r join gig_applications a on a.id = r.application_id where a.worker_id = w.id and r.direction = 'of_worker') as avg,
      (select count(*)::int from gig_ratings r join gig_applications a on a.id = r.application_id where a.worker_id = w.id and r.direction = 'of_worker') as n,
      (select count(*)::int from gig_applications a where a.worker_id = w.id and a.cancel_kind = 'worker_no_show') as ns
    from gig_workers w where w.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  for (const x of r) out.set(x.id, { avgRating: x.avg, ratings: x.n, noShows: x.ns, credit: credit(x.avg, x.n, x.ns) });
  return out;
}

export async function employerCredits(q: Queryable, ids: number[]) {
  const out = new Map<number, { credit: number; avgRating: number | null; ratings: number; noShows: number; upheld: number }>();
  if (!ids.length) return out;
  const r = await rows<{ id: number; avg: number | null; n: number; ns: number; up: number }>(q, sql`
    select e.id, (select avg(r.score)::float8 from gig_ratings r join gig_applications a on a.id = r.application_id join gig_postings p on p.id = a.posting_id where p.employer_id = e.id and r.direction = 'of_employer') as avg,
      (select count(*)::int from gig_ratings r join gig_applications a on a.id = r.application_id join gig_postings p on p.id = a.posting_id where p.employer_id = e.id and r.direction = 'of_employer') as n,
      (select count(*)::int from gig_applications a join gig_postings p on p.id = a.posting_id where p.employer_id = e.id and a.cancel_kind = 'employer_no_show') as ns,
      (select count(*)::int from gig_complaints c where c.employer_id = e.id and c.outcome = 'upheld') as up
    from gig_employers e where e.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  for (const x of r) out.set(x.id, { avgRating: x.avg, ratings: x.n, noShows: x.ns, upheld: x.up, credit: credit(x.avg, x.n, x.ns, x.up) });
  return out;
}

export async function workerDetail(db: Db, p: Principal, id: number, actor: Actor) {
  const w = await workerInScope(db, p, id);
  const skills = await rows<{ code: string; name: string; level: number }>(db, sql`select s.code, s.name, ws.level from gig_worker_skills ws join gig_skills s on s.code = ws.skill_code where ws.worker_id = ${id} order by s.sort`);
  const registry = await findRegisteredPerson(db, w.idNumber);
  const apps = await rows<Record<string, unknown>>(db, sql`select a.id, a.status, a.start_date as "startDate", a.end_date as "endDate", p.title, p.id as "postingId", e.name as "employerName"
    from gig_applications a join gig_postings p on p.id = a.posting_id join gig_employers e on e.id = p.employer_id where a.worker_id = ${id} order by a.id desc limit 50`);
  const cr = (await workerCredits(db, [id])).get(id)!;
  const [v] = await db.select({ name: villages.name }).from(villages).where(eq(villages.code, w.regionCode));
  await audit(db, actor, { event: "gig.worker.view", objectType: "gig_worker", objectId: id, detail: {} });
  const { idNumber, phone, ...rest } = w;
  return {
    worker: { ...rest, villageName: v?.name ?? null, idNumberMasked: maskIdNumber(idNumber)!, phoneMasked: maskPhone(phone) },
    skills,
    // The labor registry's record of the same person (常住地, skills), read through S-LABOR's lookup; never copied (issue #16).
    registry: registry && inScope(p, registry.regionCode) ? { personId: registry.personId, regionCode: registry.regionCode, regionName: registry.regionName, skills: registry.skills.map((s) => s.name), skillLevel: registry.skillLevel, employmentStatus: registry.employmentStatus } : registry ? { personId: null, regionCode: registry.regionCode, regionName: registry.regionName, skills: registry.skills.map((s) => s.name), skillLevel: registry.skillLevel, employmentStatus: registry.employmentStatus } : null,
    applications: apps,
    credit: cr,
  };
}

export async function revealWorker(db: Db, p: Principal, id: number, reason: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const w = await workerInScope(tx, p, id);
    await audit(tx, actor, { event: "gig.worker.reveal", objectType: "gig_worker", objectId: id, detail: { reason, fields: ["idNumber", "phone"] } });
    return { id, idNumber: w.idNumber, phone: w.phone };
  });
}

// ------------------------------------------------------------------ employers

export interface EmployerInput {
  kind: "enterprise" | "individual";
  creditCode?: string | null;
  idNumber?: string | null;
  name: string;
  legalRep?: string | null;
  contactName: string;
  contactPhone: string;
  contactIdNumber?: string | null;
  industry?: string | null;
  regionCode: string;
}

/**
 * An employer. An enterprise's 统一社会信用代码 is tested with its GB 32100-2015 check character: a code that fails
 * the check is kept with status 'manual_review' (codes issued before 2016 may fail it), never refused and never
 * treated as verified; its postings cannot be published until staff have looked at the licence.
 */
export async function createEmployer(db: Db, p: Principal, input: EmployerInput, actor: Actor) {
  let verification: "verified" | "manual_review" = "verified";
  let verifyNote: string | null = null;
  let creditCode: string | null = null;
  let idNumber: string | null = null;
  if (input.kind === "enterprise") {
    if (!input.creditCode) throw badRequest("GIG_CREDIT_CODE_REQUIRED", "企业须填写统一社会信用代码");
    creditCode = input.creditCode.trim().toUpperCase();
    const c = checkCreditCode(creditCode);
    if (c === "format") throw badRequest("GIG_CREDIT_CODE_FORMAT", "统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V）");
    if (c === "check_char") {
      verification = "manual_review";
      verifyNote = "统一社会信用代码校验位不符（GB 32100-2015），须人工核验营业执照";
    }
  } else {
    if (!input.idNumber) throw badRequest("GIG_ID_NUMBER_REQUIRED", "个人用工须填写身份证号");
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) throw badRequest("GIG_ID_NUMBER_INVALID", ID_PROBLEM_TEXT[parsed.problem]);
    idNumber = parsed.info.idNumber;
  }
  if (input.regionCode.length !== 9 && input.regionCode.length !== 12) throw badRequest("GIG_REGION_LEVEL", "用工主体所在地应为乡镇或村（社区）");
  if (!inScope(p, input.regionCode)) throw new AppError(403, "GIG_OUT_OF_SCOPE", "该地区不在您的数据范围内");
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: gigEmployers.id }).from(gigEmployers).where(creditCode ? eq(gigEmployers.creditCode, creditCode) : eq(gigEmployers.idNumber, idNumber!));
    if (dup) throw conflict("GIG_EMPLOYER_EXISTS", creditCode ? "该统一社会信用代码已登记" : "该身份证号已登记为用工主体");
    const [e] = await tx.insert(gigEmployers).values({
      kind: input.kind, creditCode, idNumber, name: input.name, legalRep: input.legalRep ?? null, contactName: input.contactName, contactPhone: input.contactPhone,
      industry: input.industry ?? null, regionCode: input.regionCode, verification, verifyNote, createdBy: p.accountId,
    }).returning();
    const contactId = input.kind === "individual" ? idNumber : input.contactIdNumber ? parseIdNumber(input.contactIdNumber) : null;
    if (typeof contactId === "string") await tx.insert(gigEmployerContacts).values({ employerId: e!.id, idNumber: contactId, name: input.contactName, phone: input.contactPhone, verifiedBy: p.accountId });
    else if (contactId && contactId.ok) await tx.insert(gigEmployerContacts).values({ employerId: e!.id, idNumber: contactId.info.idNumber, name: input.contactName, phone: input.contactPhone, verifiedBy: p.accountId });
    await audit(tx, actor, { event: "gig.employer.create", objectType: "gig_employer", objectId: e!.id, detail: { kind: input.kind, name: input.name, creditCode, verification } });
    return { id: e!.id, verification, verifyNote };
  });
}

export async function employerInScope(q: Queryable, p: Principal, id: number) {
  const [e] = await q.select().from(gigEmployers).where(eq(gigEmployers.id, id));
  requireInScope(p, e?.regionCode, "用工主体");
  return e!;
}

/** The manual review of an employer whose credit code failed its check (staff looked at the licence). */
export async function verifyEmployer(db: Db, p: Principal, id: number, input: { decision: "verified" | "rejected"; note: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const e = await employerInScope(tx, p, id);
    if (e.verification !== "manual_review") throw conflict("GIG_EMPLOYER_NOT_IN_REVIEW", "该用工主体不在人工核验中");
    await tx.update(gigEmployers).set({ verification: input.decision, verifyNote: input.note }).where(eq(gigEmployers.id, id));
    await audit(tx, actor, { event: "gig.employer.verify", objectType: "gig_employer", objectId: id, detail: input });
    return { ok: true as const };
  });
}

async function activeBlacklist(q: Queryable, employerId: number, day: string) {
  const [b] = await q.select().from(gigBlacklist).where(and(eq(gigBlacklist.employerId, employerId), isNull(gigBlacklist.liftedAt), sql`${gigBlacklist.fromDate} <= ${day}::date and ${gigBlacklist.untilDate} >= ${day}::date`)).limit(1);
  return b ?? null;
}

export async function blacklistEmployer(db: Db, p: Principal, id: number, input: { reason: string; fromDate: string; untilDate: string }, actor: Actor) {
  if (input.fromDate > input.untilDate) throw badRequest("GIG_BLACKLIST_PERIOD", "黑名单期限的开始日期不能晚于结束日期");
  return db.transaction(async (tx) => {
    await employerInScope(tx, p, id);
    const [b] = await tx.insert(gigBlacklist).values({ employerId: id, ...input, decidedBy: p.accountId }).returning();
    await audit(tx, actor, { event: "gig.employer.blacklist", objectType: "gig_employer", objectId: id, detail: input });
    return { id: b!.id };
  });
}

export async function liftBlacklist(db: Db, p: Principal, blacklistId: number, reason: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(gigBlacklist).where(eq(gigBlacklist.id, blacklistId));
    if (!b) throw notFound("GIG_BLACKLIST_NOT_FOUND", "黑名单记录不存在");
    await employerInScope(tx, p, b.employerId);
    if (b.liftedAt) throw conflict("GIG_BLACKLIST_LIFTED", "该黑名单已解除");
    await tx.update(gigBlacklist).set({ liftedAt: new Date(), liftedBy: p.accountId }).where(eq(gigBlacklist.id, blacklistId));
    await audit(tx, actor, { event: "gig.employer.blacklist.lift", objectType: "gig_employer", objectId: b.employerId, detail: { blacklistId, reason } });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------ postings

export interface PostingInput {
  employerId: number;
  stationId?: number | null;
  title: string;
  skillCode: string;
  minLevel: number;
  villageCode: string;
  startDate: string;
  endDate: string;
  startMin: number;
  endMin: number;
  payUnit: PayUnit;
  payFen: number;
  payWithinDays: number;
  headcount: number;
  requirements?: string | null;
  contactName: string;
  contactPhone: string;
  urgent?: boolean;
  /** Submit for review at once (else a draft). */
  submit?: boolean;
}

/** The county's minimum wage tier (configuration rows, 鄂政办发〔2025〕44号). */
export async function countyMinimum(q: Queryable, countyCode: string) {
  const [t] = await q.select({ tier: gigMinWageTiers.tier, monthlyFen: gigMinWageTiers.monthlyFen, hourlyFen: gigMinWageTiers.hourlyFen })
    .from(gigCountyWageTiers).innerJoin(gigMinWageTiers, eq(gigMinWageTiers.tier, gigCountyWageTiers.tier)).where(eq(gigCountyWageTiers.countyCode, countyCode));
  if (!t) throw badRequest("GIG_WAGE_TIER_MISSING", `县（市）${countyCode} 未配置最低工资档次`);
  return t;
}

/** The rules every posting must meet, at creation and again at review. */
async function checkPostingRules(q: Queryable, input: Pick<PostingInput, "villageCode" | "payUnit" | "payFen" | "payWithinDays" | "startMin" | "endMin" | "startDate" | "endDate" | "employerId">, day: string) {
  if (input.startDate > input.endDate) throw badRequest("GIG_DATES", "结束日期不能早于开始日期");
  if (input.startMin >= input.endMin) throw badRequest("GIG_TIMES", "结束时间应晚于开始时间");
  if (input.payUnit === "hour" && input.payWithinDays > 15) throw badRequest("GIG_PAY_CYCLE_TOO_LONG", "按小时计酬的，工资支付周期不得超过15日");
  const min = await countyMinimum(q, input.villageCode.slice(0, 6));
  const hourly = effectiveHourlyFen(input.payUnit, input.payFen, input.startMin, input.endMin);
  if (hourly !== null && hourly < min.hourlyFen) {
    throw badRequest("GIG_PAY_BELOW_MINIMUM", `报酬折合每小时 ${yuan(Math.floor(hourly))} 元，低于本县（市）第${min.tier}档小时最低工资 ${yuan(min.hourlyFen)} 元（鄂政办发〔2025〕44号）`);
  }
  const b = await activeBlacklist(q, input.employerId, day);
  if (b) throw new AppError(403, "GIG_EMPLOYER_BLACKLISTED", `该用工主体在黑名单期限内（至 ${b.untilDate}，原因：${b.reason}），不能发布岗位`);
}

export async function createPosting(db: Db, p: Principal, input: PostingInput, actor: Actor) {
  const day = today();
  if (input.endDate < day) throw badRequest("GIG_DATE_PASSED", "用工日期已过");
  return db.transaction(async (tx) => {
    await villageInScope(tx, p, input.villageCode);
    const e = await employerInScope(tx, p, input.employerId);
    if (e.verification === "rejected") throw new AppError(403, "GIG_EMPLOYER_REJECTED", "该用工主体未通过实名核验，不能发布岗位");
    await requireSkills(tx, [input.skillCode]);
    if (input.stationId) await stationInScope(tx, p, input.stationId);
    await checkPostingRules(tx, input, day);
    const { submit, ...values } = input;
    const flags = [...flagWords(input.title, input.requirements), ...(input.payUnit === "piece" ? ["计件工资须核实不低于最低工资"] : [])];
    const [row] = await tx.insert(gigPostings).values({
      ...values, dayMask: requiredMask(input.startDate, input.endDate), urgent: input.urgent ?? false, requirements: input.requirements ?? null, flags, status: submit ? "pending_review" : "draft",
      submittedAt: submit ? new Date() : null, createdBy: p.accountId,
    }).returning();
    await audit(tx, actor, { event: "gig.posting.create", objectType: "gig_posting", objectId: row!.id, detail: { title: input.title, status: row!.status, flags } });
    return { id: row!.id, status: row!.status, flags };
  });
}

export async function postingInScope(q: Queryable, p: Principal, id: number, lock = false) {
  const base = q.select().from(gigPostings).where(eq(gigPostings.id, id));
  const [row] = lock ? await base.for("update") : await base;
  requireInScope(p, row?.villageCode, "岗位");
  return row!;
}

export async function submitPosting(db: Db, p: Principal, id: number, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await postingInScope(tx, p, id, true);
    if (row.status !== "draft" && row.status !== "rejected") throw conflict("GIG_POSTING_STATE", "只有草稿或被退回的岗位可以提交审核");
    await checkPostingRules(tx, row, today());
    await tx.update(gigPostings).set({ status: "pending_review", submittedAt: new Date() }).where(eq(gigPostings.id, id));
    await audit(tx, actor, { event: "gig.posting.submit", objectType: "gig_posting", objectId: id, detail: {} });
    return { ok: true as const };
  });
}

/**
 * Station review before publication: real-name employer, pay not below the county's minimum wage, no blacklist, and
 * flagged words looked at (an approval of a flagged posting must say why). The only way a posting is published.
 */
export async function reviewPosting(db: Db, p: Principal, id: number, input: { decision: "approve" | "reject"; note?: string | null }, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await postingInScope(tx, p, id, true);
    if (row.status !== "pending_review") throw conflict("GIG_POSTING_NOT_SUBMITTED", row.status === "draft" ? "岗位尚未提交审核，不能发布" : "该岗位不在待审核状态");
    if (input.decision === "reject") {
      if (!input.note?.trim()) throw badRequest("GIG_REVIEW_NOTE_REQUIRED", "退回岗位须写明原因");
      await tx.update(gigPostings).set({ status: "rejected", reviewNote: input.note, reviewedBy: p.accountId, reviewedAt: new Date() }).where(eq(gigPostings.id, id));
    } else {
      const [e] = await tx.select().from(gigEmployers).where(eq(gigEmployers.id, row.employerId));
      if (e!.verification !== "verified") throw conflict("GIG_EMPLOYER_NOT_VERIFIED", "用工主体尚未通过实名核验（统一社会信用代码待人工核验），岗位不能发布");
      await checkPostingRules(tx, row, today());
      if (row.endDate < today()) throw badRequest("GIG_DATE_PASSED", "用工日期已过");
      if (row.flags.length && !input.note?.trim()) throw badRequest("GIG_FLAGS_NOT_ADDRESSED", `岗位含需审核的内容（${row.flags.join("、")}），通过时须写明审核意见`);
      await tx.update(gigPostings).set({ status: "published", reviewNote: input.note ?? null, reviewedBy: p.accountId, reviewedAt: new Date(), publishedAt: new Date() }).where(eq(gigPostings.id, id));
    }
    await audit(tx, actor, { event: "gig.posting.review", objectType: "gig_posting", objectId: id, detail: input });
    return { ok: true as const };
  });
}

export async function closePosting(db: Db, p: Principal, id: number, reason: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await postingInScope(tx, p, id, true);
    if (row.status === "closed") throw conflict("GIG_POSTING_STATE", "岗位已关闭");
    await tx.update(gigPostings).set({ status: "closed", closedAt: new Date() }).where(eq(gigPostings.id, id));
    await audit(tx, actor, { event: "gig.posting.close", objectType: "gig_posting", objectId: id, detail: { reason } });
    return { ok: true as const };
  });
}

/** Daily job: postings whose last day has passed close (issue #16: "closes when filled or when its date passes"). */
export async function closeExpiredPostings(db: Db, now: Date) {
  const day = chinaDate(now);
  return db.transaction(async (tx) => {
    const closed = await tx.update(gigPostings).set({ status: "closed", closedAt: now }).where(and(inArray(gigPostings.status, ["published", "pending_review", "draft"]), sql`${gigPostings.endDate} < ${day}::date`)).returning({ id: gigPostings.id });
    if (closed.length) await audit(tx, { accountId: null, name: "系统", ip: null }, { event: "gig.posting.expire", objectType: "gig_posting", detail: { ids: closed.map((c) => c.id) } });
    return closed.length;
  });
}

// ------------------------------------------------------------------ applications and hiring

async function hiredSlots(q: Queryable, workerId: number, exceptId?: number) {
  return q.select({ id: gigApplications.id, startDate: gigApplications.startDate, endDate: gigApplications.endDate, startMin: gigApplications.startMin, endMin: gigApplications.endMin })
    .from(gigApplications).where(and(eq(gigApplications.workerId, workerId), eq(gigApplications.status, "hired"), exceptId ? sql`${gigApplications.id} <> ${exceptId}` : undefined));
}

/** A worker put forward for a posting (by staff, from a recommendation): 待确认. */
export async function applyToPosting(db: Db, p: Principal, postingId: number, input: { workerId: number; source: "staff" | "recommendation" }, actor: Actor) {
  return db.transaction(async (tx) => {
    const post = await postingInScope(tx, p, postingId, true);
    if (post.status !== "published") throw conflict("GIG_POSTING_NOT_PUBLISHED", "岗位未经审核发布或已满员、关闭，不能报名");
    const w = await workerInScope(tx, p, input.workerId);
    if (w.status !== "active") throw conflict("GIG_WORKER_INACTIVE", "该零工未处于可用状态");
    const [dup] = await tx.select({ id: gigApplications.id }).from(gigApplications).where(and(eq(gigApplications.postingId, postingId), eq(gigApplications.workerId, w.id)));
    if (dup) throw conflict("GIG_ALREADY_APPLIED", "该零工已报名此岗位");
    const [a] = await tx.insert(gigApplications).values({ postingId, workerId: w.id, status: "pending", startDate: post.startDate, endDate: post.endDate, startMin: post.startMin, endMin: post.endMin, source: input.source, createdBy: p.accountId }).returning();
    await audit(tx, actor, { event: "gig.application.create", objectType: "gig_application", objectId: a!.id, detail: { postingId, workerId: w.id, source: input.source } });
    return { id: a!.id };
  });
}

export async function applicationInScope(q: Queryable, p: Principal, id: number) {
  const [a] = await q.select({ a: gigApplications, villageCode: gigPostings.villageCode }).from(gigApplications).innerJoin(gigPostings, eq(gigPostings.id, gigApplications.postingId)).where(eq(gigApplications.id, id));
  requireInScope(p, a?.villageCode, "报名记录");
  return a!.a;
}

/**
 * 录用: 待确认 → 已录用. The posting row and the worker row are locked, so two hires racing for the last place, or for
 * the same worker at overlapping times, are decided one after the other: headcount is never exceeded and a worker is
 * never booked twice.
 */
export async function hire(db: Db, p: Principal, applicationId: number, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "pending") throw conflict("GIG_APPLICATION_STATE", "只有待确认的报名可以录用");
    const post = await postingInScope(tx, p, a.postingId, true);
    if (post.status === "filled" || post.hiredCount >= post.headcount) throw conflict("GIG_HEADCOUNT_EXCEEDED", `该岗位招用 ${post.headcount} 人，已录满`);
    if (post.status !== "published") throw conflict("GIG_POSTING_NOT_PUBLISHED", "岗位未发布或已关闭，不能录用");
    await tx.select({ id: gigWorkers.id }).from(gigWorkers).where(eq(gigWorkers.id, a.workerId)).for("update");
    const clash = (await hiredSlots(tx, a.workerId)).find((s) => overlaps(s, a));
    if (clash) throw conflict("GIG_BOOKING_OVERLAP", `该零工在 ${clash.startDate}${clash.endDate !== clash.startDate ? `至${clash.endDate}` : ""} 已有时间重叠的录用，不能重复安排`);
    const hired = post.hiredCount + 1;
    await tx.update(gigPostings).set({ hiredCount: hired, ...(hired >= post.headcount ? { status: "filled" as const, filledAt: new Date() } : {}) }).where(eq(gigPostings.id, post.id));
    await tx.update(gigApplications).set({ status: "hired", hiredAt: new Date(), hiredBy: p.accountId }).where(eq(gigApplications.id, a.id));
    await audit(tx, actor, { event: "gig.application.hire", objectType: "gig_application", objectId: a.id, detail: { postingId: post.id, workerId: a.workerId } });
    return { ok: true as const, filled: hired >= post.headcount };
  });
}

export async function cancelApplication(db: Db, p: Principal, applicationId: number, input: { kind: (typeof import("./schema.js").CANCEL_KINDS)[number]; reason: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "pending" && a.status !== "hired") throw conflict("GIG_APPLICATION_STATE", "只有待确认或已录用的报名可以取消");
    if (a.status === "hired") {
      const post = await postingInScope(tx, p, a.postingId, true);
      await tx.update(gigPostings).set({ hiredCount: post.hiredCount - 1, ...(post.status === "filled" ? { status: "published" as const, filledAt: null } : {}) }).where(eq(gigPostings.id, post.id));
    }
    await tx.update(gigApplications).set({ status: "cancelled", cancelledAt: new Date(), cancelledBy: p.accountId, cancelKind: input.kind, cancelReason: input.reason }).where(eq(gigApplications.id, a.id));
    await audit(tx, actor, { event: "gig.application.cancel", objectType: "gig_application", objectId: a.id, detail: { ...input, by: p.name, was: a.status } });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------ attendance

export async function checkIn(db: Db, p: Principal, applicationId: number, input: { day: string; at: string; confirmedBy: "employer" | "staff" }, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "hired") throw conflict("GIG_NOT_HIRED", "该零工未被录用，不能签到");
    if (input.day < a.startDate || input.day > a.endDate) throw badRequest("GIG_DAY_NOT_BOOKED", `${input.day} 不在录用的用工日期内（${a.startDate}${a.endDate !== a.startDate ? `至${a.endDate}` : ""}）`);
    const [exists] = await tx.select({ id: gigAttendance.id }).from(gigAttendance).where(and(eq(gigAttendance.applicationId, a.id), eq(gigAttendance.day, input.day)));
    if (exists) throw conflict("GIG_ALREADY_CHECKED_IN", "当天已签到");
    const [row] = await tx.insert(gigAttendance).values({ applicationId: a.id, day: input.day, checkIn: new Date(input.at), confirmedBy: input.confirmedBy, recordedBy: p.accountId }).returning();
    await audit(tx, actor, { event: "gig.attendance.check_in", objectType: "gig_application", objectId: a.id, detail: input });
    return { id: row!.id };
  });
}

export async function checkOut(db: Db, p: Principal, applicationId: number, input: { day: string; at: string; pieces?: number | null; confirmedBy: "employer" | "staff" }, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "hired") throw conflict("GIG_NOT_HIRED", "该零工未被录用，不能签退");
    if (input.day < a.startDate || input.day > a.endDate) throw badRequest("GIG_DAY_NOT_BOOKED", `${input.day} 不在录用的用工日期内`);
    const [att] = await tx.select().from(gigAttendance).where(and(eq(gigAttendance.applicationId, a.id), eq(gigAttendance.day, input.day)));
    if (!att) throw badRequest("GIG_NOT_CHECKED_IN", "当天尚未签到，不能签退");
    if (att.checkOut) throw conflict("GIG_ALREADY_CHECKED_OUT", "当天已签退");
    const at = new Date(input.at);
    if (!(at.getTime() > att.checkIn.getTime())) throw badRequest("GIG_CHECKOUT_BEFORE_CHECKIN", "签退时间不能早于签到时间");
    await tx.update(gigAttendance).set({ checkOut: at, pieces: input.pieces ?? null }).where(eq(gigAttendance.id, att.id));
    await audit(tx, actor, { event: "gig.attendance.check_out", objectType: "gig_application", objectId: a.id, detail: input });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------ completion, settlement, payments

/**
 * 完工结算: 已录用 → 已完成, with the amount owed: days, half-days, hours or pieces from attendance × the agreed pay.
 * The employer pays the worker directly; the platform records payments, it never holds the money.
 */
export async function completeApplication(db: Db, p: Principal, applicationId: number, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "hired") throw conflict("GIG_APPLICATION_STATE", "只有已录用的报名可以完工结算");
    const [post] = await tx.select().from(gigPostings).where(eq(gigPostings.id, a.postingId));
    const att = await tx.select().from(gigAttendance).where(eq(gigAttendance.applicationId, a.id));
    const done = att.filter((x) => x.checkOut);
    if (!done.length) throw badRequest("GIG_NO_ATTENDANCE", "没有完整的签到签退记录，不能结算");
    if (done.length < att.length) throw badRequest("GIG_ATTENDANCE_OPEN", "有签到未签退的记录，请先签退");
    let quantityCenti: number;
    if (post!.payUnit === "day" || post!.payUnit === "half_day") quantityCenti = done.length * 100;
    else if (post!.payUnit === "hour") quantityCenti = done.reduce((s, x) => s + Math.round(((x.checkOut!.getTime() - x.checkIn.getTime()) / 3_600_000) * 2) * 50, 0);
    else quantityCenti = done.reduce((s, x) => s + (x.pieces ?? 0) * 100, 0);
    const amountFen = Math.round((quantityCenti * post!.payFen) / 100);
    const last = done.map((x) => x.day).sort().at(-1)!;
    const [st] = await tx.insert(gigSettlements).values({ applicationId: a.id, payUnit: post!.payUnit, quantityCenti, rateFen: post!.payFen, amountFen, dueDate: addDays(last, post!.payWithinDays), createdBy: p.accountId }).returning();
    await tx.update(gigApplications).set({ status: "completed", completedAt: new Date() }).where(eq(gigApplications.id, a.id));
    await audit(tx, actor, { event: "gig.settlement.create", objectType: "gig_settlement", objectId: st!.id, detail: { applicationId: a.id, quantity: quantityCenti / 100, unit: PAY_UNIT_TEXT[post!.payUnit], amountFen } });
    return { settlementId: st!.id, amountFen, quantity: quantityCenti / 100, dueDate: st!.dueDate };
  });
}

export async function settlementInScope(q: Queryable, p: Principal, id: number) {
  const [s] = await q.select({ s: gigSettlements, villageCode: gigPostings.villageCode }).from(gigSettlements)
    .innerJoin(gigApplications, eq(gigApplications.id, gigSettlements.applicationId)).innerJoin(gigPostings, eq(gigPostings.id, gigApplications.postingId)).where(eq(gigSettlements.id, id));
  requireInScope(p, s?.villageCode, "结算记录");
  return s!.s;
}

export async function recordPayment(db: Db, p: Principal, settlementId: number, input: { paidOn: string; amountFen: number; channel: (typeof import("./schema.js").PAYMENT_CHANNELS)[number]; reference?: string | null }, actor: Actor) {
  return db.transaction(async (tx) => {
    const s = await settlementInScope(tx, p, settlementId);
    await tx.select({ id: gigSettlements.id }).from(gigSettlements).where(eq(gigSettlements.id, s.id)).for("update");
    const [{ paid }] = await rows<{ paid: number }>(tx, sql`select coalesce(sum(amount_fen), 0)::int as paid from gig_payments where settlement_id = ${s.id}`) as [{ paid: number }];
    if (paid + input.amountFen > s.amountFen) throw badRequest("GIG_OVERPAID", `支付金额超过应付余额 ${yuan(s.amountFen - paid)} 元`);
    await tx.insert(gigPayments).values({ settlementId: s.id, ...input, reference: input.reference ?? null, recordedBy: p.accountId });
    const full = paid + input.amountFen === s.amountFen;
    if (full) await tx.update(gigSettlements).set({ status: "paid" }).where(eq(gigSettlements.id, s.id));
    await audit(tx, actor, { event: "gig.payment.record", objectType: "gig_settlement", objectId: s.id, detail: input });
    return { ok: true as const, paid: full };
  });
}

// ------------------------------------------------------------------ ratings

export async function rate(db: Db, p: Principal, applicationId: number, input: { direction: "of_worker" | "of_employer"; score: number; comment?: string | null }, actor: Actor) {
  return db.transaction(async (tx) => {
    const a = await applicationInScope(tx, p, applicationId);
    if (a.status !== "completed") throw conflict("GIG_NOT_COMPLETED", "完工后才能评价");
    const [dup] = await tx.select({ id: gigRatings.id }).from(gigRatings).where(and(eq(gigRatings.applicationId, a.id), eq(gigRatings.direction, input.direction)));
    if (dup) throw conflict("GIG_ALREADY_RATED", "已评价过");
    await tx.insert(gigRatings).values({ applicationId: a.id, ...input, comment: input.comment ?? null, by: p.accountId });
    await audit(tx, actor, { event: "gig.rating.create", objectType: "gig_application", objectId: a.id, detail: input });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------ complaints (劳动维权)

const NEXT_STEP: Record<string, string[]> = { accepted: ["investigating"], investigating: ["mediation", "transferred"], mediation: ["closed", "transferred"], transferred: ["closed"], closed: [] };
const STEP_TEXT: Record<string, string> = { accepted: "受理", investigating: "调查", mediation: "调解", transferred: "移交劳动监察", closed: "结果" };

export async function fileComplaint(db: Db, p: Principal, input: { workerId: number; employerId: number; applicationId?: number | null; amountFen?: number | null; description: string }, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const w = await workerInScope(tx, p, input.workerId);
    const [e] = await tx.select().from(gigEmployers).where(eq(gigEmployers.id, input.employerId));
    if (!e) throw notFound("GIG_EMPLOYER_NOT_FOUND", "用工主体不存在");
    let region = w.regionCode;
    if (input.applicationId) {
      const a = await applicationInScope(tx, p, input.applicationId);
      if (a.workerId !== w.id) throw badRequest("GIG_COMPLAINT_MISMATCH", "该报名记录不属于此零工");
      const [post] = await tx.select().from(gigPostings).where(eq(gigPostings.id, a.postingId));
      if (post!.employerId !== e.id) throw badRequest("GIG_COMPLAINT_MISMATCH", "该报名记录不属于此用工主体");
      region = post!.villageCode;
    }
    const [c] = await tx.insert(gigComplaints).values({ workerId: w.id, employerId: e.id, applicationId: input.applicationId ?? null, regionCode: region, amountFen: input.amountFen ?? null, description: input.description, dueDate: "1970-01-01", acceptedAt: now, acceptedBy: p.accountId }).returning();
    const due = await openDeadline(tx, { objectType: COMPLAINT_DEADLINE.objectType, objectId: c!.id, kind: COMPLAINT_DEADLINE.kind, start: now, workdays: COMPLAINT_WORKDAYS, orgCode: p.orgCode });
    await tx.update(gigComplaints).set({ dueDate: due.dueDate }).where(eq(gigComplaints.id, c!.id));
    await tx.insert(gigComplaintSteps).values({ complaintId: c!.id, step: "accepted", note: "受理", actorId: p.accountId, actorName: p.name, at: now });
    await audit(tx, actor, { event: "gig.complaint.accept", objectType: "gig_complaint", objectId: c!.id, detail: { workerId: w.id, employerId: e.id, amountFen: input.amountFen ?? null, dueDate: due.dueDate } });
    return { id: c!.id, dueDate: due.dueDate };
  });
}

export async function complaintInScope(q: Queryable, p: Principal, id: number) {
  const [c] = await q.select().from(gigComplaints).where(eq(gigComplaints.id, id));
  requireInScope(p, c?.regionCode, "投诉");
  return c!;
}

export async function advanceComplaint(db: Db, p: Principal, id: number, input: { step: "investigating" | "mediation" | "transferred" | "closed"; note: string; outcome?: "upheld" | "settled" | "rejected" | null }, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const c = await complaintInScope(tx, p, id);
    if (!NEXT_STEP[c.status]!.includes(input.step)) throw conflict("GIG_COMPLAINT_STEP", `投诉处于“${STEP_TEXT[c.status]}”，不能进入“${STEP_TEXT[input.step]}”`);
    if (input.step === "closed" && !input.outcome) throw badRequest("GIG_COMPLAINT_OUTCOME_REQUIRED", "办结须写明结果（成立、调解解决或不成立）");
    await tx.update(gigComplaints).set({ status: input.step, ...(input.step === "closed" ? { outcome: input.outcome!, result: input.note, closedAt: now } : {}) }).where(eq(gigComplaints.id, id));
    await tx.insert(gigComplaintSteps).values({ complaintId: id, step: input.step, note: input.note, actorId: p.accountId, actorName: p.name, at: now });
    if (input.step === "closed") await closeDeadline(tx, COMPLAINT_DEADLINE.objectType, id, COMPLAINT_DEADLINE.kind, now);
    await audit(tx, actor, { event: "gig.complaint.step", objectType: "gig_complaint", objectId: id, detail: input });
    return { ok: true as const };
  });
}

export async function complaintDetail(db: Db, p: Principal, id: number) {
  const c = await complaintInScope(db, p, id);
  const steps = await db.select().from(gigComplaintSteps).where(eq(gigComplaintSteps.complaintId, id)).orderBy(gigComplaintSteps.id);
  const [w] = await db.select({ name: gigWorkers.name }).from(gigWorkers).where(eq(gigWorkers.id, c.workerId));
  const [e] = await db.select({ name: gigEmployers.name }).from(gigEmployers).where(eq(gigEmployers.id, c.employerId));
  return { ...c, workerName: w?.name ?? "", employerName: e?.name ?? "", steps };
}

export { scopeFilter };
