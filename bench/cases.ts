/**
 * S-CASES benchmark: `benchCases()` (wired into bench/run.ts by the lead; alone: `npx tsx bench/cases.ts`).
 * PGlite in memory by default, the PostgreSQL server named by DATABASE_URL when set (an empty database).
 *   BENCH cases_intake  rows/s of the exchange tables (base, steps, 特别程序, 好差评 of BENCH_CASES_INTAKE generated
 *                       cases, default 20 000) through the intake (validation, idempotence check, insert, dues, card
 *                       sweep, follow-ups, audit) vs the floor: COPY of the same rows as csv into plain tables
 *   BENCH cases_warn    ms to recompute every card for BENCH_CASES open cases (default 1 000 000; the set-based sweep
 *                       over the stored due instants: new 黄牌/红牌 and clearing) vs one SQL pass over them (count by level)
 *   BENCH cases_dues    ms to recompute every stored due instant from the facts (the clock in JS, written back) for the
 *                       same open cases vs the same SQL pass (a full recompute, as after a calendar correction)
 *   BENCH cases_board   ms p50 of GET /api/cases/board (the 州 supervisor, whole prefecture) under that load vs the
 *                       same counting SQL run directly
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { loadConfig } from "../src/core/config.js";
import { openContext } from "../src/core/context.js";
import { buildApp } from "../src/core/http/app.js";
import { MODULES } from "../src/modules.js";
import { seedDemo } from "../src/demo/seed.js";
import { settings } from "../src/core/db/schema.js";
import { SIM_IDENTITIES_KEY, type SimIdentity } from "../src/core/auth/simulator-routes.js";
import { loginThroughSimulator } from "../src/test/harness.js";
import { WorkCalendar, addDays, chinaDate } from "../src/core/calendar.js";
import { rng } from "../src/core/people.js";
import { copyCsv, rawQuery } from "../src/labor/store.js";
import { generateCases } from "../src/cases/generator.js";
import { intakeSet } from "../src/cases/intake.js";
import { csvOf } from "../src/cases/files.js";
import { EXCHANGE_TABLES, type ExchangeTable } from "../src/cases/exchange.js";
import { loadCalendar, loadRules, refreshDues, sweepCards } from "../src/cases/cards.js";
import { eq } from "drizzle-orm";

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const round = (v: number) => (v >= 100 ? Math.round(v) : Math.round(v * 100) / 100);
const bench = (name: string, value: number, unit: string, floor: number) =>
  console.log(`BENCH ${name} value=${round(value)} unit=${unit} floor=${round(floor)} ratio=${(value / floor).toFixed(3)}`);
const p50 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCases(): Promise<void> {
  const N = Number(process.env.BENCH_CASES ?? 1_000_000);
  const NI = Number(process.env.BENCH_CASES_INTAKE ?? 20_000);
  const config = loadConfig({ ...process.env }, { mode: "demo", esscChannel: "simulator" });
  const { ctx, database } = await openContext(config, { modules: MODULES, memory: !process.env.DATABASE_URL });
  const db = ctx.db;
  try {
    await seedDemo(db);
    const now = new Date();
    const today = chinaDate(now);
    const cal = await WorkCalendar.load(db, addDays(today, -200), addDays(today, 800));

    // 1. Intake of NI generated cases with all four tables.
    const set = generateCases(rng(7), { count: NI, now, days: 120, cal, seqStart: 5_000_000 });
    const rows = (Object.values(set) as unknown[][]).reduce((s, t) => s + t.length, 0);
    log(`intake: ${NI} cases, ${rows} rows`);
    let t = performance.now();
    const rep = await intakeSet(db, { accountId: null, name: "bench", ip: null }, { scopePrefix: "4228" }, set, { source: "bench", now, chunk: 1000 });
    const intakeMs = performance.now() - t;
    if (rep.problems.length) log(`intake problems: ${rep.problems.length} (first: ${rep.problems[0]!.message})`);
    let copyMs = 0;
    for (const table of Object.keys(set) as ExchangeTable[]) {
      const cols = EXCHANGE_TABLES[table];
      await rawQuery(db, `create table bench_${table.toLowerCase()} (${cols.map((c) => `${c.toLowerCase()} text`).join(", ")})`);
      const text = csvOf(cols, set[table]!).split("\n").slice(1).join("\n");
      t = performance.now();
      await db.transaction((tx) => copyCsv(tx, `bench_${table.toLowerCase()}`, cols.map((c) => c.toLowerCase()), text));
      copyMs += performance.now() - t;
    }
    bench("cases_intake", rows / (intakeMs / 1000), "rows/s", rows / (copyMs / 1000));

    // 2. N open cases (set-based insert; the facts only), then the full recompute of their dues and cards.
    log(`open cases: inserting ${N}`);
    t = performance.now();
    const windows = await rawQuery<{ code: string; department_code: string; division_code: string }>(db, "select code, department_code, division_code from case_windows order by code");
    const codes = `{${windows.map((w) => w.code).join(",")}}`;
    for (let i = 0; i < N; i += 100_000) {
      const n = Math.min(100_000, N - i);
      await rawQuery(db, `insert into cases (projid, version, service_code, service_name, case_type, applicant_name, applicant_card_no, department_code, department_name, window_code, division_code, accepted_at, promise_limit, limit_unit, legal_limit)
        select 'B' || lpad((g + ${i})::text, 9, '0'), 1, '000115001000', '失业保险金申领', '承诺件', '向明', '422801199001011234', w.department_code, '人社局', w.code, w.division_code,
               $1::timestamptz - ((g * 7919) % (40 * 86400)) * interval '1 second', 3 + (g % 8), '工作日', 10 + (g % 8)
        from generate_series(1, ${n}) g join lateral (select * from case_windows where code = ($2::text[])[1 + (g % ${windows.length})]) w on true`, [now.toISOString(), codes]);
    }
    log(`inserted in ${Math.round(performance.now() - t)} ms`);
    const onePass = async () => {
      const s = performance.now();
      await rawQuery(db, `select window_code, count(*) filter (where legal_due_at < $1::timestamptz) red, count(*) filter (where promise_due_at < $1::timestamptz) yellow, count(*) filter (where warn_at <= $1::timestamptz) warn, count(*) from cases where finished_at is null and deleted_at is null group by window_code`, [now.toISOString()]);
      return performance.now() - s;
    };
    // Full recompute of the stored instants (the clock in JS), chunk by chunk.
    t = performance.now();
    const rules = await loadRules(db);
    const wide = await loadCalendar(db, new Date(now.getTime() - 200 * 86_400_000), now);
    const ids = (await rawQuery<{ id: number }>(db, "select id from cases where finished_at is null and deleted_at is null order by id")).map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += 5000) await db.transaction((tx) => refreshDues(tx, ids.slice(i, i + 5000), now, wide, rules));
    const duesMs = performance.now() - t;
    const floor1 = await onePass();
    bench("cases_dues", duesMs, "ms", floor1);
    // The card sweep over the stored instants (what the job runs): every card for the open cases.
    t = performance.now();
    const sw = await db.transaction((tx) => sweepCards(tx, now));
    const warnMs = performance.now() - t;
    const floor2 = await onePass();
    log(`sweep: ${sw.issued} issued, ${sw.pending} pending, ${sw.cleared} cleared`);
    bench("cases_warn", warnMs, "ms", floor2);

    // 3. The board page under that load.
    const app = await buildApp(ctx);
    await app.ready();
    const [row] = await db.select().from(settings).where(eq(settings.key, SIM_IDENTITIES_KEY));
    const who = (row!.value as SimIdentity[]).find((i) => i.label.includes("州政务服务办件监督员"))!;
    const c = await loginThroughSimulator(app, who);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const res = await c.get("/api/cases/board");
      if (res.statusCode !== 200) throw new Error(`board: ${res.statusCode} ${res.body}`);
      times.push(performance.now() - s);
    }
    const floors: number[] = [];
    for (let i = 0; i < 5; i++) floors.push(await onePass());
    bench("cases_board", p50(times), "ms", p50(floors));
    log(`N=${N} open cases, ${NI} intake cases`);
    await app.close();
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void sql;
  await benchCases();
}
