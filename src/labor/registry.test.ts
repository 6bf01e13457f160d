/**
 * S-LABOR registry through the real HTTP layer as real operators: data scope (P9), masking and audited reveal (X2),
 * entry and edit with history, 一户一表 survey, data quality, statistics exact after edits and imports (including the
 * working-age roll), export, and bad import files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { makeIdNumber } from "../core/idcard.js";
import { chinaDate } from "../core/calendar.js";
import { writeCsvFile, generateRows } from "./generator.js";
import { commitAndWait, upload } from "../test/labor-kit.js";
import { ageOn } from "./record.js";
import { verifyRollup } from "./stats.js";
import { rawQuery } from "./store.js";

let env: TestEnv;
let dir: string;
let townA: Client; // 舞阳坝街道 422801001
let townB: Client; // 六角亭街道 422801002
let county: Client; // 恩施市 信息审核员: read, update, reveal-id, export, stats
let prefecture: Client; // 州 信息审核员
let countA = 0;
let countB = 0;

async function importFile(c: Client, name: string, o: Parameters<typeof writeCsvFile>[1]) {
  const p = path.join(dir, name);
  await writeCsvFile(p, o);
  const res = await upload(c, name, await readFile(p));
  expect(res.statusCode, res.body).toBe(200);
  const { final } = await commitAndWait(c, res.json().id);
  expect(final.status).toBe("committed");
  return final as Record<string, number>;
}

beforeAll(async () => {
  env = await createTestEnv();
  dir = await mkdtemp(path.join(tmpdir(), "labor-reg-"));
  townA = await env.login("恩施市舞阳坝街道信息采集员");
  townB = await env.login("恩施市六角亭街道信息采集员");
  county = await env.login("恩施市就业局操作员");
  prefecture = await env.login("州劳动力资源信息审核员");
  countA = (await importFile(townA, "a.csv", { count: 200, seed: 101, regionPrefix: "422801001" })).inserted!;
  countB = (await importFile(townB, "b.csv", { count: 150, seed: 102, regionPrefix: "422801002" })).inserted!;
});
afterAll(async () => env?.close());

const total = async (c: Client, q = "") => (await c.get(`/api/labor/persons?pageSize=1${q}`)).json().total as number;

describe("P9 data scope", () => {
  it("a township operator sees only their township; the county sees both", async () => {
    expect(countA).toBe(200);
    expect(await total(townA)).toBe(200);
    expect(await total(townB)).toBe(150);
    expect(await total(county)).toBe(350);
    expect(await total(county, "&region=422801002")).toBe(150);
    expect((await townA.get("/api/labor/persons?region=422801002")).statusCode).toBe(404);
  });

  it("a township operator cannot open another township's person", async () => {
    const b = (await townB.get("/api/labor/persons?pageSize=1")).json().items[0];
    expect((await townA.get(`/api/labor/persons/${b.id}`)).statusCode).toBe(404);
    expect((await townA.put(`/api/labor/persons/${b.id}`, { version: 1, employmentStatus: "unemp" })).statusCode).toBe(404);
    expect((await townB.get(`/api/labor/persons/${b.id}`)).statusCode).toBe(200);
  });

  it("a township operator cannot import another township's people: every row is refused", async () => {
    const p = path.join(dir, "b-by-a.csv");
    await writeCsvFile(p, { count: 30, seed: 103, regionPrefix: "422801002" });
    const v = (await upload(townA, "b-by-a.csv", await readFile(p))).json();
    expect(v.validRows).toBe(0);
    expect(v.errorRows).toBe(30);
    expect(v.firstErrors[0].code).toBe("OUT_OF_SCOPE");
    const { final } = await commitAndWait(townA, v.id);
    expect(final.inserted).toBe(0);
    expect(await total(county)).toBe(350);
  });

  it("a person registered in another township cannot be moved in by import", async () => {
    // B's person re-listed in A's file with an A village: refused for that row only.
    const bFile = (await readFile(path.join(dir, "b.csv"), "utf8")).replace(/^\ufeff/, "").split("\r\n");
    const aRows = [...generateRows({ count: 3, seed: 104, regionPrefix: "422801001" })];
    const header = aRows[0]!;
    const moved = bFile[1]!.split(",");
    moved[header.indexOf("常住地")] = "422801001001";
    moved[header.indexOf("户编号")] = "";
    aRows[1] = moved;
    const csv = aRows.map((r) => r.join(",")).join("\n");
    const v = (await upload(townA, "move.csv", Buffer.from(csv))).json();
    expect(v.errorRows).toBe(1);
    expect(v.firstErrors[0]).toMatchObject({ rowNo: 2, code: "ID_NOT_REGISTRABLE" });
    await townA.post(`/api/labor/import/${v.id}/cancel`);
  });

  it("the import batches of a township are not visible to another township", async () => {
    const list = (await townA.get("/api/labor/import")).json().items as { id: number }[];
    const other = (await townB.get("/api/labor/import")).json().items as { id: number }[];
    expect(list.length).toBeGreaterThan(0);
    for (const b of other) expect(list.map((x) => x.id)).not.toContain(b.id);
    expect((await townA.get(`/api/labor/import/${other[0]!.id}`)).statusCode).toBe(404);
    expect((await county.get(`/api/labor/import/${other[0]!.id}`)).statusCode).toBe(403); // no labor.import
  });
});

describe("X2 masking and audited reveal", () => {
  it("lists and details never carry a clear 身份证号 or phone", async () => {
    const ids = (await readFile(path.join(dir, "a.csv"), "utf8")).split("\r\n").slice(1, 30).map((l) => l.split(",")[0]!);
    const list = await county.get("/api/labor/persons?pageSize=200&region=422801001");
    for (const id of ids) expect(list.body).not.toContain(id);
    const item = list.json().items[0];
    expect(item.idNumber).toBeUndefined();
    expect(item.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const d = await county.get(`/api/labor/persons/${item.id}`);
    for (const id of ids) expect(d.body).not.toContain(id);
    expect(d.json().person.phoneMasked ?? "").not.toMatch(/^\d{11}$/);
  });

  it("reveal needs labor.person.reveal-id and a reason, is audited, and only its answer carries the clear values", async () => {
    const item = (await county.get("/api/labor/persons?pageSize=1&region=422801001")).json().items[0];
    expect((await townA.post(`/api/labor/persons/${item.id}/reveal`, { reason: "核实身份" })).statusCode).toBe(403);
    const noReason = await county.post(`/api/labor/persons/${item.id}/reveal`, { reason: "" });
    expect(noReason.statusCode).toBe(400);
    const r = await county.post(`/api/labor/persons/${item.id}/reveal`, { reason: "电话回访核实就业情况" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["cache-control"]).toBe("no-store");
    const clear = r.json();
    expect(clear.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(clear.idNumber.slice(0, 4) + "**********" + clear.idNumber.slice(-4)).toBe(item.idNumberMasked);
    const rows = await rawQuery<{ actor_name: string; detail: { reason: string } }>(env.ctx.db,
      "select actor_name, detail from audit_log where event = 'labor.person.reveal' and object_id = $1", [String(item.id)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail.reason).toBe("电话回访核实就业情况");
    expect(rows[0]!.actor_name).toBe(env.identity("恩施市就业局操作员").name);
  });

  it("export is masked and audited", async () => {
    const r = await county.get("/api/labor/persons/export?region=422801002");
    expect(r.statusCode).toBe(200);
    expect(r.headers["x-export-rows"]).toBe("150");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(151);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect((await townA.get("/api/labor/persons/export")).statusCode).toBe(403);
    const [a] = await rawQuery<{ n: number }>(env.ctx.db, "select count(*)::int as n from audit_log where event = 'labor.export'");
    expect(a!.n).toBe(1);
  });
});

describe("S-LABOR entry, edit and history", () => {
  const today = chinaDate(new Date());
  const birth = `${Number(today.slice(0, 4)) - 30}0315`;
  const id1 = makeIdNumber("422801", birth, 11);
  let personId = 0;

  it("refuses a wrong check digit, a village outside the scope, and a duplicate", async () => {
    const bad = await townA.post("/api/labor/persons", { idNumber: id1.slice(0, 17) + (id1[17] === "1" ? "2" : "1"), name: "向明", regionCode: "422801001001", employmentStatus: "emp" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("PERSON_INVALID");
    expect(bad.json().details.problems[0].code).toBe("ID_CHECK_DIGIT");
    const out = await townA.post("/api/labor/persons", { idNumber: id1, name: "向明", regionCode: "422801002001", employmentStatus: "emp" });
    expect(out.statusCode).toBe(400);
    expect(out.json().details.problems[0].code).toBe("OUT_OF_SCOPE");
    const ok = await townA.post("/api/labor/persons", { idNumber: id1, name: "向明", sex: "M", regionCode: "422801001001", ethnicity: "15", education: "70", employmentStatus: "emp", transferDest: "outside", transferChannel: "self", monthsAway: 10, phone: "13800001111" });
    expect(ok.statusCode, ok.body).toBe(200);
    personId = ok.json().id;
    const dup = await townA.post("/api/labor/persons", { idNumber: id1, name: "向明", regionCode: "422801001001" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe("PERSON_EXISTS");
  });

  it("edits with a version check and records who changed which field from what to what", async () => {
    const stale = await townA.put(`/api/labor/persons/${personId}`, { version: 9, employmentStatus: "flex" });
    expect(stale.statusCode).toBe(409);
    const r = await townA.put(`/api/labor/persons/${personId}`, { version: 1, employmentStatus: "flex", phone: "13900002222" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().changed.sort()).toEqual(["employmentStatus", "phone"]);
    const same = await townA.put(`/api/labor/persons/${personId}`, { version: 2, employmentStatus: "flex" });
    expect(same.json().changed).toEqual([]);
    const d = (await townA.get(`/api/labor/persons/${personId}`)).json();
    expect(d.person.version).toBe(2);
    const phone = d.history.find((h: { field: string }) => h.field === "phone");
    expect(phone).toMatchObject({ fieldName: "联系电话", oldValue: "138****1111", newValue: "139****2222", source: "manual" });
    expect(d.history.find((h: { field: string }) => h.field === "employmentStatus")).toMatchObject({ oldValue: "就业", newValue: "灵活就业" });
    expect(d.body ?? "").not.toContain("13900002222");
  });

  it("a transfer block without a destination, or with a non-working status, is refused", async () => {
    const r = await townA.put(`/api/labor/persons/${personId}`, { version: 2, employmentStatus: "study" });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.problems[0].code).toBe("STATUS_TRANSFER_CONFLICT");
  });

  it("一户一表: a household and its members in one survey entry, all or nothing", async () => {
    const members = [
      { idNumber: makeIdNumber("422801", `${Number(today.slice(0, 4)) - 45}0101`, 21), name: "田华", relation: "head", employmentStatus: "farm", education: "70", ethnicity: "15", phone: "13700001234" },
      { idNumber: makeIdNumber("422801", `${Number(today.slice(0, 4)) - 43}0202`, 22), name: "覃丽", relation: "spouse", employmentStatus: "emp", transferDest: "outside", transferChannel: "self", monthsAway: 11 },
      { idNumber: makeIdNumber("422801", `${Number(today.slice(0, 4)) - 20}0303`, 23), name: "田军", relation: "child", employmentStatus: "study" },
    ];
    const bad = await townA.post("/api/labor/households", { villageCode: "422801001002", members: [...members, { idNumber: members[0]!.idNumber.slice(0, 17) + (members[0]!.idNumber.endsWith("1") ? "2" : "1"), name: "错号" }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("HOUSEHOLD_INVALID");
    const before = await total(townA);
    expect(before).toBe(201);
    const r = await townA.post("/api/labor/households", { villageCode: "422801001002", address: "舞阳坝街道某组12号", members });
    expect(r.statusCode, r.body).toBe(200);
    const h = r.json();
    expect(h.householdNo).toMatch(/^4228010010020\d{3}$/);
    const d = (await townA.get(`/api/labor/households/${h.id}`)).json();
    expect(d.members).toHaveLength(3);
    expect(d.members[0].idNumberMasked).toMatch(/\*{10}/);
    expect(await total(townA)).toBe(204);
    expect((await townB.get(`/api/labor/households/${h.id}`)).statusCode).toBe(404);
  });

  it("一户一表 with a member already registered: refused naming the member, nothing written", async () => {
    const before = await total(townA);
    const r = await townA.post("/api/labor/households", {
      villageCode: "422801001002",
      members: [
        { idNumber: makeIdNumber("422801", `${Number(today.slice(0, 4)) - 50}0505`, 25), name: "向红", relation: "head" },
        { idNumber: id1, name: "向明", relation: "child" },
      ],
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "PERSON_EXISTS", details: { member: 2, id: personId } });
    expect(r.json().message).toMatch(/^第 2 名成员（向明）/);
    expect(await total(townA)).toBe(before);
  });

  it("the edit form's body: 身份证号 and phone left out stay as they are; phone null clears it", async () => {
    const d = (await townA.get(`/api/labor/persons/${personId}`)).json().person;
    const keys = ["name", "regionCode", "hukouCode", "ethnicity", "education", "relation", "employmentStatus", "transferDest", "transferChannel", "industry",
      "occupation", "monthlyIncome", "monthsAway", "leftDate", "workPlace", "skillLevel", "skills", "certificates", "trainingWish", "employmentWish",
      "returnee", "poverty", "monitored"];
    const body = Object.fromEntries(keys.map((k) => [k, d[k]]));
    const r = await townA.put(`/api/labor/persons/${personId}`, { ...body, version: d.version, remarks: "电话回访已核实" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().changed).toEqual(["remarks"]);
    const clear = (await county.post(`/api/labor/persons/${personId}/reveal`, { reason: "核对修改结果" })).json();
    expect(clear).toMatchObject({ idNumber: id1, phone: "13900002222" });
    const c = await townA.put(`/api/labor/persons/${personId}`, { version: r.json().version, phone: null });
    expect(c.json().changed).toEqual(["phone"]);
    expect((await townA.get(`/api/labor/persons/${personId}`)).json().person.phoneMasked).toBeNull();
  });

  it("data quality: duplicates by name and birth date, missing survey fields, per township with a fix-list", async () => {
    const b = `${Number(today.slice(0, 4)) - 33}0707`;
    for (const seq of [31, 33]) {
      const r = await townA.post("/api/labor/persons", { idNumber: makeIdNumber("422801", b, seq), name: "彭勇", regionCode: "422801001003", employmentStatus: "none" });
      expect(r.statusCode, r.body).toBe(200);
    }
    const s = (await county.get("/api/labor/quality?region=422801")).json().items as { townshipCode: string; duplicate: number; missing: number }[];
    const a = s.find((x) => x.townshipCode === "422801001")!;
    expect(a.duplicate).toBeGreaterThanOrEqual(2);
    expect(a.missing).toBeGreaterThanOrEqual(2);
    const dups = (await townA.get("/api/labor/quality/422801001?kind=duplicate")).json().items as { name: string; reason: string }[];
    expect(dups.filter((x) => x.name === "彭勇")).toHaveLength(2);
    expect(dups[0]!.reason).toMatch(/可能重复登记/);
    const missing = (await townA.get("/api/labor/quality/422801001?kind=missing")).json().items as { name: string; reason: string }[];
    expect(missing.find((x) => x.name === "彭勇")!.reason).toMatch(/联系电话/);
    expect((await townA.get("/api/labor/quality/422801002?kind=missing")).statusCode).toBe(404);
  });
});

/** Counting directly from the registry rows, independently of the rollup and of its SQL. */
async function directCount(prefix: string) {
  const today = chinaDate(new Date());
  const rows = await rawQuery<{ sex: string; birth_date: string; employment_status: string | null; transfer_dest: string | null; months_away: number | null; returnee: boolean; poverty: boolean }>(env.ctx.db,
    "select sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date, employment_status, transfer_dest, months_away, returnee, poverty from labor_persons where region_code like $1", [`${prefix}%`]);
  const wa = (r: (typeof rows)[number]) => { const a = ageOn(r.birth_date, today); return a >= 16 && a < (r.sex === "M" ? 60 : 55); };
  const emp = (r: (typeof rows)[number]) => ["emp", "flex", "self"].includes(r.employment_status ?? "");
  return {
    persons: rows.length,
    laborForce: rows.filter(wa).length,
    employed: rows.filter(emp).length,
    "status.farm": rows.filter((r) => r.employment_status === "farm").length,
    "dest.outside": rows.filter((r) => r.transfer_dest === "outside").length,
    transfer: rows.filter((r) => (r.months_away ?? 0) >= 6 && ["county", "province", "outside", "abroad"].includes(r.transfer_dest ?? "")).length,
    returnee: rows.filter((r) => r.returnee).length,
    povertyEmployed: rows.filter((r) => r.poverty && emp(r)).length,
  };
}

function pick(f: Record<string, number>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, f[k]]));
}

describe("S-LABOR statistics by 州/县/乡/村, exact after edits and imports", () => {
  it("needs labor.stats.read and stays inside the scope", async () => {
    expect((await townA.get("/api/labor/stats")).statusCode).toBe(403);
    expect((await county.get("/api/labor/stats?area=422802")).statusCode).toBe(403);
    expect((await county.get("/api/labor/stats?area=422801001")).statusCode).toBe(200);
  });

  it("equals a direct count of the registry at every level after imports, entries, edits and a move", async () => {
    // A move between townships and a status change, made by the county operator.
    const p = (await county.get("/api/labor/persons?pageSize=1&region=422801002&status=emp")).json().items[0];
    const d = (await county.get(`/api/labor/persons/${p.id}`)).json().person;
    const mv = await county.put(`/api/labor/persons/${p.id}`, { version: d.version, regionCode: "422801001004", transferDest: null, transferChannel: null, monthsAway: null, leftDate: null, employmentStatus: "unemp" });
    expect(mv.statusCode, mv.body).toBe(200);
    // And one more import with updates (re-import with changes) into township B.
    await importFile(townB, "b2.csv", { count: 60, seed: 105, regionPrefix: "422801002" });
    const keys = ["persons", "laborForce", "employed", "status.farm", "dest.outside", "transfer", "returnee", "povertyEmployed"];
    const pref = (await prefecture.get("/api/labor/stats")).json();
    expect(pref.area).toMatchObject({ code: "422800", level: "prefecture" });
    expect(pref.source).toBe("rollup");
    expect(pref.rows).toHaveLength(8);
    expect(pick(pref.total, keys)).toEqual(await directCount("4228"));
    const es = pref.rows.find((r: { code: string }) => r.code === "422801");
    expect(pick(es.figures, keys)).toEqual(await directCount("422801"));
    const cty = (await county.get("/api/labor/stats?area=422801")).json();
    const a = cty.rows.find((r: { code: string }) => r.code === "422801001");
    expect(pick(a.figures, keys)).toEqual(await directCount("422801001"));
    const vil = (await county.get("/api/labor/stats?area=422801001")).json();
    expect(vil.childLevel).toBe("village");
    const v1 = vil.rows.find((r: { code: string; figures: { persons: number } }) => r.figures.persons > 0);
    expect(pick(v1.figures, keys)).toEqual(await directCount(v1.code));
    expect((await verifyRollup(env.ctx.db)).differences).toEqual([]);
  });

  it("stays exact across days: the working-age flags roll forward from an older date", async () => {
    // Someone turns 16 today: of working age today, not yesterday.
    const today = chinaDate(new Date());
    const id = makeIdNumber("422801", `${Number(today.slice(0, 4)) - 16}${today.slice(5, 7)}${today.slice(8, 10)}`, 41);
    const r = await townA.post("/api/labor/persons", { idNumber: id, name: "龙杰", regionCode: "422801001001", employmentStatus: "study" });
    expect(r.statusCode, r.body).toBe(200);
    // Pretend the rollup was last rolled more than a year ago (the flags are moved back consistently).
    await rawQuery(env.ctx.db, "select labor_stats_roll($1::date)", [`${Number(today.slice(0, 4)) - 1}-${today.slice(5, 10) === "02-29" ? "02-28" : today.slice(5, 10)}`]);
    const pref = (await prefecture.get("/api/labor/stats")).json();
    expect(pref.total.laborForce).toBe((await directCount("4228")).laborForce);
    const [asof] = await rawQuery<{ asof: string }>(env.ctx.db, "select to_char(asof, 'YYYY-MM-DD') as asof from labor_stats_asof");
    expect(asof!.asof).toBe(today);
    expect((await verifyRollup(env.ctx.db)).ok).toBe(true);
  });
});

describe("bad import files: clear errors, nothing written", () => {
  const countBatches = async () => (await rawQuery<{ n: number }>(env.ctx.db, "select count(*)::int as n from labor_import_batches"))[0]!.n;

  it("wrong file types", async () => {
    const before = await countBatches();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    let r = await upload(townA, "photo.png", png);
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("IMPORT_FILE_TYPE");
    r = await upload(townA, "old.xls", Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]));
    expect(r.json()).toMatchObject({ code: "IMPORT_XLS_UNSUPPORTED" });
    expect(r.json().message).toMatch(/\.xlsx/);
    r = await upload(townA, "fake.xlsx", Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.from("not really a zip")]));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toMatch(/^IMPORT_(XLSX_INVALID|NO_HEADER)$/);
    r = await upload(townA, "empty.csv", Buffer.alloc(0));
    expect(r.json().code).toBe("IMPORT_FILE_EMPTY");
    expect(await countBatches()).toBe(before);
  });

  it("missing required columns is one file-level error naming them", async () => {
    const before = await countBatches();
    const r = await upload(townA, "cols.csv", Buffer.from("姓名,性别,民族,文化程度\n向明,男,土家族,初中\n"));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("IMPORT_MISSING_COLUMNS");
    expect(r.json().message).toMatch(/身份证号/);
    expect(r.json().details.missing).toEqual(["身份证号", "常住地"]);
    expect(await countBatches()).toBe(before);
  });

  it("formulas are read by their cached value with a warning; a formula without a value, or an ID stored as a number, is a row error", async () => {
    const rows = [...generateRows({ count: 3, seed: 201, regionPrefix: "422801001" })];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表1");
    rows.forEach((r) => ws.addRow(r));
    const income = rows[0]!.indexOf("月收入（元）") + 1;
    const idCol = rows[0]!.indexOf("身份证号") + 1;
    ws.getRow(2).getCell(income).value = { formula: "3000+500", result: 3500 } as ExcelJS.CellFormulaValue;
    ws.getRow(3).getCell(idCol).value = { formula: "A2", result: undefined } as unknown as ExcelJS.CellFormulaValue;
    ws.getRow(4).getCell(idCol).value = 4.22801198001011e17;
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const v = (await upload(townA, "formula.xlsx", buf)).json();
    expect(v.totalRows).toBe(3);
    expect(v.validRows).toBe(1);
    const probs = (await townA.get(`/api/labor/import/${v.id}/errors`)).json().items as { rowNo: number; code: string; severity: string }[];
    expect(probs.find((p) => p.rowNo === 2)).toMatchObject({ code: "FORMULA_VALUE", severity: "warning" });
    expect(probs.find((p) => p.rowNo === 3 && p.code === "FORMULA_NO_RESULT")).toBeTruthy();
    expect(probs.find((p) => p.rowNo === 4 && p.code === "ID_STORED_AS_NUMBER")).toBeTruthy();
    await townA.post(`/api/labor/import/${v.id}/cancel`);
  });

  it("100 000 empty rows are skipped fast (csv and xlsx)", async () => {
    const rows = [...generateRows({ count: 5, seed: 202, regionPrefix: "422801001" })];
    const csv = rows.map((r) => r.join(",")).join("\r\n") + "\r\n" + ",,,,,,,,,,,,,,,\r\n".repeat(100_000);
    let t = Date.now();
    let v = (await upload(townA, "empty-rows.csv", Buffer.from(csv))).json();
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(v).toMatchObject({ totalRows: 5, validRows: 5, emptyRowsSkipped: 100_000 });
    await townA.post(`/api/labor/import/${v.id}/cancel`);
    const p = path.join(dir, "empty-rows.xlsx");
    const w = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useStyles: true });
    const ws = w.addWorksheet("表1");
    for (const r of rows) ws.addRow(r).commit();
    for (let i = 0; i < 100_000; i++) {
      const row = ws.addRow(["", null, ""]);
      row.getCell(1).border = { top: { style: "thin" } };
      row.commit();
    }
    await ws.commit();
    await w.commit();
    t = Date.now();
    v = (await upload(townA, "empty-rows.xlsx", await readFile(p))).json();
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(v).toMatchObject({ totalRows: 5, validRows: 5 });
    expect(v.emptyRowsSkipped).toBeGreaterThanOrEqual(100_000);
    await townA.post(`/api/labor/import/${v.id}/cancel`);
  });

  it("a 身份证号 twice in one file: both rows are reported, the others go in", async () => {
    const rows = [...generateRows({ count: 6, seed: 203, regionPrefix: "422801001" })];
    rows[5] = [...rows[2]!];
    rows[5]![1] = "另一个名字";
    const v = (await upload(townA, "dup.csv", Buffer.from(rows.map((r) => r.join(",")).join("\n")))).json();
    expect(v).toMatchObject({ totalRows: 6, errorRows: 2, validRows: 4 });
    const e = (await townA.get(`/api/labor/import/${v.id}/errors`)).json().items as { rowNo: number; code: string; message: string }[];
    expect(e.filter((x) => x.code === "DUPLICATE_IN_FILE").map((x) => x.rowNo).sort()).toEqual([3, 6]);
    expect(e.find((x) => x.rowNo === 6)!.message).toMatch(/第 3 行/);
    const { final } = await commitAndWait(townA, v.id);
    expect(final.inserted).toBe(4);
  });

  it("a file over 20 MB is refused before anything is read", async () => {
    const before = await countBatches();
    const big = Buffer.alloc(21 * 1024 * 1024, 0x2c);
    const r = await upload(townA, "big.csv", big);
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe("IMPORT_FILE_TOO_LARGE");
    expect(r.json().message).toMatch(/20 MB/);
    expect(await countBatches()).toBe(before);
  });

  it("the template downloads with Chinese headers and reads back as a valid import file", async () => {
    const r = await townA.get("/api/labor/import/template");
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.getWorksheet("劳动力资源调查表")!;
    expect(ws.getRow(1).getCell(1).value).toBe("*身份证号");
    expect(wb.getWorksheet("代码表")).toBeTruthy();
    const today = chinaDate(new Date());
    ws.addRow([makeIdNumber("422801", `${Number(today.slice(0, 4)) - 40}0101`, 51), "谭华", "男", "", "土家族", "初中", "422801001001", "422801001001"]);
    const v = (await upload(townA, "template.xlsx", Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(v).toMatchObject({ totalRows: 1, validRows: 1 });
    await townA.post(`/api/labor/import/${v.id}/cancel`);
  });
});

describe("S-LABOR 一户一表: household records are permanent", () => {
  it("deleting or truncating labor_households is refused by the database (household_id has no foreign key)", async () => {
    const [h] = await rawQuery<{ id: number }>(env.ctx.db, "select id from labor_households limit 1");
    expect(h).toBeDefined();
    await expect(rawQuery(env.ctx.db, "delete from labor_households where id = $1", [h!.id])).rejects.toThrow();
    await expect(rawQuery(env.ctx.db, "truncate labor_households cascade")).rejects.toThrow();
    const [n] = await rawQuery<{ n: number }>(env.ctx.db, "select count(*)::int as n from labor_households where id = $1", [h!.id]);
    expect(n!.n).toBe(1);
  });
});
