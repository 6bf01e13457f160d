/**
 * S-SHARE demo: the 共享用工 staff (granted by the county and 州 admins through governance's services) and, at demo
 * scale, a realistic set made through this module's services: a 恩施市 tea processor lending pickers to an e-commerce
 * warehouse for 双十一, a 利川 hotel lending staff to a 建始 factory in the off season, a declaration waiting for review
 * and an enterprise whose credit code failed its check character (manual review).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, positions, units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { idNumberFor, mobile, personName, rng, type Rng } from "../core/people.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { storeFile } from "../core/files.js";
import { createAccount } from "../governance/accounts.js";
import { createPosition, grantPosition } from "../governance/grants.js";
import { createDeclaration, createEnterprise, createProposal, decideProposal, reviewDeclaration, reviewEnterprise } from "./service.js";
import { activateAgreement, agreementWorkerIds, attachAgreementScan, confirmReturn, createAgreement, declaredWorkerIds as workerIdsOf, openDispute, recordConsent, recordSettlement, runShareDaily } from "./agreements.js";
import { generateApplications, setTarget } from "./reports.js";
import { makeCreditCode } from "./rules.js";

const IP = "127.0.0.1";
/** The position the demo adds beside 共享用工专员: the reviewer, so that nobody reviews their own records. */
const REVIEWER = { name: "共享用工审核员", permissions: ["share.enterprise.read", "share.review", "share.subsidy.manage", "share.stats.read"] };
const OFFICER = "共享用工专员";

/** The smallest valid PNG: the demo's stand-in for signed paper scans. */
export const DEMO_SCAN = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function principal(db: Db, id: number): Promise<Principal> {
  const p = await loadPrincipal(db, id);
  if (!p) throw new Error(`share demo: account ${id} not active`);
  return p;
}

async function adminsOf(db: Db, orgCode: string) {
  const rows = await db.select({ id: accounts.id, roleKind: accounts.roleKind, abSlot: accounts.abSlot }).from(accounts).where(and(eq(accounts.orgCode, orgCode), eq(accounts.status, "active")));
  const aa = rows.find((r) => r.roleKind === "account_admin");
  const pa = rows.find((r) => r.roleKind === "permission_admin");
  if (!aa || !pa) throw new Error(`share demo: no admins at ${orgCode}`);
  return { aa: await principal(db, aa.id), pa: await principal(db, pa.id) };
}

/** Create operators at one level with the 共享用工专员 (exists) and 共享用工审核员 (created here) positions. */
async function staffAt(db: Db, r: Rng, orgCode: string, placeName: string, region: string, withReviewer: boolean): Promise<SimIdentity[]> {
  const { aa, pa } = await adminsOf(db, orgCode);
  const [agency] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.kind, "agency"))).limit(1);
  const [officerPos] = await db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, orgCode), eq(positions.subsystem, "SHARE"), eq(positions.name, OFFICER)));
  const officerPosId = officerPos?.id ?? (await createPosition(db, pa, { orgCode, unitId: agency?.id ?? null, subsystem: "SHARE", name: OFFICER, permissions: ["share.enterprise.read", "share.enterprise.manage", "share.match.manage", "share.agreement.manage", "share.dispute.manage", "share.stats.read"] }, IP)).id;
  const out: SimIdentity[] = [];
  const make = async (label: string, posId: number) => {
    const sex = r.next() < 0.5 ? "male" : "female";
    const who = { name: personName(r, sex), idNumber: idNumberFor(r, region, sex, 1975, 1995), phone: mobile(r) };
    const acc = await createAccount(db, aa, { ...who, orgCode, unitId: agency?.id ?? null, roleKind: "operator" }, { ip: IP });
    await grantPosition(db, pa, acc.id, posId, { ip: IP, reason: "共享用工子系统上线" });
    out.push({ name: who.name, idNumber: who.idNumber, label: `${placeName}${label}` });
  };
  await make(OFFICER, officerPosId);
  if (withReviewer) {
    const rev = await createPosition(db, pa, { orgCode, unitId: agency?.id ?? null, subsystem: "SHARE", ...REVIEWER }, IP);
    await make(REVIEWER.name, rev.id);
  }
  return out;
}

/** Demo staff at every scale; the business records only at demo scale (tests make their own). */
export async function seedShareDemo(db: Db, scale: "demo" | "test"): Promise<SimIdentity[]> {
  const r = rng(1818);
  const ids: SimIdentity[] = [
    ...(await staffAt(db, r, "422800", "州", "422801", true)),
    ...(await staffAt(db, r, "422801", "恩施市", "422801", true)),
    ...(await staffAt(db, r, "422802", "利川市", "422802", false)),
  ];
  if (scale === "demo") await seedShareRecords(db, ids, new Date());
  return ids;
}

const login = async (db: Db, ids: SimIdentity[], label: string) => {
  const id = ids.find((i) => i.label === label)!;
  const [a] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, id.idNumber));
  return principal(db, a!.id);
};

/** The business records of the demo, made through the services as the staff would (also used by a test). */
export async function seedShareRecords(db: Db, ids: SimIdentity[], now: Date) {
  const r = rng(2020);
  const officer = await login(db, ids, "州共享用工专员");
  const reviewer = await login(db, ids, "州共享用工审核员");
  const es = await login(db, ids, "恩施市共享用工专员");
  const esRev = await login(db, ids, "恩施市共享用工审核员");
  const file = (await storeFile(db, { dir: "", inDatabase: true }, DEMO_SCAN, ["png"], officer.accountId)).sha256;
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const person = (region: string) => {
    const sex = r.next() < 0.5 ? "male" : "female";
    return { name: personName(r, sex), idNumber: idNumberFor(r, region, sex, 1975, 2000), phone: mobile(r) };
  };
  const enterprise = async (by: Principal, rev: Principal, o: { code17: string; name: string; legalRep: string; industry: string; regionCode: string; address: string; valid?: boolean }) => {
    const c = person(o.regionCode.slice(0, 6));
    let creditCode = makeCreditCode(o.code17);
    if (o.valid === false) creditCode = creditCode.slice(0, 17) + (creditCode[17] === "0" ? "1" : "0");
    const e = await createEnterprise(db, by, IP, { creditCode, name: o.name, legalRep: o.legalRep, industry: o.industry, regionCode: o.regionCode, address: o.address, contactName: c.name, contactIdNumber: c.idNumber, contactPhone: c.phone });
    if (o.valid !== false) await reviewEnterprise(db, rev, IP, e.id, { decision: "approve", note: "营业执照核验一致" });
    return e;
  };
  const tea = await enterprise(es, esRev, { code17: "91422801MA4L0CH1X", name: "恩施市润邦硒茶加工有限公司", legalRep: "向明德", industry: "农副食品加工业", regionCode: "422801003", address: "恩施市龙凤镇茶园路8号" });
  const ware = await enterprise(es, esRev, { code17: "91422801MA4L2DT3K", name: "恩施州鄂西电商物流仓储有限公司", legalRep: "覃海波", industry: "仓储业", regionCode: "422801001", address: "恩施市舞阳坝街道金桂大道66号" });
  const hotel = await enterprise(officer, reviewer, { code17: "91422802MA4N7LC2Q", name: "利川市腾龙洞山居酒店有限公司", legalRep: "冉光荣", industry: "住宿业", regionCode: "422802001", address: "利川市都亭街道清江大道18号" });
  const factory = await enterprise(officer, reviewer, { code17: "91422822MA4P3JT8M", name: "建始县景阳魔芋食品有限公司", legalRep: "黄德胜", industry: "食品制造业", regionCode: "422822100", address: "建始县业州镇工业园区" });
  await enterprise(es, esRev, { code17: "91422801MA4L9XY7B", name: "恩施市巴东湾家政服务有限公司", legalRep: "谭春梅", industry: "居民服务业", regionCode: "422801002", address: "恩施市六角亭街道", valid: false });

  const workers = (region: string, n: number, contractEnd: (i: number) => string) => Array.from({ length: n }, (_, i) => ({ ...person(region), contractEnd: contractEnd(i) }));
  // 1. 双十一: tea pickers idle after the autumn tea, lent to the warehouse.
  const s1 = await createDeclaration(db, es, IP, { enterpriseId: tea.id, kind: "surplus", post: "茶叶分拣包装工", skills: ["分拣", "包装", "叉车"], headcount: 8, dateFrom: addDays(today, -40), dateTo: addDays(today, 40), workers: workers("422801", 8, (i) => addDays(today, 200 + i * 30)) });
  const t1 = await createDeclaration(db, es, IP, { enterpriseId: ware.id, kind: "shortage", post: "电商仓储分拣包装员", skills: ["分拣", "包装"], headcount: 6, dateFrom: addDays(today, -35), dateTo: addDays(today, 20), payMonthly: 4200, hours: "两班倒，每班8小时，每周休息1天", conditions: "提供住宿和工作餐，往返班车", workers: [] });
  // 2. Off season: hotel staff lent to a food factory in another county.
  const s2 = await createDeclaration(db, officer, IP, { enterpriseId: hotel.id, kind: "surplus", post: "客房服务员", skills: ["清洁", "食品安全"], headcount: 5, dateFrom: addDays(today, -120), dateTo: addDays(today, -5), workers: workers("422802", 5, (i) => addDays(today, 100 + i * 40)) });
  const t2 = await createDeclaration(db, officer, IP, { enterpriseId: factory.id, kind: "shortage", post: "魔芋食品包装工", skills: ["食品安全", "包装"], headcount: 4, dateFrom: addDays(today, -110), dateTo: addDays(today, -10), payMonthly: 3800, hours: "白班8小时，每周休息1天", conditions: "提供工作餐", workers: [] });
  for (const d of [s1, t1]) await reviewDeclaration(db, esRev, IP, d.id, { decision: "approve" });
  for (const d of [s2, t2]) await reviewDeclaration(db, reviewer, IP, d.id, { decision: "approve" });
  // Waiting for review: a new shortage at the warehouse.
  await createDeclaration(db, es, IP, { enterpriseId: ware.id, kind: "shortage", post: "快递装卸工", skills: ["装卸"], headcount: 10, dateFrom: addDays(today, 10), dateTo: addDays(today, 60), payMonthly: 4500, hours: "白班8小时", conditions: "提供住宿", workers: [] });

  const run = async (by: Principal, s: { id: number }, t: { id: number }, headcount: number, workerCount: number, clauses: { post: string; workPlace: string; pay: number; dateFrom: string; dateTo: string }) => {
    const pr = await createProposal(db, by, IP, { surplusId: s.id, shortageId: t.id, headcount, note: "人社部门免费对接" });
    await decideProposal(db, by, IP, pr.id, { side: "lender", decision: "accept", fileSha256: file });
    await decideProposal(db, by, IP, pr.id, { side: "borrower", decision: "accept", fileSha256: file });
    const wids = (await workerIdsOf(db, s.id)).slice(0, workerCount);
    const a = await createAgreement(db, by, IP, {
      proposalId: pr.id, workerIds: wids, headcount, headcountRule: "经双方协商一致并经职工本人同意，可在申报人数内增减", dateFrom: clauses.dateFrom, dateTo: clauses.dateTo,
      workPlace: clauses.workPlace, post: clauses.post, hoursRest: "每日工作不超过8小时，每周至少休息1日，加班依法支付加班费", payMonthly: clauses.pay, payDay: 10, workerFee: 0,
      socialInsurance: "职工社会保险由甲方继续按规定缴纳，费用按甲方原标准承担", protection: "乙方提供符合国家规定的劳动安全卫生条件和劳动防护用品，进行岗前安全培训",
      injuryLiability: "职工在乙方工作期间发生工伤的，由甲方依法承担工伤保险责任，甲乙双方可约定补偿办法",
    });
    await attachAgreementScan(db, by, IP, a.id, file);
    return { a, wids: await agreementWorkerIds(db, a.id, "pending") };
  };
  // The warehouse agreement: 6 asked, 5 listed, one refuses, 4 shared; running now with last month settled; one dispute.
  const one = await run(es, s1, t1, 6, 5, { post: "电商仓储分拣包装员", workPlace: "恩施市舞阳坝街道金桂大道66号 鄂西电商仓库", pay: 4200, dateFrom: addDays(today, -30), dateTo: addDays(today, 20) });
  for (const [i, wid] of one.wids.entries()) await recordConsent(db, es, IP, one.a.id, wid, { decision: i === 4 ? "refused" : "confirmed", way: "scan", fileSha256: file, ...(i === 4 ? { note: "家中老人需照顾" } : {}) });
  await activateAgreement(db, es, IP, one.a.id, new Date(now.getTime() - 30 * 86_400_000));
  const awOne = await agreementWorkerIds(db, one.a.id, "active");
  const lastMonth = addDays(today, -30).slice(0, 7);
  for (const w of awOne) await recordSettlement(db, es, IP, one.a.id, { workerId: w, month: lastMonth, borrowerPaid: 4200, borrowerPaidOn: addDays(today, -5), lenderPaid: 4200, lenderPaidOn: addDays(today, -3), workerFee: 0 });
  await openDispute(db, es, IP, { agreementId: one.a.id, workerId: awOne[0], raisedBy: "worker", subject: "夜班加班时长与协议约定不符，申请核实加班费" }, new Date(now.getTime() - 5 * 86_400_000));
  // The hotel → factory agreement: finished, workers back at the hotel.
  const two = await run(officer, s2, t2, 4, 4, { post: "魔芋食品包装工", workPlace: "建始县业州镇工业园区 景阳魔芋食品厂", pay: 3800, dateFrom: addDays(today, -100), dateTo: addDays(today, -12) });
  for (const wid of two.wids) await recordConsent(db, officer, IP, two.a.id, wid, { decision: "confirmed", way: "scan", fileSha256: file });
  await activateAgreement(db, officer, IP, two.a.id, new Date(now.getTime() - 100 * 86_400_000));
  await runShareDaily(db, now);
  for (const w of await agreementWorkerIds(db, two.a.id, "returning")) await confirmReturn(db, officer, IP, two.a.id, w, { date: addDays(today, -11) });
  // Targets and the year's subsidy list (waiting for the reviewer's approval).
  for (const [code, n] of [["422801", 60], ["422802", 40], ["422822", 30]] as const) await setTarget(db, officer, IP, { regionCode: code, year, workers: n });
  await generateApplications(db, officer, IP, year, now);
}
