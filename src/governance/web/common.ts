/**
 * Shared pieces of the governance pages: the rule view of the logged-in account (the same rules.ts the server uses,
 * so a page shows only the actions the server would allow — the server remains the judge), the organisation tree,
 * the shapes of the governance API answers, the Chinese names of ledger actions and staff-status kinds, and the
 * Excel download.
 */
import { useQuery } from "@tanstack/react-query";
import { api, qs } from "../../web/api.js";
import type { Level, OrgNode, RoleKind, SessionInfo, Subsystem, Unit } from "../../web/types.js";
import { LEVEL_NAMES, ROLE_KIND_NAMES, type ActorView, type TargetView } from "../rules.js";
import { ACCOUNT_ACTION_NAMES, STAFF_STATUS_NAMES, describeChange, type AccountAction } from "../names.js";
import type { StaffStatusKind } from "../schema.js";

export { ACCOUNT_ACTION_NAMES, STAFF_STATUS_NAMES, describeChange, type AccountAction, type StaffStatusKind };

export const ROLE_KINDS: RoleKind[] = ["account_admin", "permission_admin", "operator"];
export const AREA_CODES: Subsystem[] = ["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES", "REQ"];

export const scopePrefixOf = (s: SessionInfo) => (s.account.level === "prefecture" ? "4228" : s.account.orgCode);

/** The rule view (rules.ts) of the logged-in account. */
export function actorViewOf(s: SessionInfo): ActorView {
  return {
    accountId: s.account.id,
    roleKind: s.account.roleKind,
    level: s.account.level,
    orgCode: s.account.orgCode,
    scopePrefix: scopePrefixOf(s),
    adminSubsystems: s.adminSubsystems,
  };
}

/** The level of an organisation code: 422800 the 州, six digits a county, nine digits a township. */
export function levelOfCode(code: string): Level {
  return code === "422800" ? "prefecture" : code.length === 6 ? "county" : "township";
}

export function targetViewOf(a: { id: number; roleKind: RoleKind; level: Level; orgCode: string }): TargetView {
  return { accountId: a.id, roleKind: a.roleKind, level: a.level, orgCode: a.orgCode };
}

export interface TreeNode {
  value: string;
  title: string;
  level: Level;
  children?: TreeNode[];
  disabled?: boolean;
}

/** The organisation tree within a scope prefix; `selectable` decides which nodes can be chosen. */
export function buildTree(nodes: OrgNode[], prefix: string, selectable: (n: OrgNode) => boolean, maxLevel: Level = "township"): TreeNode[] {
  const inScope = nodes.filter((n) => (n.code === "422800" ? prefix === "4228" : n.code.startsWith(prefix)));
  const depth: Record<Level, number> = { prefecture: 0, county: 1, township: 2 };
  const shown = inScope.filter((n) => depth[n.level] <= depth[maxLevel]);
  const byParent = new Map<string | null, OrgNode[]>();
  for (const n of shown) {
    const parent = shown.some((p) => p.code === n.parentCode) ? n.parentCode : null;
    const list = byParent.get(parent) ?? [];
    list.push(n);
    byParent.set(parent, list);
  }
  const make = (n: OrgNode): TreeNode => {
    const kids = byParent.get(n.code);
    return { value: n.code, title: n.name, level: n.level, disabled: !selectable(n), ...(kids?.length ? { children: kids.map(make) } : {}) };
  };
  return (byParent.get(null) ?? []).map(make);
}

export function useOrgTree() {
  return useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity });
}

export function useUnits(orgCode: string | undefined) {
  return useQuery({
    queryKey: ["gov", "units", orgCode],
    queryFn: () => api.get<Unit[]>(`/api/gov/units${qs({ orgCode })}`),
    enabled: !!orgCode,
    staleTime: 60_000,
  });
}

export interface Catalogue {
  subsystems: { code: Subsystem; name: string; functions: { code: string; name: string; sensitive: boolean }[] }[];
  adminPowers: { code: string; name: string }[];
}

/** P1, P12: the function codes each subsystem declares, with their Chinese names. */
export function useCatalogue() {
  return useQuery({ queryKey: ["gov", "catalogue"], queryFn: () => api.get<Catalogue>("/api/gov/catalogue"), staleTime: Infinity });
}

/** Chinese name of a function code from the catalogue (the code itself while loading or when unknown). */
export function functionNames(c: Catalogue | undefined): Map<string, { name: string; sensitive: boolean }> {
  const m = new Map<string, { name: string; sensitive: boolean }>();
  for (const s of c?.subsystems ?? []) for (const f of s.functions) m.set(f.code, { name: f.name, sensitive: f.sensitive });
  return m;
}

export type AccountStatus = "active" | "suspended" | "disabled" | "cancelled";

export const ACTION_COLORS: Partial<Record<AccountAction, string>> = {
  create: "blue",
  bootstrap: "purple",
  disable: "red",
  cancel: "default",
  suspend: "orange",
  reinstate: "green",
  enable: "green",
  role_change: "magenta",
  move: "cyan",
};

export interface GrantRow {
  id: number;
  kind: "position" | "admin_subsystem";
  subsystem: Subsystem;
  positionId: number | null;
  positionName: string | null;
  positionOrgCode: string | null;
  permissions: string[] | null;
  positionStatus: "active" | "retired" | null;
  grantedAt: string;
  grantedBy: number | null;
  grantedByName: string | null;
  reason: string | null;
  formRef: string | null;
  revokedAt: string | null;
  revokedBy: number | null;
  revokedByName: string | null;
  revokeReason: string | null;
  revokeFormRef: string | null;
}

export interface HistoryRow {
  id: number;
  action: AccountAction;
  at: string;
  byAccountId: number | null;
  byName: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
  formRef: string | null;
}

export interface StaffStatusRecord {
  id: number;
  accountId: number;
  kind: StaffStatusKind;
  startDate: string;
  expectedEndDate: string | null;
  endedDate: string | null;
  note: string;
  grantsCleared: number;
  recordedBy: number;
  recordedAt: string;
  recordedByName: string | null;
}

export interface AccountDetail {
  account: {
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
    status: AccountStatus;
    statusReason: string | null;
    bootstrap: boolean;
    createdAt: string;
    updatedAt: string;
    lastLoginAt: string | null;
    hasLiveSession: boolean;
  };
  history: HistoryRow[];
  grants: GrantRow[];
  staffStatus: StaffStatusRecord[];
  allowed: { manage: boolean; manageRefusal: { code: string; message: string } | null; grantSubsystems: Subsystem[] };
}

export interface PositionRow {
  id: number;
  orgCode: string;
  orgName: string;
  unitId: number | null;
  subsystem: Subsystem;
  subsystemName: string;
  name: string;
  description: string;
  permissions: string[];
  status: "active" | "retired";
  createdBy: number | null;
  createdAt: string;
  holders: number;
  inherited: boolean;
}

/** China calendar date of today (YYYY-MM-DD). */
export function chinaToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export { download } from "../../web/api.js";

/** Names of the governance audit events the log review shows (others fall back to the shell's eventName). */
export const GOV_EVENT_NAMES: Record<string, string> = {
  "account.create": "创建账户",
  "account.update": "变更账户信息",
  "account.disable": "停用账户",
  "account.enable": "启用账户",
  "account.cancel": "注销账户",
  "account.role_change": "变更角色类型",
  "account.move": "调整组织机构",
  "account.suspend": "暂停账户（离岗登记）",
  "account.bootstrap": "初始化州级管理员账户",
  "grant.create": "授予权限",
  "grant.revoke": "撤销权限",
  "grant.bootstrap": "初始授权",
  "position.create": "设置业务岗位",
  "position.retire": "停用业务岗位",
  "staff-status.record": "登记离岗、脱岗",
  "staff-status.end": "登记返岗",
  "cleanup.scan": "长期未登录账户扫描",
  "cleanup.disable": "停用长期未登录账户",
  "campaign.start": "发起权限复核",
  "campaign.decide": "权限复核确认/撤销",
  "campaign.close": "结束权限复核",
  "log-review.record": "记录权限日志审查",
};

export const ANOMALY_COLORS: Record<string, string> = {
  off_hours: "orange",
  mass_grant: "volcano",
  grant_to_inactive: "red",
  grant_to_idle: "gold",
  reveal: "purple",
  refused: "magenta",
};

export interface CampaignRow {
  id: number;
  levelCode: string;
  levelName: string;
  subsystem: Subsystem | null;
  title: string;
  deadline: string;
  status: "open" | "closed";
  startedBy: number;
  starterName: string | null;
  startedAt: string;
  closedAt: string | null;
  unansweredAtClose: number | null;
  items: number;
  pending: number;
  overdue: boolean;
}
