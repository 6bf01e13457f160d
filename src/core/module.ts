/**
 * The module contract (docs/architecture.md, "A subsystem is"). A subsystem — and every other slice of the platform
 * (governance, forms, requirements) — is one folder with a `module.ts` that default-exports a PlatformModule. The
 * composition root (src/modules.ts) lists the modules; the server, the CLI, the job runner and the demo seed read that
 * one list. The kernel (src/core/) defines this contract and never imports a module.
 */
import type { Db, Queryable } from "./db/client.js";
import type { AppContext, Router } from "./http/context.js";
import type { JobDef } from "./jobs.js";
import type { DeadlineHandler } from "./deadlines.js";
import type { Principal } from "./access/principal.js";
import type { AreaDef } from "./access/catalogue.js";
import type { SimIdentity } from "./auth/simulator-routes.js";
import type { Rng } from "./people.js";
import type { Scoped } from "./access/scope.js";
import type { Subsystem } from "./access/areas.js";

/** One kind of waiting work (待办) for one person: shown in the shell's inbox, linking to where it is done. */
export interface InboxItem {
  /** Stable kind, `<module>.<what>` (e.g. "forms.sign", "gig.posting.review"). */
  kind: string;
  /** What is waiting, in Chinese (e.g. "待签署的申请表"). */
  title: string;
  count: number;
  /** Where it is done (a web path). */
  link: string;
  /** The earliest deadline among the items (YYYY-MM-DD), if any. */
  due?: string | null;
  /** True when at least one item is past its deadline. */
  overdue?: boolean;
}

export interface DemoSeedContext {
  db: Db;
  /** The demo's deterministic random source (shared in module order, so the demo is reproducible). */
  rng: Rng;
  /** 'demo': the full demo of `npm run demo`; 'test': the small set tests start from (fast). */
  scale: "demo" | "test";
}

/**
 * An indicator a module offers to 人社数据分析 (S-ANALYTICS): a number per division, computed from the module's own
 * records (or its rollups) within a scope, for a period. Analytics reads indicators only through this contract,
 * never another module's tables.
 */
export interface IndicatorQuery {
  /** The caller's scope, already narrowed to the region being looked at (src/core/access/scope.ts). */
  scope: Scoped;
  /** The level to group by: one value per county (6-digit code), township (9) or village (12) inside the scope. */
  groupBy: "county" | "township" | "village";
  /** The period [from, to], inclusive calendar days (YYYY-MM-DD); stock indicators read their state on `to`. */
  from: string;
  to: string;
}

export interface IndicatorValue {
  /** The division code of the group (at the groupBy level). */
  code: string;
  value: number;
}

export interface IndicatorRecords {
  /** Column keys and their Chinese titles, in order. */
  columns: { key: string; title: string }[];
  /** Rows, personal data masked (X2). */
  rows: Record<string, string | number | null>[];
  /** The same count as the indicator's value for that region and period, always. */
  total: number;
}

export interface Indicator {
  /** Stable code, `<module>.<what>` ("labor.transfer", "gig.placements"). */
  code: string;
  /** Chinese name ("农村劳动力转移就业人数"). */
  name: string;
  /** Unit ("人", "人次", "%", "元"). */
  unit: string;
  area: Subsystem;
  /** 'stock': a state on a day (persons registered); 'flow': events in the period (placements). */
  kind: "stock" | "flow";
  /** How to add groups up: 'sum' for counts; 'none' for ratios (recomputed at each level by compute). */
  additive: boolean;
  compute(q: Queryable, query: IndicatorQuery): Promise<IndicatorValue[]>;
  /** The records behind the number of one division (drill-through), paged; masked for the caller. */
  records?(q: Queryable, query: IndicatorQuery & { code: string; page: number; pageSize: number }): Promise<IndicatorRecords>;
}

/** The Chinese name and business category of an audit event a module writes (X1; src/core/audit-names.ts). */
export interface AuditEventName {
  name: string;
  category: AuditCategory;
}
/** The Chinese name of an object type a module's audit rows name, and where it is seen (a web path with ":id"). */
export interface AuditObjectName {
  name: string;
  link?: string;
}
export type AuditCategory = "login" | "session" | "account" | "grant" | "personal" | "import" | "form" | "req" | "review" | "system" | "audit" | "data";

export interface PlatformModule {
  /** The folder name ("gig"): used in logs, job names and tests. */
  name: string;
  /** The area (P1) whose function codes this module declares, if any (defineArea in its permissions.ts). */
  area?: AreaDef;
  /**
   * The module's HTTP routes, registered under `prefix` (e.g. "/api/gig"). Every route declares
   * config.access (permission and data scope) and Zod schemas for params, query, body and response.
   */
  routes?: { prefix: string; register(r: Router, ctx: AppContext): void };
  /** Recurring jobs, run by the database job runner on any instance. */
  jobs?: readonly JobDef[];
  /** Handlers for the kernel's deadline engine, by deadline object type. */
  deadlines?: Record<string, DeadlineHandler>;
  /** 待办: what waits for this person in this module (counts only; cheap queries within the person's scope). */
  inbox?(q: Queryable, p: Principal, now: Date): Promise<InboxItem[]>;
  /**
   * The duties this person holds in this module, in Chinese ("所在单位分管领导（恩施市人社局）", "运维公司项目负责人"): the
   * shell names them on the home page instead of the bare role kind ("操作员").
   */
  duties?(q: Queryable, p: Principal): Promise<string[]>;
  /** Indicators this module offers to 人社数据分析 (S-ANALYTICS). */
  indicators?: readonly Indicator[];
  /** The Chinese names and categories of the audit events this module writes, by event code (X1, P8(4)). */
  auditEvents?: Record<string, AuditEventName>;
  /** The Chinese names (and detail pages) of the object types this module's audit rows name. */
  auditObjects?: Record<string, AuditObjectName>;
  /**
   * Chinese names of this module's request fields (body and query keys) that the kernel's shared table
   * (FIELD_LABELS in src/core/http/zod-zh.ts) does not name, for validation messages (issue 12, class 6).
   */
  fieldLabels?: Readonly<Record<string, string>>;
  /**
   * Demo data, made through the module's own services. Runs after the demo staff exist, in module order; returns
   * extra e-SSC simulator cards (people who log in to this module's pages), if any.
   */
  seedDemo?(c: DemoSeedContext): Promise<SimIdentity[] | void>;
}

export function defineModule(m: PlatformModule): PlatformModule {
  return m;
}
