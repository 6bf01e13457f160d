/**
 * Access matrix (P5–P9, X5): every declared /api route × role kind (账户管理员, 权限管理员, 操作员 with and without
 * business grants) × level (州 / 县 / 乡镇). The expected answer is derived from the route's declaration and the
 * permissions the account holds by its role kind and its grants — computed here from the catalogue and the database,
 * independently of the request guard. 0 unexpected allows, 0 unexpected denials. Then own vs foreign organisation for
 * the scoped account and grant routes: a 恩施市 admin cannot read or change 利川市 accounts and rights.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts, orgNodes, type RoleKind } from "../core/db/schema.js";
import { intrinsicPowers } from "../core/access/catalogue.js";
import { addDays } from "../core/calendar.js";
import { reviewCampaigns } from "./schema.js";
import { grants, positions } from "../core/db/schema.js";
import { accountIdOf, freshPerson, snapshot } from "../test/governance-kit.js";
import { chinaToday } from "./common.js";

interface Who {
  key: string;
  roleKind: RoleKind;
  level: "prefecture" | "county" | "township";
  client: Client;
  permissions: Set<string>;
}

let env: TestEnv;
const people: Who[] = [];

/** What the account may do, from its role kind, level and live grants (not from the request guard). */
async function expectedPermissions(accountId: number): Promise<{ roleKind: RoleKind; level: Who["level"]; permissions: Set<string> }> {
  const [a] = await env.ctx.db.select({ roleKind: accounts.roleKind, level: orgNodes.level }).from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode)).where(eq(accounts.id, accountId));
  const perms = new Set<string>(intrinsicPowers(a!.roleKind, a!.level));
  const held = await env.ctx.db.select({ permissions: positions.permissions }).from(grants).innerJoin(positions, eq(positions.id, grants.positionId))
    .where(and(eq(grants.accountId, accountId), isNull(grants.revokedAt), eq(positions.status, "active")));
  if (a!.roleKind === "operator") for (const h of held) for (const p of h.permissions) perms.add(p);
  return { roleKind: a!.roleKind, level: a!.level, permissions: perms };
}

async function add(key: string, who: { name: string; idNumber: string }, accountId: number) {
  const e = await expectedPermissions(accountId);
  people.push({ key, ...e, client: await env.login({ ...who, label: key }) });
}

beforeAll(async () => {
  env = await createTestEnv();
  const labels: [string, string][] = [
    ["州 账户管理员", "州级账户管理员（A角）"],
    ["州 权限管理员", "州级权限管理员"],
    ["州 操作员（劳动力信息审核员）", "州劳动力资源信息审核员"],
    ["州 操作员（数据分析员）", "州就业局数据分析员"],
    ["县 账户管理员", "恩施市账户管理员（A角）"],
    ["县 权限管理员", "恩施市权限管理员"],
    ["县 操作员（审核员+驿站）", "恩施市就业局操作员"],
    ["县 操作员（尚未授权）", "恩施市新入职操作员"],
  ];
  for (const [key, label] of labels) await add(key, env.identity(label), await accountIdOf(env, label));
  const township = env.identities.find((i) => i.label.startsWith("恩施市") && i.label.endsWith("信息采集员"))!;
  await add("乡镇 操作员（信息采集员）", township, await accountIdOf(env, township.label));
  // Operators without any grant at 州 and 乡镇 level (one login per account: a new login would end the older session, P4).
  const zAA = people.find((p) => p.key === "州 账户管理员")!.client;
  const esAA = people.find((p) => p.key === "县 账户管理员")!.client;
  for (const [key, by, orgCode] of [["州 操作员（尚未授权）", zAA, "422800"], ["乡镇 操作员（尚未授权）", esAA, "422801002"]] as const) {
    const p = freshPerson("422801");
    const r = await by.post("/api/gov/accounts", { ...p, orgCode, roleKind: "operator" });
    expect(r.statusCode, r.body).toBe(200);
    await add(key, p, r.json().id);
  }
});
afterAll(async () => env?.close());

/** A URL for the route with its parameters filled with values that pass validation. */
function urlFor(url: string) {
  return url
    .replace(":day", "2026-01-05")
    .replace(":ticketId", "00000000-0000-4000-8000-000000000000")
    .replace(/:(\w+)/g, "999999");
}

describe("access matrix: every route × role kind × level", () => {
  it("covers 州/县/乡镇 and every role kind; townships have no admins (P6)", async () => {
    const levels = new Set(people.map((p) => `${p.level}:${p.roleKind}`));
    for (const l of ["prefecture:account_admin", "prefecture:permission_admin", "prefecture:operator", "county:account_admin", "county:permission_admin", "county:operator", "township:operator"]) {
      expect(levels).toContain(l);
    }
    const zAA = people.find((p) => p.key === "州 账户管理员")!.client;
    for (const roleKind of ["account_admin", "permission_admin"]) {
      const r = await zAA.post("/api/gov/accounts", { ...freshPerson("422801"), orgCode: "422801001", roleKind });
      expect(r.json().code).toBe("TOWNSHIP_OPERATORS_ONLY");
    }
  });

  it("answers PERMISSION_DENIED exactly when the declared permission is not held (0 unexpected allows)", async () => {
    const routes = env.app.declaredRoutes.filter((r) => r.access.permission !== "public" && r.url !== "/api/auth/logout");
    expect(routes.length).toBeGreaterThan(40);
    const unexpectedAllows: string[] = [];
    const unexpectedDenials: string[] = [];
    let checks = 0;
    let denials = 0;
    for (const route of routes) {
      const perm = route.access.permission;
      for (const who of people) {
        const allowed = perm === "authenticated" || who.permissions.has(perm);
        const body = ["GET", "DELETE"].includes(route.method) ? undefined : {};
        const res = await who.client.request(route.method as "GET", urlFor(route.url), body);
        expect(res.statusCode, `${who.key} ${route.method} ${route.url}: session lost`).not.toBe(401);
        const denied = res.statusCode === 403 && res.json().code === "PERMISSION_DENIED";
        if (denied) denials++;
        if (denied && allowed) unexpectedDenials.push(`${who.key} ${route.method} ${route.url}`);
        if (!denied && !allowed) unexpectedAllows.push(`${who.key} ${route.method} ${route.url} → ${res.statusCode}`);
        checks++;
      }
    }
    expect(unexpectedAllows).toEqual([]);
    expect(unexpectedDenials).toEqual([]);
    expect(checks).toBe(routes.length * people.length);
    // Not vacuous: both answers occur many times.
    expect(denials).toBeGreaterThan(checks / 4);
    expect(checks - denials).toBeGreaterThan(checks / 10);
    // Each denial is now recorded (access_denials and, first per minute, an audit row; issue 12 class 7).
  }, 240_000);

  it("governance powers follow role kinds: account admins never grant, permission admins never create accounts, operators neither", () => {
    for (const who of people) {
      const has = (p: string) => who.permissions.has(p);
      if (who.roleKind === "account_admin") expect(has("gov.grant.manage") || has("gov.position.manage")).toBe(false);
      if (who.roleKind === "permission_admin") expect(has("gov.account.manage") || has("gov.cleanup.manage")).toBe(false);
      if (who.roleKind === "operator") expect([...who.permissions].some((p) => p.startsWith("gov.") || p === "audit.read")).toBe(false);
    }
  });
});

describe("own vs foreign organisation (P9)", () => {
  it("a 恩施市 admin can neither read nor change 利川市 accounts, grants, positions or campaigns; nothing changes", async () => {
    const esAA = people.find((p) => p.key === "县 账户管理员")!.client;
    const esPA = people.find((p) => p.key === "县 权限管理员")!.client;
    const lcPA = await env.login("利川市权限管理员");
    const lcOp = await accountIdOf(env, "利川市就业局操作员");
    const [lcGrant] = await env.ctx.db.select({ id: grants.id }).from(grants).where(and(eq(grants.accountId, lcOp), isNull(grants.revokedAt)));
    const [lcPos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(eq(positions.orgCode, "422802"));
    const [esPos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, "422801"), eq(positions.subsystem, "LABOR")));
    const c = await lcPA.post("/api/gov/review-campaigns", { title: "利川市权限复核", deadline: addDays(chinaToday(), 5) });
    expect(c.statusCode, c.body).toBe(200);
    const [item] = (await lcPA.get(`/api/gov/review-campaigns/${c.json().id}`)).json().items;
    const [camp] = await env.ctx.db.select().from(reviewCampaigns).where(eq(reviewCampaigns.id, c.json().id));

    // A body that satisfies every route's schema, so the scope check (not validation) answers.
    const today = chinaToday();
    const body = {
      reason: "越权测试", name: "某某", phone: "13900000000", roleKind: "operator", orgCode: "422801", unitId: null, positionId: esPos!.id, subsystem: "LABOR",
      startDate: today, endedDate: today, expectedEndDate: addDays(today, 10), decision: "confirm", accountIds: [lcOp], title: "x", deadline: addDays(today, 3),
    };
    const kindFor = (url: string) => (url.endsWith("/staff-status") ? "other" : "position");
    const ids: Record<string, number> = { "/api/gov/accounts/:id": lcOp, "/api/gov/grants/:id": lcGrant!.id, "/api/gov/positions/:id": lcPos!.id, "/api/gov/review-campaigns/:id": camp!.id };
    const scoped = env.app.declaredRoutes.filter((r) => Object.keys(ids).some((k) => r.url.startsWith(k)));
    expect(scoped.length).toBeGreaterThan(12);
    const before = await snapshot(env.ctx.db);
    const leaks: string[] = [];
    for (const route of scoped) {
      const prefix = Object.keys(ids).find((k) => route.url.startsWith(k))!;
      const url = route.url.replace(":id", String(ids[prefix])).replace(":itemId", String(item.id));
      for (const client of [esAA, esPA]) {
        const res = await client.request(route.method as "GET", url, route.method === "GET" ? undefined : { ...body, kind: kindFor(route.url) });
        if (![403, 404].includes(res.statusCode)) leaks.push(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshot(env.ctx.db)).toEqual(before);

    // Lists and counts are filtered in the query: nothing of 利川市 appears.
    const list = (await esAA.get("/api/gov/accounts?orgCode=422802")).json();
    expect(list).toEqual([]);
    expect((await esAA.get("/api/gov/accounts")).json().every((a: { orgCode: string }) => a.orgCode.startsWith("422801"))).toBe(true);
    expect((await esAA.get("/api/gov/ledgers/accounts?orgCode=422802")).json().total).toBe(0);
    expect((await esPA.get("/api/gov/ledgers/permissions?orgCode=422802")).json().total).toBe(0);
    expect((await esPA.get("/api/gov/review-campaigns")).json().some((x: { levelCode: string }) => x.levelCode === "422802")).toBe(false);
    expect((await esAA.get("/api/gov/ab-status")).json().levels.map((l: { orgCode: string }) => l.orgCode)).toEqual(["422801"]);
    expect((await esAA.get("/api/gov/units")).json().every((u: { orgCode: string }) => u.orgCode.startsWith("422801"))).toBe(true);
  });
});
