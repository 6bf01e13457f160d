/**
 * S-GIG generated data for the matching benchmark and the matching-quality test (issue #16: 20 000 workers, 5 000
 * postings): workers over every village of Enshi with skills, levels, weekday availability, areas (own township and
 * often a neighbour), wage ranges and hardship flags; published postings over the next two weeks; and hired bookings
 * so that the no-overlap constraint has something to refuse. Written by bulk inserts (not the services: this is load
 * data, not a demo), deterministic from the seed.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import { divisionData } from "../core/org.js";
import { addDays } from "../core/calendar.js";
import { idNumberFor, mobile, personName, rng } from "../core/people.js";
import { gigApplications, gigEmployers, gigPostings, gigWorkerSkills, gigWorkers } from "./schema.js";
import { makeCreditCode, requiredMask } from "./rules.js";

export interface GeneratedGig {
  workers: number;
  postings: number;
  bookings: number;
  postingIds: number[];
}

const chunk = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

export async function generateGigData(db: Db, o: { workers: number; postings: number; seed?: number; startDay: string }): Promise<GeneratedGig> {
  const r = rng(o.seed ?? 16);
  const d = divisionData();
  const skills = (await rows<{ code: string }>(db, sql`select code from gig_skills order by sort`)).map((s) => s.code);
  const townshipsOf = new Map<string, string[]>();
  for (const t of d.townships) townshipsOf.set(t.countyCode, [...(townshipsOf.get(t.countyCode) ?? []), t.code]);
  const villages = d.villages;

  // Employers: one per 20 postings.
  const nEmployers = Math.max(1, Math.ceil(o.postings / 20));
  const employerRows = Array.from({ length: nEmployers }, (_, i) => ({
    kind: "enterprise" as const, creditCode: makeCreditCode(`91422800MA${String(i).padStart(7, "0")}`), name: `生成用工主体${i}`, contactName: personName(r, "male"), contactPhone: mobile(r),
    regionCode: r.pick(villages).code, verification: "verified" as const,
  }));
  const employerIds: number[] = [];
  for (const c of chunk(employerRows, 1000)) employerIds.push(...(await db.insert(gigEmployers).values(c).returning({ id: gigEmployers.id })).map((x) => x.id));

  // Workers.
  const seen = new Set<string>();
  const workerRows = [];
  const workerSkill: { code: string; level: number }[][] = [];
  for (let i = 0; i < o.workers; i++) {
    const v = r.pick(villages);
    const county = v.townshipCode.slice(0, 6);
    const ts = townshipsOf.get(county)!;
    const ti = ts.indexOf(v.townshipCode);
    const area = [v.townshipCode, ...(r.next() < 0.5 && ts[ti + 1] ? [ts[ti + 1]!] : []), ...(r.next() < 0.3 && ts[ti - 1] ? [ts[ti - 1]!] : [])];
    const sex = r.next() < 0.5 ? "male" : "female";
    let id = idNumberFor(r, county, sex, 1962, 2004);
    while (seen.has(id)) id = idNumberFor(r, county, sex, 1962, 2004);
    seen.add(id);
    const wageMin = r.int(10, 25) * 1000;
    workerRows.push({
      idNumber: id, name: personName(r, sex), sex: sex === "male" ? "M" : "F", birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, phone: mobile(r), regionCode: v.code,
      wageMinFen: wageMin, wageMaxFen: wageMin + 10000, availableDays: r.next() < 0.5 ? 127 : r.next() < 0.5 ? 31 : r.int(1, 127), areaTownships: area,
      hardship: r.next() < 0.15 ? [r.pick(["long_idle", "low_income", "disabled", "older"])] : [], status: "active" as const, registeredVia: "staff" as const,
    });
    const n = r.int(1, 3);
    const mine = new Map<string, number>();
    for (let k = 0; k < n; k++) mine.set(r.pick(skills), r.int(1, 3));
    workerSkill.push([...mine].map(([code, level]) => ({ code, level })));
  }
  const workerIds: number[] = [];
  for (const c of chunk(workerRows, 1000)) workerIds.push(...(await db.insert(gigWorkers).values(c).returning({ id: gigWorkers.id })).map((x) => x.id));
  const skillRows = workerIds.flatMap((id, i) => workerSkill[i]!.map((s) => ({ workerId: id, skillCode: s.code, level: s.level })));
  for (const c of chunk(skillRows, 2000)) await db.insert(gigWorkerSkills).values(c);

  // Published postings.
  const postingRows = [];
  for (let i = 0; i < o.postings; i++) {
    const v = r.pick(villages);
    const start = addDays(o.startDay, r.int(0, 13));
    const end = addDays(start, r.pick([0, 0, 0, 1, 2]));
    const half = r.next() < 0.2;
    const startMin = half ? r.pick([480, 780]) : 480;
    const endMin = half ? startMin + 240 : r.pick([1020, 1080]);
    postingRows.push({
      employerId: r.pick(employerIds), title: `生成岗位${i}`, skillCode: r.pick(skills), minLevel: r.weighted([[1, 6], [2, 3], [3, 1]] as const), villageCode: v.code, startDate: start, endDate: end,
      startMin, endMin, dayMask: requiredMask(start, end), payUnit: half ? ("half_day" as const) : ("day" as const), payFen: half ? r.int(10, 15) * 1000 : r.int(20, 35) * 1000, payWithinDays: 3,
      headcount: r.int(1, 5), contactName: personName(r, "male"), contactPhone: mobile(r), urgent: start === o.startDay, status: "published" as const, reviewedBy: 0, reviewedAt: new Date(), publishedAt: new Date(),
    });
  }
  const postingIds: number[] = [];
  for (const c of chunk(postingRows, 1000)) postingIds.push(...(await db.insert(gigPostings).values(c).returning({ id: gigPostings.id })).map((x) => x.id));

  // Hired bookings for a tenth of the workers (one each), on a posting of theirs or any posting: an overlap to avoid.
  const bookings = [];
  for (let i = 0; i < workerIds.length; i += 10) {
    const pi = r.int(0, postingIds.length - 1);
    const p = postingRows[pi]!;
    bookings.push({ postingId: postingIds[pi]!, workerId: workerIds[i]!, status: "hired" as const, startDate: p.startDate, endDate: p.endDate, startMin: p.startMin, endMin: p.endMin, source: "staff" as const, hiredAt: new Date() });
  }
  for (const c of chunk(bookings, 2000)) await db.insert(gigApplications).values(c);
  await db.execute(sql`update gig_postings p set hired_count = least(p.headcount, (select count(*) from gig_applications a where a.posting_id = p.id and a.status = 'hired')) where exists (select 1 from gig_applications a where a.posting_id = p.id)`);
  await db.execute(sql`analyze gig_workers`);
  await db.execute(sql`analyze gig_worker_skills`);
  await db.execute(sql`analyze gig_applications`);
  return { workers: workerIds.length, postings: postingIds.length, bookings: bookings.length, postingIds };
}
