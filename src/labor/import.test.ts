/**
 * S-LABOR import through the real HTTP layer as real operators: 10 % bad rows (good ones in, bad ones reported),
 * re-import of the same file (no duplicates, history only for real changes), progress, crash and resume, CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts } from "../core/db/schema.js";
import { writeCsvFile, writeXlsxFile } from "./generator.js";
import { commitAndWait, upload } from "../test/labor-kit.js";
import { beginCommit, cancelImport, commitImport, importerOf, importProblems, SimulatedCrash, validateImport } from "./import.js";
import { loadPrincipal } from "../core/access/principal.js";
import { laborImportBatches } from "./schema.js";
import { importLaborCommand } from "./cli.js";
import { verifyRollup } from "./stats.js";
import { discardStaleImports } from "./jobs.js";
import { generatePersons } from "./generator.js";
import { dataKeys } from "./check.js";
import { csvFieldAt, lineHead, preparedLayout, preparedLine, writePrepared } from "./store.js";
import { AppError } from "../core/errors.js";

let env: TestEnv;
let dir: string;
let town: Client;
const TOWN = "恩施市舞阳坝街道信息采集员";

beforeAll(async () => {
  env = await createTestEnv();
  dir = await mkdtemp(path.join(tmpdir(), "labor-import-"));
  town = await env.login(TOWN);
});
afterAll(async () => env?.close());

async function registered(c: Client, query = ""): Promise<number> {
  const r = await c.get(`/api/labor/persons?pageSize=1${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().total as number;
}

describe("S-LABOR import with 10 % bad rows", () => {
  let file: Buffer;
  let firstBatch: Record<string, any>;

  it("validates every row and previews counts and first errors, writing nothing to the registry", async () => {
    const p = path.join(dir, "bad10.csv");
    await writeCsvFile(p, { count: 300, seed: 11, regionPrefix: "422801001", badFraction: 0.1 });
    file = await readFile(p);
    const res = await upload(town, "bad10.csv", file);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    firstBatch = v;
    expect(v.status).toBe("validated");
    expect(v.totalRows).toBe(300);
    expect(v.errorRows).toBeGreaterThan(10);
    expect(v.errorRows).toBeLessThan(70);
    expect(v.validRows).toBe(300 - v.errorRows);
    expect(v.newRows).toBe(v.validRows);
    expect(v.firstErrors.length).toBeGreaterThan(0);
    const e = v.firstErrors[0];
    expect(e.rowNo).toBeGreaterThanOrEqual(2);
    expect(typeof e.column).toBe("string");
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await registered(town)).toBe(0);
  });

  it("reports every bad row with row, column and reason, as JSON and as xlsx (IDs masked)", async () => {
    const r = await town.get(`/api/labor/import/${firstBatch.id}/errors?severity=error&limit=1000`);
    const { items, total } = r.json();
    expect(total).toBeGreaterThanOrEqual(firstBatch.errorRows);
    expect(new Set(items.map((i: { rowNo: number }) => i.rowNo)).size).toBe(firstBatch.errorRows);
    const codes = new Set(items.map((i: { code: string }) => i.code));
    expect([...codes].some((c) => ["ID_CHECK_DIGIT", "VILLAGE_UNKNOWN", "CODE_UNKNOWN", "REQUIRED", "PHONE_INVALID", "SEX_MISMATCH", "DUPLICATE_IN_FILE", "MONTHS_RANGE"].includes(c as string))).toBe(true);
    for (const i of items.filter((x: { column: string; value: string | null }) => x.column === "身份证号" && x.value && x.value.length === 18)) expect(i.value).toMatch(/\*{10}/);
    const x = await town.get(`/api/labor/import/${firstBatch.id}/errors.xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers["content-type"]).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.getWorksheet("错误报告")!;
    expect(ws.getRow(1).values).toEqual([undefined, "行号", "列", "值", "问题", "类别", "代码"]);
    const all = (await town.get(`/api/labor/import/${firstBatch.id}/errors?limit=1`)).json().total;
    expect(ws.rowCount - 1).toBe(all);
  });

  it("commits the good rows in batches with a progress bar; the bad ones stay out", async () => {
    const { final, seen } = await commitAndWait(town, firstBatch.id);
    expect(final.status).toBe("committed");
    expect(final.inserted).toBe(firstBatch.validRows);
    expect(final.progress).toBe(1);
    expect(seen[seen.length - 1]).toBe(1);
    expect(await registered(town)).toBe(firstBatch.validRows);
    const n = ((await env.ctx.db.execute(sql`select count(*)::int as n from audit_log where event = 'labor.import.batch' and object_id = ${String(firstBatch.id)}`)).rows as { n: number }[])[0]!.n;
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it("re-importing the same file adds nobody and writes no history", async () => {
    const res = await upload(town, "bad10.csv", file);
    const v = res.json();
    expect(v.newRows).toBe(0);
    expect(v.existingRows).toBe(firstBatch.validRows);
    const { final } = await commitAndWait(town, v.id);
    expect(final).toMatchObject({ status: "committed", inserted: 0, updated: 0, historyRows: 0, unchanged: firstBatch.validRows });
    expect(await registered(town)).toBe(firstBatch.validRows);
  });

  it("a changed file updates only the changed people, with history rows for the fields that really changed", async () => {
    const text = file.toString("utf8");
    const lines = text.split("\r\n");
    const header = lines[0]!.replace(/^\ufeff/, "").split(",");
    const statusCol = header.indexOf("就业状态");
    const incomeCol = header.indexOf("月收入（元）");
    const idCol = header.indexOf("身份证号");
    const errorRows = new Set(((await town.get(`/api/labor/import/${firstBatch.id}/errors?severity=error&limit=1000`)).json().items as { rowNo: number }[]).map((i) => i.rowNo));
    const changed: string[] = [];
    let expectedHistory = 0;
    for (let i = 1; i < lines.length && changed.length < 5; i++) {
      if (errorRows.has(i + 1) || !lines[i] || lines[i]!.includes('"')) continue;
      const cells = lines[i]!.split(",");
      if (cells[statusCol] !== "就业") continue;
      cells[statusCol] = "灵活就业";
      expectedHistory++;
      const income = cells[incomeCol] ? Number(cells[incomeCol]) + 500 : 1800;
      cells[incomeCol] = String(income);
      expectedHistory++;
      changed.push(cells[idCol]!);
      lines[i] = cells.join(",");
    }
    expect(changed.length).toBe(5);
    const res = await upload(town, "changed.csv", Buffer.from(lines.join("\r\n")));
    const { final } = await commitAndWait(town, res.json().id);
    expect(final).toMatchObject({ status: "committed", inserted: 0, updated: 5, historyRows: expectedHistory });
    expect(await registered(town)).toBe(firstBatch.validRows);
    const found = (await town.get(`/api/labor/persons?q=${changed[0]}`)).json();
    expect(found.total).toBe(1);
    const d = (await town.get(`/api/labor/persons/${found.items[0].id}`)).json();
    const status = d.history.find((h: { field: string }) => h.field === "employmentStatus");
    expect(status).toMatchObject({ fieldName: "就业状态", oldValue: "就业", newValue: "灵活就业", source: "import", batchId: res.json().id });
    expect(status.actorName).toBeTruthy();
    expect(d.history.every((h: { field: string }) => ["employmentStatus", "monthlyIncome"].includes(h.field))).toBe(true);
  });

  it("imports xlsx with a title row above the header, header variants and names for villages", async () => {
    const p = path.join(dir, "names.xlsx");
    await writeXlsxFile(p, { count: 40, seed: 12, regionPrefix: "422801001", villageAs: "name", sheetTitle: "舞阳坝街道劳动力资源调查表" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(2);
    header.eachCell((cell) => {
      if (cell.value === "身份证号") cell.value = "公民身份号码";
      if (cell.value === "联系电话") cell.value = "手机号";
      if (cell.value === "姓名") cell.value = "名字";
    });
    await wb.xlsx.writeFile(p);
    const res = await upload(town, "names.xlsx", await readFile(p));
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.headerRow).toBe(2);
    expect(v.mapping.find((m: { header: string }) => m.header === "公民身份号码").field).toBe("idNumber");
    expect(v.mapping.find((m: { header: string }) => m.header === "手机号").field).toBe("phone");
    expect(v.totalRows).toBe(40);
    expect(v.errorRows).toBe(0);
    const { final } = await commitAndWait(town, v.id);
    expect(final.inserted).toBe(40);
  });
});

describe("S-LABOR import: the registry changes between validation and commit", () => {
  it("a person the validation found new but registered meanwhile is updated, not duplicated; statistics stay exact", async () => {
    const p = path.join(dir, "race.csv");
    await writeCsvFile(p, { count: 30, seed: 41, regionPrefix: "422801001" });
    const text = (await readFile(p, "utf8")).replace(/^\uFEFF/, "");
    const [header, first] = text.split(/\r?\n/);
    const before = await registered(town);
    const v = (await upload(town, "race.csv", await readFile(p))).json();
    expect(v).toMatchObject({ validRows: 30, newRows: 30 });
    // Another import registers the file's first person before this batch is committed.
    const one = (await upload(town, "one.csv", Buffer.from(`${header}\n${first}\n`))).json();
    expect((await commitAndWait(town, one.id)).final.inserted).toBe(1);
    const { final } = await commitAndWait(town, v.id);
    expect(final).toMatchObject({ status: "committed", inserted: 29, updated: 0, unchanged: 1, rejected: 0 });
    expect(await registered(town)).toBe(before + 30);
    expect((await verifyRollup(env.ctx.db)).differences).toEqual([]);
    // The prepared rows are gone with the commit.
    const left = ((await env.ctx.db.execute(sql`select count(*)::int as n from labor_import_chunks where batch_id in (${v.id}, ${one.id})`)).rows as { n: number }[])[0]!.n;
    expect(left).toBe(0);
  });
});

describe("S-LABOR import: prepared rows are not kept for ever (X2)", () => {
  it("a batch validated but not imported within 7 days is discarded by the daily job, its prepared rows deleted, audited", async () => {
    const p = path.join(dir, "stale.csv");
    await writeCsvFile(p, { count: 10, seed: 51, regionPrefix: "422801001" });
    const v = (await upload(town, "stale.csv", await readFile(p))).json();
    const chunks = async () => ((await env.ctx.db.execute(sql`select count(*)::int as n from labor_import_chunks where batch_id = ${v.id}`)).rows as { n: number }[])[0]!.n;
    expect(await chunks()).toBe(1);
    expect(await discardStaleImports(env.ctx.db, new Date(Date.now() + 6 * 86_400_000))).toEqual({ discarded: 0 });
    expect(await discardStaleImports(env.ctx.db, new Date(Date.now() + 8 * 86_400_000))).toEqual({ discarded: 1 });
    expect(await chunks()).toBe(0);
    const b = (await town.get(`/api/labor/import/${v.id}`)).json();
    expect(b.status).toBe("cancelled");
    expect(b.message).toMatch(/7 天内未导入/);
    const late = await town.post(`/api/labor/import/${v.id}/commit`, { wait: true });
    expect(late.json().code).toBe("IMPORT_CANCELLED");
    const n = ((await env.ctx.db.execute(sql`select count(*)::int as n from audit_log where event = 'labor.import.discard' and object_id = ${String(v.id)}`)).rows as { n: number }[])[0]!.n;
    expect(n).toBe(1);
  });
});

describe("S-LABOR import: large csv files are checked in worker threads", () => {
  it("the block-parallel path finds exactly what the main-thread path finds and prepares the same rows", async () => {
    const p = path.join(dir, "workers.csv");
    await writeCsvFile(p, { count: 3000, seed: 61, regionPrefix: "422801001", badFraction: 0.1 });
    const lines = (await readFile(p, "utf8")).replace(/\r?\n$/, "").split(/\r\n/);
    // A 备注 column whose quoted cells hold commas, quotes and line breaks (blocks must not be cut inside them), and
    // duplicates of the first rows at the end of the file (found across blocks).
    const note = lines[0]!.split(",").indexOf("备注");
    expect(note).toBeGreaterThan(0);
    const withNote = lines.map((l, i) => {
      const cells = l.split(",");
      if (i === 0 || i % 7 !== 0 || cells.length !== lines[0]!.split(",").length) return l;
      cells[note] = `"第一行，含逗号,\r\n第二行 ""引号"" ${i}"`;
      return cells.join(",");
    });
    await writeFile(p, [...withNote, withNote[1], withNote[2]].join("\r\n") + "\r\n");
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, env.identity(TOWN).idNumber));
    const who = importerOf((await loadPrincipal(env.ctx.db, acc!.id))!, null);
    const ictx = { db: env.ctx.db };
    const run = (workers: number) => validateImport(ictx, who, { fileName: "workers.csv", path: p }, { source: "cli", workers, blockBytes: 16_384 });
    const inline = await run(0);
    const threaded = await run(2);
    const pick = (v: typeof inline) => ({ total: v.totalRows, valid: v.validRows, errors: v.errorRows, warnings: v.warningCount, newRows: v.newRows, existing: v.existingRows, empty: v.emptyRowsSkipped });
    expect(pick(threaded)).toEqual(pick(inline));
    expect(inline.totalRows).toBe(3002);
    expect(inline.errorRows).toBeGreaterThan(200);
    const all = async (id: number) => (await importProblems(env.ctx.db, id, { limit: 100_000, offset: 0 })).items;
    expect(await all(threaded.id)).toEqual(await all(inline.id));
    const chunks = async (id: number) => ((await env.ctx.db.execute(sql`select string_agg(lines, E'\n' order by seq) as t from labor_import_chunks where batch_id = ${id}`)).rows as { t: string }[])[0]!.t;
    const prepared = await chunks(threaded.id);
    expect(prepared).toBe(await chunks(inline.id));
    expect(prepared).toContain("第二行");
    const [b1] = await env.ctx.db.select().from(laborImportBatches).where(eq(laborImportBatches.id, inline.id));
    const [b2] = await env.ctx.db.select().from(laborImportBatches).where(eq(laborImportBatches.id, threaded.id));
    expect(b2!.fileSha256).toBe(b1!.fileSha256);
    expect(b2!.fileSize).toBe(b1!.fileSize);
    await cancelImport(ictx, who, b1!);
    const before = await registered(town);
    const done = await commitImport(ictx, who, threaded.id);
    expect(done.inserted).toBe(threaded.newRows);
    expect(done.inserted + done.updated + done.unchanged).toBe(threaded.validRows);
    expect(await registered(town)).toBe(before + threaded.newRows);
    expect((await verifyRollup(env.ctx.db)).differences).toEqual([]);
  });
});

describe("S-LABOR import: new rows are copied with one set-based key check (D12)", () => {
  it("commits exactly what the per-row key triggers commit: persons, households, statistics", async () => {
    const p = path.join(dir, "keys.csv");
    await writeCsvFile(p, { count: 400, seed: 71, regionPrefix: "422801001", badFraction: 0.05 });
    // Two fresh registries, so that no earlier test has registered one of the file's people.
    const [one, other] = [await createTestEnv(), await createTestEnv()];
    try {
      const snapshot = async (e: TestEnv, perRowKeyChecks: boolean) => {
        const [acc] = await e.ctx.db.select().from(accounts).where(eq(accounts.idNumber, e.identity(TOWN).idNumber));
        const who = importerOf((await loadPrincipal(e.ctx.db, acc!.id))!, null);
        const v = await validateImport({ db: e.ctx.db }, who, { fileName: "keys.csv", path: p }, { source: "cli" });
        const done = await commitImport({ db: e.ctx.db }, who, v.id, { batchSize: 100, perRowKeyChecks });
        expect(done.inserted).toBe(v.newRows);
        expect((await verifyRollup(e.ctx.db)).differences).toEqual([]);
        const rows = (await e.ctx.db.execute(sql`
          select to_jsonb(p) - '{id,household_id,created_at,updated_at,created_by,updated_by,created_batch,updated_batch}'::text[]
                 || jsonb_build_object('household', h.household_no, 'householdVillage', h.village_code) as r
          from labor_persons p left join labor_households h on h.id = p.household_id
          where p.created_batch = ${v.id} order by p.id_number`)).rows as { r: unknown }[];
        return { inserted: done.inserted, rows: rows.map((x) => (typeof x.r === "string" ? JSON.parse(x.r) : x.r)) };
      };
      const setBased = await snapshot(one, false);
      const perRow = await snapshot(other, true);
      expect(setBased.inserted).toBeGreaterThan(350);
      expect(setBased.rows.length).toBe(setBased.inserted);
      expect(setBased.rows).toEqual(perRow.rows);
      expect(setBased.rows.some((r) => r.household && r.hukou_code)).toBe(true);
    } finally {
      await one.close();
      await other.close();
    }
  });

  it("a row naming a village that does not exist is refused as the key would refuse it, and nothing is written", async () => {
    const present = dataKeys(new Set(["idNumber", "name", "regionCode", "hukouCode", "householdNo", "remarks"]));
    const layout = preparedLayout(present);
    const [person] = [...generatePersons({ count: 1, seed: 81, regionPrefix: "422801001" })];
    const good = preparedLine(2, { ...person!, householdNo: "KEYS-0001", remarks: "备注，含逗号和\"引号\"" }, layout);
    const bad = preparedLine(2, { ...person!, householdNo: "KEYS-0001", hukouCode: "422801001999", remarks: "x" }, layout);
    // The 户籍地 of a prepared line is found behind quoted cells too.
    expect(csvFieldAt(good, lineHead(good).afterHousehold + 1, 4 + layout.hukouField)).toBe(person!.hukouCode ?? "");
    expect(csvFieldAt('a,"b,""c""",d', 0, 1)).toBe('b,"c"');
    expect(csvFieldAt('a,"b,""c""",d', 0, 2)).toBe("d");
    const db = env.ctx.db;
    const o = { present, scopePrefix: "422801001", actorAccountId: null, actorName: "test", batchId: null, source: "import" as const };
    const count = async () => ((await db.execute(sql`select count(*)::int as n from labor_persons where id_number = ${person!.idNumber}`)).rows as { n: number }[])[0]!.n;
    const setBased = await db.transaction((tx) => writePrepared(tx, [`F,${bad}`], o)).catch((e: unknown) => e);
    expect(setBased).toBeInstanceOf(AppError);
    expect((setBased as AppError).code).toBe("VILLAGE_NOT_FOUND");
    expect((setBased as AppError).message).toContain("422801001999");
    const perRow = await db.transaction((tx) => writePrepared(tx, [`F,${bad}`], { ...o, perRowKeyChecks: true })).catch((e: unknown) => e);
    const state = (perRow as { code?: string; cause?: { code?: string } }).code ?? (perRow as { cause?: { code?: string } }).cause?.code;
    expect(state).toBe("23503");
    expect(await count()).toBe(0);
    const hh = ((await db.execute(sql`select count(*)::int as n from labor_households where household_no = 'KEYS-0001'`)).rows as { n: number }[])[0]!.n;
    expect(hh).toBe(0);
    await db.transaction((tx) => writePrepared(tx, [`F,${good}`], o));
    expect(await count()).toBe(1);
    expect((await verifyRollup(db)).differences).toEqual([]);
  });
});

describe("S-LABOR import: households created by two sessions at once (PostgreSQL server)", () => {
  it.skipIf(!process.env.DATABASE_URL)("a household another session is creating makes the COPY wait, then take the other session's household", async () => {
    const present = dataKeys(new Set(["idNumber", "name", "regionCode", "householdNo"]));
    const layout = preparedLayout(present);
    const [person] = [...generatePersons({ count: 1, seed: 91, regionPrefix: "422801001" })];
    const line = preparedLine(2, { ...person!, householdNo: "RACE-0001" }, layout);
    const db = env.ctx.db;
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let created!: () => void;
    const inserted = new Promise<void>((r) => (created = r));
    const first = db.transaction(async (a) => {
      await a.execute(sql`insert into labor_households (household_no, village_code) values ('RACE-0001', ${person!.regionCode})`);
      created();
      await hold;
    });
    await inserted;
    const second = db.transaction((tx) => writePrepared(tx, [`F,${line}`], { present, scopePrefix: "422801001", actorAccountId: null, actorName: "test", batchId: null, source: "import" }));
    await new Promise((r) => setTimeout(r, 300));
    release();
    await first;
    expect((await second).inserted).toBe(1);
    const rows = (await db.execute(sql`select h.household_no, (select count(*)::int from labor_households where household_no = 'RACE-0001') as n
      from labor_persons p join labor_households h on h.id = p.household_id where p.id_number = ${person!.idNumber}`)).rows as { household_no: string; n: number }[];
    expect(rows).toEqual([{ household_no: "RACE-0001", n: 1 }]);
  });
});

describe("S-LABOR import: a crash mid-commit is visible and resumable", () => {
  it("stops at a batch boundary, shows 'committing' with the last row, refuses a second committer, then resumes", async () => {
    const p = path.join(dir, "crash.csv");
    await writeCsvFile(p, { count: 250, seed: 21, regionPrefix: "422801001" });
    const before = await registered(town);
    const v = (await upload(town, "crash.csv", await readFile(p))).json();
    expect(v.validRows).toBe(250);
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, env.identity(TOWN).idNumber));
    const actor = { accountId: acc!.id, name: acc!.name, ip: null };
    const ictx = { db: env.ctx.db };
    const { done } = await beginCommit(ictx, actor, v.id, { batchSize: 100, crashAfterRows: 100 });
    await expect(done).rejects.toBeInstanceOf(SimulatedCrash);
    let prog = (await town.get(`/api/labor/import/${v.id}`)).json();
    expect(prog).toMatchObject({ status: "committing", rowsDone: 100, inserted: 100, interrupted: false });
    expect(prog.lastRowNo).toBe(101);
    expect(await registered(town)).toBe(before + 100);
    // The committer still looks alive: nobody else may take the batch.
    const busy = await town.post(`/api/labor/import/${v.id}/commit`, { wait: true });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe("IMPORT_IN_PROGRESS");
    // Time passes without a heartbeat: the batch shows as interrupted and may be resumed.
    await env.ctx.db.update(laborImportBatches).set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(laborImportBatches.id, v.id));
    prog = (await town.get(`/api/labor/import/${v.id}`)).json();
    expect(prog.interrupted).toBe(true);
    const resumed = await town.post(`/api/labor/import/${v.id}/commit`, { wait: true });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ status: "committed", inserted: 250, rowsDone: 250 });
    expect(await registered(town)).toBe(before + 250);
    const n = ((await env.ctx.db.execute(sql`select count(*)::int as n from audit_log where event = 'labor.import.resume' and object_id = ${String(v.id)}`)).rows as { n: number }[])[0]!.n;
    expect(n).toBe(1);
  });
});

describe("S-LABOR import: prepared rows lost in a database crash (unlogged work area)", () => {
  it("a batch interrupted by a crash says its prepared rows are gone; importing the file again completes it", async () => {
    const kind = ((await env.ctx.db.execute(sql`select relpersistence from pg_class where relname = 'labor_import_chunks'`)).rows as { relpersistence: string }[])[0]!;
    expect(kind.relpersistence).toBe("u");
    const p = path.join(dir, "lost.csv");
    await writeCsvFile(p, { count: 120, seed: 35, regionPrefix: "422801001" });
    const before = await registered(town);
    const v = (await upload(town, "lost.csv", await readFile(p))).json();
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, env.identity(TOWN).idNumber));
    const actor = { accountId: acc!.id, name: acc!.name, ip: null };
    const ictx = { db: env.ctx.db };
    await expect((await beginCommit(ictx, actor, v.id, { batchSize: 50, crashAfterRows: 50 })).done).rejects.toBeInstanceOf(SimulatedCrash);
    // What crash recovery does to an unlogged table: it is emptied.
    await env.ctx.db.execute(sql`truncate labor_import_chunks`);
    await env.ctx.db.update(laborImportBatches).set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(laborImportBatches.id, v.id));
    const resumed = await town.post(`/api/labor/import/${v.id}/commit`, { wait: true });
    expect(resumed.json().code).toBe("IMPORT_PREPARED_GONE");
    const b = (await town.get(`/api/labor/import/${v.id}`)).json();
    expect(b).toMatchObject({ status: "failed", rowsDone: 50, inserted: 50 });
    expect(b.message).toMatch(/重新上传文件校验/);
    expect(await registered(town)).toBe(before + 50);
    const again = (await upload(town, "lost.csv", await readFile(p))).json();
    expect(again).toMatchObject({ newRows: 70, existingRows: 50 });
    expect((await commitAndWait(town, again.id)).final).toMatchObject({ status: "committed", inserted: 70, unchanged: 50, updated: 0 });
    expect(await registered(town)).toBe(before + 120);
    expect((await verifyRollup(env.ctx.db)).differences).toEqual([]);
  });
});

describe("S-LABOR CLI import", () => {
  it("import-labor validates, commits with a progress bar and reports; the operator's scope applies", async () => {
    const p = path.join(dir, "cli.csv");
    await writeCsvFile(p, { count: 120, seed: 31, regionPrefix: "422801001", badFraction: 0.1 });
    const before = await registered(town);
    const errs: string[] = [];
    const origErr = process.stderr.write.bind(process.stderr);
    const origLog = console.log;
    const logs: string[] = [];
    process.stderr.write = ((s: string) => (errs.push(String(s)), true)) as typeof process.stderr.write;
    console.log = (...a: unknown[]) => logs.push(a.join(" "));
    try {
      const code = await importLaborCommand(env.ctx, { file: p, as: env.identity(TOWN).idNumber, errorsOut: path.join(dir, "cli-errors.xlsx") });
      expect(code).toBe(0);
    } finally {
      process.stderr.write = origErr;
      console.log = origLog;
    }
    expect(errs.join("")).toMatch(/导入 \[█+░*\] +100%/);
    expect(logs.join("\n")).toMatch(/导入完成：新增 \d+ 人/);
    const added = (await registered(town)) - before;
    expect(added).toBeGreaterThan(90);
    expect(added).toBeLessThan(120);
    const report = await readFile(path.join(dir, "cli-errors.xlsx"));
    expect(report.subarray(0, 2).toString()).toBe("PK");
    // Another township's file is refused row by row for this operator.
    const other = path.join(dir, "other.csv");
    await writeCsvFile(other, { count: 20, seed: 32, regionPrefix: "422801002" });
    console.log = () => undefined;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await importLaborCommand(env.ctx, { file: other, as: env.identity(TOWN).idNumber, errorsOut: path.join(dir, "other-errors.xlsx") });
    } finally {
      console.log = origLog;
      process.stderr.write = origErr;
    }
    expect(await registered(town)).toBe(before + added);
  });
});
