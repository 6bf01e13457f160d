/**
 * S-LABOR benchmark (npm run bench). PGlite in a temporary directory by default, a PostgreSQL server when DATABASE_URL
 * is set; registry size from BENCH_ROWS (default 2 000 000). Prints one line per figure:
 *   BENCH <name> value=<number> unit=<unit> floor=<number> ratio=<number>     (ratio = value / floor)
 *   import_csv        rows/s of the full import of a generated csv (validation pass + commit with upsert, history,
 *                     households, statistics) vs the floor: raw COPY of the same rows into the same table (from a blob
 *                     on PGlite, through pg-copy-streams on PostgreSQL), 50 000 rows per statement
 *   page_query        ms p50 of GET /api/labor/persons (filtered page, through app.inject with a real session) vs the
 *                     same two SQL statements (page and total) run directly
 *   stats_prefecture  ms p50 of GET /api/labor/stats for the 州 vs the naive GROUP BY over the registry
 * and the RSS of the process (embedded database and server) with the registry loaded; then, on the same platform and
 * registry, the 人社数据分析 dashboard (bench/analytics.ts), and on their own data the printing (bench/print.ts), 零工驿站
 * matching (bench/gig.ts) and 办件预警 (bench/cases.ts) benchmarks. BENCH_ONLY=analytics,print,gig,cases picks among these
 * (the labor figures always run; BENCH_ROWS sets their size).
 */
import { mkdtemp, rm, stat, readdir } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { loadConfig } from "../src/core/config.js";
import { openContext } from "../src/core/context.js";
import { buildApp } from "../src/core/http/app.js";
import { MODULES } from "../src/modules.js";
import { seedDemo } from "../src/demo/seed.js";
import { accounts, settings } from "../src/core/db/schema.js";
import { positions } from "../src/core/db/schema.js";
import { grantPosition } from "../src/governance/grants.js";
import { loadPrincipal } from "../src/core/access/principal.js";
import { SIM_IDENTITIES_KEY, type SimIdentity } from "../src/core/auth/simulator-routes.js";
import { loginThroughSimulator } from "../src/test/harness.js";
import { generatePersons, writeCsvFile } from "../src/labor/generator.js";
import { DATA_FIELDS, type PersonRecord } from "../src/labor/record.js";
import { copyCsv, csvField, rawQuery } from "../src/labor/store.js";
import { commitImport, importerOf, validateImport } from "../src/labor/import.js";
import { searchQueries, type PersonFilter } from "../src/labor/service.js";
import { registrySql, verifyRollup } from "../src/labor/stats.js";
import { chinaDate } from "../src/core/calendar.js";
import { benchAnalytics } from "./analytics.js";
import { benchPrint } from "./print.js";
import { benchGig } from "./gig.js";
import { benchCases } from "./cases.js";

const N = Number(process.env.BENCH_ROWS ?? 2_000_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? "analytics,print,gig,cases").split(",").map((s) => s.trim()));
const SEED = 4228;
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const bench = (name: string, value: number, unit: string, floor: number) =>
  console.log(`BENCH ${name} value=${round(value)} unit=${unit} floor=${round(floor)} ratio=${(value / floor).toFixed(3)}`);
const round = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 100) / 100);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}
async function dirSize(p: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(p, { withFileTypes: true })) {
    const q = path.join(p, e.name);
    total += e.isDirectory() ? await dirSize(q) : (await stat(q)).size;
  }
  return total;
}

const work = await mkdtemp(path.join(tmpdir(), "labor-bench-"));
const server = !!process.env.DATABASE_URL;
const config = loadConfig({ ...process.env, DATA_DIR: path.join(work, "pglite"), FILES_DIR: path.join(work, "files") }, { mode: "demo", esscChannel: "simulator" });
log(`BENCH_ROWS=${N}, database: ${server ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${work}`}, ${cpus().length} cores ${cpus()[0]?.model ?? ""}`);
const { ctx, database } = await openContext(config, { modules: MODULES });
const db = ctx.db;
const [existing] = await rawQuery<{ n: number }>(db, "select count(*)::int as n from labor_persons");
if (existing!.n > 0) throw new Error("the benchmark needs an empty registry (use an empty DATABASE_URL database)");
await seedDemo(db);
const app = await buildApp(ctx);
await app.ready();

// The 州 operator who imports: the 州 permission admin grants the 州 信息采集员 position (labor.import) through the
// governed service, as in production.
const [idsRow] = await db.select().from(settings).where(eq(settings.key, SIM_IDENTITIES_KEY));
const ids = idsRow!.value as SimIdentity[];
const who = ids.find((i) => i.label === "州劳动力资源信息审核员")!;
const pa = ids.find((i) => i.label === "州级权限管理员")!;
const accOf = async (idNumber: string) => (await db.select().from(accounts).where(eq(accounts.idNumber, idNumber)))[0]!;
const operator = await accOf(who.idNumber);
const [pos] = await db.select().from(positions).where(and(eq(positions.orgCode, "422800"), eq(positions.name, "信息采集员")));
await grantPosition(db, (await loadPrincipal(db, (await accOf(pa.idNumber)).id))!, operator.id, pos!.id, { ip: null, reason: "基准测试：州级批量导入" });
const principal = (await loadPrincipal(db, operator.id))!;
const importer = importerOf(principal, null);

// ------------------------------------------------------------------ data
const csvPath = path.join(work, "registry.csv");
const [, genMs] = await timed(() => writeCsvFile(csvPath, { count: N, seed: SEED }));
const csvBytes = (await stat(csvPath)).size;
log(`generated ${N} persons into ${(csvBytes / 1e6).toFixed(0)} MB of csv in ${(genMs / 1000).toFixed(1)} s`);

// ------------------------------------------------------------------ floor: raw COPY of the same rows, 50 000 per statement
const cols = ["id_number", "sex", "birth_date", ...DATA_FIELDS.filter((f) => f.key !== "householdNo").map((f) => f.col)];
const keys = ["idNumber", "sex", "birthDate", ...DATA_FIELDS.filter((f) => f.key !== "householdNo").map((f) => f.key)] as (keyof PersonRecord)[];
const CHUNK = 50_000;
let floorMs = 0;
let chunk: PersonRecord[] = [];
const flushFloor = async () => {
  if (!chunk.length) return;
  const text = chunk.map((r) => keys.map((k) => csvField((r as unknown as Record<string, unknown>)[k])).join(",")).join("\n");
  const [, ms] = await timed(() => db.transaction((tx) => copyCsv(tx, "labor_persons", cols, text)));
  floorMs += ms;
  chunk = [];
};
for (const r of generatePersons({ count: N, seed: SEED })) {
  chunk.push(r);
  if (chunk.length >= CHUNK) {
    await flushFloor();
    log(`floor: ${Math.round((floorMs / 1000) * 10) / 10} s`);
  }
}
await flushFloor();
const floorRate = N / (floorMs / 1000);
log(`floor (COPY) of ${N} rows: ${(floorMs / 1000).toFixed(1)} s, ${Math.round(floorRate)} rows/s`);
await rawQuery(db, "truncate labor_persons");
if (!server) await rawQuery(db, "checkpoint");

// ------------------------------------------------------------------ import
const ictx = { db };
const [view, validateMs] = await timed(() => validateImport(ictx, importer, { fileName: "registry.csv", path: csvPath }, {
  source: "cli", size: csvBytes,
  onProgress: (p) => { if (p.rows % 200_000 === 0) log(`validate: ${p.rows} rows`); },
}));
log(`validated ${view.totalRows} rows (${view.validRows} valid, ${view.errorRows} with errors) in ${(validateMs / 1000).toFixed(1)} s`);
const [done, commitMs] = await timed(() => commitImport(ictx, importer, view.id, {
  onProgress: (p) => { if (p.rowsDone % 200_000 === 0) log(`commit: ${p.rowsDone}/${p.total}`); },
}));
const importMs = validateMs + commitMs;
log(`committed: ${done.inserted} inserted in ${(commitMs / 1000).toFixed(1)} s; full import ${(importMs / 1000).toFixed(1)} s`);
if (done.inserted !== N) throw new Error(`expected ${N} inserted, got ${done.inserted}`);
bench("import_csv", N / (importMs / 1000), "rows/s", floorRate);

// A re-import of the same file (every row compared, nothing changes): the cost of keeping a registry current.
// (Informational; no floor of its own, compared with the same COPY floor.)
if (process.env.BENCH_REIMPORT !== "0") {
  const [v2, vMs] = await timed(() => validateImport(ictx, importer, { fileName: "registry.csv", path: csvPath }, { source: "cli", size: csvBytes }));
  const [d2, cMs] = await timed(() => commitImport(ictx, importer, v2.id));
  if (d2.unchanged !== N || d2.historyRows !== 0) throw new Error("re-import changed something");
  bench("reimport_csv_unchanged", N / ((vMs + cMs) / 1000), "rows/s", floorRate);
}

// ------------------------------------------------------------------ page query
const c = await loginThroughSimulator(app, who);
const [top] = await rawQuery<{ t: string; n: number }>(db, "select left(region_code, 9) as t, count(*)::int as n from labor_persons group by 1 order by 2 desc limit 1");
const filter: PersonFilter = { region: top!.t, status: ["emp"], workingAge: true };
const url = `/api/labor/persons?region=${top!.t}&status=emp&workingAge=true&page=1&pageSize=20`;
const apiTimes: number[] = [];
const sqlTimes: number[] = [];
for (let i = 0; i < 45; i++) {
  const [res, ms] = await timed(() => c.get(url));
  if (res.statusCode !== 200) throw new Error(res.body);
  if (i >= 5) apiTimes.push(ms);
  const q = searchQueries(db, principal, filter, 1, 20);
  const [, ms2] = await timed(async () => { await q.page; await q.count; });
  if (i >= 5) sqlTimes.push(ms2);
}
log(`page: township ${top!.t} (${top!.n} persons), filter status=emp & working age, page 1 of 20`);
bench("page_query", p50(apiTimes), "ms", p50(sqlTimes));

// ------------------------------------------------------------------ statistics
const warm = await c.get("/api/labor/stats");
if (warm.statusCode !== 200) throw new Error(warm.body);
const statTimes: number[] = [];
for (let i = 0; i < 15; i++) statTimes.push((await timed(() => c.get("/api/labor/stats")))[1]);
const naiveTimes: number[] = [];
const today = chinaDate(new Date());
for (let i = 0; i < 5; i++) naiveTimes.push((await timed(() => rawQuery(db, registrySql(6), ["4228%", today])))[1]);
bench("stats_prefecture", p50(statTimes), "ms", p50(naiveTimes));
const check = await verifyRollup(db);
log(`rollup equals the registry: ${check.ok}`);
if (!check.ok) throw new Error(JSON.stringify(check.differences.slice(0, 5)));

const mem = process.memoryUsage();
const rssMb = mem.rss / 1024 / 1024;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(`RSS ${Math.round(rssMb)} MB (peak ${Math.round(maxRssMb)} MB) with ${N} persons; heap ${Math.round(mem.heapUsed / 1024 / 1024)} MB`);
if (!server) console.log(`DATA ${Math.round((await dirSize(path.join(work, "pglite"))) / 1024 / 1024)} MB PGlite data directory`);
console.log(`TIMES generate=${(genMs / 1000).toFixed(1)}s floor=${(floorMs / 1000).toFixed(1)}s validate=${(validateMs / 1000).toFixed(1)}s commit=${(commitMs / 1000).toFixed(1)}s`);
if (ONLY.has("analytics")) await benchAnalytics({ app, db });
await app.close();
await database.close();
await rm(work, { recursive: true, force: true });

if (ONLY.has("print")) await benchPrint();
if (ONLY.has("gig")) await benchGig();
if (ONLY.has("cases")) await benchCases();
