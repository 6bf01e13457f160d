/**
 * S-GIG reads: lists, details and statistics, every one filtered by the caller's scope through the kernel's helper
 * (P9) — a township station sees its own records, the county its stations, a foreign county nothing; statistics and
 * exports are computed from the same scoped filters. 身份证号 and phone leave masked (X2).
 */
import { sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { regionScope, scopeSql, type Scoped } from "../core/access/scope.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { audit, type Actor } from "../core/audit.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { employerCredits, postingInScope, workerCredits } from "./service.js";
import { recommendWorkers } from "./match.js";
import { dailyEquivalentFen } from "./rules.js";
import type { PayUnit } from "./schema.js";

const col = (c: string) => sql.raw(c);
const paged = (page: number, pageSize: number) => sql`limit ${pageSize} offset ${(page - 1) * pageSize}`;

async function count(q: Queryable, from: SQL): Promise<number> {
  const [r] = await rows<{ n: number }>(q, sql`select count(*)::int as n ${from}`);
  return r?.n ?? 0;
}

// ------------------------------------------------------------------ stations (名录)

export async function listStations(q: Queryable, s: Scoped) {
  return rows<Record<string, unknown>>(q, sql`select st.id, st.name, st.kind, st.region_code as "regionCode", coalesce(v.name, o.name) as "regionName", st.address, st.hours, st.phone, st.staff,
      st.required_services as "requiredServices", st.optional_services as "optionalServices", st.complaint_channel as "complaintChannel", st.last_confirmed::text as "lastConfirmed", st.active,
      (st.last_confirmed < current_date - 92) as "confirmationDue"
    from gig_stations st left join villages v on v.code = st.region_code left join org_nodes o on o.code = st.region_code
    where ${scopeSql(s, col("st.region_code"))} order by st.region_code, st.kind, st.id`);
}

export async function listSkills(q: Queryable) {
  return rows<{ code: string; name: string; industry: string; builtin: boolean }>(q, sql`select code, name, industry, builtin from gig_skills order by sort, code`);
}

// ------------------------------------------------------------------ workers

export interface WorkerFilter {
  region?: string;
  q?: string;
  skill?: string;
  hardship?: boolean;
}

export async function listWorkers(q: Queryable, p: Principal, f: WorkerFilter, page: number, pageSize: number) {
  const s = regionScope(p, f.region);
  const conds: SQL[] = [scopeSql(s, col("w.region_code"))];
  if (f.q) conds.push(sql`(w.name like ${`%${f.q}%`} or w.id_number = ${f.q.toUpperCase()})`);
  if (f.skill) conds.push(sql`exists (select 1 from gig_worker_skills x where x.worker_id = w.id and x.skill_code = ${f.skill})`);
  if (f.hardship) conds.push(sql`cardinality(w.hardship) > 0`);
  const from = sql`from gig_workers w where ${sql.join(conds, sql` and `)}`;
  const list = await rows<{ id: number; idNumber: string; phone: string | null; [k: string]: unknown }>(q, sql`select w.id, w.name, w.sex, w.id_number as "idNumber", w.phone, w.region_code as "regionCode",
      (select name from villages v where v.code = w.region_code) as "villageName", w.hardship, w.status, w.registered_via as "registeredVia", w.wage_min_fen as "wageMinFen", w.wage_max_fen as "wageMaxFen",
      w.available_days as "availableDays", w.created_at as "createdAt",
      coalesce((select json_agg(json_build_object('code', s.code, 'name', s.name, 'level', ws.level) order by s.sort) from gig_worker_skills ws join gig_skills s on s.code = ws.skill_code where ws.worker_id = w.id), '[]'::json) as skills
    ${from} order by w.id desc ${paged(page, pageSize)}`);
  return {
    items: list.map(({ idNumber, phone, ...r }) => ({ ...r, skills: typeof r.skills === "string" ? JSON.parse(r.skills) : r.skills, idNumberMasked: maskIdNumber(idNumber)!, phoneMasked: maskPhone(phone) })),
    total: await count(q, from), page, pageSize,
  };
}

// ------------------------------------------------------------------ employers

export async function listEmployers(q: Queryable, p: Principal, f: { region?: string; q?: string; verification?: string }, page: number, pageSize: number) {
  const s = regionScope(p, f.region);
  const conds: SQL[] = [scopeSql(s, col("e.region_code"))];
  if (f.q) conds.push(sql`(e.name like ${`%${f.q}%`} or e.credit_code = ${f.q.toUpperCase()})`);
  if (f.verification) conds.push(sql`e.verification = ${f.verification}`);
  const from = sql`from gig_employers e where ${sql.join(conds, sql` and `)}`;
  const list = await rows<{ id: number; idNumber: string | null; contactPhone: string; [k: string]: unknown }>(q, sql`select e.id, e.kind, e.name, e.credit_code as "creditCode", e.id_number as "idNumber", e.legal_rep as "legalRep",
      e.contact_name as "contactName", e.contact_phone as "contactPhone", e.industry, e.region_code as "regionCode", e.verification, e.verify_note as "verifyNote", e.created_at as "createdAt",
      (select json_build_object('id', b.id, 'reason', b.reason, 'untilDate', b.until_date::text) from gig_blacklist b where b.employer_id = e.id and b.lifted_at is null and b.until_date >= current_date order by b.id desc limit 1) as blacklist
    ${from} order by e.id desc ${paged(page, pageSize)}`);
  const cr = await employerCredits(q, list.map((e) => e.id));
  return {
    items: list.map(({ idNumber, contactPhone, ...e }) => ({
      ...e, blacklist: typeof e.blacklist === "string" ? JSON.parse(e.blacklist) : e.blacklist ?? null, idNumberMasked: maskIdNumber(idNumber), contactPhoneMasked: maskPhone(contactPhone)!, credit: cr.get(e.id)?.credit ?? 80,
    })),
    total: await count(q, from), page, pageSize,
  };
}

// ------------------------------------------------------------------ postings

export interface PostingFilter {
  region?: string;
  status?: string;
  skill?: string;
  employerId?: number;
}

const POSTING_COLUMNS = sql`p.id, p.title, p.skill_code as "skillCode", s.name as "skillName", s.industry, p.min_level as "minLevel", p.village_code as "villageCode", v.name as "villageName",
  p.start_date::text as "startDate", p.end_date::text as "endDate", p.start_min as "startMin", p.end_min as "endMin", p.day_mask as "dayMask", p.pay_unit as "payUnit", p.pay_fen as "payFen",
  p.pay_within_days as "payWithinDays", p.headcount, p.hired_count as "hiredCount", p.requirements, p.contact_name as "contactName", p.contact_phone as "contactPhone", p.urgent, p.status, p.flags,
  p.review_note as "reviewNote", p.submitted_at as "submittedAt", p.published_at as "publishedAt", p.created_at as "createdAt", p.employer_id as "employerId", e.name as "employerName",
  e.verification as "employerVerification"`;
const POSTING_FROM = sql`from gig_postings p join gig_skills s on s.code = p.skill_code join gig_employers e on e.id = p.employer_id left join villages v on v.code = p.village_code`;

type PostingRow = { contactPhone: string; [k: string]: unknown };
const maskPosting = ({ contactPhone, ...r }: PostingRow) => ({ ...r, contactPhoneMasked: maskPhone(contactPhone)! });

/** Postings in scope; status 'pending_review' is the review queue: 即时快招 first, then the oldest submission. */
export async function listPostings(q: Queryable, p: Principal, f: PostingFilter, page: number, pageSize: number) {
  const s = regionScope(p, f.region);
  const conds: SQL[] = [scopeSql(s, col("p.village_code"))];
  if (f.status) conds.push(sql`p.status = ${f.status}`);
  if (f.skill) conds.push(sql`p.skill_code = ${f.skill}`);
  if (f.employerId) conds.push(sql`p.employer_id = ${f.employerId}`);
  const where = sql`where ${sql.join(conds, sql` and `)}`;
  const order = f.status === "pending_review" ? sql`order by p.urgent desc, p.submitted_at asc, p.id` : sql`order by p.id desc`;
  const list = await rows<PostingRow>(q, sql`select ${POSTING_COLUMNS} ${POSTING_FROM} ${where} ${order} ${paged(page, pageSize)}`);
  return { items: list.map(maskPosting), total: await count(q, sql`from gig_postings p ${where}`), page, pageSize };
}

export async function postingDetail(q: Queryable, p: Principal, id: number, withRecommendations: boolean) {
  await postingInScope(q, p, id);
  const [row] = await rows<PostingRow>(q, sql`select ${POSTING_COLUMNS} ${POSTING_FROM} where p.id = ${id}`);
  const apps = await rows<{ idNumber: string; phone: string | null; [k: string]: unknown }>(q, sql`select a.id, a.status, a.worker_id as "workerId", w.name as "workerName", w.id_number as "idNumber", w.phone,
      a.source, a.created_at as "createdAt", a.hired_at as "hiredAt", a.cancel_kind as "cancelKind", a.cancel_reason as "cancelReason",
      coalesce((select json_agg(json_build_object('id', t.id, 'day', t.day::text, 'checkIn', t.check_in, 'checkOut', t.check_out, 'pieces', t.pieces, 'confirmedBy', t.confirmed_by) order by t.day) from gig_attendance t where t.application_id = a.id), '[]'::json) as attendance,
      (select json_build_object('id', st.id, 'amountFen', st.amount_fen, 'quantity', st.quantity_centi / 100.0, 'status', st.status, 'dueDate', st.due_date::text,
        'paidFen', (select coalesce(sum(amount_fen), 0)::int from gig_payments pm where pm.settlement_id = st.id)) from gig_settlements st where st.application_id = a.id) as settlement,
      (select json_object_agg(r.direction, r.score) from gig_ratings r where r.application_id = a.id) as ratings
    from gig_applications a join gig_workers w on w.id = a.worker_id where a.posting_id = ${id} order by a.id`);
  const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v ?? null);
  const employerCredit = (await employerCredits(q, [row!.employerId as number])).get(row!.employerId as number)?.credit ?? 80;
  const recs = withRecommendations && (row!.status === "published")
    ? await recommendWorkers(q, p, { id, skillCode: row!.skillCode as string, skillName: row!.skillName as string, minLevel: row!.minLevel as number, villageCode: row!.villageCode as string, startDate: row!.startDate as string, endDate: row!.endDate as string, startMin: row!.startMin as number, endMin: row!.endMin as number, dayMask: row!.dayMask as number, payUnit: row!.payUnit as PayUnit, payFen: row!.payFen as number }, 10)
    : [];
  return {
    posting: { ...maskPosting(row!), employerCredit },
    applications: apps.map(({ idNumber, phone, ...a }) => ({ ...a, attendance: parse(a.attendance), settlement: parse(a.settlement), ratings: parse(a.ratings), idNumberMasked: maskIdNumber(idNumber)!, phoneMasked: maskPhone(phone) })),
    recommendations: recs,
  };
}

// ------------------------------------------------------------------ settlements and complaints

export async function listSettlements(q: Queryable, p: Principal, f: { region?: string; status?: string }, page: number, pageSize: number) {
  const s = regionScope(p, f.region);
  const conds: SQL[] = [scopeSql(s, col("p.village_code"))];
  if (f.status) conds.push(sql`st.status = ${f.status}`);
  const from = sql`from gig_settlements st join gig_applications a on a.id = st.application_id join gig_postings p on p.id = a.posting_id where ${sql.join(conds, sql` and `)}`;
  const list = await rows<Record<string, unknown>>(q, sql`select st.id, st.application_id as "applicationId", p.id as "postingId", p.title, (select name from gig_workers w where w.id = a.worker_id) as "workerName",
      (select name from gig_employers e where e.id = p.employer_id) as "employerName", st.pay_unit as "payUnit", st.quantity_centi / 100.0 as quantity, st.rate_fen as "rateFen", st.amount_fen as "amountFen",
      st.due_date::text as "dueDate", st.status, (select coalesce(sum(amount_fen), 0)::int from gig_payments pm where pm.settlement_id = st.id) as "paidFen",
      coalesce((select json_agg(json_build_object('paidOn', pm.paid_on::text, 'amountFen', pm.amount_fen, 'channel', pm.channel) order by pm.id) from gig_payments pm where pm.settlement_id = st.id), '[]'::json) as payments
    ${from} order by st.id desc ${paged(page, pageSize)}`);
  return { items: list.map((r) => ({ ...r, quantity: Number(r.quantity), payments: typeof r.payments === "string" ? JSON.parse(r.payments) : r.payments })), total: await count(q, from), page, pageSize };
}

export async function listComplaints(q: Queryable, p: Principal, f: { region?: string; open?: boolean }, page: number, pageSize: number) {
  const s = regionScope(p, f.region);
  const conds: SQL[] = [scopeSql(s, col("c.region_code"))];
  if (f.open) conds.push(sql`c.status <> 'closed'`);
  const from = sql`from gig_complaints c where ${sql.join(conds, sql` and `)}`;
  const list = await rows<Record<string, unknown>>(q, sql`select c.id, c.status, c.outcome, c.result, c.description, c.amount_fen as "amountFen", c.due_date::text as "dueDate", c.accepted_at as "acceptedAt", c.closed_at as "closedAt",
      (select name from gig_workers w where w.id = c.worker_id) as "workerName", (select name from gig_employers e where e.id = c.employer_id) as "employerName", c.worker_id as "workerId", c.employer_id as "employerId",
      (c.status <> 'closed' and c.due_date < ${chinaDate(new Date())}::date) as overdue
    ${from} order by (c.status = 'closed'), c.due_date, c.id ${paged(page, pageSize)}`);
  return { items: list, total: await count(q, from), page, pageSize };
}

// ------------------------------------------------------------------ statistics

export interface StatsQuery {
  region?: string;
  from: string;
  to: string;
}

/** The child level of a scope prefix: 州 → counties (6), county → townships (9), township → villages (12). */
function childLength(prefix: string) {
  return prefix.length <= 4 ? 6 : prefix.length <= 6 ? 9 : 12;
}

/**
 * Statistics of a region (default the caller's own) for a period, by its child divisions: registrations, postings
 * published, filled 人次, average daily wage, time-to-fill (hours from publication to filled), 困难零工 placed, the
 * funnel posted → hired → arrived → completed → paid → rated, and 求人倍率 by industry (openings of the period's
 * published postings / active workers with a skill of that industry).
 */
export async function statistics(q: Queryable, p: Principal, query: StatsQuery) {
  const s = regionScope(p, query.region);
  const len = childLength(s.scopePrefix);
  const from = query.from, to = query.to;
  // Days are China days (UTC+8): the period's bounds as instants, whatever the session's time zone.
  const inPeriod = (c: string) => sql`${col(c)} >= ${`${from}T00:00:00+08:00`}::timestamptz and ${col(c)} < ${`${addDays(to, 1)}T00:00:00+08:00`}::timestamptz`;
  const byGroup = await rows<{ code: string; registrations: number; workers: number; postings: number; placements: number; hardshipPlaced: number; avgDailyFen: number | null; avgFillHours: number | null }>(q, sql`
    with w as (select substr(region_code, 1, ${len}) as code, count(*) filter (where ${inPeriod("created_at")})::int as registrations, count(*) filter (where status = 'active')::int as workers
        from gig_workers where ${scopeSql(s, col("region_code"))} group by 1),
      po as (select substr(village_code, 1, ${len}) as code, count(*)::int as postings,
          avg(case pay_unit when 'day' then pay_fen when 'half_day' then pay_fen * 2 when 'hour' then pay_fen * least(8, greatest((end_min - start_min) / 60.0, 1)) else pay_fen * 8 end)::float8 as "avgDailyFen",
          avg(extract(epoch from (filled_at - published_at)) / 3600.0) filter (where filled_at is not null)::float8 as "avgFillHours"
        from gig_postings where published_at is not null and ${inPeriod("published_at")} and ${scopeSql(s, col("village_code"))} group by 1),
      pl as (select substr(p.village_code, 1, ${len}) as code, count(*)::int as placements, count(*) filter (where cardinality(wk.hardship) > 0)::int as "hardshipPlaced"
        from gig_applications a join gig_postings p on p.id = a.posting_id join gig_workers wk on wk.id = a.worker_id
        where a.hired_at is not null and a.status <> 'cancelled' and ${inPeriod("a.hired_at")} and ${scopeSql(s, col("p.village_code"))} group by 1)
    select coalesce(w.code, po.code, pl.code) as code, coalesce(w.registrations, 0) as registrations, coalesce(w.workers, 0) as workers, coalesce(po.postings, 0) as postings,
      coalesce(pl.placements, 0) as placements, coalesce(pl."hardshipPlaced", 0) as "hardshipPlaced", po."avgDailyFen", po."avgFillHours"
    from w full join po on po.code = w.code full join pl on pl.code = coalesce(w.code, po.code) order by 1`);
  const names = await rows<{ code: string; name: string }>(q, sql`select code, name from org_nodes where ${scopeSql(s, col("code"))} union all select code, name from villages where ${len === 12 ? scopeSql(s, col("code")) : sql`false`}`);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const [funnel] = await rows<{ posted: number; hired: number; arrived: number; completed: number; paid: number; rated: number }>(q, sql`
    select (select count(*)::int from gig_postings p where p.published_at is not null and ${inPeriod("p.published_at")} and ${scopeSql(s, col("p.village_code"))}) as posted,
      count(*) filter (where a.hired_at is not null)::int as hired,
      count(*) filter (where exists (select 1 from gig_attendance t where t.application_id = a.id))::int as arrived,
      count(*) filter (where a.status = 'completed')::int as completed,
      count(*) filter (where exists (select 1 from gig_settlements st where st.application_id = a.id and st.status = 'paid'))::int as paid,
      count(*) filter (where exists (select 1 from gig_ratings r where r.application_id = a.id))::int as rated
    from gig_applications a join gig_postings p on p.id = a.posting_id where p.published_at is not null and ${inPeriod("p.published_at")} and ${scopeSql(s, col("p.village_code"))}`);
  const ratio = await rows<{ industry: string; openings: number; seekers: number }>(q, sql`
    select i.industry, coalesce(o.openings, 0)::int as openings, coalesce(k.seekers, 0)::int as seekers
    from (select distinct industry from gig_skills) i
    left join (select s.industry, sum(p.headcount)::int as openings from gig_postings p join gig_skills s on s.code = p.skill_code
      where p.published_at is not null and ${inPeriod("p.published_at")} and ${scopeSql(s, col("p.village_code"))} group by 1) o on o.industry = i.industry
    left join (select s.industry, count(distinct w.id)::int as seekers from gig_workers w join gig_worker_skills ws on ws.worker_id = w.id join gig_skills s on s.code = ws.skill_code
      where w.status = 'active' and ${scopeSql(s, col("w.region_code"))} group by 1) k on k.industry = i.industry
    order by 1`);
  return {
    region: s.scopePrefix, from, to,
    groups: byGroup.map((g) => ({ ...g, name: nameOf.get(g.code) ?? g.code, avgDailyFen: g.avgDailyFen === null ? null : Math.round(g.avgDailyFen), avgFillHours: g.avgFillHours === null ? null : Math.round(g.avgFillHours * 10) / 10 })),
    funnel: funnel!,
    demandSupply: ratio.map((r) => ({ ...r, ratio: r.seekers ? Math.round((r.openings / r.seekers) * 100) / 100 : null })),
  };
}

export async function statisticsWorkbook(q: Queryable, p: Principal, query: StatsQuery, actor: Actor) {
  const st = await statistics(q, p, query);
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("分地区");
  a.addRow([`零工驿站统计 ${st.from} 至 ${st.to}`]);
  a.addRow(["地区代码", "地区", "新登记零工", "在册零工", "发布岗位", "录用人次", "困难零工录用", "平均日薪（元）", "平均招满用时（小时）"]);
  for (const g of st.groups) a.addRow([g.code, g.name, g.registrations, g.workers, g.postings, g.placements, g.hardshipPlaced, g.avgDailyFen === null ? null : g.avgDailyFen / 100, g.avgFillHours]);
  const f = wb.addWorksheet("服务漏斗");
  f.addRow(["发布", "录用", "到岗", "完工", "已支付", "已评价"]);
  f.addRow([st.funnel.posted, st.funnel.hired, st.funnel.arrived, st.funnel.completed, st.funnel.paid, st.funnel.rated]);
  const r = wb.addWorksheet("求人倍率");
  r.addRow(["行业", "岗位需求（人）", "求职零工（人）", "求人倍率"]);
  for (const x of st.demandSupply) r.addRow([x.industry, x.openings, x.seekers, x.ratio]);
  await audit(q, actor, { event: "gig.stats.export", objectType: "gig_stats", objectId: st.region, detail: { from: st.from, to: st.to } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { dailyEquivalentFen, workerCredits };
