/**
 * S-ANALYTICS benchmark: `benchAnalytics()` prints
 *   BENCH dashboard_prefecture value=<ms p50 of GET /api/analytics/dashboard for the 州, every indicator>
 *         floor=<ms computing the same numbers from the raw tables> ratio=value/floor   (goal ≤ 0.1: ≥ 10× faster)
 *   BENCH dashboard_county / dashboard_township / dashboard_village value=<ms p50 of that drill level>
 *         floor=<ms p50 of one registry page query (GET /api/labor/persons, filtered)>   (goal: ratio < 1)
 *
 * With no argument it builds its own platform (PGlite in a temporary directory, or DATABASE_URL) and loads BENCH_ROWS
 * persons (default 2 000 000) the way bench/run.ts loads its floor: generatePersons and COPY of 50 000 rows per
 * statement into labor_persons (the statistics triggers keep labor_stats). Called from bench/run.ts after the labor
 * figures, pass { app, db } to reuse the platform and registry it has loaded.
 *
 *   npx tsx -e 'import("./bench/analytics.ts").then((m) => m.benchAnalytics())'
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../src/core/config.js";
import { openContext } from "../src/core/context.js";
import { buildApp } from "../src/core/http/app.js";
import { MODULES } from "../src/modules.js";
import { seedDemo } from "../src/demo/seed.js";
import type { Db } from "../src/core/db/client.js";
import { settings } from "../src/core/db/schema.js";
import { SIM_IDENTITIES_KEY, type SimIdentity } from "../src/core/auth/simulator-routes.js";
import { loginThroughSimulator } from "../src/test/harness.js";
import { generatePersons } from "../src/labor/generator.js";
import { DATA_FIELDS, type PersonRecord } from "../src/labor/record.js";
import { copyCsv, csvField, rawQuery } from "../src/labor/store.js";
import { registrySql } from "../src/labor/stats.js";
import { chinaDate } from "../src/core/calendar.js";
import { allIndicators } from "../src/analytics/query.js";

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} analytics ${s}\n`);
const round = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 100) / 100);
const bench = (name: string, value: number, floor: number) => console.log(`BENCH ${name} value=${round(value)} unit=ms floor=${round(floor)} ratio=${(value / floor).toFixed(3)}`);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

/** Load `n` generated persons by COPY, 50 000 per statement (bench/run.ts's floor path). */
async function loadPersons(db: Db, n: number, seed = 4228) {
  const cols = ["id_number", "sex", "birth_date", ...DATA_FIELDS.filter((f) => f.key !== "householdNo").map((f) => f.col)];
  const keys = ["idNumber", "sex", "birthDate", ...DATA_FIELDS.filter((f) => f.key !== "householdNo").map((f) => f.key)] as (keyof PersonRecord)[];
  let chunk: PersonRecord[] = [];
  let done = 0;
  const flush = async () => {
    if (!chunk.length) return;
    const text = chunk.map((r) => keys.map((k) => csvField((r as unknown as Record<string, unknown>)[k])).join(",")).join("\n");
    await db.transaction((tx) => copyCsv(tx, "labor_persons", cols, text));
    done += chunk.length;
    chunk = [];
    if (done % 200_000 === 0) log(`loaded ${done}`);
  };
  for (const r of generatePersons({ count: n, seed })) {
    chunk.push(r);
    if (chunk.length >= 50_000) await flush();
  }
  await flush();
}

export async function benchAnalytics(given?: { app: FastifyInstance; db: Db }): Promise<void> {
  let own: { close: () => Promise<void> } | null = null;
  let app: FastifyInstance, db: Db;
  if (given) ({ app, db } = given);
  else {
    const n = Number(process.env.BENCH_ROWS ?? 2_000_000);
    const work = await mkdtemp(path.join(tmpdir(), "analytics-bench-"));
    const config = loadConfig({ ...process.env, DATA_DIR: path.join(work, "pglite"), FILES_DIR: path.join(work, "files") }, { mode: "demo", esscChannel: "simulator" });
    const opened = await openContext(config, { modules: MODULES });
    db = opened.ctx.db;
    const [existing] = await rawQuery<{ n: number }>(db, "select count(*)::int as n from labor_persons");
    if (existing!.n > 0) throw new Error("the benchmark needs an empty registry (use an empty DATABASE_URL database)");
    await seedDemo(db);
    app = await buildApp(opened.ctx);
    await app.ready();
    log(`loading ${n} persons (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
    const [, ms] = await timed(() => loadPersons(db, n));
    log(`loaded ${n} persons in ${(ms / 1000).toFixed(1)} s`);
    // Planner statistics, as after an import (without them a fresh 2 M table gets poor plans on the page query too).
    await rawQuery(db, "analyze");
    own = { close: async () => { await app.close(); await opened.database.close(); await rm(work, { recursive: true, force: true }); } };
  }
  try {
    const [row] = await db.select().from(settings).where(eq(settings.key, SIM_IDENTITIES_KEY));
    const ids = row!.value as SimIdentity[];
    const analyst = await loginThroughSimulator(app, ids.find((i) => i.label === "州就业局数据分析员")!);
    const reader = await loginThroughSimulator(app, ids.find((i) => i.label === "州劳动力资源信息审核员")!);
    const [persons] = await rawQuery<{ n: number }>(db, "select count(*)::int as n from labor_persons");
    log(`${persons!.n} persons; ${allIndicators(MODULES).length} indicators`);

    const get = async (c: typeof analyst, url: string) => {
      const [res, ms] = await timed(() => c.get(url));
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return [res, ms] as const;
    };
    const series = async (c: typeof analyst, url: string, runs: number) => {
      await get(c, url);
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) xs.push((await get(c, url))[1]);
      return p50(xs);
    };

    // The 州 dashboard against the same numbers computed from the raw tables: the registry GROUP BY (all labor
    // indicators in one statement) and every other module's indicators computed by their own compute.
    const month = chinaDate(new Date()).slice(0, 7);
    const dashMs = await series(analyst, `/api/analytics/dashboard?month=${month}`, 15);
    const today = chinaDate(new Date());
    const others = allIndicators(MODULES).filter((i) => !i.code.startsWith("labor."));
    const from = `${month}-01`;
    const raw: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [, ms] = await timed(async () => {
        await rawQuery(db, registrySql(6), ["4228%", today]);
        for (const ind of others) await ind.compute(db, { scope: { scopePrefix: "4228" }, groupBy: "county", from, to: today });
      });
      raw.push(ms);
    }
    bench("dashboard_prefecture", dashMs, p50(raw));

    // Each drill level against one page query of the registry (what a list page costs).
    const [top] = await rawQuery<{ t: string }>(db, "select left(region_code, 9) as t from labor_persons group by 1 order by count(*) desc limit 1");
    const [topVillage] = await rawQuery<{ v: string }>(db, "select region_code as v from labor_persons where region_code like $1 group by 1 order by count(*) desc limit 1", [`${top!.t}%`]);
    const pageMs = await series(reader, `/api/labor/persons?region=${top!.t}&status=emp&workingAge=true&page=1&pageSize=20`, 15);
    for (const [name, region] of [["dashboard_county", top!.t.slice(0, 6)], ["dashboard_township", top!.t], ["dashboard_village", topVillage!.v]] as const) {
      bench(name, await series(analyst, `/api/analytics/dashboard?region=${region}&month=${month}`, 15), pageMs);
    }
    log(`drill: county ${top!.t.slice(0, 6)}, township ${top!.t}, village ${topVillage!.v}; floor = GET /api/labor/persons page (township, status=emp, working age)`);
  } finally {
    await own?.close();
  }
}
