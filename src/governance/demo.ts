/**
 * Demo mode: a believable set of staff at 州, every 县 and several 乡镇 covering every role, created through the same
 * governed services a person would use (bootstrap first, then each admin acting within their own powers), plus the
 * cards the e-SSC simulator can present (including people with no account, to show the refusal).
 */
import { eq, and } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import { bootstrapPrefectureAdmins, createAccount } from "./accounts.js";
import { createPosition, grantAdminSubsystem, grantPosition } from "./grants.js";
import { divisionData } from "../core/org.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { personName, idNumberFor, mobile, type Rng } from "../core/people.js";
import { AREAS, type Subsystem } from "../core/access/areas.js";

const SEED_IP = "127.0.0.1";

function person(r: Rng, region: string) {
  const sex = r.next() < 0.5 ? ("male" as const) : ("female" as const);
  return { name: personName(r, sex), idNumber: idNumberFor(r, region, sex, 1972, 1998), phone: mobile(r) };
}

async function principal(db: Db, id: number): Promise<Principal> {
  const p = await loadPrincipal(db, id);
  if (!p) throw new Error(`demo: account ${id} not active`);
  return p;
}

async function unitId(db: Db, orgCode: string, kind: "info_center" | "agency" | "township_center" | "vendor" | "department") {
  const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.kind, kind))).limit(1);
  return u?.id ?? null;
}

/** Positions every level defines in the demo (P12). */
const DEMO_POSITIONS: { subsystem: Subsystem; name: string; permissions: string[] }[] = [
  { subsystem: "LABOR", name: "信息采集员", permissions: ["labor.person.read", "labor.person.create", "labor.person.update", "labor.import"] },
  { subsystem: "LABOR", name: "信息审核员", permissions: ["labor.person.read", "labor.person.update", "labor.person.reveal-id", "labor.export", "labor.stats.read"] },
  { subsystem: "LABOR", name: "数据查询员", permissions: ["labor.person.read", "labor.stats.read"] },
  { subsystem: "GIG", name: "驿站管理员", permissions: ["gig.station.manage", "gig.worker.read", "gig.worker.manage", "gig.employer.manage", "gig.posting.review", "gig.match.manage", "gig.settlement.manage", "gig.stats.read"] },
  { subsystem: "SHARE", name: "共享用工专员", permissions: ["share.enterprise.read", "share.enterprise.manage", "share.match.manage", "share.agreement.manage", "share.dispute.manage", "share.stats.read"] },
  { subsystem: "ANALYTICS", name: "数据分析员", permissions: ["analytics.dashboard.read", "analytics.export"] },
  { subsystem: "CASES", name: "办件监督员", permissions: ["cases.case.read", "cases.warning.handle", "cases.review.followup", "cases.stats.read"] },
];

/** Townships that get operators in the demo: the first three of 恩施市 and two of 利川市. */
const DEMO_TOWNSHIPS = ["422801001", "422801002", "422801003", "422802001", "422802002"];

/** The demo staff: bootstrap, then each admin acting within their own powers; returns the simulator's cards. */
export async function seedGovernanceDemo(db: Db, r: Rng): Promise<SimIdentity[]> {
  const ids: SimIdentity[] = [];
  const add = (p: { name: string; idNumber: string }, label: string) => ids.push({ name: p.name, idNumber: p.idNumber, label });

  // 1. Bootstrap: the first 州 admins (the only accounts made outside the governed flow).
  const aaA = person(r, "422801"), aaB = person(r, "422801"), pa = person(r, "422801");
  const [stateAaA, , statePa] = await bootstrapPrefectureAdmins(db, { accountAdmins: [aaA, aaB], permissionAdmin: pa });
  add(aaA, "州级账户管理员（A角）");
  add(aaB, "州级账户管理员（B角）");
  add(pa, "州级权限管理员");
  const zAA = await principal(db, stateAaA!.id);
  const zPA = await principal(db, statePa!.id);

  // 2. The 州 account admin creates the county admins and the 州 operators (P7(1), P7(2)).
  const d = divisionData();
  const countyAdmins = new Map<string, { aa: number; pa: number }>();
  for (const c of d.counties) {
    const ic = await unitId(db, c.code, "info_center");
    const a1 = person(r, c.code), a2 = person(r, c.code), p1 = person(r, c.code);
    const A = await createAccount(db, zAA, { ...a1, orgCode: c.code, unitId: ic, roleKind: "account_admin", abSlot: "A" }, { ip: SEED_IP });
    // 鹤峰县 has only one account admin in the demo, so the A/B warning (P6) has something to show.
    if (c.code !== "422828") await createAccount(db, zAA, { ...a2, orgCode: c.code, unitId: ic, roleKind: "account_admin", abSlot: "B" }, { ip: SEED_IP });
    const P = await createAccount(db, zAA, { ...p1, orgCode: c.code, unitId: ic, roleKind: "permission_admin" }, { ip: SEED_IP });
    countyAdmins.set(c.code, { aa: A.id, pa: P.id });
    if (c.code === "422801" || c.code === "422802") {
      add(a1, `${c.name}账户管理员（A角）`);
      add(p1, `${c.name}权限管理员`);
    }
    // 3. The 州 permission admin gives each county permission admin its subsystems (P8(1)).
    for (const s of AREAS) await grantAdminSubsystem(db, zPA, P.id, s, { ip: SEED_IP, reason: "县级权限管理员初始配置" });
  }
  const zAgency = await unitId(db, "422800", "agency");
  const zOps: number[] = [];
  for (const label of ["州就业局数据分析员", "州政务服务办件监督员", "州劳动力资源信息审核员"]) {
    const p = person(r, "422801");
    const acc = await createAccount(db, zAA, { ...p, orgCode: "422800", unitId: zAgency, roleKind: "operator" }, { ip: SEED_IP });
    zOps.push(acc.id);
    add(p, label);
  }
  // 4. 州 positions and grants.
  const zPos = new Map<string, number>();
  for (const def of DEMO_POSITIONS) {
    const pos = await createPosition(db, zPA, { orgCode: "422800", unitId: zAgency, ...def }, SEED_IP);
    zPos.set(def.name, pos.id);
  }
  await grantPosition(db, zPA, zOps[0]!, zPos.get("数据分析员")!, { ip: SEED_IP });
  await grantPosition(db, zPA, zOps[1]!, zPos.get("办件监督员")!, { ip: SEED_IP });
  await grantPosition(db, zPA, zOps[2]!, zPos.get("信息审核员")!, { ip: SEED_IP });

  // 5. Counties: positions, county and township operators (P12, P14).
  for (const c of d.counties) {
    const admins = countyAdmins.get(c.code)!;
    const cAA = await principal(db, admins.aa);
    const cPA = await principal(db, admins.pa);
    const agency = await unitId(db, c.code, "agency");
    const pos = new Map<string, number>();
    for (const def of DEMO_POSITIONS) pos.set(def.name, (await createPosition(db, cPA, { orgCode: c.code, unitId: agency, ...def }, SEED_IP)).id);
    const opCounty = person(r, c.code);
    const op = await createAccount(db, cAA, { ...opCounty, orgCode: c.code, unitId: agency, roleKind: "operator" }, { ip: SEED_IP });
    await grantPosition(db, cPA, op.id, pos.get("信息审核员")!, { ip: SEED_IP });
    await grantPosition(db, cPA, op.id, pos.get("驿站管理员")!, { ip: SEED_IP });
    if (c.code === "422801" || c.code === "422802") add(opCounty, `${c.name}就业局操作员`);
    for (const t of d.townships.filter((t) => DEMO_TOWNSHIPS.includes(t.code) && t.countyCode === c.code)) {
      const [u] = await db.insert(units).values({ orgCode: t.code, name: `${t.name}人社服务中心`, kind: "township_center" }).returning({ id: units.id });
      const p = person(r, c.code);
      const tOp = await createAccount(db, cAA, { ...p, orgCode: t.code, unitId: u!.id, roleKind: "operator" }, { ip: SEED_IP });
      await grantPosition(db, cPA, tOp.id, pos.get("信息采集员")!, { ip: SEED_IP });
      add(p, `${c.name}${t.name}信息采集员`);
    }
  }
  // An operator with no grant yet, and people with no account: the simulator shows how login treats them.
  const cAA = await principal(db, countyAdmins.get("422801")!.aa);
  const fresh = person(r, "422801");
  await createAccount(db, cAA, { ...fresh, orgCode: "422801", unitId: await unitId(db, "422801", "agency"), roleKind: "operator" }, { ip: SEED_IP });
  add(fresh, "恩施市新入职操作员（尚未授权）");
  add(person(r, "422822"), "无平台账户的群众（应被拒绝）");
  return ids;
}
