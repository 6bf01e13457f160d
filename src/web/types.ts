/** Shapes of the API answers the shell uses (see src/core/auth/routes.ts, src/core/system-routes.ts, src/governance/routes.ts). */
import type { RoleKind } from "../core/db/schema.js";
import type { Subsystem } from "../core/access/areas.js";

/**
 * Subsystem is every area whose rights are granted through positions: the five business subsystems (P1) and REQ,
 * the duties of the 业务需求运维管理暂行办法.
 */
export type { RoleKind, Subsystem };
/** The five business subsystems of P1. */
export type BusinessSubsystem = "LABOR" | "SHARE" | "GIG" | "ANALYTICS" | "CASES";
export const BUSINESS_SUBSYSTEMS: readonly BusinessSubsystem[] = ["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES"];
export type Level = "prefecture" | "county" | "township";

export interface SessionInfo {
  account: {
    id: number;
    name: string;
    roleKind: RoleKind;
    orgCode: string;
    orgName: string;
    level: Level;
    unitId: number | null;
    unitName: string | null;
    idNumberMasked: string | null;
    phoneMasked: string | null;
    abSlot: "A" | "B" | null;
  };
  permissions: string[];
  adminSubsystems: Subsystem[];
  subsystems: { code: Subsystem; name: string; granted: boolean }[];
  csrfToken: string;
  sessionStartedAt: string;
  idleTimeoutMinutes: number;
}

export interface OrgNode {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  scopePrefix: string;
  isZone: boolean;
}

export interface Unit {
  id: number;
  orgCode: string;
  name: string;
  kind: string;
  parentUnitId: number | null;
}

export interface AccountRow {
  id: number;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  orgCode: string;
  orgName: string;
  level: Level;
  unitId: number | null;
  unitName: string | null;
  roleKind: RoleKind;
  abSlot: "A" | "B" | null;
  status: "active" | "suspended" | "disabled" | "cancelled";
  createdAt: string;
  lastLoginAt: string | null;
  bootstrap: boolean;
}
