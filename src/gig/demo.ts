/**
 * The S-GIG demo: a station network for Enshi's eight counties (a 总站 per county, 分站 in some townships, 服务点 in
 * villages), workers, employers and postings in every state, with hires, attendance, settlements, payments, ratings and
 * a complaint — all made through the module's own services, acting as the county station staff the governance demo
 * created. It adds township station operators at 舞阳坝街道 and 六角亭街道 (a position of the county's, granted
 * through governance's services by the county admins) and returns their simulator cards.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import { units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import type { DemoSeedContext } from "../core/module.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import type { Actor } from "../core/audit.js";
import { divisionData } from "../core/org.js";
import { idNumberFor, mobile, personName, type Rng } from "../core/people.js";
import { chinaDate, addDays } from "../core/calendar.js";
import { createAccount } from "../governance/accounts.js";
import { createPosition, grantPosition } from "../governance/grants.js";
import {
  advanceComplaint, applyToPosting, blacklistEmployer, checkIn, checkOut, completeApplication, createEmployer, createPosting, createStation, fileComplaint, hire, rate,
  recordPayment, registerWorker, reviewPosting,
} from "./service.js";
import { makeCreditCode } from "./rules.js";
import type { PayUnit } from "./schema.js";

const IP = "127.0.0.1";
/** The township station operators' position (defined by each county that has township stations in the demo). */
export const TOWNSHIP_POSITION = {
  name: "零工驿站操作员",
  permissions: ["gig.worker.read", "gig.worker.manage", "gig.employer.manage", "gig.posting.review", "gig.match.manage", "gig.settlement.manage", "gig.stats.read"],
} as const;
/** The county's 零工信息核查员: reads workers and may reveal a worker's full 身份证号 and phone (audited, X2). */
export const REVEAL_POSITION = { name: "零工信息核查员", permissions: ["gig.worker.read", "gig.worker.reveal-id"] } as const;
/** Townships whose station operators the demo creates (恩施市舞阳坝街道, 恩施市六角亭街道). */
export const DEMO_STATION_TOWNSHIPS = ["422801001", "422801002"];

const SKILLS = ["cleaning", "moving", "housekeeping", "nanny", "plumbing", "decoration", "repair", "delivery", "farm_season", "tea_picking", "construction", "catering"];
const SKILL_TITLE: Record<string, string> = {
  cleaning: "保洁员", moving: "搬运工", housekeeping: "家政服务员", nanny: "月嫂", plumbing: "水电工", decoration: "装修工", repair: "维修工", delivery: "配送员",
  farm_season: "农忙季节工", tea_picking: "采茶工", construction: "建筑小工", catering: "餐饮帮厨",
};
const ENTERPRISE_WORDS = ["茶业有限公司", "建筑劳务有限公司", "物业服务有限公司", "家政服务有限公司", "农业专业合作社", "餐饮管理有限公司", "物流有限公司", "装饰工程有限公司"];
const PLACE = ["恩施", "硒都", "武陵", "清江", "土家", "龙凤", "巴山", "施南"];

async function gigOperator(db: Db, orgCode: string): Promise<Principal> {
  const [r] = await rows<{ id: number }>(db, sql`select a.id from accounts a join grants g on g.account_id = a.id and g.revoked_at is null join positions p on p.id = g.position_id
    where a.org_code = ${orgCode} and a.role_kind = 'operator' and a.status = 'active' and p.subsystem = 'GIG' order by a.id limit 1`);
  if (!r) throw new Error(`gig demo: no GIG operator at ${orgCode}`);
  return (await loadPrincipal(db, r.id))!;
}

async function adminOf(db: Db, orgCode: string, roleKind: "account_admin" | "permission_admin") {
  const [r] = await rows<{ id: number }>(db, sql`select id from accounts where org_code = ${orgCode} and role_kind = ${roleKind} and status = 'active' order by id limit 1`);
  return (await loadPrincipal(db, r!.id))!;
}

/** Township station operators, made through governance's services by the county's admins. */
async function seedStationStaff(db: Db, r: Rng): Promise<SimIdentity[]> {
  const d = divisionData();
  const out: SimIdentity[] = [];
  const county = "422801";
  const aa = await adminOf(db, county, "account_admin");
  const pa = await adminOf(db, county, "permission_admin");
  const [agency] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, county), eq(units.kind, "agency"))).limit(1);
  const pos = await createPosition(db, pa, { orgCode: county, unitId: agency?.id ?? null, subsystem: "GIG", name: TOWNSHIP_POSITION.name, permissions: [...TOWNSHIP_POSITION.permissions] }, IP);
  for (const t of DEMO_STATION_TOWNSHIPS) {
    const tw = d.townships.find((x) => x.code === t)!;
    let [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, t), eq(units.kind, "township_center"))).limit(1);
    if (!u) [u] = await db.insert(units).values({ orgCode: t, name: `${tw.name}人社服务中心`, kind: "township_center" }).returning({ id: units.id });
    const sex = r.next() < 0.5 ? "male" : "female";
    const person = { name: personName(r, sex), idNumber: idNumberFor(r, county, sex, 1975, 1998), phone: mobile(r) };
    const acc = await createAccount(db, aa, { ...person, orgCode: t, unitId: u!.id, roleKind: "operator" }, { ip: IP });
    await grantPosition(db, pa, acc.id, pos.id, { ip: IP, reason: "零工驿站值守" });
    out.push({ name: person.name, idNumber: person.idNumber, label: `恩施市${tw.name}零工驿站操作员` });
  }
  // One 核查员 at the county's agency holds the sensitive reveal (kept apart from the station operators' duties).
  const revealPos = await createPosition(db, pa, { orgCode: county, unitId: agency?.id ?? null, subsystem: "GIG", name: REVEAL_POSITION.name, permissions: [...REVEAL_POSITION.permissions] }, IP);
  const sex = r.next() < 0.5 ? "male" : "female";
  const person = { name: personName(r, sex), idNumber: idNumberFor(r, county, sex, 1975, 1998), phone: mobile(r) };
  const acc = await createAccount(db, aa, { ...person, orgCode: county, unitId: agency?.id ?? null, roleKind: "operator" }, { ip: IP });
  await grantPosition(db, pa, acc.id, revealPos.id, { ip: IP, reason: "零工信息核查" });
  out.push({ name: person.name, idNumber: person.idNumber, label: "恩施市零工信息核查员" });
  return out;
}

/** A code of 17 leading characters with a check character that fails GB 32100 (as some pre-2016 codes do). */
const wrongCheck = (first17: string) => first17 + (makeCreditCode(first17).endsWith("0") ? "1" : "0");

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

export async function seedGigDemo({ db, rng: r, scale }: DemoSeedContext): Promise<SimIdentity[]> {
  const ids = await seedStationStaff(db, r);
  const d = divisionData();
  const today = chinaDate(new Date());
  const big = scale === "demo";
  // 身份证号 already used in the demo (staff included), so that a generated worker or employer never collides.
  const usedIds = new Set((await rows<{ id: string }>(db, sql`select id_number as id from accounts`)).map((x) => x.id));
  for (const c of d.counties) {
    const op = await gigOperator(db, c.code);
    const actor: Actor = { accountId: op.accountId, name: op.name, ip: IP };
    const rich = big || c.code === "422801";
    const townships = d.townships.filter((t) => t.countyCode === c.code);
    const stationTownships = townships.slice(0, rich ? (big ? 4 : 2) : 1);
    const hub = await createStation(db, op, {
      name: `${c.name}零工驿站（总站）`, kind: "county_hub", regionCode: c.code, address: `${c.name}人力资源市场一楼`, hours: "周一至周日 7:00-18:00", phone: `0718-${String(r.int(2000000, 8999999))}`,
      staff: [{ name: personName(r, "female"), role: "站长" }, { name: personName(r, "male"), role: "值守员" }],
      requiredServices: ["matching", "guidance", "training", "rights"], optionalServices: ["tools", "waiting_room", "transport"], complaintChannel: "12333 或到站反映",
    }, actor);
    // At test scale (every test file seeds the demo) the other counties get their 总站 only: the tests work in 恩施市.
    if (!rich) continue;
    const stationOf = new Map<string, number>();
    for (const t of stationTownships) {
      const s = await createStation(db, op, {
        name: `${t.name}零工驿站`, kind: "branch", regionCode: t.code, address: `${t.name}便民服务中心`, hours: "周一至周六 7:30-17:30",
        staff: [{ name: personName(r, "male"), role: "值守员" }], requiredServices: ["matching", "guidance", "training", "rights"], optionalServices: ["waiting_room"], complaintChannel: "12333",
      }, actor);
      stationOf.set(t.code, s.id);
      const vs = d.villages.filter((v) => v.townshipCode === t.code);
      if (big && vs[0]) await createStation(db, op, { name: `${vs[0].name}零工服务点`, kind: "service_point", regionCode: vs[0].code, address: `${vs[0].name}党群服务中心`, hours: "农忙时节每日 7:00-12:00", requiredServices: ["matching", "guidance", "training", "rights"] }, actor);
    }
    // Workers
    const nWorkers = big ? 60 : 8;
    const workerIds: { id: number; skill: string; township: string }[] = [];
    for (let i = 0; i < nWorkers; i++) {
      const t = r.next() < 0.8 ? r.pick(stationTownships) : r.pick(townships);
      const vs = d.villages.filter((v) => v.townshipCode === t.code);
      const v = r.pick(vs);
      const sex = r.next() < 0.5 ? "male" : "female";
      // The first workers cover the skills in order, so that the first postings (skill of worker i) find someone.
      const skill = i < SKILLS.length ? SKILLS[i]! : r.pick(SKILLS);
      const second = r.pick(SKILLS);
      const wageMin = r.pick([100, 120, 150, 180, 200]) * 100;
      const tIdx = townships.indexOf(t);
      const neighbours = [townships[tIdx - 1], townships[tIdx + 1]].filter(Boolean).map((x) => x!.code);
      let idNumber = idNumberFor(r, c.code, sex, 1962, 2003);
      while (usedIds.has(idNumber)) idNumber = idNumberFor(r, c.code, sex, 1962, 2003);
      usedIds.add(idNumber);
      const w = await registerWorker(db, op, {
        idNumber, name: personName(r, sex), phone: r.next() < 0.8 ? mobile(r) : null, regionCode: v.code, stationId: stationOf.get(t.code) ?? hub.id,
        wantedWork: SKILL_TITLE[skill], wageMinFen: wageMin, wageMaxFen: wageMin + 10000, availableDays: r.next() < 0.7 ? 127 : 31, areaTownships: r.next() < 0.6 ? neighbours : [],
        hardship: r.next() < 0.2 ? [r.pick(["long_idle", "low_income", "disabled", "older"] as const)] : [],
        skills: [{ code: skill, level: r.int(1, 3) }, ...(second !== skill ? [{ code: second, level: 1 }] : [])], mode: r.next() < 0.25 ? "proxy" : "staff",
      }, actor);
      workerIds.push({ id: w.id, skill, township: t.code });
    }
    // Employers
    const nEmployers = big ? 10 : 3;
    const employerIds: number[] = [];
    for (let i = 0; i < nEmployers; i++) {
      const t = r.pick(stationTownships);
      const v = r.pick(d.villages.filter((x) => x.townshipCode === t.code));
      const individual = i % 4 === 3;
      const sex = r.next() < 0.5 ? "male" : "female";
      const code17 = `9142${c.code.slice(2)}MA${String(r.int(1_000_000, 9_999_999))}${"ABCDEFGHJK"[r.int(0, 9)]}`;
      let personal = idNumberFor(r, c.code, sex, 1960, 1995);
      while (usedIds.has(personal)) personal = idNumberFor(r, c.code, sex, 1960, 1995);
      usedIds.add(personal);
      const e = await createEmployer(db, op, individual
        ? { kind: "individual", idNumber: personal, name: personName(r, sex), contactName: personName(r, sex), contactPhone: mobile(r), regionCode: v.code }
        : { kind: "enterprise", creditCode: makeCreditCode(code17.slice(0, 17)), name: `${c.name.slice(0, 2)}${r.pick(PLACE)}${ENTERPRISE_WORDS[i % ENTERPRISE_WORDS.length]}`, legalRep: personName(r, "male"), contactName: personName(r, sex), contactPhone: mobile(r), industry: null, regionCode: v.code }, actor);
      employerIds.push(e.id);
    }
    // One enterprise whose pre-2016 code fails its check: waits in manual review.
    if (rich) await createEmployer(db, op, { kind: "enterprise", creditCode: wrongCheck(`9142${c.code.slice(2)}7${String(r.int(10_000_000, 99_999_999))}`), name: `${c.name.slice(0, 2)}老字号建材经营部`, contactName: personName(r, "male"), contactPhone: mobile(r), regionCode: d.villages.find((v) => v.townshipCode === stationTownships[0]!.code)!.code }, actor);
    // Postings in every state
    const nPostings = big ? 24 : 6;
    for (let i = 0; i < nPostings; i++) {
      const t = stationTownships[Math.floor(i / 2) % stationTownships.length]!;
      const v = r.pick(d.villages.filter((x) => x.townshipCode === t.code));
      const skill = workerIds[i % workerIds.length]!.skill;
      const unit: PayUnit = r.pick(["day", "day", "half_day", "hour"] as const);
      const pay = unit === "day" ? r.pick([200, 220, 240, 260, 300]) * 100 : unit === "half_day" ? r.pick([90, 100, 120]) * 100 : r.pick([25, 28, 30]) * 100;
      const urgent = i % 3 === 0;
      const start = urgent ? today : addDays(today, r.int(0, 5));
      const state = i % 6; // 0 draft, 1 pending, 2 published, 3 hired+completed, 4 rejected, 5 published with hire
      const p = await createPosting(db, op, {
        employerId: employerIds[i % employerIds.length]!, stationId: stationOf.get(t.code) ?? hub.id, title: `${SKILL_TITLE[skill]}${urgent ? "（今日急招）" : ""}`, skillCode: skill, minLevel: 1, villageCode: v.code,
        startDate: start, endDate: urgent ? start : addDays(start, r.int(0, 2)), startMin: 480, endMin: unit === "half_day" ? 720 : 1020, payUnit: unit, payFen: pay,
        payWithinDays: unit === "hour" ? 7 : r.pick([0, 1, 3, 7]), headcount: r.int(1, 4), requirements: "身体健康，能吃苦耐劳", contactName: personName(r, "male"), contactPhone: mobile(r), urgent, submit: state !== 0,
      }, actor);
      if (state === 1 || state === 0) continue;
      if (state === 4) {
        await reviewPosting(db, op, p.id, { decision: "reject", note: "联系电话无法接通，请核实后重新提交" }, actor);
        continue;
      }
      await reviewPosting(db, op, p.id, { decision: "approve", note: "已核实用工主体和工资标准" }, actor);
      if (state === 2) continue;
      // Hire the first matching worker who is free, record the day, settle, pay and rate.
      const cands = workerIds.filter((w) => w.skill === skill);
      for (const w of cands) {
        try {
          const a = await applyToPosting(db, op, p.id, { workerId: w.id, source: "recommendation" }, actor);
          await hire(db, op, a.id, actor);
          if (state === 3) {
            await checkIn(db, op, a.id, { day: start, at: at(start, "07:55"), confirmedBy: "employer" }, actor);
            await checkOut(db, op, a.id, { day: start, at: at(start, unit === "half_day" ? "12:00" : "17:00"), confirmedBy: "employer" }, actor);
            if (start === today || big) {
              const s = await completeApplication(db, op, a.id, actor);
              await recordPayment(db, op, s.settlementId, { paidOn: today, amountFen: s.amountFen, channel: "ssc_account", reference: null }, actor);
              await rate(db, op, a.id, { direction: "of_worker", score: r.int(4, 5), comment: "干活麻利" }, actor);
              await rate(db, op, a.id, { direction: "of_employer", score: r.int(3, 5), comment: "按时结算" }, actor);
            }
          }
          break;
        } catch {
          // not free on those days (availability or an overlapping booking): try the next worker
        }
      }
    }
    // A complaint in progress and a blacklist entry in the richer counties.
    if (rich && workerIds[0] && employerIds[0]) {
      const cpl = await fileComplaint(db, op, { workerId: workerIds[0].id, employerId: employerIds[0], amountFen: 36000, description: "两天工钱至今未结清" }, actor);
      await advanceComplaint(db, op, cpl.id, { step: "investigating", note: "已电话联系用工方核实" }, actor);
      if (employerIds[1]) await blacklistEmployer(db, op, employerIds[employerIds.length - 1]!, { reason: "多次拖欠零工工资", fromDate: today, untilDate: addDays(today, 180) }, actor);
    }
  }
  return ids;
}
