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
   * Demo data, made through the module's own services. Runs after the demo staff exist, in module order; returns
   * extra e-SSC simulator cards (people who log in to this module's pages), if any.
   */
  seedDemo?(c: DemoSeedContext): Promise<SimIdentity[] | void>;
}

export function defineModule(m: PlatformModule): PlatformModule {
  return m;
}
