/**
 * S-GIG matching quality on a generated set (issue #16): 100 % of the top-5 recommendations satisfy the hard
 * constraints — skill at the level asked, available on every weekday of the dates, the work place in the worker's
 * area, no overlapping booking — checked here independently of the SQL that produced them. Also the scoring order
 * (distance classes) and both directions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../test/harness.js";
import { rows } from "../core/db/client.js";
import { chinaDate } from "../core/calendar.js";
import { generateGigData } from "./generator.js";
import { distanceOf, recommendPostings, recommendWorkers, type PostingForMatch } from "./match.js";
import { overlaps, requiredMask, weekdayBit } from "./rules.js";

let env: TestEnv;
const today = chinaDate(new Date());
const PREFECTURE = { scopePrefix: "4228" };

beforeAll(async () => {
  env = await createTestEnv({ demo: false });
  await generateGigData(env.ctx.db, { workers: 3000, postings: 300, seed: 7, startDay: today });
}, 300_000);
afterAll(async () => env?.close());

type P = PostingForMatch & { skillName: string };

describe("S-GIG matching", () => {
  it("distance classes: same village > same township > adjacent township > same county", () => {
    expect(distanceOf("422801001001", "422801001001")).toBe("village");
    expect(distanceOf("422801001001", "422801001002")).toBe("township");
    expect(distanceOf("422801001001", "422801002003")).toBe("adjacent");
    expect(distanceOf("422801001001", "422801100003")).toBe("county");
  });

  it("weekday masks: Monday is bit 0, a range covers each weekday once", () => {
    expect(weekdayBit("2026-12-07")).toBe(1); // a Monday
    expect(weekdayBit("2026-12-13")).toBe(64); // a Sunday
    expect(requiredMask("2026-12-07", "2026-12-20")).toBe(127);
  });

  it("100 % of the top-5 recommended workers satisfy the hard constraints, on every generated posting", async () => {
    const db = env.ctx.db;
    const postings = await rows<P>(db, sql`select p.id, p.skill_code as "skillCode", s.name as "skillName", p.min_level as "minLevel", p.village_code as "villageCode", p.start_date::text as "startDate",
      p.end_date::text as "endDate", p.start_min as "startMin", p.end_min as "endMin", p.day_mask as "dayMask", p.pay_unit as "payUnit", p.pay_fen as "payFen" from gig_postings p join gig_skills s on s.code = p.skill_code order by p.id`);
    expect(postings.length).toBe(300);
    const workers = new Map((await rows<{ id: number; availableDays: number; areaTownships: string[]; status: string }>(db, sql`select id, available_days as "availableDays", area_townships as "areaTownships", status from gig_workers`)).map((w) => [w.id, w]));
    const skills = new Map<string, number>();
    for (const s of await rows<{ workerId: number; skillCode: string; level: number }>(db, sql`select worker_id as "workerId", skill_code as "skillCode", level from gig_worker_skills`)) skills.set(`${s.workerId}:${s.skillCode}`, s.level);
    const booked = new Map<number, { startDate: string; endDate: string; startMin: number; endMin: number }[]>();
    for (const b of await rows<{ workerId: number; startDate: string; endDate: string; startMin: number; endMin: number }>(db, sql`select worker_id as "workerId", start_date::text as "startDate", end_date::text as "endDate", start_min as "startMin", end_min as "endMin" from gig_applications where status = 'hired'`)) {
      booked.set(b.workerId, [...(booked.get(b.workerId) ?? []), b]);
    }
    let checked = 0, withResults = 0;
    for (const p of postings) {
      const top = await recommendWorkers(db, PREFECTURE, p, 5);
      if (top.length) withResults++;
      for (const t of top) {
        const w = workers.get(t.workerId)!;
        expect(w.status).toBe("active");
        expect(skills.get(`${t.workerId}:${p.skillCode}`) ?? 0).toBeGreaterThanOrEqual(p.minLevel);
        expect(w.availableDays & requiredMask(p.startDate, p.endDate)).toBe(requiredMask(p.startDate, p.endDate));
        expect(w.areaTownships).toContain(p.villageCode.slice(0, 9));
        expect((booked.get(t.workerId) ?? []).some((b) => overlaps(b, p))).toBe(false);
        expect(t.reasons.length).toBeGreaterThanOrEqual(3);
        checked++;
      }
      // Ranked: scores never increase down the list.
      for (let i = 1; i < top.length; i++) expect(top[i]!.score).toBeLessThanOrEqual(top[i - 1]!.score);
    }
    expect(checked).toBeGreaterThan(100);
    expect(withResults).toBeGreaterThan(150);
  });

  it("postings recommended to a worker satisfy the same constraints", async () => {
    const db = env.ctx.db;
    const ws = await rows<{ id: number; availableDays: number; areaTownships: string[] }>(db, sql`select id, available_days as "availableDays", area_townships as "areaTownships" from gig_workers order by id limit 150`);
    let checked = 0;
    for (const w of ws) {
      const top = await recommendPostings(db, PREFECTURE, w.id, today, 5);
      for (const t of top) {
        const [p] = await rows<{ skillCode: string; minLevel: number; dayMask: number; startDate: string; endDate: string; startMin: number; endMin: number; hiredCount: number; headcount: number }>(db, sql`select skill_code as "skillCode", min_level as "minLevel", day_mask as "dayMask",
          start_date::text as "startDate", end_date::text as "endDate", start_min as "startMin", end_min as "endMin", hired_count as "hiredCount", headcount from gig_postings where id = ${t.postingId}`);
        const [lv] = await rows<{ level: number }>(db, sql`select level from gig_worker_skills where worker_id = ${w.id} and skill_code = ${p!.skillCode}`);
        expect(lv!.level).toBeGreaterThanOrEqual(p!.minLevel);
        expect(w.availableDays & p!.dayMask).toBe(p!.dayMask);
        expect(w.areaTownships).toContain(t.villageCode.slice(0, 9));
        expect(p!.hiredCount).toBeLessThan(p!.headcount);
        const mine = await rows<{ startDate: string; endDate: string; startMin: number; endMin: number }>(db, sql`select start_date::text as "startDate", end_date::text as "endDate", start_min as "startMin", end_min as "endMin" from gig_applications where worker_id = ${w.id} and status = 'hired'`);
        expect(mine.some((b) => overlaps(b, p!))).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
