/**
 * S-ANALYTICS through the real HTTP layer as real analysts of every level: dashboard numbers equal direct counts over
 * the labor registry under every scope (州, each county, a township), after imports and edits; the records behind a
 * number are as many as the number; a township analyst cannot reach a neighbouring township's number through any
 * route, region value, drill, export or report (P9); snapshots are immutable and feed 环比/同比; targets from the Excel
 * template with row-level errors, audited, against the time schedule; monthly reports archived and scoped; the read
 * replica configuration path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { writeCsvFile } from "../labor/generator.js";
import { commitAndWait, multipart, upload } from "../test/labor-kit.js";
import { rows } from "../core/db/client.js";
import { runDueJobs } from "../core/jobs.js";
import { chinaDate } from "../core/calendar.js";
import { dbRefusal } from "../test/governance-kit.js";
import { snapshotJob, takeSnapshot } from "./snapshots.js";
import { reportJob } from "./reports.js";
import { analyticsDatabaseUrl, analyticsReadDb, closeAnalyticsReadDbs } from "./readdb.js";
import { ragOf, schedulePct } from "./targets.js";
import { loadPrincipal } from "../core/access/principal.js";

let env: TestEnv;
let dir: string;
let prefecture: Client; // 州就业局数据分析员 (+ 目标任务管理员)
let enshi: Client; // 恩施市就业局数据分析员
let lichuan: Client; // 利川市就业局数据分析员
let townA: Client; // 恩施市舞阳坝街道数据分析员 (422801001)
let townB: Client; // 恩施市六角亭街道数据分析员 (422801002)

async function importAs(label: string, name: string, count: number, seed: number, regionPrefix: string) {
  const c = await env.login(label);
  const p = path.join(dir, name);
  await writeCsvFile(p, { count, seed, regionPrefix });
  const res = await upload(c, name, await readFile(p));
  expect(res.statusCode, res.body).toBe(200);
  const { final } = await commitAndWait(c, res.json().id);
  expect(final.status).toBe("committed");
}

beforeAll(async () => {
  env = await createTestEnv();
  dir = await mkdtemp(path.join(tmpdir(), "analytics-"));
  prefecture = await env.login("州就业局数据分析员");
  enshi = await env.login("恩施市就业局数据分析员");
  lichuan = await env.login("利川市就业局数据分析员");
  townA = await env.login("恩施市舞阳坝街道数据分析员");
  townB = await env.login("恩施市六角亭街道数据分析员");
  await importAs("恩施市舞阳坝街道信息采集员", "a.csv", 240, 201, "422801001");
  await importAs("恩施市六角亭街道信息采集员", "b.csv", 160, 202, "422801002");
  await importAs("利川市都亭街道信息采集员", "c.csv", 120, 203, "422802001");
}, 300_000);
afterAll(async () => {
  await closeAnalyticsReadDbs();
  await env?.close();
});

type Dash = {
  region: { code: string; level: string };
  breadcrumb: { code: string }[];
  indicators: { code: string; additive: boolean; hasRecords: boolean }[];
  totals: Record<string, number | null>;
  rows: { code: string; drillable: boolean; values: Record<string, number> }[];
  compare: { mom: { totals: Record<string, number> } | null; yoy: unknown };
};
const dash = async (c: Client, q = ""): Promise<Dash> => {
  const r = await c.get(`/api/analytics/dashboard${q}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

/** Direct counts over the registry, written independently of labor's rollup definitions. */
const EMP = "employment_status in ('emp','flex','self')";
const WA = "(birth_date <= (current_date - interval '16 years')::date and ((sex = 'M' and birth_date > (current_date - interval '60 years')::date) or (sex = 'F' and birth_date > (current_date - interval '55 years')::date)))";
const DIRECT: Record<string, string> = {
  "labor.persons": "true",
  "labor.laborForce": WA,
  "labor.employed": EMP,
  "labor.status.emp": "employment_status = 'emp'",
  "labor.status.flex": "employment_status = 'flex'",
  "labor.status.unemp": "employment_status = 'unemp'",
  "labor.status.farm": "employment_status = 'farm'",
  "labor.transfer": "months_away >= 6 and transfer_dest in ('county','province','outside','abroad')",
  "labor.dest.town": "transfer_dest = 'town'",
  "labor.dest.outside": "transfer_dest = 'outside'",
  "labor.dest.abroad": "transfer_dest = 'abroad'",
  "labor.channel.gov": "transfer_channel = 'gov'",
  "labor.returnee": "returnee",
  "labor.povertyEmployed": `poverty and ${EMP}`,
  "labor.monitoredEmployed": `monitored and ${EMP}`,
};

async function directCount(prefix: string, cond: string): Promise<number> {
  const [r] = await rows<{ n: number }>(env.ctx.db, sql.raw(`select count(*)::int as n from labor_persons where starts_with(region_code, '${prefix}') and (${cond})`));
  return Number(r!.n);
}

/** Every direct-count indicator: the region's number and each child's number equal the registry count. */
async function expectExact(c: Client, region: string | null) {
  const d = await dash(c, region ? `?region=${region}` : "");
  const prefix = d.region.code === "422800" ? "4228" : d.region.code;
  for (const [code, cond] of Object.entries(DIRECT)) {
    expect(d.totals[code], `${code} @ ${d.region.code}`).toBe(await directCount(prefix, cond));
    for (const r of d.rows.filter((x) => x.drillable)) expect(r.values[code], `${code} @ ${r.code}`).toBe(await directCount(r.code, cond));
  }
  return d;
}

describe("indicators and dashboards (S-ANALYTICS)", () => {
  it("lists the modules' indicators grouped by area", async () => {
    const r = await prefecture.get("/api/analytics/indicators");
    expect(r.statusCode).toBe(200);
    const areas = r.json().areas as { area: string; indicators: { code: string }[] }[];
    const codes = areas.flatMap((a) => a.indicators.map((i) => i.code));
    expect(codes).toEqual(expect.arrayContaining(["labor.persons", "labor.transfer", "labor.povertyEmployed", "forms.submitted", "requirements.submitted"]));
    expect(areas[0]!.area).toBe("LABOR");
  });

  it("opens at each analyst's own level", async () => {
    expect((await dash(prefecture)).region.code).toBe("422800");
    expect((await dash(enshi)).region.code).toBe("422801");
    const a = await dash(townA);
    expect(a.region.code).toBe("422801001");
    expect(a.breadcrumb.map((b) => b.code)).toEqual(["422801001"]);
    expect(a.rows.every((r) => r.code.startsWith("422801001"))).toBe(true);
  });

  it("every number equals a direct count over the registry: 州, each county, a township, a village", async () => {
    const z = await expectExact(prefecture, null);
    expect(z.totals["labor.persons"]).toBe(520);
    for (const county of z.rows.filter((r) => r.drillable)) await expectExact(prefecture, county.code);
    await expectExact(enshi, null);
    await expectExact(lichuan, null);
    const a = await expectExact(townA, null);
    expect(a.totals["labor.persons"]).toBe(240);
    const village = a.rows.find((r) => r.values["labor.persons"]! > 0)!;
    const v = await dash(townA, `?region=${village.code}`);
    expect(v.region.level).toBe("village");
    expect(v.totals["labor.persons"]).toBe(village.values["labor.persons"]);
    expect(v.breadcrumb.map((b) => b.code)).toEqual(["422801001", village.code]);
  });

  it("the records behind a number are as many as the number, masked, at every level", async () => {
    const z = await dash(prefecture);
    const county = await dash(prefecture, "?region=422801");
    const town = await dash(townA);
    const village = town.rows.find((r) => r.values["labor.persons"]! > 0)!;
    for (const code of ["labor.persons", "labor.transfer", "labor.povertyEmployed", "labor.dest.outside", "labor.laborForce", "labor.status.farm"]) {
      for (const [c, region, value] of [[prefecture, "422800", z.totals[code]!], [prefecture, "422801", county.totals[code]!], [townA, "422801001", town.totals[code]!], [townA, village.code, village.values[code]!]] as [Client, string, number][]) {
        const r = await c.get(`/api/analytics/records?indicator=${code}&code=${region}&pageSize=200`);
        expect(r.statusCode, r.body).toBe(200);
        const body = r.json();
        expect(body.total, `${code} @ ${region}`).toBe(value);
        expect(body.rows.length).toBe(Math.min(200, value));
        for (const row of body.rows) expect(String(row.idNumber)).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
      }
    }
  });

  it("numbers stay exact after edits and imports", async () => {
    const collector = await env.login("恩施市舞阳坝街道信息采集员");
    const list = (await collector.get("/api/labor/persons?pageSize=5")).json().items as { id: number }[];
    for (const p of list) {
      const detail = (await collector.get(`/api/labor/persons/${p.id}`)).json();
      const res = await collector.put(`/api/labor/persons/${p.id}`, { version: detail.person?.version ?? detail.version, employmentStatus: "unemp", returnee: true });
      expect(res.statusCode, res.body).toBe(200);
    }
    await importAs("恩施市六角亭街道信息采集员", "b2.csv", 50, 204, "422801002");
    const z = await expectExact(prefecture, null);
    expect(z.totals["labor.persons"]).toBe(570);
    await expectExact(enshi, null);
    await expectExact(townA, null);
    await expectExact(townB, null);
  });

  it("the dashboard table downloads as Excel with the same numbers", async () => {
    const r = await enshi.get("/api/analytics/dashboard.xlsx?indicators=labor.persons,labor.transfer");
    expect(r.statusCode, r.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const d = await dash(enshi);
    const last = ws.getRow(ws.rowCount);
    expect(Number(last.getCell(3).value)).toBe(d.totals["labor.persons"]);
    // The records behind a number, as Excel: as many rows as the number.
    const rec = await townA.get("/api/analytics/records.xlsx?indicator=labor.transfer&code=422801001");
    expect(rec.statusCode, rec.body).toBe(200);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(rec.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount - 2).toBe((await dash(townA)).totals["labor.transfer"]);
    expect((await townA.get("/api/analytics/records.xlsx?indicator=labor.transfer&code=422801002")).statusCode).toBe(404);
  });
});

describe("P9: a township analyst sees nothing of a neighbouring township", () => {
  it("no route, region value, drill, export or report reveals 六角亭's numbers to 舞阳坝", async () => {
    const neighbourVillage = (await dash(townB)).rows[0]!.code;
    for (const url of [
      "/api/analytics/dashboard?region=422801002",
      `/api/analytics/dashboard?region=${neighbourVillage}`,
      "/api/analytics/dashboard?region=422801",
      "/api/analytics/dashboard?region=422800",
      "/api/analytics/records?indicator=labor.persons&code=422801002",
      `/api/analytics/records?indicator=labor.persons&code=${neighbourVillage}`,
      "/api/analytics/records?indicator=labor.persons&code=422801",
    ]) {
      const r = await townA.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body).not.toMatch(/"value"|"total"/);
    }
    // Export needs analytics.export (the township analyst holds it through 数据分析员) and the same scope rule.
    expect((await townA.get("/api/analytics/dashboard.xlsx?region=422801002")).statusCode).toBe(404);
    expect((await townA.get("/api/analytics/dashboard.xlsx?region=422801")).statusCode).toBe(404);
    // A drill from the own dashboard only ever names the own villages.
    const own = await dash(townA);
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.every((r) => r.code.startsWith("422801001"))).toBe(true);
    // Targets and reports: nothing outside the own scope.
    expect((await townA.get("/api/analytics/targets")).json().items).toEqual([]);
    expect((await townA.get("/api/analytics/reports")).json().items).toEqual([]);
    // A county analyst cannot look at the 州 or at another county.
    expect((await enshi.get("/api/analytics/dashboard?region=422800")).statusCode).toBe(404);
    expect((await enshi.get("/api/analytics/dashboard?region=422802")).statusCode).toBe(404);
    expect((await lichuan.get("/api/analytics/records?indicator=labor.persons&code=422801001")).statusCode).toBe(404);
  });

  it("someone without the analyst's function is refused", async () => {
    const collector = await env.login("恩施市舞阳坝街道信息采集员");
    expect((await collector.get("/api/analytics/dashboard")).statusCode).toBe(403);
  });
});

describe("monthly snapshots and period comparison", () => {
  it("the job takes every indicator for last month; the rows cannot be changed or deleted", async () => {
    const now = new Date("2030-02-01T01:00:00+08:00");
    const runs = await runDueJobs(env.ctx.db, now, [snapshotJob], env.ctx.modules);
    expect(runs[0]?.ok, JSON.stringify(runs)).toBe(true);
    const [n] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from analytics_snapshots where period = '2030-01'`);
    expect(n!.n).toBeGreaterThan(100);
    const [z] = await rows<{ value: number }>(env.ctx.db, sql`select value from analytics_snapshots where period = '2030-01' and indicator = 'labor.persons' and division_code = '422800'`);
    expect(Number(z!.value)).toBe(570);
    // Taking the same month again adds nothing.
    expect((await takeSnapshot(env.ctx.db, env.ctx.modules, "2030-01", now)).rows).toBe(0);
    expect(await dbRefusal(env.ctx.db.execute(sql`update analytics_snapshots set value = 1 where period = '2030-01'`))).toMatch(/immutable/);
    expect(await dbRefusal(env.ctx.db.execute(sql`delete from analytics_snapshots where period = '2030-01'`))).toMatch(/immutable/);
  });

  it("month on month reads the previous month's snapshot, for the caller's region only", async () => {
    const d = await dash(townA, "?month=2030-02");
    expect(d.compare.mom?.totals["labor.persons"]).toBe(240);
    const z = await dash(prefecture, "?month=2030-02");
    expect(z.compare.mom?.totals["labor.persons"]).toBe(570);
    expect((await dash(prefecture, "?month=2030-05")).compare.mom).toBeNull();
  });
});

describe("annual targets", () => {
  const year = 2030;
  it("the time schedule and red/amber/green", () => {
    expect(schedulePct(2030, "2029-12-31")).toBe(0);
    expect(schedulePct(2030, "2030-12-31")).toBe(100);
    expect(schedulePct(2030, "2030-07-02")).toBeCloseTo((183 / 365) * 100, 5);
    const t = { greenRatio: 1, amberRatio: 0.9 };
    expect(ragOf(50, 50, t)).toBe("green");
    expect(ragOf(46, 50, t)).toBe("amber");
    expect(ragOf(44, 50, t)).toBe("red");
  });

  it("the Excel template comes back with row-level errors; nothing is saved until every row is right; audited", async () => {
    const t = await prefecture.get(`/api/analytics/targets/template?year=${year}`);
    expect(t.statusCode, t.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(t.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rowOf = (county: string, ind: string) => {
      for (let n = 2; n <= ws.rowCount; n++) if (ws.getRow(n).getCell(1).value === county && ws.getRow(n).getCell(3).value === ind) return n;
      throw new Error("row missing");
    };
    ws.getRow(rowOf("422801", "labor.transfer")).getCell(6).value = 200;
    ws.getRow(rowOf("422802", "labor.transfer")).getCell(6).value = "很多";
    ws.getRow(rowOf("422801", "labor.persons")).getCell(6).value = -5;
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const m = multipart("targets.xlsx", bad);
    const r = await prefecture.request("POST", `/api/analytics/targets/import?year=${year}`, m.body, m.headers);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().saved).toBe(0);
    expect(r.json().errors.map((e: { row: number }) => e.row)).toEqual([rowOf("422802", "labor.transfer"), rowOf("422801", "labor.persons")].sort((a, b) => a - b));
    expect((await prefecture.get(`/api/analytics/targets?year=${year}`)).json().items).toEqual([]);
    ws.getRow(rowOf("422802", "labor.transfer")).getCell(6).value = 100;
    ws.getRow(rowOf("422801", "labor.persons")).getCell(6).value = 1000;
    const good = multipart("targets.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    const ok = await prefecture.request("POST", `/api/analytics/targets/import?year=${year}`, good.body, good.headers);
    expect(ok.json()).toEqual({ saved: 3, errors: [] });
    const [a] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from audit_log where event = 'analytics.targets.set'`);
    expect(a!.n).toBeGreaterThanOrEqual(1);
  });

  it("progress against the schedule, in each caller's scope; only 州 analysts set targets", async () => {
    // The demo's targets of this year (seedDemo): every county, the key labor figures.
    const thisYear = Number(chinaDate(new Date()).slice(0, 4));
    const z = (await prefecture.get(`/api/analytics/targets?year=${thisYear}`)).json();
    expect(z.items.length).toBe(24);
    const transfer = z.items.find((i: { countyCode: string; indicator: string }) => i.countyCode === "422801" && i.indicator === "labor.transfer");
    const d = await dash(prefecture, "?region=422801");
    expect(transfer.actual).toBe(d.totals["labor.transfer"]);
    expect(transfer.achievedPct).toBeCloseTo((d.totals["labor.transfer"]! / transfer.target) * 100, 6);
    expect(transfer.rag).toBe(ragOf(transfer.achievedPct, z.schedulePct, z.thresholds));
    const e = (await enshi.get(`/api/analytics/targets?year=${thisYear}`)).json();
    expect(new Set(e.items.map((i: { countyCode: string }) => i.countyCode))).toEqual(new Set(["422801"]));
    // The imported targets of 2030 (a year not begun: nothing achieved yet).
    const future = (await prefecture.get(`/api/analytics/targets?year=${year}`)).json();
    expect(future.items).toHaveLength(3);
    expect(future.schedulePct).toBe(0);
    expect((await enshi.put("/api/analytics/targets", { year, rows: [{ countyCode: "422801", indicator: "labor.transfer", target: 1 }] })).statusCode).toBe(403);
    const put = await prefecture.put("/api/analytics/targets", { year, rows: [{ countyCode: "422899", indicator: "labor.transfer", target: 1 }] });
    expect(put.statusCode).toBe(400);
    expect((await prefecture.put("/api/analytics/thresholds", { greenRatio: 1, amberRatio: 0.8 })).json()).toEqual({ greenRatio: 1, amberRatio: 0.8 });
    expect((await prefecture.put("/api/analytics/thresholds", { greenRatio: 0.5, amberRatio: 0.8 })).statusCode).toBe(400);
  });
});

describe("monthly reports", () => {
  it("a job makes the 州 and county reports; each analyst lists and downloads only their scope's", async () => {
    const runs = await runDueJobs(env.ctx.db, new Date("2030-02-01T04:00:00+08:00"), [reportJob], env.ctx.modules);
    expect(runs[0]?.ok, JSON.stringify(runs)).toBe(true);
    const z = (await prefecture.get("/api/analytics/reports")).json().items as { id: number; regionCode: string; period: string }[];
    expect(z.length).toBe(9);
    expect(z.every((r) => r.period === "2030-01")).toBe(true);
    const e = (await enshi.get("/api/analytics/reports")).json().items as { id: number; regionCode: string }[];
    expect(e.map((r) => r.regionCode)).toEqual(["422801"]);
    const pdf = await enshi.get(`/api/analytics/reports/${e[0]!.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
    const zReport = z.find((r) => r.regionCode === "422800")!;
    expect((await enshi.get(`/api/analytics/reports/${zReport.id}/pdf`)).statusCode).toBe(404);
    expect((await townA.get(`/api/analytics/reports/${e[0]!.id}/pdf`)).statusCode).toBe(404);
  }, 60_000);
});

describe("待办 (inbox)", () => {
  it("州 target managers see the targets still to set; analysts see new reports of their scope", async () => {
    const analytics = env.ctx.modules.find((m) => m.name === "analytics")!;
    const principalOf = async (label: string) => {
      const id = env.identity(label);
      const [a] = await rows<{ id: number }>(env.ctx.db, sql`select id from accounts where id_number = ${id.idNumber}`);
      return (await loadPrincipal(env.ctx.db, a!.id))!;
    };
    const now = new Date("2030-02-03T09:00:00+08:00");
    const z = await analytics.inbox!(env.ctx.db, await principalOf("州就业局数据分析员"), now);
    const targets = z.find((i) => i.kind === "analytics.targets")!;
    // 2030: of the 8 counties × 3 key figures, the import set labor.transfer for 恩施市 and 利川市.
    expect(targets).toMatchObject({ count: 22, due: "2030-01-31", overdue: true, link: "/analytics/targets" });
    expect(z.find((i) => i.kind === "analytics.report")?.count).toBe(9);
    const e = await analytics.inbox!(env.ctx.db, await principalOf("恩施市就业局数据分析员"), now);
    expect(e.map((i) => [i.kind, i.count])).toEqual([["analytics.report", 1]]);
    expect(await analytics.inbox!(env.ctx.db, await principalOf("恩施市舞阳坝街道数据分析员"), now)).toEqual([]);
  });
});

describe("read replica configuration (docs/operations.md)", () => {
  it("unset: the primary; set: a separate pool, answered as the replica", async () => {
    expect(analyticsDatabaseUrl({})).toBeUndefined();
    expect(analyticsDatabaseUrl({ ANALYTICS_DATABASE_URL: " " })).toBeUndefined();
    expect(() => analyticsDatabaseUrl({ ANALYTICS_DATABASE_URL: "mysql://x" })).toThrow();
    expect(analyticsReadDb(env.ctx.db, {}).db).toBe(env.ctx.db);
    const r = analyticsReadDb(env.ctx.db, { ANALYTICS_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/none" });
    expect(r.source).toBe("replica");
    expect(r.db).not.toBe(env.ctx.db);
  });

  it.runIf(!!process.env.DATABASE_URL)("on PostgreSQL, the dashboard is read from ANALYTICS_DATABASE_URL with the same numbers", async () => {
    const before = await dash(prefecture);
    process.env.ANALYTICS_DATABASE_URL = env.ctx.config.databaseUrl;
    try {
      const r = await prefecture.get("/api/analytics/dashboard");
      expect(r.json().source).toBe("replica");
      expect(r.json().totals).toEqual(before.totals);
    } finally {
      delete process.env.ANALYTICS_DATABASE_URL;
    }
  });

  it("today's China date is what the dashboard reads (sanity of the test clock)", () => {
    expect(chinaDate(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
