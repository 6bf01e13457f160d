/**
 * The principal of a request: the account, its organisation scope (P9) and its effective permissions, computed from
 * the database on every request (nothing kept in process memory, so any instance can serve any request).
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../db/client.js";
import { accounts, orgNodes, grants, positions, type RoleKind } from "../db/schema.js";
import type { Subsystem } from "./areas.js";
import { intrinsicPowers, type Permission } from "./catalogue.js";
import type { Actor } from "../audit.js";

export interface Principal {
  accountId: number;
  name: string;
  roleKind: RoleKind;
  orgCode: string;
  orgName: string;
  level: "prefecture" | "county" | "township";
  unitId: number | null;
  /** Every division code inside the account's organisation starts with this prefix (P9). */
  scopePrefix: string;
  permissions: Set<Permission>;
  /** For permission admins: the subsystems whose rights they may set (P6). */
  adminSubsystems: Subsystem[];
  /** Subsystems in which the account holds any business function (menus). */
  businessSubsystems: Subsystem[];
}

/** The account and organisation columns a principal is built from. */
export const principalColumns = {
  id: accounts.id,
  name: accounts.name,
  roleKind: accounts.roleKind,
  orgCode: accounts.orgCode,
  unitId: accounts.unitId,
  status: accounts.status,
  level: orgNodes.level,
  orgName: orgNodes.name,
  scopePrefix: orgNodes.scopePrefix,
};

interface GrantRow {
  kind: "position" | "admin_subsystem";
  subsystem: Subsystem;
  permissions: Permission[] | null;
  positionStatus: string | null;
}

/**
 * The account's live grants as one JSON value, read in the same statement as the account (the request guard reads the
 * session, the account and its grants in one round trip).
 */
export const liveGrantsJson = sql<GrantRow[]>`coalesce((select json_agg(json_build_object('kind', g.kind, 'subsystem', g.subsystem, 'permissions', p.permissions, 'positionStatus', p.status))
  from ${grants} g left join ${positions} p on p.id = g.position_id where g.account_id = ${accounts.id} and g.revoked_at is null), '[]'::json)`;

type PrincipalRow = Omit<Principal, "accountId" | "permissions" | "adminSubsystems" | "businessSubsystems"> & {
  id: number;
  status: string;
  grants: GrantRow[] | string;
};

/** Build the principal from the row read with principalColumns and liveGrantsJson; null unless the account is active. */
export function principalFrom(row: PrincipalRow | undefined): Principal | null {
  if (!row || row.status !== "active") return null;
  const active = (typeof row.grants === "string" ? JSON.parse(row.grants) : row.grants) as GrantRow[];
  const permissions = new Set<Permission>(intrinsicPowers(row.roleKind, row.level));
  const adminSubsystems = new Set<Subsystem>();
  const businessSubsystems = new Set<Subsystem>();
  for (const g of active) {
    if (g.kind === "admin_subsystem" && row.roleKind === "permission_admin") adminSubsystems.add(g.subsystem);
    if (g.kind === "position" && row.roleKind === "operator" && g.positionStatus === "active") {
      for (const p of g.permissions ?? []) permissions.add(p);
      businessSubsystems.add(g.subsystem);
    }
  }
  return {
    accountId: row.id,
    name: row.name,
    roleKind: row.roleKind,
    orgCode: row.orgCode,
    orgName: row.orgName,
    level: row.level,
    unitId: row.unitId,
    scopePrefix: row.scopePrefix,
    permissions,
    adminSubsystems: [...adminSubsystems].sort(),
    businessSubsystems: [...businessSubsystems].sort(),
  };
}

export async function loadPrincipal(q: Queryable, accountId: number): Promise<Principal | null> {
  const [row] = await q
    .select({ ...principalColumns, grants: liveGrantsJson })
    .from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(eq(accounts.id, accountId));
  return principalFrom(row);
}

/** The one audit-actor builder: who did it (the principal) and from where (the request's IP). */
export function actorOf(p: Pick<Principal, "accountId" | "name">, ip: string | null): Actor {
  return { accountId: p.accountId, name: p.name, ip };
}
