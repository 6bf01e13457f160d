/**
 * S-SHARE through the real HTTP layer as real operators: declare → review → match → accept → agreement → consents →
 * run → settle → return; early return; a dispute with its working-day deadline; a worker's contract ending
 * mid-period; the bad inputs of issue 18 (each a Chinese error, nothing changed); data scope (P9); the agreement PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { makeIdNumber } from "../core/idcard.js";
import { addDays } from "../core/calendar.js";
import { runDueJobs } from "../core/jobs.js";
import { sweepDeadlines } from "../core/deadlines.js";
import { makeCreditCode, checkCreditCode } from "./rules.js";
import sharing from "./module.js";
import { DEMO_SCAN, seedShareRecords } from "./demo.js";
import { runShareDaily } from "./agreements.js";

let env: TestEnv;
let es: Client; // 恩施市共享用工专员
let esRev: Client; // 恩施市共享用工审核员
let lc: Client; // 利川市共享用工专员
let zhou: Client; // 州共享用工专员
let zRev: Client; // 州共享用工审核员
let scan: string;

function multipart(name: string, data: Buffer) {
  const b = `----share${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]);
  return { body, headers: { "content-type": `multipart/form-data; boundary=${b}` } };
}
async function upload(c: Client, data = DEMO_SCAN) {
  const m = multipart("scan.png", data);
  const res = await env.app.inject({ method: "POST", url: "/api/share/files", cookies: { els_sid: c.cookie }, headers: { ...m.headers, "x-csrf-token": c.csrf }, payload: m.body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().sha256 as string;
}
const ok = async <T = any>(p: Promise<{ statusCode: number; body: string; json(): any }>): Promise<T> => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
/** A refusal: its status, code, and a Chinese message. */
async function refused(p: Promise<{ statusCode: number; json(): any; body: string }>, code: string) {
  const r = await p;
  expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
  expect(r.statusCode).toBeLessThan(500);
  expect(r.json().code).toBe(code);
  expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
  return r.json();
}
async function counts() {
  const rows = await env.ctx.db.execute(sql`select (select count(*)::int from share_agreements) a, (select count(*)::int from share_settlements) s, (select count(*)::int from share_proposals) p,
    (select count(*)::int from share_agreement_workers where status = 'active') w, (select count(*)::int from share_amendments) m`);
  return (rows as unknown as { rows: unknown[] }).rows?.[0] ?? (rows as unknown as unknown[])[0];
}

let seq = 100;
const idn = (region = "422801") => makeIdNumber(region, "19900101", seq++);
const T0 = "2026-10-01";

async function enterprise(c: Client, rev: Client, o: { code17: string; name: string; legalRep: string; region: string }) {
  const e = await ok(c.post("/api/share/enterprises", { creditCode: makeCreditCode(o.code17), name: o.name, legalRep: o.legalRep, industry: "制造业", regionCode: o.region, contactName: "联系人", contactIdNumber: idn(o.region.slice(0, 6)), contactPhone: "13800000000" }));
  await ok(rev.post(`/api/share/enterprises/${e.id}/review`, { decision: "approve" }));
  return e.id as number;
}
async function surplus(c: Client, rev: Client, enterpriseId: number, n: number, contractEnd: (i: number) => string, o: { headcount?: number; region?: string } = {}) {
  const d = await ok(c.post("/api/share/declarations", {
    enterpriseId, kind: "surplus", post: "分拣包装工", skills: ["分拣", "包装"], headcount: o.headcount ?? n, dateFrom: T0, dateTo: "2026-12-31",
    workers: Array.from({ length: n }, (_, i) => ({ name: `职工${seq}`, idNumber: idn(o.region), contractEnd: contractEnd(i) })),
  }));
  await ok(rev.post(`/api/share/declarations/${d.id}/review`, { decision: "approve" }));
  return d.id as number;
}
async function shortage(c: Client, rev: Client, enterpriseId: number, headcount: number) {
  const d = await ok(c.post("/api/share/declarations", { enterpriseId, kind: "shortage", post: "仓储分拣员", skills: ["分拣"], headcount, dateFrom: T0, dateTo: "2026-12-31", payMonthly: 4200, hours: "8小时", conditions: "包住" }));
  await ok(rev.post(`/api/share/declarations/${d.id}/review`, { decision: "approve" }));
  return d.id as number;
}
const clauses = {
  headcountRule: "协商一致并经职工同意可增减", workPlace: "恩施市仓库", post: "仓储分拣员", hoursRest: "每日8小时，每周休息1日", payMonthly: 4200, payDay: 10, workerFee: 0,
  socialInsurance: "由甲方继续缴纳", protection: "乙方提供劳动防护用品", injuryLiability: "工伤由甲方依法承担工伤保险责任",
};
async function accepted(c: Client, s: number, t: number, headcount: number) {
  const pr = await ok(c.post("/api/share/proposals", { surplusId: s, shortageId: t, headcount }));
  await ok(c.post(`/api/share/proposals/${pr.id}/decision`, { side: "lender", decision: "accept", fileSha256: scan }));
  expect((await ok(c.post(`/api/share/proposals/${pr.id}/decision`, { side: "borrower", decision: "accept", fileSha256: scan }))).status).toBe("accepted");
  return pr.id as number;
}
async function declaredWorkers(c: Client, s: number): Promise<number[]> {
  return (await ok<{ workers: { id: number }[] }>(c.get(`/api/share/declarations/${s}`))).workers.map((w) => w.id);
}
/** An active agreement for `n` workers of a fresh 恩施市 pair. */
async function activeAgreement(n: number, contractEnd: (i: number) => string, dateTo = "2026-11-30") {
  const k = seq++;
  const lender = await enterprise(es, esRev, { code17: `91422801MA4L${String(k).padStart(4, "0")}A`, name: `调出企业${k}`, legalRep: `甲${k}`, region: "422801003" });
  const borrower = await enterprise(es, esRev, { code17: `91422801MA4M${String(k).padStart(4, "0")}B`, name: `调入企业${k}`, legalRep: `乙${k}`, region: "422801001" });
  const s = await surplus(es, esRev, lender, n, contractEnd);
  const t = await shortage(es, esRev, borrower, n);
  const pr = await accepted(es, s, t, n);
  const ws = await declaredWorkers(es, s);
  const a = await ok(es.post("/api/share/agreements", { proposalId: pr, workerIds: ws, headcount: n, dateFrom: T0, dateTo, ...clauses }));
  await ok(es.post(`/api/share/agreements/${a.id}/scan`, { fileSha256: scan }));
  const d = await ok(es.get(`/api/share/agreements/${a.id}`));
  for (const w of d.workers) await ok(es.post(`/api/share/agreements/${a.id}/workers/${w.id}/consent`, { decision: "confirmed", fileSha256: scan }));
  await ok(es.post(`/api/share/agreements/${a.id}/activate`));
  return { id: a.id as number, workers: d.workers.map((w: { id: number }) => w.id) as number[], lender, borrower, s, t };
}

beforeAll(async () => {
  env = await createTestEnv();
  es = await env.login("恩施市共享用工专员");
  esRev = await env.login("恩施市共享用工审核员");
  lc = await env.login("利川市共享用工专员");
  zhou = await env.login("州共享用工专员");
  zRev = await env.login("州共享用工审核员");
  scan = await upload(es);
});
afterAll(async () => env?.close());

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts a real code and rejects a wrong check character", () => {
    expect(checkCreditCode("91350100M000100Y43").ok).toBe(true);
    expect(checkCreditCode("91350100M000100Y44")).toMatchObject({ ok: false, problem: "check_char" });
    expect(checkCreditCode("91350100M000100Y4")).toMatchObject({ ok: false, problem: "format" });
  });

  it("a failed check character goes to manual review, not refusal; the contact's 身份证号 is masked", async () => {
    const good = makeCreditCode("91422801MA4X00001");
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const e = await ok(es.post("/api/share/enterprises", { creditCode: bad, name: "核验企业", legalRep: "某某", industry: "住宿业", regionCode: "422801002", contactName: "张三", contactIdNumber: idn(), contactPhone: "13900000000" }));
    expect(e).toMatchObject({ status: "manual_review", creditCodeValid: false });
    const got = await ok(es.get(`/api/share/enterprises/${e.id}`));
    expect(got.contactIdNumber).toMatch(/\*{4,}/);
    expect(got.contactPhone).toMatch(/\*/);
    await refused(es.post(`/api/share/enterprises/${e.id}/review`, { decision: "approve" }), "PERMISSION_DENIED");
    await ok(esRev.post(`/api/share/enterprises/${e.id}/review`, { decision: "approve", note: "核对营业执照原件，代码抄录有误已更正" }));
  });
});

describe("the whole flow", () => {
  it("declare → review → match → accept → agreement → consents → run → settle → return", async () => {
    const lender = await enterprise(es, esRev, { code17: "91422801MA4T0CH1X", name: "恩施市润邦硒茶加工有限公司", legalRep: "向明德", region: "422801003" });
    const borrower = await enterprise(es, esRev, { code17: "91422801MA4T2DT3K", name: "恩施州鄂西电商物流仓储有限公司", legalRep: "覃海波", region: "422801001" });
    // Unreviewed declarations are not matched.
    const s = await ok(es.post("/api/share/declarations", { enterpriseId: lender, kind: "surplus", post: "分拣包装工", skills: ["分拣", "包装"], headcount: 3, dateFrom: T0, dateTo: "2026-12-31",
      workers: [0, 1, 2].map((i) => ({ name: ["向秀兰", "田大勇", "覃春花"][i], idNumber: idn(), contractEnd: "2027-06-30" })) }));
    const t = await ok(es.post("/api/share/declarations", { enterpriseId: borrower, kind: "shortage", post: "仓储分拣员", skills: ["分拣"], headcount: 3, dateFrom: "2026-10-20", dateTo: "2026-11-30", payMonthly: 4200, hours: "8小时", conditions: "包住" }));
    expect((await ok<unknown[]>(es.get("/api/share/candidates"))).some((c: any) => c.surplus.id === s.id)).toBe(false);
    await ok(esRev.post(`/api/share/declarations/${s.id}/review`, { decision: "approve" }));
    await ok(esRev.post(`/api/share/declarations/${t.id}/review`, { decision: "approve" }));
    const cands = await ok<any[]>(es.get("/api/share/candidates"));
    const c = cands.find((x) => x.surplus.id === s.id && x.shortage.id === t.id);
    expect(c.score).toBe(c.parts.reduce((n: number, p: any) => n + p.points, 0));
    expect(c.parts.map((p: any) => p.label)).toEqual(["岗位", "技能", "地域", "时段", "人数"]);
    const pr = await accepted(es, s.id, t.id, 3);
    const ws = await declaredWorkers(es, s.id);
    const a = await ok(es.post("/api/share/agreements", { proposalId: pr, workerIds: ws, headcount: 3, dateFrom: "2026-10-20", dateTo: "2026-11-30", ...clauses }));
    expect(a.number).toMatch(/^GXYG-2026-\d{5}$/);
    // The PDF: the real clauses, the workers (masked), signatures.
    const pdf = await es.get(`/api/share/agreements/${a.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "share-"));
    writeFileSync(path.join(dir, "a.pdf"), pdf.rawPayload);
    const text = execFileSync("pdftotext", [path.join(dir, "a.pdf"), "-"]).toString().replace(/\s+/g, "");
    for (const s of ["共享用工协议", a.number, "恩施市润邦硒茶加工有限公司", "恩施州鄂西电商物流仓储有限公司", "向秀兰", "劳动关系不变", "不属于劳务派遣", "共享期限", "2026-10-20", "2026-11-30",
      "劳动合同的剩余期限", "工作时间和休息休假", "4200元", "不得以任何名义向职工收取费用", "社会保险", "劳动保护", "工伤责任", "工伤由甲方依法承担工伤保险责任", "（盖章）", "（签字）"]) expect(text).toContain(s);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    const d = await ok(es.get(`/api/share/agreements/${a.id}`));
    const [w1, w2, w3] = d.workers.map((w: any) => w.id);
    // Not without the signed scan; not with a worker who has not consented.
    await refused(es.post(`/api/share/agreements/${a.id}/activate`), "SHARE_SCAN_REQUIRED");
    await ok(es.post(`/api/share/agreements/${a.id}/scan`, { fileSha256: scan }));
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${w1}/consent`, { decision: "confirmed", fileSha256: scan }));
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${w2}/consent`, { decision: "refused", fileSha256: scan, note: "不愿去外地" }));
    const before = await counts();
    const missing = await refused(es.post(`/api/share/agreements/${a.id}/activate`), "SHARE_CONSENT_MISSING");
    expect(missing.message).toContain("覃春花");
    expect(await counts()).toEqual(before);
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${w3}/consent`, { decision: "confirmed", fileSha256: scan }));
    expect((await ok(es.post(`/api/share/agreements/${a.id}/activate`))).workers).toBe(2);
    const running = await ok(es.get(`/api/share/agreements/${a.id}`));
    expect(running.workers.find((w: any) => w.id === w2)).toMatchObject({ status: "out", consent: "refused", startedOn: null });
    // Settle October for both.
    for (const w of [w1, w3]) await ok(es.post(`/api/share/agreements/${a.id}/settlements`, { workerId: w, month: "2026-10", borrowerPaid: 1600, borrowerPaidOn: "2026-11-08", lenderPaid: 1600, lenderPaidOn: "2026-11-10" }));
    // Expiry reminder, then expiry: returning, confirmed by the lender, agreement ended.
    const defs = sharing.jobs!;
    await runDueJobs(env.ctx.db, new Date("2026-11-25T02:00:00Z"), defs);
    await runDueJobs(env.ctx.db, new Date("2026-12-01T18:00:00Z"), defs);
    const due = await ok<any[]>(es.get("/api/share/returns"));
    expect(due.filter((r) => r.agreementId === a.id).map((r) => r.returnKind)).toEqual(["expiry", "expiry"]);
    const inbox = await sharing.inbox!(env.ctx.db, (await principalOf("恩施市共享用工专员"))!, new Date("2026-12-02T02:00:00Z"));
    expect(inbox.find((i) => i.kind === "share.return.due")?.count).toBeGreaterThanOrEqual(2);
    for (const w of [w1, w3]) await ok(es.post(`/api/share/agreements/${a.id}/workers/${w}/return`, { date: "2026-12-01" }));
    expect((await ok(es.get(`/api/share/agreements/${a.id}`))).status).toBe("ended");
    const [n] = (await env.ctx.db.execute(sql`select count(*)::int n from notices where kind = 'share.agreement'`) as any).rows ?? [];
    expect(Number(n.n)).toBeGreaterThan(0);
  });

  it("early return, and a withdrawn consent starts that worker's return", async () => {
    const a = await activeAgreement(3, () => "2027-12-31");
    await ok(es.post(`/api/share/agreements/${a.id}/early-return`, { workerIds: [a.workers[0]], date: "2026-10-15", reason: "调入企业订单减少" }));
    const file = await upload(es);
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${a.workers[1]}/withdraw`, { date: "2026-10-16", fileSha256: file, reason: "家中有事" }));
    const d = await ok(es.get(`/api/share/agreements/${a.id}`));
    expect(d.workers.map((w: any) => [w.status, w.returnKind])).toEqual([["returning", "early"], ["returning", "withdrawn"], ["active", null]]);
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${a.workers[0]}/return`, { date: "2026-10-15" }));
    await refused(es.post(`/api/share/agreements/${a.id}/workers/${a.workers[2]}/return`, { date: "2026-10-15" }), "SHARE_RETURN_NOT_DUE");
  });

  it("a dispute has a working-day deadline; the sweep reminds and then escalates; resolving closes it", async () => {
    const a = await activeAgreement(1, () => "2027-12-31");
    const d = await ok(es.post("/api/share/disputes", { agreementId: a.id, workerId: a.workers[0], raisedBy: "worker", subject: "加班费未按约定支付" }));
    expect(d.dueDate > addDays(new Date().toISOString().slice(0, 10), 9)).toBe(true);
    const r1 = await sweepDeadlines(env.ctx.db, sharing.deadlines!, new Date(`${addDays(d.dueDate, -1)}T02:00:00Z`));
    expect(r1.reminded).toBeGreaterThanOrEqual(1);
    const r2 = await sweepDeadlines(env.ctx.db, sharing.deadlines!, new Date(`${addDays(d.dueDate, 2)}T02:00:00Z`));
    expect(r2.escalated).toBeGreaterThanOrEqual(1);
    await ok(es.post(`/api/share/disputes/${d.id}/resolve`, { resolution: "经调解，调入企业补发加班费" }));
    await refused(es.post(`/api/share/disputes/${d.id}/resolve`, { resolution: "再次" }), "SHARE_DISPUTE_RESOLVED");
    expect((await ok<any[]>(es.get("/api/share/disputes?status=open"))).some((x) => x.id === d.id)).toBe(false);
  });

  it("a worker's contract with the lender ending mid-period ends their sharing automatically and notifies both", async () => {
    const a = await activeAgreement(2, () => "2027-12-31");
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${a.workers[0]}/contract-end`, { contractEnd: "2026-10-31" }));
    const sms0 = Number(((await env.ctx.db.execute(sql`select count(*)::int n from sms_outbox`)) as any).rows[0].n);
    // The daily job's own run (the job row is already scheduled past this day by the first test).
    expect((await runShareDaily(env.ctx.db, new Date("2026-11-02T02:00:00Z"))).contractEnded).toBe(1);
    const d = await ok(es.get(`/api/share/agreements/${a.id}`));
    expect(d.workers[0]).toMatchObject({ status: "ended", returnKind: "contract_end", endedOn: "2026-10-31" });
    expect(d.workers[1].status).toBe("active");
    const sms1 = Number(((await env.ctx.db.execute(sql`select count(*)::int n from sms_outbox`)) as any).rows[0].n);
    expect(sms1 - sms0).toBeGreaterThanOrEqual(2);
  });

  it("an amendment applies only when every shared worker consents again", async () => {
    const a = await activeAgreement(2, () => "2027-12-31");
    const m = await ok(es.post(`/api/share/agreements/${a.id}/amendments`, { newDateTo: "2026-12-31", reason: "订单延长" }));
    expect((await ok(es.post(`/api/share/agreements/${a.id}/amendments/${m.id}/workers/${a.workers[0]}/consent`, { decision: "confirmed", fileSha256: scan }))).status).toBe("pending");
    expect((await ok(es.get(`/api/share/agreements/${a.id}`))).dateTo).toBe("2026-11-30");
    expect((await ok(es.post(`/api/share/agreements/${a.id}/amendments/${m.id}/workers/${a.workers[1]}/consent`, { decision: "confirmed", fileSha256: scan }))).status).toBe("applied");
    expect((await ok(es.get(`/api/share/agreements/${a.id}`))).dateTo).toBe("2026-12-31");
  });
});

async function principalOf(label: string) {
  const { loadPrincipal } = await import("../core/access/principal.js");
  const id = env.identity(label);
  const rows = (await env.ctx.db.execute(sql`select id from accounts where id_number = ${id.idNumber}`)) as any;
  return loadPrincipal(env.ctx.db, Number((rows.rows ?? rows)[0].id));
}

describe("consent by the worker's own 电子社保卡", () => {
  it("a one-time QR: the worker's card confirms; another person's card and a replay are refused", async () => {
    const k = seq++;
    const lender = await enterprise(es, esRev, { code17: `91422801MA4W${String(k).padStart(4, "0")}A`, name: `扫码调出${k}`, legalRep: `丙${k}`, region: "422801003" });
    const borrower = await enterprise(es, esRev, { code17: `91422801MA4W${String(k).padStart(4, "0")}B`, name: `扫码调入${k}`, legalRep: `丁${k}`, region: "422801001" });
    const worker = { name: "向秀兰", idNumber: idn() };
    const d = await ok(es.post("/api/share/declarations", { enterpriseId: lender, kind: "surplus", post: "分拣包装工", skills: [], headcount: 1, dateFrom: T0, dateTo: "2026-12-31", workers: [{ ...worker, contractEnd: "2027-12-31" }] }));
    await ok(esRev.post(`/api/share/declarations/${d.id}/review`, { decision: "approve" }));
    const t = await shortage(es, esRev, borrower, 1);
    const pr = await accepted(es, d.id, t, 1);
    const a = await ok(es.post("/api/share/agreements", { proposalId: pr, workerIds: await declaredWorkers(es, d.id), headcount: 1, dateFrom: T0, dateTo: "2026-11-30", ...clauses }));
    const wid = (await ok(es.get(`/api/share/agreements/${a.id}`))).workers[0].id;
    const qr = await ok(es.post(`/api/share/agreements/${a.id}/workers/${wid}/essc-consent`));
    expect(qr.qrContent).toContain(qr.requestId);
    const phone = (identity: { name: string; idNumber: string }) => env.app.inject({ method: "POST", url: "/api/share/essc-sim/consent", payload: { qrContent: qr.qrContent, identity } });
    await refused(phone({ name: "冒名者", idNumber: idn() }), "SHARE_CONSENT_WRONG_PERSON");
    expect((await ok(es.get(`/api/share/essc-consent/${qr.requestId}`))).status).toBe("open");
    expect((await ok(phone(worker))).status).toBe("confirmed");
    await refused(phone(worker), "SHARE_CONSENT_REQUEST_USED");
    const w = (await ok(es.get(`/api/share/agreements/${a.id}`))).workers[0];
    expect(w).toMatchObject({ consent: "confirmed", consentWay: "essc" });
    // A forged answer (not signed by the channel) is refused.
    await refused(env.app.inject({ method: "POST", url: "/api/share/essc/consent-answer", payload: { payload: Buffer.from("{}").toString("base64url"), signature: "x".repeat(86) } }), "ASSERTION_BAD_SIGNATURE");
  });
});

describe("bad input: a Chinese error and nothing changed", () => {
  let lender: number, borrower: number, twin: number, s: number, t: number, pr: number, ws: number[];
  beforeAll(async () => {
    lender = await enterprise(es, esRev, { code17: "91422801MA4Q0000C", name: "调出甲", legalRep: "王大力", region: "422801003" });
    borrower = await enterprise(es, esRev, { code17: "91422801MA4Q0001D", name: "调入乙", legalRep: "李小红", region: "422801001" });
    twin = await enterprise(es, esRev, { code17: "91422801MA4Q0002E", name: "王大力的另一家公司", legalRep: "王大力", region: "422801002" });
    s = await surplus(es, esRev, lender, 3, (i) => (i === 0 ? "2026-11-15" : "2027-12-31"));
    t = await shortage(es, esRev, borrower, 2);
    pr = await accepted(es, s, t, 2);
    ws = await declaredWorkers(es, s);
  });

  it("a period beyond a worker's remaining contract", async () => {
    const before = await counts();
    const e = await refused(es.post("/api/share/agreements", { proposalId: pr, workerIds: [ws[0], ws[1]], headcount: 2, dateFrom: T0, dateTo: "2026-11-30", ...clauses }), "SHARE_PERIOD_BEYOND_CONTRACT");
    expect(e.message).toContain("2026-11-15");
    expect(await counts()).toEqual(before);
  });

  it("a self-loan: the same enterprise, or the same legal person (same 法定代表人)", async () => {
    const sameT = await shortage(es, esRev, lender, 1);
    const twinT = await shortage(es, esRev, twin, 1);
    const before = await counts();
    await refused(es.post("/api/share/proposals", { surplusId: s, shortageId: sameT, headcount: 1 }), "SHARE_SELF_LOAN");
    const e = await refused(es.post("/api/share/proposals", { surplusId: s, shortageId: twinT, headcount: 1 }), "SHARE_SAME_LEGAL_PERSON");
    expect(e.message).toContain("王大力");
    expect(await counts()).toEqual(before);
    const cands = await ok<any[]>(es.get("/api/share/candidates"));
    expect(cands.some((c) => c.surplus.id === s && [sameT, twinT].includes(c.shortage.id))).toBe(false);
  });

  it("headcount above the declaration", async () => {
    const before = await counts();
    await refused(es.post("/api/share/proposals", { surplusId: s, shortageId: t, headcount: 3 }), "SHARE_HEADCOUNT_EXCEEDS");
    await refused(es.post("/api/share/agreements", { proposalId: pr, workerIds: [ws[1], ws[2]], headcount: 3, dateFrom: T0, dateTo: "2026-11-30", ...clauses }), "SHARE_HEADCOUNT_EXCEEDS");
    expect(await counts()).toEqual(before);
  });

  it("a fee charged to the worker", async () => {
    const before = await counts();
    await refused(es.post("/api/share/agreements", { proposalId: pr, workerIds: [ws[1], ws[2]], headcount: 2, dateFrom: T0, dateTo: "2026-11-30", ...clauses, workerFee: 200 }), "SHARE_WORKER_FEE");
    expect(await counts()).toEqual(before);
    const a = await activeAgreement(1, () => "2027-12-31");
    const b2 = await counts();
    await refused(es.post(`/api/share/agreements/${a.id}/settlements`, { workerId: a.workers[0], month: "2026-10", borrowerPaid: 4200, borrowerPaidOn: "2026-11-08", lenderPaid: 4200, lenderPaidOn: "2026-11-10", workerFee: 100 }), "SHARE_WORKER_FEE");
    expect(await counts()).toEqual(b2);
  });

  it("a borrower payment that does not reach the worker", async () => {
    const a = await activeAgreement(1, () => "2027-12-31");
    const before = await counts();
    const e = await refused(es.post(`/api/share/agreements/${a.id}/settlements`, { workerId: a.workers[0], month: "2026-10", borrowerPaid: 4200, borrowerPaidOn: "2026-11-08", lenderPaid: 3900, lenderPaidOn: "2026-11-10" }), "SHARE_PAY_SHORT");
    expect(e.message).toContain("3900");
    expect(await counts()).toEqual(before);
  });

  it("a worker without consent in an active agreement (the service refuses; the database refuses too)", async () => {
    const a = await ok(es.post("/api/share/agreements", { proposalId: pr, workerIds: [ws[1], ws[2]], headcount: 2, dateFrom: T0, dateTo: "2026-11-30", ...clauses }));
    await ok(es.post(`/api/share/agreements/${a.id}/scan`, { fileSha256: scan }));
    await ok(es.post(`/api/share/agreements/${a.id}/workers/${(await ok(es.get(`/api/share/agreements/${a.id}`))).workers[0].id}/consent`, { decision: "confirmed", fileSha256: scan }));
    const before = await counts();
    await refused(es.post(`/api/share/agreements/${a.id}/activate`), "SHARE_CONSENT_MISSING");
    expect(await counts()).toEqual(before);
    await expect(env.ctx.db.execute(sql`update share_agreement_workers set status = 'active' where agreement_id = ${a.id} and consent = 'pending'`)).rejects.toThrow();
  });
});

describe("data scope (P9)", () => {
  it("a county operator sees its enterprises' records only", async () => {
    const hotel = await enterprise(lc, zRev, { code17: "91422802MA4T7LC2Q", name: "利川市腾龙洞山居酒店有限公司", legalRep: "冉光荣", region: "422802001" });
    const s = await surplus(lc, zRev, hotel, 2, () => "2027-12-31", { region: "422802" });
    expect((await ok<any[]>(lc.get("/api/share/enterprises"))).map((e) => e.id)).toEqual([hotel]);
    expect((await ok<any[]>(es.get("/api/share/enterprises"))).some((e) => e.id === hotel)).toBe(false);
    expect((await es.get(`/api/share/enterprises/${hotel}`)).statusCode).toBe(404);
    expect((await es.get(`/api/share/declarations/${s}`)).statusCode).toBe(404);
    expect((await ok<any[]>(lc.get("/api/share/agreements"))).length).toBe(0);
    expect((await ok<any[]>(zhou.get("/api/share/enterprises"))).some((e) => e.id === hotel)).toBe(true);
    // A cross-county match by the 州: both counties see the proposal; each only its own enterprise's record.
    const factory = await enterprise(zhou, zRev, { code17: "91422822MA4T3JT8M", name: "建始县景阳魔芋食品有限公司", legalRep: "黄德胜", region: "422822100" });
    const t = await shortage(zhou, zRev, factory, 2);
    const pr = await accepted(zhou, s, t, 2);
    expect((await ok<any[]>(lc.get("/api/share/proposals"))).map((p) => p.id)).toEqual([pr]);
    expect((await ok<any[]>(es.get("/api/share/proposals"))).some((p) => p.id === pr)).toBe(false);
    expect((await lc.get(`/api/share/enterprises/${factory}`)).statusCode).toBe(404);
  });

  it("an enterprise's own view lists only its declarations, proposals and agreements", async () => {
    const a = await activeAgreement(1, () => "2027-12-31");
    const other = await activeAgreement(1, () => "2027-12-31");
    const mine = await ok<any[]>(es.get(`/api/share/agreements?enterpriseId=${a.lender}`));
    expect(mine.map((x) => x.id)).toEqual([a.id]);
    expect((await ok<any[]>(es.get(`/api/share/declarations?enterpriseId=${a.lender}`))).every((d) => d.enterpriseId === a.lender)).toBe(true);
    expect((await ok<any[]>(es.get(`/api/share/proposals?enterpriseId=${a.lender}`))).every((p) => p.lenderId === a.lender || p.borrowerId === a.lender)).toBe(true);
    expect(mine.some((x) => x.id === other.id)).toBe(false);
  });

  it("a township-less staff member without SHARE positions is refused", async () => {
    const c = await env.login("恩施市就业局操作员");
    expect((await c.get("/api/share/enterprises")).statusCode).toBe(403);
  });
});

describe("subsidy, statistics, indicators and the demo set", () => {
  it("the demo records are made through the services; subsidy, stats and indicators agree", async () => {
    await seedShareRecords(env.ctx.db, env.identities, new Date("2026-12-02T02:00:00Z"));
    const sub = await ok(zRev.get("/api/share/subsidy?year=2026"));
    expect(sub.rule).toEqual({ perWorker: 500, minDays: 7, cap: 300000 });
    for (const c of sub.computed) expect(c.amount).toBe(Math.min(300000, 500 * c.basis.filter((b: any) => b.days >= 7).length));
    const app = sub.applications.find((x: any) => x.status === "pending");
    // The one who generated the list (州 officer, via the demo) is not the approver here: the reviewer approves.
    await ok(zRev.post(`/api/share/subsidy/applications/${app.id}/decision`, { decision: "approve" }));
    const xlsx = await zRev.get("/api/share/subsidy/applications.xlsx?year=2026");
    expect(xlsx.statusCode).toBe(200);
    const stats = await ok(zRev.get("/api/share/stats?year=2026"));
    expect(stats.total.workersShared).toBe(stats.byCounty.reduce((s: number, r: any) => s + r.workersShared, 0));
    expect(stats.targets.length).toBe(3);
    const scope = { scopePrefix: "4228" };
    for (const ind of sharing.indicators!) {
      const q = { scope, groupBy: "county" as const, from: "2026-01-01", to: "2026-12-31" };
      const vals = await ind.compute(env.ctx.db, q);
      for (const v of vals) {
        const rec = await ind.records!(env.ctx.db, { ...q, code: v.code, page: 1, pageSize: 500 });
        expect(rec.total, ind.code).toBe(v.value);
      }
      expect(vals.length, ind.code).toBeGreaterThan(0);
    }
    const inbox = await sharing.inbox!(env.ctx.db, (await principalOf("恩施市共享用工审核员"))!, new Date("2026-12-02T02:00:00Z"));
    expect(inbox.find((i) => i.kind === "share.declaration.review")?.count).toBeGreaterThanOrEqual(1);
  });
});
