/**
 * The organisation as the requirement measure sees it (R2–R6): business units (州 and 县 departments and agencies),
 * the 州信息中心, the 运维公司, and the accounts in a unit that hold a duty (function code) through an active position.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { accounts, orgNodes, units, type UnitKind } from "../core/db/schema.js";
import { grants, positions } from "../core/db/schema.js";
import { PREFECTURE_CODE } from "../core/org.js";

export interface UnitInfo {
  id: number;
  name: string;
  kind: UnitKind;
  orgCode: string;
  level: "prefecture" | "county" | "township";
}

/** Units that raise requirements (R2: 州、县(市)各业务单位): business sections, agencies and the bureaus themselves. */
export const BUSINESS_UNIT_KINDS: readonly UnitKind[] = ["department", "agency", "hrss_bureau"];

export async function unitInfo(q: Queryable, id: number | null | undefined): Promise<UnitInfo | null> {
  if (!id) return null;
  const [u] = await q
    .select({ id: units.id, name: units.name, kind: units.kind, orgCode: units.orgCode, level: orgNodes.level })
    .from(units)
    .innerJoin(orgNodes, eq(orgNodes.code, units.orgCode))
    .where(eq(units.id, id));
  return u ?? null;
}

export async function unitNames(q: Queryable, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => !!x))];
  if (!list.length) return new Map();
  const rows = await q.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, list));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The 州信息中心 (R4). */
export async function infoCenterUnit(q: Queryable): Promise<UnitInfo> {
  const [u] = await q.select({ id: units.id }).from(units).where(and(eq(units.orgCode, PREFECTURE_CODE), eq(units.kind, "info_center"))).limit(1);
  if (!u) throw new Error("州信息中心 unit missing");
  return (await unitInfo(q, u.id))!;
}

/** The 运维公司 units (R6); a deployment normally has one. */
export async function vendorUnits(q: Queryable): Promise<{ id: number; name: string }[]> {
  return q.select({ id: units.id, name: units.name }).from(units).where(eq(units.kind, "vendor")).orderBy(units.id);
}

/** The 州 business departments a county requirement may go through (R8). */
export async function prefectureDepartments(q: Queryable): Promise<{ id: number; name: string }[]> {
  return q.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.orgCode, PREFECTURE_CODE), eq(units.kind, "department"))).orderBy(units.id);
}

/** Active operator accounts of a unit holding any of the codes through an active position grant. */
export async function accountsWithDuty(q: Queryable, unitId: number, codes: readonly string[]): Promise<number[]> {
  if (!codes.length) return [];
  const anyCode = sql.join(codes.map((c) => sql`${positions.permissions} @> ${JSON.stringify([c])}::jsonb`), sql` or `);
  const rows = await q
    .selectDistinct({ id: accounts.id })
    .from(accounts)
    .innerJoin(grants, and(eq(grants.accountId, accounts.id), isNull(grants.revokedAt), eq(grants.kind, "position")))
    .innerJoin(positions, and(eq(positions.id, grants.positionId), eq(positions.status, "active")))
    .where(and(eq(accounts.unitId, unitId), eq(accounts.status, "active"), eq(accounts.roleKind, "operator"), sql`(${anyCode})`));
  return rows.map((r) => r.id);
}
