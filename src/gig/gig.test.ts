/**
 * S-GIG station side through the real HTTP layer as real station staff (issue #16): the whole path posting → review →
 * match → hire → attendance → settlement → rating; a complaint to its result with its working-day deadline; data
 * scope (township / county / foreign county, including statistics and exports); and the bad-input list, each a
 * Chinese error with a stable code and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { makeIdNumber } from "../core/idcard.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { rows } from "../core/db/client.js";
import { sweepDeadlines } from "../core/deadlines.js";
import { makeCreditCode } from "./rules.js";
import gig from "./module.js";

let env: TestEnv;
let townA: Client; // 舞阳坝街道 422801001 station operator
let townB: Client; // 六角亭街道 422801002 station operator
let county: Client; // 恩施市 驿站管理员
let foreign: Client; // 利川市 驿站管理员
const today = chinaDate(new Date());
const VILLAGE_A = "422801001001";
const VILLAGE_A2 = "422801001002";
const VILLAGE_B = "422801002001";
let seq = 100;
const idNo = (region = "422801", birth = "19800101") => makeIdNumber(region, birth, seq++);

async function count(table: string): Promise<number> {
  const [r] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from ${sql.raw(table)}`);
  return r!.n;
}
async function snapshot() {
  const out: Record<string, number> = {};
  for (const t of ["gig_workers", "gig_employers", "gig_postings", "gig_applications", "gig_attendance", "gig_settlements", "gig_payments", "gig_complaints", "gig_ratings", "audit_log"]) out[t] = await count(t);
  const [h] = await rows<{ s: number }>(env.ctx.db, sql`select coalesce(sum(hired_count), 0)::int as s from gig_postings`);
  out.hired = h!.s;
  return out;
}
/** A refused request: the code, a Chinese message and no row changed (audit included). */
async function refused(call: () => Promise<{ statusCode: number; json(): any; body: string }>, code: string) {
  const before = await snapshot();
  const res = await call();
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.json().code).toBe(code);
  expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  expect(await snapshot()).toEqual(before);
}

async function ok(res: { statusCode: number; json(): any; body: string }) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function newWorker(c: Client, over: Record<string, unknown> = {}) {
  return (await ok(await c.post("/api/gig/workers", {
    idNumber: idNo(), name: "向明", phone: "13800001111", regionCode: VILLAGE_A, availableDays: 127, wageMinFen: 15000, wageMaxFen: 25000,
    skills: [{ code: "moving", level: 2 }], ...over,
  }))).id as number;
}
async function newEmployer(c: Client, region = VILLAGE_A) {
  return (await ok(await c.post("/api/gig/employers", {
    kind: "enterprise", creditCode: makeCreditCode(`91422801MA${String(seq++).padStart(7, "0")}`), name: `恩施测试物流有限公司${seq}`, contactName: "田华", contactPhone: "13900002222", regionCode: region,
  }))).id as number;
}
function postingBody(employerId: number, over: Record<string, unknown> = {}) {
  return {
    employerId, title: "仓库搬运工", skillCode: "moving", minLevel: 1, villageCode: VILLAGE_A, startDate: today, endDate: today, startMin: 480, endMin: 1020,
    payUnit: "day", payFen: 20000, payWithinDays: 3, headcount: 1, contactName: "田华", contactPhone: "13900002222", submit: true, ...over,
  };
}
async function publishedPosting(c: Client, employerId: number, over: Record<string, unknown> = {}) {
  const p = await ok(await c.post("/api/gig/postings", postingBody(employerId, over)));
  await ok(await c.post(`/api/gig/postings/${p.id}/review`, { decision: "approve", note: "已核实" }));
  return p.id as number;
}

beforeAll(async () => {
  env = await createTestEnv();
  townA = await env.login("舞阳坝街道零工驿站操作员");
  townB = await env.login("六角亭街道零工驿站操作员");
  county = await env.login("恩施市就业局操作员");
  foreign = await env.login("利川市就业局操作员");
}, 120_000);
afterAll(async () => env?.close());

describe("S-GIG whole path", () => {
  it("posting → review → match → hire → attendance → settlement → payment → rating", async () => {
    const w = await newWorker(townA, { hardship: ["long_idle"] });
    const e = await newEmployer(townA);
    const created = await ok(await townA.post("/api/gig/postings", postingBody(e, { urgent: true })));
    expect(created.status).toBe("pending_review");
    // The review queue lists 即时快招 first.
    const queue = await ok(await townA.get("/api/gig/postings?status=pending_review"));
    expect(queue.items[0].urgent).toBe(true);
    expect(queue.items.map((x: { id: number }) => x.id)).toContain(created.id);
    await ok(await townA.post(`/api/gig/postings/${created.id}/review`, { decision: "approve", note: null }));
    const detail = await ok(await townA.get(`/api/gig/postings/${created.id}`));
    expect(detail.posting.status).toBe("published");
    const rec = detail.recommendations.find((r: { workerId: number }) => r.workerId === w);
    expect(rec, JSON.stringify(detail.recommendations)).toBeTruthy();
    expect(rec.reasons.map((x: { text: string }) => x.text).join("；")).toMatch(/同村.*技能：搬运·熟练工.*困难零工优先（长期待工）/);
    // Postings for the worker, the other way round.
    const forWorker = await ok(await townA.get(`/api/gig/workers/${w}/recommendations`));
    expect(forWorker.items.map((x: { postingId: number }) => x.postingId)).toContain(created.id);

    const app = await ok(await townA.post(`/api/gig/postings/${created.id}/applications`, { workerId: w, source: "recommendation" }));
    const hired = await ok(await townA.post(`/api/gig/applications/${app.id}/hire`));
    expect(hired.filled).toBe(true);
    await ok(await townA.post(`/api/gig/applications/${app.id}/check-in`, { day: today, at: `${today}T08:00:00+08:00`, confirmedBy: "staff" }));
    await ok(await townA.post(`/api/gig/applications/${app.id}/check-out`, { day: today, at: `${today}T17:00:00+08:00`, confirmedBy: "employer" }));
    const st = await ok(await townA.post(`/api/gig/applications/${app.id}/complete`));
    expect(st).toMatchObject({ amountFen: 20000, quantity: 1, dueDate: addDays(today, 3) });
    expect((await ok(await townA.post(`/api/gig/settlements/${st.settlementId}/payments`, { paidOn: today, amountFen: 12000, channel: "ssc_account" }))).paid).toBe(false);
    await refused(() => townA.post(`/api/gig/settlements/${st.settlementId}/payments`, { paidOn: today, amountFen: 9000, channel: "ssc_account" }), "GIG_OVERPAID");
    expect((await ok(await townA.post(`/api/gig/settlements/${st.settlementId}/payments`, { paidOn: today, amountFen: 8000, channel: "bank" }))).paid).toBe(true);
    await ok(await townA.post(`/api/gig/applications/${app.id}/rate`, { direction: "of_worker", score: 5, comment: "踏实" }));
    await ok(await townA.post(`/api/gig/applications/${app.id}/rate`, { direction: "of_employer", score: 4 }));
    await refused(() => townA.post(`/api/gig/applications/${app.id}/rate`, { direction: "of_worker", score: 3 }), "GIG_ALREADY_RATED");

    const after = await ok(await townA.get(`/api/gig/postings/${created.id}`));
    expect(after.posting.status).toBe("filled");
    expect(after.applications[0]).toMatchObject({ status: "completed", settlement: { status: "paid", paidFen: 20000 }, ratings: { of_worker: 5, of_employer: 4 } });
    expect(after.applications[0].idNumberMasked).toMatch(/\*/);
    const wd = await ok(await townA.get(`/api/gig/workers/${w}`));
    expect(wd.credit.ratings).toBe(1);
    expect(wd.credit.credit).toBe(96);

    // Statistics: the funnel counts this engagement at every step; the county sees the same.
    const stats = await ok(await townA.get(`/api/gig/stats?from=${today}&to=${today}`));
    expect(stats.funnel.hired).toBeGreaterThanOrEqual(1);
    expect(stats.funnel.rated).toBeGreaterThanOrEqual(1);
    expect(stats.demandSupply.find((x: { industry: string }) => x.industry === "交通运输").openings).toBeGreaterThanOrEqual(1);
    const audits = await rows<{ event: string }>(env.ctx.db, sql`select event from audit_log where object_type in ('gig_application','gig_settlement') order by seq desc limit 12`);
    expect(audits.map((a) => a.event)).toEqual(expect.arrayContaining(["gig.application.hire", "gig.attendance.check_in", "gig.settlement.create", "gig.payment.record", "gig.rating.create"]));
  });

  it("a proxy registration is audited with the staff member, and the worker links to the labor registry by 身份证号", async () => {
    const w = await newWorker(townA, { mode: "proxy" });
    const [a] = await rows<{ event: string; detail: Record<string, unknown>; actor_name: string }>(env.ctx.db, sql`select event, detail, actor_name from audit_log where object_type = 'gig_worker' and object_id = ${String(w)} order by seq desc limit 1`);
    expect(a!.event).toBe("gig.worker.register.proxy");
    expect(a!.detail.proxyStaffName).toBe(a!.actor_name);
    const d = await ok(await townA.get(`/api/gig/workers/${w}`));
    expect(d.registry).toBeNull(); // not in the (empty) test registry; the lookup is S-LABOR's findRegisteredPerson
  });
});

describe("S-GIG and the labor registry", () => {
  it("a worker registered in the labor registry shows the registry's 常住地 and skills (read through S-LABOR, not copied)", async () => {
    const collector = await env.login("舞阳坝街道信息采集员");
    const id = idNo();
    await ok(await collector.post("/api/labor/persons", { idNumber: id, name: "彭春花", regionCode: VILLAGE_A2, skills: ["electrician"] }));
    const w = await newWorker(townA, { idNumber: id, name: "彭春花", regionCode: VILLAGE_A });
    const d = await ok(await townA.get(`/api/gig/workers/${w}`));
    expect(d.registry).toMatchObject({ regionCode: VILLAGE_A2 });
    expect(d.registry.personId).toBeGreaterThan(0);
    expect(d.registry.skills).toEqual(["电工"]);
    const [cols] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from information_schema.columns where table_name = 'gig_workers' and column_name in ('employment_status', 'education', 'household_id')`);
    expect(cols!.n).toBe(0);
  });
});

describe("S-GIG complaints (劳动维权)", () => {
  it("受理 → 调查 → 调解 → 结果 with a working-day deadline; an upheld complaint lowers the employer's credit", async () => {
    const w = await newWorker(townA);
    const e = await newEmployer(townA);
    const c = await ok(await townA.post("/api/gig/complaints", { workerId: w, employerId: e, amountFen: 40000, description: "三天工资未结清" }));
    expect(c.dueDate > today).toBe(true);
    const [dl] = await rows<{ status: string; due_date: string }>(env.ctx.db, sql`select status, due_date::text from deadlines where object_type = 'gig_complaint' and object_id = ${c.id}`);
    expect(dl).toEqual({ status: "open", due_date: c.dueDate });
    await refused(() => townA.post(`/api/gig/complaints/${c.id}/step`, { step: "closed", note: "结束", outcome: "upheld" }), "GIG_COMPLAINT_STEP");
    await ok(await townA.post(`/api/gig/complaints/${c.id}/step`, { step: "investigating", note: "联系用工方核实" }));
    await ok(await townA.post(`/api/gig/complaints/${c.id}/step`, { step: "mediation", note: "组织双方调解" }));
    await refused(() => townA.post(`/api/gig/complaints/${c.id}/step`, { step: "closed", note: "调解不成" }), "GIG_COMPLAINT_OUTCOME_REQUIRED");
    await ok(await townA.post(`/api/gig/complaints/${c.id}/step`, { step: "closed", note: "欠薪属实，用工方已当场结清", outcome: "upheld" }));
    const d = await ok(await townA.get(`/api/gig/complaints/${c.id}`));
    expect(d.steps.map((s: { step: string }) => s.step)).toEqual(["accepted", "investigating", "mediation", "closed"]);
    const [dl2] = await rows<{ status: string }>(env.ctx.db, sql`select status from deadlines where object_type = 'gig_complaint' and object_id = ${c.id}`);
    expect(dl2!.status).toBe("met");
    const list = await ok(await townA.get("/api/gig/employers?pageSize=200"));
    expect(list.items.find((x: { id: number }) => x.id === e).credit).toBe(65);
  });

  it("an open complaint past its due date is escalated by the deadline sweep", async () => {
    const w = await newWorker(townA);
    const e = await newEmployer(townA);
    const c = await ok(await townA.post("/api/gig/complaints", { workerId: w, employerId: e, description: "工钱未付" }));
    const res = await sweepDeadlines(env.ctx.db, gig.deadlines!, new Date(`${addDays(c.dueDate, 2)}T02:00:00Z`));
    expect(res.escalated).toBeGreaterThanOrEqual(1);
    const [n] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from notices where kind = 'deadline.escalate' and title like ${`%#${c.id} %`}`);
    expect(n!.n).toBeGreaterThanOrEqual(1);
  });
});

describe("S-GIG data scope (P9)", () => {
  it("a township station sees its own records, the county its stations, a foreign county nothing — statistics and exports included", async () => {
    const w = await newWorker(townA);
    const wb = await newWorker(townB, { regionCode: VILLAGE_B });
    expect((await townB.get(`/api/gig/workers/${w}`)).statusCode).toBe(404);
    expect((await townA.get(`/api/gig/workers/${wb}`)).statusCode).toBe(404);
    expect((await county.get(`/api/gig/workers/${w}`)).statusCode).toBe(200);
    expect((await county.get(`/api/gig/workers/${wb}`)).statusCode).toBe(200);
    expect((await foreign.get(`/api/gig/workers/${w}`)).statusCode).toBe(404);
    const listB = await ok(await townB.get("/api/gig/workers?pageSize=200"));
    expect(listB.items.every((x: { regionCode: string }) => x.regionCode.startsWith("422801002"))).toBe(true);
    const listF = await ok(await foreign.get("/api/gig/workers?pageSize=200"));
    expect(listF.items.every((x: { regionCode: string }) => x.regionCode.startsWith("422802"))).toBe(true);
    expect((await foreign.get("/api/gig/workers?region=422801")).statusCode).toBe(404);
    // A township operator cannot place a record outside its township.
    await refused(() => townB.post("/api/gig/workers", { idNumber: idNo(), name: "彭林", regionCode: VILLAGE_A, availableDays: 127, skills: [{ code: "moving", level: 1 }] }), "GIG_OUT_OF_SCOPE");
    // Statistics: the township's groups are its villages, the county's its townships, the foreign county has none of 恩施市.
    const sA = await ok(await townA.get("/api/gig/stats"));
    expect(sA.groups.every((g: { code: string }) => g.code.startsWith("422801001"))).toBe(true);
    const sC = await ok(await county.get("/api/gig/stats"));
    const codes = sC.groups.map((g: { code: string }) => g.code);
    expect(codes).toEqual(expect.arrayContaining(["422801001", "422801002"]));
    const sF = await ok(await foreign.get("/api/gig/stats"));
    expect(sF.groups.some((g: { code: string }) => g.code.startsWith("422801"))).toBe(false);
    expect((await foreign.get("/api/gig/stats?region=422801")).statusCode).toBe(404);
    expect((await foreign.get("/api/gig/stats/export?region=422801")).statusCode).toBe(404);
    const x = await foreign.get("/api/gig/stats/export");
    expect(x.statusCode).toBe(200);
    expect(x.headers["content-type"]).toMatch(/spreadsheetml/);
    // Postings and complaints follow the same rule.
    const e = await newEmployer(townA);
    const p = await publishedPosting(townA, e);
    expect((await townB.get(`/api/gig/postings/${p}`)).statusCode).toBe(404);
    expect((await foreign.get(`/api/gig/postings/${p}`)).statusCode).toBe(404);
    expect((await county.get(`/api/gig/postings/${p}`)).statusCode).toBe(200);
    const fl = await ok(await foreign.get("/api/gig/postings?pageSize=200"));
    expect(fl.items.every((i: { villageCode: string }) => i.villageCode.startsWith("422802"))).toBe(true);
  });

  it("indicators for 人社数据分析: each division's records total equals its value", async () => {
    for (const ind of gig.indicators!) {
      const q = { scope: { scopePrefix: "422801" }, groupBy: "township" as const, from: `${today.slice(0, 4)}-01-01`, to: today };
      const values = await ind.compute(env.ctx.db, q);
      expect(values.length, ind.code).toBeGreaterThan(0);
      if (!ind.records) continue;
      for (const v of values.slice(0, 3)) {
        const r = await ind.records(env.ctx.db, { ...q, code: v.code, page: 1, pageSize: 5 });
        expect(r.total, `${ind.code} ${v.code}`).toBe(v.value);
      }
    }
  });
});

describe("S-GIG 待办 (inbox)", () => {
  it("postings waiting for review (即时快招 counted) and complaints near their deadline, within the person's scope", async () => {
    const { loadPrincipal } = await import("../core/access/principal.js");
    const principalOf = async (label: string) => {
      const [a] = await rows<{ id: number }>(env.ctx.db, sql`select id from accounts where id_number = ${env.identity(label).idNumber}`);
      return (await loadPrincipal(env.ctx.db, a!.id))!;
    };
    const e = await newEmployer(townA);
    await ok(await townA.post("/api/gig/postings", postingBody(e, { urgent: true })));
    const w = await newWorker(townA);
    await ok(await townA.post("/api/gig/complaints", { workerId: w, employerId: e, description: "工钱未付清" }));
    const a = await gig.inbox!(env.ctx.db, await principalOf("舞阳坝街道零工驿站操作员"), new Date());
    const review = a.find((i) => i.kind === "gig.posting.review")!;
    expect(review.count).toBeGreaterThanOrEqual(1);
    expect(review.title).toMatch(/即时快招/);
    expect(review.link).toBe("/gig/review");
    // Near its deadline: seen as at two working days before it is due.
    const [c] = await rows<{ due: string }>(env.ctx.db, sql`select max(due_date)::text as due from gig_complaints where left(region_code, 9) = '422801001'`);
    const near = await gig.inbox!(env.ctx.db, await principalOf("舞阳坝街道零工驿站操作员"), new Date(`${addDays(c!.due, -2)}T02:00:00Z`));
    expect(near.find((i) => i.kind === "gig.complaint.deadline")?.count).toBeGreaterThanOrEqual(1);
    const foreignItems = await gig.inbox!(env.ctx.db, await principalOf("利川市就业局操作员"), new Date(`${addDays(c!.due, -2)}T02:00:00Z`));
    const [n] = await rows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from gig_postings where status = 'pending_review' and left(village_code, 6) = '422802'`);
    expect(foreignItems.find((i) => i.kind === "gig.posting.review")?.count ?? 0).toBe(n!.n);
  });
});

describe("S-GIG bad input: a clear Chinese error, a stable code, nothing changed", () => {
  it("a posting cannot be published without review, nor taken while unpublished", async () => {
    const e = await newEmployer(townA);
    const draft = await ok(await townA.post("/api/gig/postings", postingBody(e, { submit: false })));
    await refused(() => townA.post(`/api/gig/postings/${draft.id}/review`, { decision: "approve", note: "x" }), "GIG_POSTING_NOT_SUBMITTED");
    const w = await newWorker(townA);
    await refused(() => townA.post(`/api/gig/postings/${draft.id}/applications`, { workerId: w }), "GIG_POSTING_NOT_PUBLISHED");
    // Not even the database lets a posting be published without its reviewer (a check constraint).
    await expect(env.ctx.db.execute(sql`update gig_postings set status = 'published' where id = ${draft.id}`)).rejects.toThrow();
  });

  it("pay below the county's minimum wage is refused (鄂政办发〔2025〕44号, tier per county)", async () => {
    const e = await newEmployer(townA);
    // 恩施市 is tier 2: 21.5 元 an hour. 150 元 for 8.5 hours is 17.6 元 an hour.
    await refused(() => townA.post("/api/gig/postings", postingBody(e, { payFen: 15000, startMin: 450, endMin: 960 })), "GIG_PAY_BELOW_MINIMUM");
    await refused(() => townA.post("/api/gig/postings", postingBody(e, { payUnit: "hour", payFen: 2100 })), "GIG_PAY_BELOW_MINIMUM");
    await refused(() => townA.post("/api/gig/postings", postingBody(e, { payUnit: "hour", payFen: 2500, payWithinDays: 20 })), "GIG_PAY_CYCLE_TOO_LONG");
    expect((await townA.post("/api/gig/postings", postingBody(e, { payUnit: "hour", payFen: 2150 }))).statusCode).toBe(200);
  });

  it("an overlapping booking and an exceeded headcount are refused", async () => {
    const e = await newEmployer(townA);
    const w1 = await newWorker(townA), w2 = await newWorker(townA);
    const p1 = await publishedPosting(townA, e, { headcount: 1 });
    const p2 = await publishedPosting(townA, e, { startMin: 720, endMin: 1200, payFen: 25000 });
    const a1 = await ok(await townA.post(`/api/gig/postings/${p1}/applications`, { workerId: w1 }));
    const a2 = await ok(await townA.post(`/api/gig/postings/${p1}/applications`, { workerId: w2 }));
    await ok(await townA.post(`/api/gig/applications/${a1.id}/hire`));
    await refused(() => townA.post(`/api/gig/applications/${a2.id}/hire`), "GIG_HEADCOUNT_EXCEEDED");
    const b1 = await ok(await townA.post(`/api/gig/postings/${p2}/applications`, { workerId: w1 }));
    await refused(() => townA.post(`/api/gig/applications/${b1.id}/hire`), "GIG_BOOKING_OVERLAP");
    // The booked worker is never recommended for the overlapping posting.
    const d = await ok(await townA.get(`/api/gig/postings/${p2}`));
    expect(d.recommendations.map((r: { workerId: number }) => r.workerId)).not.toContain(w1);
  });

  it("check-out before check-in, and attendance on a day not booked, are refused", async () => {
    const e = await newEmployer(townA);
    const w = await newWorker(townA);
    const p = await publishedPosting(townA, e);
    const a = await ok(await townA.post(`/api/gig/postings/${p}/applications`, { workerId: w }));
    await ok(await townA.post(`/api/gig/applications/${a.id}/hire`));
    await refused(() => townA.post(`/api/gig/applications/${a.id}/check-in`, { day: addDays(today, 1), at: `${addDays(today, 1)}T08:00:00+08:00` }), "GIG_DAY_NOT_BOOKED");
    await ok(await townA.post(`/api/gig/applications/${a.id}/check-in`, { day: today, at: `${today}T08:00:00+08:00` }));
    await refused(() => townA.post(`/api/gig/applications/${a.id}/check-out`, { day: today, at: `${today}T07:00:00+08:00` }), "GIG_CHECKOUT_BEFORE_CHECKIN");
  });

  it("a credit code with a wrong check character goes to manual review, not verified; its postings cannot be published", async () => {
    const good = makeCreditCode("91422801MA4ABCDE1");
    const bad = good.slice(0, 17) + (good.endsWith("0") ? "1" : "0");
    const res = await ok(await townA.post("/api/gig/employers", { kind: "enterprise", creditCode: bad, name: "恩施老字号五金经营部", contactName: "冉平", contactPhone: "13700003333", regionCode: VILLAGE_A2 }));
    expect(res.verification).toBe("manual_review");
    expect(res.verifyNote).toMatch(/校验位/);
    const p = await ok(await townA.post("/api/gig/postings", postingBody(res.id)));
    await refused(() => townA.post(`/api/gig/postings/${p.id}/review`, { decision: "approve", note: "x" }), "GIG_EMPLOYER_NOT_VERIFIED");
    await refused(() => townA.post("/api/gig/employers", { kind: "enterprise", creditCode: "91422801MA4ABCDEI1", name: "错误代码公司", contactName: "冉平", contactPhone: "13700003333", regionCode: VILLAGE_A2 }), "GIG_CREDIT_CODE_FORMAT");
    await ok(await townA.post(`/api/gig/employers/${res.id}/verify`, { decision: "verified", note: "已核验营业执照原件（2015年前发证）" }));
    await ok(await townA.post(`/api/gig/postings/${p.id}/review`, { decision: "approve" }));
  });

  it("a blacklisted employer cannot post", async () => {
    const e = await newEmployer(townA);
    await ok(await townA.post(`/api/gig/employers/${e}/blacklist`, { reason: "拖欠零工工资", fromDate: today, untilDate: addDays(today, 90) }));
    await refused(() => townA.post("/api/gig/postings", postingBody(e)), "GIG_EMPLOYER_BLACKLISTED");
  });

  it("discriminating words are flagged for the reviewer, who must answer them", async () => {
    const e = await newEmployer(townA);
    const p = await ok(await townA.post("/api/gig/postings", postingBody(e, { requirements: "限男性，45岁以下，本地人优先" })));
    expect(p.flags).toEqual(expect.arrayContaining(["年龄限制", "地域限制"]));
    await refused(() => townA.post(`/api/gig/postings/${p.id}/review`, { decision: "approve" }), "GIG_FLAGS_NOT_ADDRESSED");
  });
});
