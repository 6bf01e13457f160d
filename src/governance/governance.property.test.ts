/**
 * Property-based test (fast-check) of the measure's rules through the HTTP API (P5–P9, P13). Random sequences of
 * create / grant / revoke / suspend / return / disable / enable / cancel / move / role-change / change actions by random
 * actors (the demo admins and operators, and the accounts the sequence itself creates) on random targets. After every
 * step:
 *   - no account holds live grants of a kind its role kind may not hold (position ⇒ operator, subsystem ⇒ permission
 *     admin), so nobody ever holds two role kinds (P5);
 *   - every successful action was allowed by rules.ts (canManageAccount / canGrant / positionUsableFor) and inside
 *     the actor's organisation subtree (P7, P8, P9);
 *   - no actor changed their own account or rights (checked on the ledger and grant rows);
 *   - every refused action was answered with a 4xx code and changed nothing (accounts, grants, ledger, status records).
 * The database is shared by all sequences, so the state keeps growing; a failing sequence is reported as found.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, asc, eq, isNull } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts, orgNodes, ROLE_KINDS, type RoleKind } from "../core/db/schema.js";
import { inScope } from "../core/access/scope.js";
import { staffStatusChanges, STAFF_STATUS_KINDS } from "./schema.js";
import { grants, positions } from "../core/db/schema.js";
import { SUBSYSTEMS } from "../core/access/areas.js";
import { canGrant, canManageAccount, positionUsableFor, type ActorView, type Level, type TargetView } from "./rules.js";
import { freshPerson, snapshot } from "../test/governance-kit.js";
import { chinaToday } from "./common.js";
import { addDays } from "../core/calendar.js";

const RUNS = Number(process.env.GOV_PROPERTY_RUNS ?? 200);

let env: TestEnv;
const levels = new Map<string, Level>();
/** Identities we can log in as, by account id. */
const identities = new Map<number, { name: string; idNumber: string }>();
const clients = new Map<number, Client>();
let ipCounter = 0;
const stats = { steps: 0, ok: 0, refused: 0, skipped: 0, byType: {} as Record<string, { ok: number; refused: number }> };

beforeAll(async () => {
  env = await createTestEnv();
  for (const n of await env.ctx.db.select({ code: orgNodes.code, level: orgNodes.level }).from(orgNodes)) levels.set(n.code, n.level);
  for (const i of env.identities) {
    const [a] = await env.ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, i.idNumber));
    if (a) identities.set(a.id, i);
  }
});
afterAll(async () => {
  console.log("governance property test:", JSON.stringify(stats));
  await env?.close();
});

type Account = typeof accounts.$inferSelect;

async function allAccounts(): Promise<Account[]> {
  return env.ctx.db.select().from(accounts).orderBy(asc(accounts.id));
}

async function viewOf(a: Account): Promise<ActorView> {
  const subs = await env.ctx.db.select({ subsystem: grants.subsystem }).from(grants)
    .where(and(eq(grants.accountId, a.id), eq(grants.kind, "admin_subsystem"), isNull(grants.revokedAt)));
  const level = levels.get(a.orgCode)!;
  return {
    accountId: a.id, roleKind: a.roleKind, level, orgCode: a.orgCode, scopePrefix: level === "prefecture" ? "4228" : a.orgCode,
    adminSubsystems: a.roleKind === "permission_admin" ? subs.map((s) => s.subsystem) : [],
  };
}

const tv = (a: Account, over: Partial<TargetView> = {}): TargetView => ({ accountId: a.id, roleKind: a.roleKind, level: levels.get(a.orgCode)!, orgCode: a.orgCode, ...over });

async function clientFor(a: Account): Promise<Client | null> {
  if (a.status !== "active") return null;
  const id = identities.get(a.id);
  if (!id) return null;
  let c = clients.get(a.id);
  if (c) return c;
  ipCounter++;
  c = await env.login({ ...id, label: id.name }, { ip: `10.${20 + (ipCounter >> 16)}.${(ipCounter >> 8) & 255}.${ipCounter & 255}` });
  clients.set(a.id, c);
  return c;
}

const ORGS = ["422800", "422801", "422802", "422828", "422801001", "422801002", "422802001"];

const action = fc.record({
  type: fc.constantFrom(
    "create", "create", "grantPosition", "grantPosition", "grantPosition", "grantSubsystem", "revoke", "revoke",
    "suspend", "reinstate", "disable", "enable", "move", "roleChange", "update", "cancel",
  ),
  actor: fc.nat(),
  /** 3 in 4: an admin of the kind the action needs; otherwise anyone. */
  adminActor: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  target: fc.nat(),
  /** 3 in 4: a target the rules allow; otherwise any account. */
  local: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  pick: fc.nat(),
  org: fc.constantFrom(...ORGS),
  roleKind: fc.constantFrom(...ROLE_KINDS),
  subsystem: fc.constantFrom(...SUBSYSTEMS),
  staffKind: fc.constantFrom(...STAFF_STATUS_KINDS),
  longLeave: fc.boolean(),
});
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

interface Planned {
  call: () => Promise<{ statusCode: number; body: string }>;
  /** What rules.ts says (null: allowed). */
  allowed: boolean;
  /** Accounts whose sessions may end on success (their cached clients are dropped). */
  touches: number[];
  self: boolean;
}

const ACCOUNT_ACTIONS = new Set(["create", "suspend", "reinstate", "disable", "enable", "cancel", "update", "move", "roleChange"]);

async function plan(a: Action, actor: Account, client: Client, all: Account[]): Promise<Planned | null> {
  const av = await viewOf(actor);
  const may = (x: Account) => inScope(av, x.orgCode) && canManageAccount(av, tv(x)) === null;
  // "local": pick among the targets the rules allow in their current state (more successes to check); otherwise any.
  const wanted = a.type === "enable" ? "disabled" : a.type === "reinstate" ? "suspended" : "active";
  const adminGrants = a.type === "grantSubsystem"
    ? await env.ctx.db.select({ accountId: grants.accountId, s: grants.subsystem }).from(grants).where(and(eq(grants.kind, "admin_subsystem"), isNull(grants.revokedAt)))
    : [];
  const lacks = (x: Account, sub: string) => !adminGrants.some((g) => g.accountId === x.id && g.s === sub);
  const grantable = (x: Account, kind: "position" | "admin_subsystem") =>
    inScope(av, x.orgCode) && av.adminSubsystems.some((s) => canGrant(av, tv(x), s, kind) === null && (kind === "position" || lacks(x, s)));
  const fits = (x: Account) =>
    a.type === "grantPosition" ? grantable(x, "position") : a.type === "grantSubsystem" ? grantable(x, "admin_subsystem") : ACCOUNT_ACTIONS.has(a.type) ? may(x) : inScope(av, x.orgCode);
  const candidates = a.local ? all.filter((x) => x.status === wanted && fits(x)) : [];
  const pool = candidates.length ? candidates : all;
  const t = pool[a.target % pool.length]!;
  const manage = () => may(t);
  const today = chinaToday();
  const base = { touches: [t.id], self: t.id === actor.id };
  switch (a.type) {
    case "create": {
      let org: string = a.org;
      let roleKind: RoleKind = a.roleKind;
      if (a.local) {
        const ok = ORGS.flatMap((o) => ROLE_KINDS.map((k) => [o, k] as const))
          .filter(([o, k]) => canManageAccount(av, { roleKind: k, level: levels.get(o)!, orgCode: o }) === null);
        if (ok.length) [org, roleKind] = ok[a.pick % ok.length]!;
      }
      const level = levels.get(org)!;
      const p = freshPerson(org.slice(0, 6), "随机");
      const allowed = canManageAccount(av, { roleKind, level, orgCode: org }) === null;
      return {
        touches: [], self: false, allowed,
        call: async () => {
          const r = await client.post("/api/gov/accounts", { ...p, orgCode: org, roleKind });
          if (r.statusCode === 200) identities.set(r.json().id, p);
          return r;
        },
      };
    }
    case "grantPosition": {
      const list = await env.ctx.db.select().from(positions).where(eq(positions.status, "active")).orderBy(asc(positions.id));
      const usable = list.filter((p) => positionUsableFor(p.orgCode, t.orgCode) && av.adminSubsystems.includes(p.subsystem));
      const src = a.local && usable.length ? usable : list;
      const pos = src[a.pick % src.length]!;
      const allowed = inScope(av, t.orgCode) && canGrant(av, tv(t), pos.subsystem, "position") === null && positionUsableFor(pos.orgCode, t.orgCode);
      return { ...base, allowed, call: () => client.post(`/api/gov/accounts/${t.id}/grants`, { kind: "position", positionId: pos.id }) };
    }
    case "grantSubsystem": {
      const held = (await env.ctx.db.select({ s: grants.subsystem }).from(grants)
        .where(and(eq(grants.accountId, t.id), eq(grants.kind, "admin_subsystem"), isNull(grants.revokedAt)))).map((x) => x.s);
      const missing = av.adminSubsystems.filter((x) => !held.includes(x));
      const subsystem = a.local && missing.length ? missing[a.pick % missing.length]! : a.subsystem;
      const allowed = inScope(av, t.orgCode) && canGrant(av, tv(t), subsystem, "admin_subsystem") === null;
      return { ...base, allowed, call: () => client.post(`/api/gov/accounts/${t.id}/grants`, { kind: "admin_subsystem", subsystem }) };
    }
    case "revoke": {
      const live = await env.ctx.db.select().from(grants).where(isNull(grants.revokedAt)).orderBy(asc(grants.id));
      const holderOf = (g: (typeof live)[number]) => all.find((x) => x.id === g.accountId)!;
      const mine = live.filter((g) => canGrant(av, tv(holderOf(g)), g.subsystem, g.kind) === null && inScope(av, holderOf(g).orgCode));
      const src = a.local && mine.length ? mine : live;
      if (!src.length) return null;
      const g = src[a.pick % src.length]!;
      const holder = holderOf(g);
      const allowed = inScope(av, holder.orgCode) && canGrant(av, tv(holder), g.subsystem, g.kind) === null;
      return { touches: [holder.id], self: holder.id === actor.id, allowed, call: () => client.post(`/api/gov/grants/${g.id}/revoke`, { reason: "随机撤销" }) };
    }
    case "suspend": {
      const body = { kind: a.staffKind, startDate: today, ...(a.staffKind === "off_duty" ? { expectedEndDate: addDays(today, a.longLeave ? 120 : 30) } : {}) };
      return { ...base, allowed: manage(), call: () => client.post(`/api/gov/accounts/${t.id}/staff-status`, body) };
    }
    case "reinstate": {
      const [open] = await env.ctx.db.select({ id: staffStatusChanges.id }).from(staffStatusChanges)
        .where(and(eq(staffStatusChanges.accountId, t.id), isNull(staffStatusChanges.endedDate)));
      return { ...base, allowed: manage() && !!open, call: () => client.post(`/api/gov/staff-status/${open?.id ?? 999999}/end`, { endedDate: today }) };
    }
    case "disable":
    case "enable":
    case "cancel":
      return { ...base, allowed: manage(), call: () => client.post(`/api/gov/accounts/${t.id}/${a.type}`, { reason: "随机测试" }) };
    case "update":
      return { ...base, allowed: manage(), call: () => client.put(`/api/gov/accounts/${t.id}`, { phone: `137${String(10_000_000 + (a.pick % 89_999_999)).slice(-8)}` }) };
    case "move": {
      let org: string = a.org;
      if (a.local) {
        const ok = ORGS.filter((o) => o !== t.orgCode && canManageAccount(av, tv(t, { orgCode: o, level: levels.get(o)! })) === null);
        if (ok.length) org = ok[a.pick % ok.length]!;
      }
      const allowed = manage() && canManageAccount(av, tv(t, { orgCode: org, level: levels.get(org)! })) === null;
      return { ...base, allowed, call: () => client.post(`/api/gov/accounts/${t.id}/move`, { orgCode: org, reason: "随机调整" }) };
    }
    case "roleChange": {
      const allowed = manage() && canManageAccount(av, tv(t, { roleKind: a.roleKind as RoleKind })) === null;
      return { ...base, allowed, call: () => client.post(`/api/gov/accounts/${t.id}/role-kind`, { roleKind: a.roleKind, reason: "随机调整" }) };
    }
  }
}

async function step(a: Action) {
  const all = await allAccounts();
  // Admin-kind actions are mostly tried by admins (more successes to check), sometimes by anyone.
  const loggable = all.filter((x) => x.status === "active" && identities.has(x.id));
  const kind: RoleKind = ACCOUNT_ACTIONS.has(a.type) ? "account_admin" : "permission_admin";
  // Subsystem grants are the 州 permission admins' duty (P8(1)): ask them most of the time.
  const admins = loggable.filter((x) => x.roleKind === kind && (a.type !== "grantSubsystem" || levels.get(x.orgCode) === "prefecture"));
  const actorPool = a.adminActor && admins.length ? admins : loggable;
  const actor = actorPool[a.actor % actorPool.length]!;
  const client = await clientFor(actor);
  if (!client) {
    stats.skipped++;
    return;
  }
  const p = await plan(a, actor, client, all);
  if (!p) {
    stats.skipped++;
    return;
  }
  const before = await snapshot(env.ctx.db);
  const res = await p.call();
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  const where = `${a.type} by #${actor.id} (${actor.roleKind} ${actor.orgCode}) → ${res.statusCode} ${res.body.slice(0, 160)}`;
  stats.steps++;
  stats.byType[a.type] ??= { ok: 0, refused: 0 };
  if (ok) {
    stats.ok++;
    stats.byType[a.type]!.ok++;
    // Every success was allowed by the rules and in scope; and it was never about oneself.
    expect(p.allowed, `succeeded against the rules: ${where}`).toBe(true);
    expect(p.self, `changed own account or rights: ${where}`).toBe(false);
    for (const id of p.touches) clients.delete(id);
  } else {
    stats.refused++;
    stats.byType[a.type]!.refused++;
    expect(res.statusCode, `refusal must be a 4xx: ${where}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `refusal must be a 4xx: ${where}`).toBeLessThan(500);
  }
  const after = await snapshot(env.ctx.db, { invariants: true });
  const { roleKindViolations, selfChanges, ...rest } = after;
  if (!ok) expect(rest, `a refused action changed something: ${where}`).toEqual(before);
  expect(roleKindViolations, `two role kinds after ${where}`).toBe(0);
  expect(selfChanges, `self change after ${where}`).toBe(0);
}

describe("governance rules hold under random sequences of actions (P5–P9, P13)", () => {
  it(`${RUNS} random sequences: no two role kinds, no success outside powers or scope, no self change, refusals change nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 2, maxLength: 7 }), async (actions) => {
        for (const a of actions) await step(a);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The run exercised both sides of the rules.
    expect(stats.ok).toBeGreaterThan(RUNS / 2);
    expect(stats.refused).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
