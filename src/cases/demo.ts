/**
 * The S-CASES demo: every county's hall windows, its staff (made through governance's services by the county admins:
 * a window staff member, the window leader and a county 办件监督员 for 恩施市, a window staff member for 利川市; the 州
 * 办件监督员 also gets the 办件数据管理员 position from the 州 permission admin), generated cases for every county taken in
 * through the intake (some near their deadline, some overdue with cards, some paused by a 特别程序), and 差评 in every
 * follow-up state. Fast at scale "test".
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, grants, positions, units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { WorkCalendar, addDays, chinaDate } from "../core/calendar.js";
import { idNumberFor, mobile, personName, type Rng } from "../core/people.js";
import { createAccount } from "../governance/accounts.js";
import { createPosition, grantPosition } from "../governance/grants.js";
import { caseDepartments, caseFollowups, caseWarningRules, caseWindows, cases } from "./schema.js";
import { hallWindows, SERVICE_ITEMS } from "./catalogue.js";
import { generateCases } from "./generator.js";
import { exchangeTime, type ExchangeRow } from "./exchange.js";
import { intakeSet } from "./intake.js";
import { advanceFollowup } from "./reviews.js";
import { appealCard, listCards, sweepAll } from "./service.js";
import { chinaMidnight } from "./clock.js";

const IP = "127.0.0.1";

async function principal(db: Db, id: number): Promise<Principal> {
  const p = await loadPrincipal(db, id);
  if (!p) throw new Error(`cases demo: account ${id} not active`);
  return p;
}

async function adminOf(db: Db, orgCode: string, roleKind: "account_admin" | "permission_admin") {
  const [a] = await db.select({ id: accounts.id }).from(accounts)
    .where(and(eq(accounts.orgCode, orgCode), eq(accounts.roleKind, roleKind), eq(accounts.status, "active"), roleKind === "account_admin" ? eq(accounts.abSlot, "A") : undefined)).limit(1);
  if (!a) throw new Error(`cases demo: no ${roleKind} at ${orgCode}`);
  return principal(db, a.id);
}

async function agencyOf(db: Db, orgCode: string) {
  const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.kind, "agency"))).limit(1);
  return u?.id ?? null;
}

function person(r: Rng, county: string) {
  const sex = r.next() < 0.5 ? ("male" as const) : ("female" as const);
  return { name: personName(r, sex), idNumber: idNumberFor(r, county, sex, 1975, 1998), phone: mobile(r) };
}

const WINDOW_STAFF = ["cases.case.read", "cases.card.appeal", "cases.review.followup"];
const WINDOW_LEADER = ["cases.case.read", "cases.card.appeal", "cases.review.followup", "cases.review.signoff", "cases.stats.read"];

/** Staff of one county: positions by the county permission admin, accounts by the county account admin. */
async function countyStaff(db: Db, r: Rng, county: string, countyName: string, withLeader: boolean, ids: SimIdentity[]) {
  const aa = await adminOf(db, county, "account_admin");
  const pa = await adminOf(db, county, "permission_admin");
  const agency = await agencyOf(db, county);
  const staffPos = await createPosition(db, pa, { orgCode: county, unitId: agency, subsystem: "CASES", name: "窗口工作人员", permissions: WINDOW_STAFF }, IP);
  const s = person(r, county);
  const staff = await createAccount(db, aa, { ...s, orgCode: county, unitId: agency, roleKind: "operator" }, { ip: IP });
  await grantPosition(db, pa, staff.id, staffPos.id, { ip: IP, reason: "政务服务大厅人社窗口" });
  ids.push({ name: s.name, idNumber: s.idNumber, label: `${countyName}人社窗口工作人员` });
  let leader: number | null = null;
  if (withLeader) {
    const leaderPos = await createPosition(db, pa, { orgCode: county, unitId: agency, subsystem: "CASES", name: "窗口负责人", permissions: WINDOW_LEADER }, IP);
    const l = person(r, county);
    leader = (await createAccount(db, aa, { ...l, orgCode: county, unitId: agency, roleKind: "operator" }, { ip: IP })).id;
    await grantPosition(db, pa, leader, leaderPos.id, { ip: IP, reason: "人社窗口负责人" });
    ids.push({ name: l.name, idNumber: l.idNumber, label: `${countyName}人社窗口负责人` });
    // The county's 办件监督员 (the position every level defines in the governance demo) decides appeals.
    const [sup] = await db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, county), eq(positions.subsystem, "CASES"), eq(positions.name, "办件监督员")));
    if (sup) {
      const m = person(r, county);
      const acc = await createAccount(db, aa, { ...m, orgCode: county, unitId: agency, roleKind: "operator" }, { ip: IP });
      await grantPosition(db, pa, acc.id, sup.id, { ip: IP, reason: "办件预警监督" });
      ids.push({ name: m.name, idNumber: m.idNumber, label: `${countyName}办件监督员` });
    }
  }
  return { staff: staff.id, leader };
}

/** Hand-made cases for 恩施市's windows so that every state shows: near deadline, overdue (黄牌, 红牌), paused, 差评. */
function craftedCases(r: Rng, now: Date, cal: WorkCalendar): { base: ExchangeRow[]; special: ExchangeRow[]; evaluation: ExchangeRow[] } {
  const w = hallWindows().filter((x) => x.divisionCode === "422801");
  const base: ExchangeRow[] = [], special: ExchangeRow[] = [], evaluation: ExchangeRow[] = [];
  const today = chinaDate(now);
  // The working day `n` working days before today.
  const back = (n: number) => {
    let d = today, k = 0;
    while (k < n) { d = addDays(d, -1); if (cal.isWorkday(d)) k++; }
    return d;
  };
  let i = 0;
  const add = (serviceIdx: number, acceptDay: string, finishedAt: Date | null, extra: Partial<ExchangeRow> = {}) => {
    const item = SERVICE_ITEMS[serviceIdx]!;
    const win = w.find((x) => x.deptKind === item.dept)!;
    const sex = r.next() < 0.5 ? "male" : "female";
    const name = personName(r, sex);
    const projid = `422801DEMO${String(++i).padStart(4, "0")}`;
    base.push({
      PROJID: projid, VERSION: 1, FLAG: "I", SERVICECODE: item.code, IMPLCODE: `${item.code}42280101`, SERVICENAME: item.name, PROJECTTYPE: item.type, APPLYNAME: name, APPLYCARDTYPE: "身份证",
      APPLYCARDNUMBER: idNumberFor(r, "422801", sex, 1965, 2000), CONTACTMAN: name, TELPHONE: mobile(r), DEPTCODE: win.departmentCode, DEPTNAME: win.departmentName, WINDOWCODE: win.code,
      ACCEPTMAN: "向红梅", AREACODE: "422801", ACCEPTTIME: exchangeTime(new Date(chinaMidnight(acceptDay) + 9.5 * 3600_000)), PROMISEVALUE: item.promise, PROMISETYPE: item.unit,
      LEGALVALUE: item.legal ?? "", FINISHTIME: finishedAt ? exchangeTime(finishedAt) : "", RESULT: finishedAt ? "准予许可" : "", SATISFACTION: "", ...extra,
    });
    return projid;
  };
  // 失业保险金申领 (3 days, legal 10): accepted 2 working days ago → 预警; 5 days ago → 黄牌; 12 days ago → 红牌.
  add(0, back(2), null);
  add(0, back(5), null);
  add(0, back(12), null);
  add(8, back(4), null); // 社会保障卡申领 (5 days): 预警
  add(3, back(7), null); // 就业困难人员认定 (5 days): 黄牌
  // 劳动能力鉴定申请 paused by an open 鉴定.
  const p = add(13, back(6), null);
  special.push({ PROJID: p, SEQ: 1, SPTYPE: "鉴定", APPROVER: "恩施市劳动能力鉴定委员会", REASON: "依法组织劳动能力鉴定", STARTTIME: exchangeTime(new Date(chinaMidnight(back(3)) + 10 * 3600_000)), ENDTIME: "", SPLIMIT: 30 });
  // 差评 on finished cases (real name), in different follow-up states after the seed advances them.
  for (let k = 0; k < 6; k++) {
    const day = back(8 + k);
    const fin = new Date(chinaMidnight(back(6 + k)) + 15 * 3600_000);
    const id = add([0, 6, 8, 10, 3, 12][k]!, day, fin, { SATISFACTION: k % 2 ? "非常不满意" : "不满意" });
    evaluation.push({ PROJID: id, EVALID: `E${id}`, EVALLEVEL: k % 2 ? 5 : 4, CHANNEL: "窗口评价器", ACTIVE: 1, REALNAME: 1, CONTENT: ["等待时间太长", "工作人员态度不好", "材料要求反复变化，跑了好几趟"][k % 3], EVALTIME: exchangeTime(new Date(fin.getTime() + 1800_000)) });
  }
  return { base, special, evaluation };
}

export async function seedCasesDemo(db: Db, r: Rng, scale: "demo" | "test", now = new Date()): Promise<SimIdentity[]> {
  const ids: SimIdentity[] = [];
  // 1. Departments and windows.
  const wins = hallWindows();
  await db.insert(caseDepartments).values([...new Map(wins.map((w) => [w.departmentCode, { code: w.departmentCode, name: w.departmentName, divisionCode: w.divisionCode }])).values()]).onConflictDoNothing();
  await db.insert(caseWindows).values(wins.map((w) => ({ code: w.code, name: w.name, hall: w.hall, departmentCode: w.departmentCode, divisionCode: w.divisionCode }))).onConflictDoNothing();
  await db.insert(caseWarningRules).values([{ serviceCode: "*" }, { serviceCode: "000115013000", autoIssue: false }]).onConflictDoNothing();

  // 2. Staff, through governance's services.
  const es = await countyStaff(db, r, "422801", "恩施市", true, ids);
  const lc = await countyStaff(db, r, "422802", "利川市", false, ids);
  await db.update(caseWindows).set({ staffAccountId: es.staff, leaderAccountId: es.leader }).where(eq(caseWindows.divisionCode, "422801"));
  await db.update(caseWindows).set({ staffAccountId: lc.staff }).where(eq(caseWindows.divisionCode, "422802"));
  const zPa = await adminOf(db, "422800", "permission_admin");
  const [zSup] = await db.select({ id: grants.accountId }).from(grants).innerJoin(positions, eq(positions.id, grants.positionId))
    .where(and(eq(positions.orgCode, "422800"), eq(positions.name, "办件监督员"), isNull(grants.revokedAt))).limit(1);
  if (zSup) {
    const pos = await createPosition(db, zPa, { orgCode: "422800", unitId: await agencyOf(db, "422800"), subsystem: "CASES", name: "办件数据管理员", permissions: ["cases.case.read", "cases.import", "cases.case.reveal-id", "cases.warning.handle", "cases.stats.read"] }, IP);
    await grantPosition(db, zPa, zSup.id, pos.id, { ip: IP, reason: "办件交换数据导入与预警设置" });
  }

  // 3. Cases for every county through the intake (the same path as the exchange files).
  const from = addDays(chinaDate(now), -120);
  const cal = await WorkCalendar.load(db, addDays(from, -10), addDays(chinaDate(now), 400));
  const set = generateCases(r, { count: scale === "test" ? 160 : 4000, now, days: scale === "test" ? 45 : 110, cal, seqStart: 1 });
  const crafted = craftedCases(r, now, cal);
  set.PRE_BASEINFO!.push(...crafted.base);
  set.PRE_SPECIALPROCEDURE!.push(...crafted.special);
  set.PRE_EVALUATION!.push(...crafted.evaluation);
  const actor = { accountId: null, name: "政务服务平台前置库", ip: null };
  await intakeSet(db, actor, { scopePrefix: "4228" }, set, { source: "demo", now, chunk: 1000 });
  await sweepAll(db, now);

  // 4. 差评 follow-ups of 恩施市 in different states (pre-review left, then further and further along).
  const staff = await principal(db, es.staff);
  const leader = es.leader ? await principal(db, es.leader) : staff;
  const fus = await db.select({ id: caseFollowups.id }).from(caseFollowups).innerJoin(cases, eq(cases.id, caseFollowups.caseId))
    .where(and(eq(caseFollowups.divisionCode, "422801"), eq(cases.applicantCardType, "身份证"))).orderBy(caseFollowups.id);
  const plan: number[] = [0, 2, 4, 5, 7];
  for (let k = 0; k < fus.length && k < plan.length; k++) {
    for (let s = 0; s < plan[k]!; s++) {
      const who = s === 4 ? leader : staff;
      await advanceFollowup(db, who, fus[k]!.id, { note: ["已预审，属实名差评", "核查：非恶意差评", "核实情况属实", "已整改：优化叫号流程", "同意整改结果", "电话回访，群众表示满意", "已答复群众"][s]!, outcome: s === 3 ? "整改" : undefined, satisfaction: s === 5 ? 2 : undefined, malicious: false }, IP, now);
    }
  }
  // One card of 恩施市 appealed, so the supervisor has an appeal to decide.
  const cards = await listCards(db, staff, { status: "issued", mine: true }, 1, 5);
  if (cards.items[1]) await appealCard(db, staff, cards.items[1].id, "该办件申请人补正材料期间未计入特别程序，实际未超期", IP, now);
  return ids;
}
