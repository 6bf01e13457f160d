/**
 * S-CASES through the real HTTP layer with the demo staff: scope (a county sees its own windows' cases), masking
 * everywhere including the export (X2) and the audited reveal, the warning board, a card appeal decided, a 差评
 * follow-up to its callback and reply, the inbox, the indicators (records total = value), and cards appearing and
 * clearing as a test clock moves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq, sql } from "drizzle-orm";
import { createTestEnv, type TestEnv, type Client } from "../test/harness.js";
import { auditLog } from "../core/db/schema.js";
import { SYSTEM_ACTOR } from "../core/audit.js";
import { runDueJobs } from "../core/jobs.js";
import { notices } from "../core/db/schema.js";
import { caseCards, cases } from "./schema.js";
import { intakeSet } from "./intake.js";
import { sweepCards } from "./cards.js";
import { CASES_INDICATORS } from "./stats.js";
import casesModule from "./module.js";
import { loadPrincipal } from "../core/access/principal.js";
import { makeIdNumber } from "../core/idcard.js";
import { chinaDate } from "../core/calendar.js";

let env: TestEnv;
let zhou: Client, county: Client, staff: Client, leader: Client, lichuan: Client;

beforeAll(async () => {
  env = await createTestEnv();
  zhou = await env.login("州政务服务办件监督员");
  county = await env.login("恩施市办件监督员");
  staff = await env.login("恩施市人社窗口工作人员");
  leader = await env.login("恩施市人社窗口负责人");
  lichuan = await env.login("利川市人社窗口工作人员");
}, 120_000);
afterAll(async () => env?.close());

describe("scope and masking (P9, X2)", () => {
  it("a county sees only its own windows' cases; the 州 sees all", async () => {
    const all = (await zhou.get("/api/cases?pageSize=200")).json();
    const es = (await county.get("/api/cases?pageSize=200")).json();
    const lc = (await lichuan.get("/api/cases?pageSize=200")).json();
    expect(all.total).toBeGreaterThan(es.total);
    expect(es.items.every((c: { divisionCode: string }) => c.divisionCode === "422801")).toBe(true);
    expect(lc.items.every((c: { divisionCode: string }) => c.divisionCode === "422802")).toBe(true);
    const other = lc.items[0].id;
    expect((await county.get(`/api/cases/cases/${other}`)).statusCode).toBe(404);
    expect((await county.get("/api/cases?region=422802")).statusCode).toBe(404);
  });
  it("numbers are masked in the list, the detail and the export; the reveal needs its function and is audited", async () => {
    const list = (await county.get("/api/cases?pageSize=5")).json();
    for (const c of list.items) expect(c.applicantCardNo).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const id = list.items[0].id;
    const d = (await county.get(`/api/cases/cases/${id}`)).json();
    expect(d.case.applicantCardNo).toContain("**********");
    expect(d.case.contactPhone).toContain("****");
    const x = await county.get("/api/cases/export");
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    for (let r = 2; r <= Math.min(ws.rowCount, 30); r++) {
      expect(String(ws.getRow(r).getCell(5).value)).toMatch(/\*{10}/);
      expect(String(ws.getRow(r).getCell(6).value ?? "")).not.toMatch(/^1\d{10}$/);
    }
    expect((await county.post(`/api/cases/cases/${id}/reveal`)).statusCode).toBe(403);
    const rev = await zhou.post(`/api/cases/cases/${id}/reveal`);
    expect(rev.statusCode).toBe(200);
    expect(rev.json().applicantCardNo).toMatch(/^\d{17}[\dX]$/);
    const [a] = await env.ctx.db.select().from(auditLog).where(and(eq(auditLog.event, "cases.case.reveal"), eq(auditLog.objectId, String(id))));
    expect(a).toBeDefined();
  });
});

describe("warning board and cards", () => {
  it("the board counts open cases per window by level; the urgent list masks names", async () => {
    const b = (await county.get("/api/cases/board")).json();
    expect(b.windows).toHaveLength(5);
    expect(b.total.yellow + b.total.red).toBeGreaterThan(0);
    expect(b.total.warning).toBeGreaterThan(0);
    expect(b.total.paused).toBeGreaterThan(0);
    for (const u of b.urgent) expect(u.applicantName).toMatch(/^.\*+$/);
    const w = (await county.get(`/api/cases/board?windowCode=${b.windows[0].windowCode}`)).json();
    expect(w.windows).toHaveLength(1);
  });

  it("a window appeals a card; its own county's supervisor decides (打回 then 上报 is refused for an issued card; 上报 to the 州, who revokes)", async () => {
    const mine = (await staff.get("/api/cases/cards?mine=true&status=issued")).json();
    expect(mine.items.length).toBeGreaterThan(0);
    const card = mine.items[0];
    expect((await staff.post(`/api/cases/cards/${card.id}/appeal`, { reason: "" })).json().code).toBe("CASES_APPEAL_REASON");
    expect((await staff.post(`/api/cases/cards/${card.id}/appeal`, { reason: "申请人补正材料期间应计入特别程序" })).statusCode).toBe(200);
    expect((await staff.post(`/api/cases/cards/${card.id}/decide`, { decision: "撤销", note: "x" })).statusCode).toBe(403);
    expect((await lichuan.get("/api/cases/cards?status=appealed")).json().items.find((c: { id: number }) => c.id === card.id)).toBeUndefined();
    const up = await county.post(`/api/cases/cards/${card.id}/decide`, { decision: "上报", note: "涉及特别程序认定，报州级审定" });
    expect(up.json().status).toBe("escalated");
    expect((await county.post(`/api/cases/cards/${card.id}/decide`, { decision: "撤销", note: "x" })).json().code).toBe("CASES_ESCALATED");
    const done = await zhou.post(`/api/cases/cards/${card.id}/decide`, { decision: "撤销", note: "经核实补正材料期间应暂停计时，撤销黄牌" });
    expect(done.json().status).toBe("revoked");
    const [a] = await env.ctx.db.select().from(auditLog).where(and(eq(auditLog.event, "cases.card.decide"), eq(auditLog.objectId, String(card.id))));
    expect(a).toBeDefined();
  });

  it("cards appear and clear at the right moment as a test clock moves", async () => {
    const db = env.ctx.db;
    const base = { PROJID: "422801CLOCK0001", VERSION: 1, FLAG: "I", SERVICECODE: "000115001000", SERVICENAME: "失业保险金申领", PROJECTTYPE: "承诺件", APPLYNAME: "向明", APPLYCARDNUMBER: makeIdNumber("422801", "19900101", 123),
      DEPTCODE: "422801-JY", DEPTNAME: "恩施市人力资源和社会保障局就业促进股", WINDOWCODE: "422801-W02", AREACODE: "422801", ACCEPTTIME: "2025-09-30 10:00:00", PROMISEVALUE: 3, PROMISETYPE: "工作日", LEGALVALUE: 5 };
    const t0 = new Date("2025-09-30T11:00:00+08:00");
    await intakeSet(db, SYSTEM_ACTOR, { scopePrefix: "4228" }, { PRE_BASEINFO: [base] }, { source: "push", now: t0 });
    const [c] = await db.select().from(cases).where(eq(cases.projid, base.PROJID));
    const cardsAt = async (iso: string) => {
      await sweepCards(db, new Date(iso), [c!.id]);
      return (await db.select().from(caseCards).where(eq(caseCards.caseId, c!.id))).filter((k) => k.status === "issued").map((k) => k.level).sort();
    };
    // 3 working days after Sep 30 across 国庆: Oct 9, 10, 11 (调休) → due 24:00 Oct 11; legal 5: Oct 13, 14 → 24:00 Oct 14.
    expect(await cardsAt("2025-10-12T00:00:00+08:00")).toEqual([]);
    expect(await cardsAt("2025-10-12T00:00:01+08:00")).toEqual(["yellow"]);
    expect(await cardsAt("2025-10-15T00:00:00+08:00")).toEqual(["yellow"]);
    expect(await cardsAt("2025-10-15T00:00:01+08:00")).toEqual(["red", "yellow"]);
    // A 特别程序 reported late from Oct 9 (open): the case is paused from before both moments, the cards clear.
    await intakeSet(db, SYSTEM_ACTOR, { scopePrefix: "4228" }, { PRE_SPECIALPROCEDURE: [{ PROJID: base.PROJID, SEQ: 1, SPTYPE: "补正材料", STARTTIME: "2025-10-09 08:00:00", ENDTIME: "" }] }, { source: "push", now: new Date("2025-10-16T09:00:00+08:00") });
    expect(await cardsAt("2025-10-16T09:00:01+08:00")).toEqual([]);
    const notes = await db.select().from(notices).where(eq(notices.kind, "cases.card"));
    expect(notes.length).toBeGreaterThan(0);
  });
});

describe("差评 follow-up (国办发〔2019〕51号)", () => {
  it("goes pre-review → … → leader sign-off (leader only) → callback with satisfaction → reply; audited", async () => {
    const list = (await staff.get("/api/cases/followups?open=true&mine=true")).json().items as { id: number; stage: string }[];
    const f = list.find((x) => x.stage === "pre_review")!;
    expect(f).toBeDefined();
    const step = (c: Client, body: object) => c.post(`/api/cases/followups/${f.id}/advance`, { note: "处理意见", ...body });
    expect((await step(staff, {})).json().stage).toBe("malice_check");
    expect((await step(staff, { malicious: false })).json().stage).toBe("verify");
    expect((await step(staff, {})).json().stage).toBe("rectify");
    expect((await step(staff, {})).json().code).toBe("CASES_OUTCOME_REQUIRED");
    expect((await step(staff, { outcome: "整改" })).json().stage).toBe("signoff");
    expect((await step(staff, {})).json().code).toBe("CASES_SIGNOFF_REQUIRED");
    expect((await step(leader, {})).json().stage).toBe("callback");
    expect((await step(staff, {})).json().code).toBe("CASES_SATISFACTION_REQUIRED");
    expect((await step(staff, { satisfaction: 1 })).json().stage).toBe("reply");
    expect((await step(staff, {})).json().stage).toBe("closed");
    expect((await step(staff, {})).json().code).toBe("CASES_FOLLOWUP_CLOSED");
    expect((await lichuan.post(`/api/cases/followups/${f.id}/advance`, { note: "x" })).statusCode).toBe(404);
  });

  it("the indicators: 实名差评回访率 and the late ones; the deadline engine reminds and escalates", async () => {
    const today = chinaDate(new Date());
    const r = (await county.get(`/api/cases/stats/reviews?from=2025-01-01&to=${today}`)).json();
    expect(r.counts.bad).toBeGreaterThan(0);
    expect(r.rates.realNameCallbackRate).toBeLessThan(100);
    const later = new Date(Date.now() + 40 * 86_400_000);
    await runDueJobs(env.ctx.db, later, casesModule.jobs!);
    const n = await env.ctx.db.select().from(notices).where(eq(notices.kind, "cases.followup.overdue"));
    expect(n.length).toBeGreaterThan(0);
    const late = (await county.get(`/api/cases/stats/reviews?from=2025-01-01&to=${today}`)).json();
    expect(Array.isArray(late.late)).toBe(true);
  });
});

describe("inbox, analysis and indicators", () => {
  it("the inbox lists cards, appeals and follow-ups for the right people", async () => {
    const sp = (await loadPrincipal(env.ctx.db, (await env.ctx.db.execute<{ id: number }>(sql`select id from accounts where name = ${env.identity("恩施市人社窗口工作人员").name}`)).rows[0]!.id))!;
    const items = await casesModule.inbox!(env.ctx.db, sp, new Date());
    expect(items.map((i) => i.kind)).toContain("cases.followup");
  });
  it("analysis by window, ranking and grades; Excel", async () => {
    const today = chinaDate(new Date());
    const a = (await zhou.get(`/api/cases/stats/analysis?by=county&from=2025-01-01&to=${today}`)).json();
    expect(a.rows.length).toBe(8);
    expect(a.rows[0].name).toMatch(/恩施市|利川市|县/);
    const month = today.slice(0, 7);
    const rk = (await county.get(`/api/cases/stats/ranking?month=${month}`)).json();
    expect(rk.rows[0]?.rank ?? 1).toBe(1);
    const g = (await county.get(`/api/cases/stats/grades?quarter=${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`)).json();
    expect(g.thresholds.excellent).toBe(95);
    const x = await county.get(`/api/cases/stats/analysis.xlsx?by=service&from=2025-01-01&to=${today}`);
    expect(x.statusCode).toBe(200);
    expect((await staff.get(`/api/cases/stats/analysis?by=county&from=2025-01-01&to=${today}`)).statusCode).toBe(403);
  });
  it("each indicator's records total equals its value", async () => {
    const today = chinaDate(new Date());
    const qy = { scope: { scopePrefix: "4228" }, groupBy: "county" as const, from: "2025-01-01", to: today };
    for (const ind of CASES_INDICATORS) {
      const vals = await ind.compute(env.ctx.db, qy);
      expect(vals.length, ind.code).toBeGreaterThan(0);
      const v = vals.find((x) => x.code === "422801") ?? vals[0]!;
      const rec = await ind.records!(env.ctx.db, { ...qy, code: v.code, page: 1, pageSize: 10 });
      expect(rec.total).toBe(v.value);
      for (const row of rec.rows) expect(String(row.cardNo)).toContain("*");
    }
  });
  it("warning settings: 州 only; a 事项 rule recomputes its open cases", async () => {
    expect((await county.put("/api/cases/rules", { serviceCode: "000115001000", warnBefore: 1, yellowOnPromise: true, redOnLegal: true, autoIssue: true })).json().code).toBe("CASES_RULES_PREFECTURE");
    const r = await zhou.put("/api/cases/rules", { serviceCode: "000115001000", warnBefore: 1, yellowOnPromise: true, redOnLegal: true, autoIssue: true });
    expect(r.statusCode).toBe(200);
    expect(r.json().recomputed).toBeGreaterThan(0);
    expect((await zhou.put("/api/cases/settings", { followupDays: 10, grades: { excellent: 80, good: 90, pass: 60 } })).json().code).toBe("CASES_GRADES_ORDER");
  });
  it("the push API answers the row-level report", async () => {
    const r = await zhou.post("/api/cases/intake", { PRE_BASEINFO: [{ PROJID: "BAD" }] });
    expect(r.statusCode).toBe(200);
    expect(r.json().problems[0].field).toBe("PROJID");
    expect((await staff.post("/api/cases/intake", { PRE_BASEINFO: [] })).statusCode).toBe(403);
  });
});

describe("未评率", () => {
  it("counts the finished cases without a rating, not all of them", async () => {
    const today = chinaDate(new Date());
    const r = (await zhou.get(`/api/cases/stats/reviews?from=2025-01-01&to=${today}`)).json();
    expect(r.counts.finished).toBeGreaterThan(r.counts.unrated);
    expect(r.rates.unratedRate).toBeLessThan(100);
  });
});
