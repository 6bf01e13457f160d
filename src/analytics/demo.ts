/**
 * S-ANALYTICS demo: the analysts of every level, made through governance's services by the level's own admins (P7,
 * P12): 州 — the 数据分析员 of the governance demo also gets 目标任务管理 (a 州 position); 恩施市 and 利川市 — a county
 * 数据分析员; 舞阳坝街道 and 六角亭街道 — a township 数据分析员 each (neighbours, for the scope demonstration). Then the
 * demo year's targets (through the target service, audited) and, in the full demo, a few past monthly snapshots derived
 * from today's values so that 环比/同比 show something (labelled as demo data in docs/traceability.md).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DemoSeedContext } from "../core/module.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { accounts, grants, orgNodes, positions, units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import { idNumberFor, mobile, personName, type Rng } from "../core/people.js";
import { chinaDate } from "../core/calendar.js";
import type { Db } from "../core/db/client.js";
import { createAccount } from "../governance/accounts.js";
import { createPosition, grantPosition } from "../governance/grants.js";
import { setTargets, targetIndicators, TARGET_KEY_INDICATORS } from "./targets.js";
import { monthValues } from "./snapshots.js";
import { previousMonth } from "./query.js";
import { analyticsSnapshots } from "./schema.js";

const IP = "127.0.0.1";

function person(r: Rng, region: string) {
  const sex = r.next() < 0.5 ? ("male" as const) : ("female" as const);
  return { name: personName(r, sex), idNumber: idNumberFor(r, region, sex, 1975, 1998), phone: mobile(r) };
}

async function principal(db: Db, id: number): Promise<Principal> {
  const p = await loadPrincipal(db, id);
  if (!p) throw new Error(`analytics demo: account ${id} not active`);
  return p;
}

async function admin(db: Db, orgCode: string, roleKind: "account_admin" | "permission_admin"): Promise<Principal> {
  const rows = await db.select({ id: accounts.id, ab: accounts.abSlot }).from(accounts).where(and(eq(accounts.orgCode, orgCode), eq(accounts.roleKind, roleKind), eq(accounts.status, "active"))).orderBy(accounts.id);
  const a = rows.find((x) => x.ab === "A") ?? rows[0];
  if (!a) throw new Error(`analytics demo: no ${roleKind} at ${orgCode}`);
  return principal(db, a.id);
}

async function positionId(db: Db, orgCode: string, name: string): Promise<number> {
  const [p] = await db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, orgCode), eq(positions.subsystem, "ANALYTICS"), eq(positions.name, name)));
  if (!p) throw new Error(`analytics demo: no position ${name} at ${orgCode}`);
  return p.id;
}

export async function seedAnalyticsDemo({ db, rng, scale }: DemoSeedContext): Promise<SimIdentity[]> {
  const ids: SimIdentity[] = [];
  // 州: the governance demo's 数据分析员 also manages targets (a second 州 position, granted by the 州 permission admin).
  const zPA = await admin(db, "422800", "permission_admin");
  const analystPos = await positionId(db, "422800", "数据分析员");
  const [zAnalyst] = await db.select({ id: grants.accountId }).from(grants).where(and(eq(grants.positionId, analystPos), isNull(grants.revokedAt)));
  if (!zAnalyst) throw new Error("analytics demo: the 州 数据分析员 is missing");
  const targetPos = await createPosition(db, zPA, { orgCode: "422800", subsystem: "ANALYTICS", name: "目标任务管理员", description: "下达与维护年度目标任务", permissions: ["analytics.dashboard.read", "analytics.target.manage"] }, IP);
  await grantPosition(db, zPA, zAnalyst.id, targetPos.id, { ip: IP, reason: "州级年度目标任务管理" });

  // Counties and townships: each county's own admins make and grant (P7(2), P12).
  const plan: { county: string; countyName: string; townships: { code: string; name: string }[] }[] = [
    { county: "422801", countyName: "恩施市", townships: [{ code: "422801001", name: "舞阳坝街道" }, { code: "422801002", name: "六角亭街道" }] },
    { county: "422802", countyName: "利川市", townships: [] },
  ];
  for (const c of plan) {
    const cAA = await admin(db, c.county, "account_admin");
    const cPA = await admin(db, c.county, "permission_admin");
    const pos = await positionId(db, c.county, "数据分析员");
    const [agency] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, c.county), eq(units.kind, "agency"))).limit(1);
    const p = person(rng, c.county);
    const acc = await createAccount(db, cAA, { ...p, orgCode: c.county, unitId: agency?.id ?? null, roleKind: "operator" }, { ip: IP });
    await grantPosition(db, cPA, acc.id, pos, { ip: IP });
    ids.push({ name: p.name, idNumber: p.idNumber, label: `${c.countyName}就业局数据分析员` });
    for (const t of c.townships) {
      const [u] = await db.select({ id: units.id }).from(units).where(eq(units.orgCode, t.code)).limit(1);
      const tp = person(rng, c.county);
      const tAcc = await createAccount(db, cAA, { ...tp, orgCode: t.code, unitId: u?.id ?? null, roleKind: "operator" }, { ip: IP });
      await grantPosition(db, cPA, tAcc.id, pos, { ip: IP });
      ids.push({ name: tp.name, idNumber: tp.idNumber, label: `${c.countyName}${t.name}数据分析员` });
    }
  }

  // The demo year's targets: today's value plus a tenth (at least 100), for the key labor figures and every county.
  const { MODULES } = await import("../modules.js");
  const now = new Date();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const month = today.slice(0, 7);
  const values = await monthValues(db, MODULES, month, today);
  const current = new Map(values.map((v) => [`${v.indicator}|${v.divisionCode}`, v.value]));
  const targetable = new Set(targetIndicators(MODULES).map((i) => i.code));
  const zAnalystP = await principal(db, zAnalyst.id);
  const countyRows = await db.select({ code: orgNodes.code }).from(orgNodes).where(eq(orgNodes.parentCode, "422800"));
  const rows = [];
  for (const code of TARGET_KEY_INDICATORS.filter((c) => targetable.has(c))) {
    for (const { code: county } of countyRows) {
      const v = current.get(`${code}|${county}`) ?? 0;
      rows.push({ countyCode: county, indicator: code, target: Math.max(100, Math.round(v * 1.1)) });
    }
  }
  await setTargets(db, zAnalystP, MODULES, year, rows, { accountId: zAnalystP.accountId, name: zAnalystP.name, ip: IP });

  // Past months for 环比/同比 (full demo only): today's values scaled, taken "now".
  if (scale === "demo") {
    const back: [number, number][] = [[1, 0.97], [2, 0.95], [12, 0.9]];
    for (const [k, f] of back) {
      const period = previousMonth(month, k);
      const vs = values.map((v) => ({ indicator: v.indicator, divisionCode: v.divisionCode, period, value: Math.round(v.value * f), takenAt: now }));
      for (let i = 0; i < vs.length; i += 1000) await db.insert(analyticsSnapshots).values(vs.slice(i, i + 1000)).onConflictDoNothing();
    }
  }
  return ids;
}
