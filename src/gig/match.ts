/**
 * S-GIG matching, both ways (issue #16): hard constraints as SQL filters — skill at the level asked, available on every
 * weekday of the dates, the work place inside the worker's area, no overlapping booking, inside the caller's scope —
 * then a scoring step over the candidates: distance (same village > same township > adjacent township > same county),
 * skill level above the minimum, wage fit, 困难零工 priority and credit from past ratings and no-shows. Each result
 * carries its reasons (为什么推荐). A candidate that breaks a hard constraint is never in the SQL's answer, so it can
 * never be recommended, whatever its score.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { Scoped } from "../core/access/scope.js";
import { scopeSql } from "../core/access/scope.js";
import { credit, dailyEquivalentFen, yuan } from "./rules.js";
import { SKILL_LEVELS, type PayUnit } from "./schema.js";
import { employerCredits, workerCredits } from "./service.js";

const HARDSHIP_TEXT: Record<string, string> = { long_idle: "长期待工", low_income: "低收入家庭", disabled: "残疾", older: "大龄" };

export interface Reason {
  text: string;
  points: number;
}
export interface Recommendation {
  score: number;
  reasons: Reason[];
}

export type Distance = "village" | "township" | "adjacent" | "county";
const DISTANCE: Record<Distance, { points: number; text: string }> = {
  village: { points: 40, text: "同村（社区）" },
  township: { points: 30, text: "同乡镇（街道）" },
  adjacent: { points: 20, text: "相邻乡镇" },
  county: { points: 10, text: "同县（市）" },
};

/**
 * Distance class of two villages. Adjacency is approximated by township code order within the county (neighbouring
 * codes are usually neighbouring places in the division list; docs/decisions.md D15): there is no adjacency data in
 * data/.
 */
export function distanceOf(workerVillage: string, workVillage: string): Distance {
  if (workerVillage === workVillage) return "village";
  const a = workerVillage.slice(0, 9), b = workVillage.slice(0, 9);
  if (a === b) return "township";
  if (a.slice(0, 6) === b.slice(0, 6) && Math.abs(Number(a.slice(6)) - Number(b.slice(6))) === 1) return "adjacent";
  return "county";
}

interface ScoreInput {
  workerVillage: string;
  workVillage: string;
  level: number;
  minLevel: number;
  skillName: string;
  dailyFen: number;
  wageMinFen: number | null;
  hardship: string[];
  workerCredit: number;
  workerRatings: number;
  employerCredit?: number;
}

export function score(x: ScoreInput): Recommendation {
  const reasons: Reason[] = [];
  const d = DISTANCE[distanceOf(x.workerVillage, x.workVillage)];
  reasons.push({ text: `距离：${d.text}`, points: d.points });
  const lv = (x.level - x.minLevel) * 5;
  reasons.push({ text: `技能：${x.skillName}·${SKILL_LEVELS[x.level as 1 | 2 | 3]}（要求${SKILL_LEVELS[x.minLevel as 1 | 2 | 3]}及以上）`, points: 10 + lv });
  if (x.wageMinFen == null) reasons.push({ text: "薪资：未填期望日薪", points: 10 });
  else if (x.dailyFen >= x.wageMinFen) reasons.push({ text: `薪资：折合日薪 ${yuan(x.dailyFen)} 元，达到期望 ${yuan(x.wageMinFen)} 元`, points: 20 });
  else reasons.push({ text: `薪资：折合日薪 ${yuan(x.dailyFen)} 元，低于期望 ${yuan(x.wageMinFen)} 元`, points: Math.round(20 * Math.max(0, 1 - (x.wageMinFen - x.dailyFen) / x.wageMinFen) - 10) });
  if (x.hardship.length) reasons.push({ text: `困难零工优先（${x.hardship.map((h) => HARDSHIP_TEXT[h] ?? h).join("、")}）`, points: 15 });
  reasons.push({ text: `零工信用 ${x.workerCredit} 分${x.workerRatings ? `（${x.workerRatings} 次评价）` : "（暂无评价）"}`, points: Math.round((x.workerCredit - 80) / 2) });
  if (x.employerCredit !== undefined) reasons.push({ text: `用工主体信用 ${x.employerCredit} 分`, points: Math.round((x.employerCredit - 80) / 2) });
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

export interface PostingForMatch {
  id: number;
  skillCode: string;
  minLevel: number;
  villageCode: string;
  startDate: string;
  endDate: string;
  startMin: number;
  endMin: number;
  dayMask: number;
  payUnit: PayUnit;
  payFen: number;
}

/** The hard-constraint filter of workers for one posting (also the benchmark's floor). */
export function workerCandidatesSql(scope: Scoped, p: PostingForMatch, withCredit: boolean): SQL {
  const township = p.villageCode.slice(0, 9);
  return sql`
    select w.id, w.name, w.region_code as "regionCode", w.hardship, w.wage_min_fen as "wageMinFen", ws.level
      ${withCredit ? sql`, coalesce(r.avg, 0)::float8 as "avgRating", coalesce(r.n, 0)::int as ratings,
        (select count(*)::int from gig_applications x where x.worker_id = w.id and x.cancel_kind = 'worker_no_show') as "noShows"` : sql``}
    from gig_worker_skills ws
    join gig_workers w on w.id = ws.worker_id
    ${withCredit ? sql`left join lateral (select avg(g.score)::float8 as avg, count(*)::int as n from gig_applications ra join gig_ratings g on g.application_id = ra.id and g.direction = 'of_worker' where ra.worker_id = w.id) r on true` : sql``}
    where ws.skill_code = ${p.skillCode} and ws.level >= ${p.minLevel}
      and w.status = 'active'
      and (w.available_days & ${p.dayMask}) = ${p.dayMask}
      and ${township} = any(w.area_townships)
      and ${scopeSql(scope, sql.raw("w.region_code"))}
      and not exists (select 1 from gig_applications a where a.worker_id = w.id and a.status = 'hired'
        and a.start_date <= ${p.endDate}::date and a.end_date >= ${p.startDate}::date and a.start_min < ${p.endMin} and a.end_min > ${p.startMin})
      and not exists (select 1 from gig_applications a where a.worker_id = w.id and a.posting_id = ${p.id})`;
}

export interface WorkerRecommendation extends Recommendation {
  workerId: number;
  name: string;
  regionCode: string;
  level: number;
  hardship: string[];
  credit: number;
}

/** Workers for a posting, best first (top `limit`). */
export async function recommendWorkers(q: Queryable, scope: Scoped, p: PostingForMatch & { skillName: string }, limit = 10): Promise<WorkerRecommendation[]> {
  const cand = await rows<{ id: number; name: string; regionCode: string; hardship: string[]; wageMinFen: number | null; level: number; avgRating: number; ratings: number; noShows: number }>(q, workerCandidatesSql(scope, p, true));
  const daily = dailyEquivalentFen(p.payUnit, p.payFen, p.startMin, p.endMin);
  return cand
    .map((c) => {
      const cr = credit(c.ratings ? c.avgRating : null, c.ratings, c.noShows);
      const s = score({ workerVillage: c.regionCode, workVillage: p.villageCode, level: c.level, minLevel: p.minLevel, skillName: p.skillName, dailyFen: daily, wageMinFen: c.wageMinFen, hardship: c.hardship, workerCredit: cr, workerRatings: c.ratings });
      return { workerId: c.id, name: c.name, regionCode: c.regionCode, level: c.level, hardship: c.hardship, credit: cr, ...s };
    })
    .sort((a, b) => b.score - a.score || a.workerId - b.workerId)
    .slice(0, limit);
}

export interface PostingRecommendation extends Recommendation {
  postingId: number;
  title: string;
  villageCode: string;
  startDate: string;
  endDate: string;
  payUnit: PayUnit;
  payFen: number;
  employerName: string;
  urgent: boolean;
}

/** Published postings with places left for a worker, best first. */
export async function recommendPostings(q: Queryable, scope: Scoped, workerId: number, day: string, limit = 10): Promise<PostingRecommendation[]> {
  const cand = await rows<{
    id: number; title: string; villageCode: string; startDate: string; endDate: string; startMin: number; endMin: number; payUnit: PayUnit; payFen: number; minLevel: number;
    urgent: boolean; employerName: string; employerId: number; skillName: string; level: number; wVillage: string; hardship: string[]; wageMinFen: number | null;
  }>(q, sql`
    select p.id, p.title, p.village_code as "villageCode", p.start_date::text as "startDate", p.end_date::text as "endDate", p.start_min as "startMin", p.end_min as "endMin",
      p.pay_unit as "payUnit", p.pay_fen as "payFen", p.min_level as "minLevel", p.urgent, e.name as "employerName", e.id as "employerId", s.name as "skillName", ws.level,
      w.region_code as "wVillage", w.hardship, w.wage_min_fen as "wageMinFen"
    from gig_workers w
    join gig_worker_skills ws on ws.worker_id = w.id
    join gig_postings p on p.skill_code = ws.skill_code and p.min_level <= ws.level
    join gig_skills s on s.code = p.skill_code
    join gig_employers e on e.id = p.employer_id
    where w.id = ${workerId} and w.status = 'active'
      and p.status = 'published' and p.hired_count < p.headcount and p.end_date >= ${day}::date
      and (w.available_days & p.day_mask) = p.day_mask
      and substr(p.village_code, 1, 9) = any(w.area_townships)
      and ${scopeSql(scope, sql.raw("p.village_code"))}
      and not exists (select 1 from gig_applications a where a.worker_id = w.id and a.status = 'hired'
        and a.start_date <= p.end_date and a.end_date >= p.start_date and a.start_min < p.end_min and a.end_min > p.start_min)
      and not exists (select 1 from gig_applications a where a.worker_id = w.id and a.posting_id = p.id)
    limit 500`);
  if (!cand.length) return [];
  const wc = (await workerCredits(q, [workerId])).get(workerId)!;
  const ec = await employerCredits(q, [...new Set(cand.map((c) => c.employerId))]);
  return cand
    .map((c) => {
      const s = score({
        workerVillage: c.wVillage, workVillage: c.villageCode, level: c.level, minLevel: c.minLevel, skillName: c.skillName, dailyFen: dailyEquivalentFen(c.payUnit, c.payFen, c.startMin, c.endMin),
        wageMinFen: c.wageMinFen, hardship: [], workerCredit: wc.credit, workerRatings: wc.ratings, employerCredit: ec.get(c.employerId)?.credit ?? 80,
      });
      if (c.urgent) s.reasons.push({ text: "即时快招", points: 5 }), (s.score += 5);
      return { postingId: c.id, title: c.title, villageCode: c.villageCode, startDate: c.startDate, endDate: c.endDate, payUnit: c.payUnit, payFen: c.payFen, employerName: c.employerName, urgent: c.urgent, ...s };
    })
    .sort((a, b) => b.score - a.score || a.postingId - b.postingId)
    .slice(0, limit);
}
