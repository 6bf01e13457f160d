/**
 * S-GIG matching benchmark (issue #16). A generated set of 20 000 workers and 5 000 postings (src/gig/generator.ts) in
 * an embedded database (or DATABASE_URL); for a sample of postings, the time of the full recommendation (hard
 * constraints in SQL, credit from ratings and no-shows, scoring and 为什么推荐 in TypeScript) against the floor: the
 * plain SQL filter of the hard constraints alone on the same data. Prints
 *   BENCH gig_match value=<ms per posting> floor=<ms of the plain SQL filter> ratio=<value / floor>
 * Run alone: `npx tsx bench/gig.ts` (GIG_WORKERS, GIG_POSTINGS, GIG_SAMPLE to change the sizes).
 */
import { sql } from "drizzle-orm";
import { loadConfig } from "../src/core/config.js";
import { openContext } from "../src/core/context.js";
import { MODULES } from "../src/modules.js";
import { rows } from "../src/core/db/client.js";
import { chinaDate } from "../src/core/calendar.js";
import { generateGigData } from "../src/gig/generator.js";
import { recommendWorkers, workerCandidatesSql, type PostingForMatch } from "../src/gig/match.js";

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function benchGig(): Promise<void> {
  const workers = Number(process.env.GIG_WORKERS ?? 20_000);
  const postings = Number(process.env.GIG_POSTINGS ?? 5_000);
  const sample = Number(process.env.GIG_SAMPLE ?? 500);
  const config = loadConfig({ ...process.env }, { mode: "demo", esscChannel: "simulator" });
  const { ctx, database } = await openContext(config, { modules: MODULES, memory: !process.env.DATABASE_URL });
  try {
    const db = ctx.db;
    const t0 = performance.now();
    const g = await generateGigData(db, { workers, postings, seed: 4228, startDay: chinaDate(new Date()) });
    log(`gig: generated ${g.workers} workers, ${g.postings} postings, ${g.bookings} bookings in ${Math.round(performance.now() - t0)} ms`);
    const list = await rows<PostingForMatch & { skillName: string }>(db, sql`select p.id, p.skill_code as "skillCode", s.name as "skillName", p.min_level as "minLevel", p.village_code as "villageCode",
      p.start_date::text as "startDate", p.end_date::text as "endDate", p.start_min as "startMin", p.end_min as "endMin", p.day_mask as "dayMask", p.pay_unit as "payUnit", p.pay_fen as "payFen"
      from gig_postings p join gig_skills s on s.code = p.skill_code order by p.id`);
    const step = Math.max(1, Math.floor(list.length / sample));
    const picked = list.filter((_, i) => i % step === 0).slice(0, sample);
    const scope = { scopePrefix: "4228" };
    // Warm both paths once.
    for (const p of picked.slice(0, 20)) {
      await recommendWorkers(db, scope, p, 5);
      await rows(db, workerCandidatesSql(scope, p, false));
    }
    let floor = 0, full = 0;
    for (const p of picked) {
      const a = performance.now();
      await rows(db, workerCandidatesSql(scope, p, false));
      const b = performance.now();
      await recommendWorkers(db, scope, p, 5);
      const c = performance.now();
      floor += b - a;
      full += c - b;
    }
    const value = full / picked.length, fl = floor / picked.length;
    console.log(`BENCH gig_match value=${round(value)} unit=ms floor=${round(fl)} ratio=${(value / fl).toFixed(3)}`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGig();
