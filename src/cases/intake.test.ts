/**
 * S-CASES intake: the exchange tables in csv, xlsx and json; idempotent by PROJID and VERSION (the same files twice
 * change nothing); an update flag changes one case and writes its history; a broken row is reported and the rest goes
 * in (its case whole left out); delete withdraws a case and clears its cards; 差评 open their follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../test/harness.js";
import { SYSTEM_ACTOR } from "../core/audit.js";
import { WorkCalendar, chineseDaysExceptions } from "../core/calendar.js";
import { rng } from "../core/people.js";
import { caseCards, caseFollowups, caseHistory, caseSpecials, caseSteps, cases } from "./schema.js";
import { generateCases } from "./generator.js";
import { intakeSet } from "./intake.js";
import { csvOf, exchangeWorkbook, readExchangeFiles } from "./files.js";
import { EXCHANGE_TABLES, type ExchangeRow, type ExchangeSet } from "./exchange.js";

let env: TestEnv;
const cal = new WorkCalendar(new Map(chineseDaysExceptions().map((d) => [d.day, d.isWorkday])));
const NOW = new Date("2025-11-20T10:00:00+08:00");
const ALL = { scopePrefix: "4228" };

function sample(seqStart: number, n = 40): ExchangeSet {
  return generateCases(rng(seqStart), { count: n, now: NOW, days: 40, cal, seqStart, counties: ["422801", "422802"] });
}

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function countOf(table: typeof cases | typeof caseSteps | typeof caseHistory | typeof caseSpecials) {
  const [r] = await env.ctx.db.select({ n: count() }).from(table);
  return Number(r!.n);
}

describe("intake (S-CASES)", () => {
  it("takes csv files of the four tables; the same files twice change nothing", async () => {
    const set = sample(900_001);
    const files = (Object.keys(set) as (keyof ExchangeSet)[]).map((t) => ({ name: `${t}.csv`, data: Buffer.from(csvOf(EXCHANGE_TABLES[t], set[t]!)) }));
    const parsed = await readExchangeFiles(files);
    const first = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, parsed, { source: "file", now: NOW });
    expect(first.problems).toEqual([]);
    expect(first.inserted).toBe(40);
    const before = { cases: await countOf(cases), steps: await countOf(caseSteps), history: await countOf(caseHistory) };
    const second = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, await readExchangeFiles(files), { source: "file", now: NOW });
    expect(second.inserted + second.updated + second.deleted + second.evaluations).toBe(0);
    expect(second.unchanged).toBe(40);
    expect({ cases: await countOf(cases), steps: await countOf(caseSteps), history: await countOf(caseHistory) }).toEqual(before);
  });

  it("an update flag with a newer version changes one case and writes its history (old → new)", async () => {
    const set = sample(900_001);
    const row: ExchangeRow = { ...set.PRE_BASEINFO![3]!, FLAG: "U", VERSION: 2, FINISHTIME: "2025-11-19 16:00:00", RESULT: "准予许可" };
    const rep = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, { PRE_BASEINFO: [row] }, { source: "push", now: NOW });
    expect(rep.updated).toBe(1);
    const [c] = await env.ctx.db.select().from(cases).where(eq(cases.projid, String(row.PROJID)));
    expect(c!.version).toBe(2);
    expect(c!.finishedAt!.toISOString()).toBe(new Date("2025-11-19T16:00:00+08:00").toISOString());
    const hist = await env.ctx.db.select().from(caseHistory).where(eq(caseHistory.caseId, c!.id));
    expect(hist).toHaveLength(1);
    expect(hist[0]!.changes.finishedAt!.new).toBe(c!.finishedAt!.toISOString());
    // The same update again, or an older version, changes nothing.
    const again = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, { PRE_BASEINFO: [row, ] }, { source: "push", now: NOW });
    expect(again.updated).toBe(0);
    expect(await env.ctx.db.select().from(caseHistory).where(eq(caseHistory.caseId, c!.id))).toHaveLength(1);
  });

  it("a broken row is reported with table, row and field; its case stays out whole, the rest goes in", async () => {
    const set = sample(910_001, 10);
    const bad = set.PRE_BASEINFO![2]!;
    bad.ACCEPTTIME = "2025/13/01";
    const badStep = set.PRE_PROCESS!.find((s) => s.PROJID === set.PRE_BASEINFO![5]!.PROJID)!;
    badStep.NODENAME = "";
    const buf = await exchangeWorkbook(set);
    const rep = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, await readExchangeFiles([{ name: "exchange.xlsx", data: buf }]), { source: "file", now: NOW });
    expect(rep.inserted).toBe(8);
    expect(rep.rejected).toBe(2);
    expect(rep.problems).toContainEqual(expect.objectContaining({ table: "PRE_BASEINFO", row: 3, projid: bad.PROJID, field: "ACCEPTTIME" }));
    expect(rep.problems).toContainEqual(expect.objectContaining({ table: "PRE_PROCESS", field: "NODENAME", projid: set.PRE_BASEINFO![5]!.PROJID }));
    expect(await env.ctx.db.select().from(cases).where(eq(cases.projid, String(bad.PROJID)))).toHaveLength(0);
    expect(await env.ctx.db.select().from(cases).where(eq(cases.projid, String(set.PRE_BASEINFO![5]!.PROJID)))).toHaveLength(0);
  });

  it("json with 特别程序: an open one pauses the case; closing it by a later file resumes the clock", async () => {
    const base = sample(920_001, 1).PRE_BASEINFO![0]!;
    Object.assign(base, { ACCEPTTIME: "2025-11-03 09:00:00", FINISHTIME: "", PROMISEVALUE: 5, PROMISETYPE: "工作日", LEGALVALUE: 15, PROJECTTYPE: "承诺件" });
    const sp = { PROJID: base.PROJID, SEQ: 1, SPTYPE: "鉴定", APPROVER: "局长", REASON: "依法鉴定", STARTTIME: "2025-11-05 00:00:00", ENDTIME: "", SPLIMIT: 30 };
    const json = Buffer.from(JSON.stringify({ PRE_BASEINFO: [base], PRE_SPECIALPROCEDURE: [sp] }));
    await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, await readExchangeFiles([{ name: "push.json", data: json }]), { source: "file", now: NOW });
    const [c] = await env.ctx.db.select().from(cases).where(eq(cases.projid, String(base.PROJID)));
    expect(c!.paused).toBe(true);
    expect(c!.promiseDueAt).toBeNull();
    const closed = { ...sp, ENDTIME: "2025-11-07 00:00:00" };
    const rep = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, { PRE_SPECIALPROCEDURE: [closed] }, { source: "push", now: NOW });
    expect(rep.updated).toBe(1);
    const [d] = await env.ctx.db.select().from(cases).where(eq(cases.id, c!.id));
    expect(d!.paused).toBe(false);
    // Nov 4, then Nov 7, 10, 11, 12: 5 working days with Nov 5–6 out.
    expect(d!.promiseDueAt!.toISOString()).toBe(new Date("2025-11-13T00:00:00+08:00").toISOString());
    // Overdue at NOW (Nov 20): a 黄牌 was issued by the intake's sweep.
    const cards = await env.ctx.db.select().from(caseCards).where(eq(caseCards.caseId, c!.id));
    expect(cards.map((k) => [k.level, k.status])).toEqual([["yellow", "issued"]]);
    // Withdrawn (FLAG D): the card is cleared.
    await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, { PRE_BASEINFO: [{ PROJID: base.PROJID, VERSION: 5, FLAG: "D" }] }, { source: "push", now: NOW });
    const after = await env.ctx.db.select().from(caseCards).where(eq(caseCards.caseId, c!.id));
    expect(after[0]!.status).toBe("cleared");
  });

  it("a 差评 opens its follow-up with a 15-working-day deadline; children of an unknown case are refused", async () => {
    const [f] = await env.ctx.db.select().from(caseFollowups).limit(1);
    expect(f).toBeDefined();
    expect(f!.stage).toBe("pre_review");
    expect(f!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rep = await intakeSet(env.ctx.db, SYSTEM_ACTOR, ALL, { PRE_PROCESS: [{ PROJID: "NOSUCHCASE01", SEQ: 1, NODENAME: "受理", STARTTIME: "2025-11-03 09:00:00" }] }, { source: "push", now: NOW });
    expect(rep.rejected).toBe(1);
    expect(rep.problems[0]!.message).toContain("办件编号不存在");
  });

  it("refuses rows outside the importer's scope", async () => {
    const set = sample(930_001, 4);
    const rep = await intakeSet(env.ctx.db, SYSTEM_ACTOR, { scopePrefix: "422801" }, set, { source: "push", now: NOW });
    expect(rep.inserted).toBe(2);
    expect(rep.problems.some((p) => p.field === "AREACODE" && p.message.includes("数据范围"))).toBe(true);
  });
});
