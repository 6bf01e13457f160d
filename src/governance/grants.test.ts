/**
 * P1, P5, P6, P8, P9, P12: catalogue, positions and grants through the HTTP API, and the bad inputs the issue names —
 * granting across scope, to a disabled account, to oneself, a second role kind (DB trigger too), an unknown permission
 * code, a position from another subsystem — each a clear error, audited as a failure, nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { auditLog } from "../core/db/schema.js";
import { grants } from "../core/db/schema.js";
import { accountIdOf, dbRefusal, freshPerson, snapshot } from "../test/governance-kit.js";

let env: TestEnv;
let zAA: Client, zPA: Client, esAA: Client, esPA: Client, lcPA: Client;
beforeAll(async () => {
  env = await createTestEnv();
  zAA = await env.login("州级账户管理员（A角）");
  zPA = await env.login("州级权限管理员");
  esAA = await env.login("恩施市账户管理员（A角）");
  esPA = await env.login("恩施市权限管理员");
  lcPA = await env.login("利川市权限管理员");
});
afterAll(async () => env?.close());

async function lastAudit() {
  const [row] = await env.ctx.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}

async function positionId(c: Client, orgCode: string, subsystem: string, name: string): Promise<number> {
  const list = (await c.get(`/api/gov/positions?subsystem=${subsystem}&orgCode=${orgCode}`)).json() as { id: number; name: string }[];
  const p = list.find((x) => x.name === name);
  if (!p) throw new Error(`no position ${name} at ${orgCode}`);
  return p.id;
}

async function newOperator(orgCode: string) {
  const r = await esAA.post("/api/gov/accounts", { ...freshPerson("422801"), orgCode, roleKind: "operator" });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id as number;
}

/** A refused call: the expected status and code, audited as a failure of `event`, nothing changed. */
async function refused(call: () => Promise<{ statusCode: number; json(): { code: string; message: string } }>, status: number, code: string, event: string) {
  const before = await snapshot(env.ctx.db);
  const r = await call();
  expect(r.statusCode, JSON.stringify(r.json())).toBe(status);
  expect(r.json().code).toBe(code);
  expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
  expect(await snapshot(env.ctx.db)).toEqual(before);
  const a = await lastAudit();
  expect(a).toMatchObject({ event, outcome: "failure" });
  expect(a.detail).toMatchObject({ code });
}

describe("catalogue and positions (P1, P12)", () => {
  it("lists every subsystem's function codes", async () => {
    const r = (await esPA.get("/api/gov/catalogue")).json();
    const labor = r.subsystems.find((s: { code: string }) => s.code === "LABOR");
    expect(labor.name).toBe("劳动力资源信息库");
    expect(labor.functions.find((f: { code: string }) => f.code === "labor.person.reveal-id").sensitive).toBe(true);
    expect(r.subsystems.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES"]));
  });

  it("positions are listed within scope: 恩施市 sees its own and the 州's, never 利川市's", async () => {
    const list = (await esPA.get("/api/gov/positions")).json() as { orgCode: string; inherited: boolean }[];
    expect(list.some((p) => p.orgCode === "422801")).toBe(true);
    expect(list.some((p) => p.orgCode === "422800" && p.inherited)).toBe(true);
    expect(list.some((p) => p.orgCode === "422802")).toBe(false);
  });

  it("a permission admin defines a position of their level; account admins cannot", async () => {
    const r = await esPA.post("/api/gov/positions", { subsystem: "LABOR", name: "村级协管员", permissions: ["labor.person.read", "labor.person.update"] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ orgCode: "422801", subsystem: "LABOR", permissions: ["labor.person.read", "labor.person.update"] });
    expect((await lastAudit()).event).toBe("position.create");
    expect((await esAA.post("/api/gov/positions", { subsystem: "LABOR", name: "x", permissions: ["labor.person.read"] })).json().code).toBe("PERMISSION_DENIED");
  });

  it("an unknown permission code is refused, audited, nothing changed", async () => {
    await refused(() => esPA.post("/api/gov/positions", { subsystem: "LABOR", name: "错误岗位", permissions: ["labor.person.read", "labor.person.delete-all"] }),
      400, "PERMISSION_UNKNOWN", "position.create");
  });

  it("a function code of another subsystem is refused in a position", async () => {
    await refused(() => esPA.post("/api/gov/positions", { subsystem: "LABOR", name: "混合岗位", permissions: ["labor.person.read", "gig.worker.read"] }),
      400, "PERMISSION_OTHER_SUBSYSTEM", "position.create");
  });

  it("a position is retired only when nobody holds it, and cannot be granted afterwards", async () => {
    const pos = (await esPA.post("/api/gov/positions", { subsystem: "CASES", name: "临时查询岗", permissions: ["cases.case.read"] })).json();
    const op = await newOperator("422801");
    const g = (await esPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: pos.id })).json();
    await refused(() => esPA.post(`/api/gov/positions/${pos.id}/retire`, { reason: "不再需要" }), 409, "POSITION_IN_USE", "position.retire");
    expect((await esPA.post(`/api/gov/grants/${g.id}/revoke`, { reason: "岗位撤销" })).statusCode).toBe(200);
    expect((await esPA.post(`/api/gov/positions/${pos.id}/retire`, { reason: "不再需要" })).json()).toMatchObject({ status: "retired" });
    await refused(() => esPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: pos.id }), 404, "POSITION_NOT_FOUND", "grant.create");
  });
});

describe("grants (P8): the two-person rule and the operator's menus", () => {
  it("the account admin creates, the permission admin grants; the operator then sees only that subsystem", async () => {
    const p = freshPerson("422801");
    const r = await esAA.post("/api/gov/accounts", { ...p, orgCode: "422801002", roleKind: "operator" });
    const id = r.json().id as number;
    // An account admin can never grant (P7).
    expect((await esAA.post(`/api/gov/accounts/${id}/grants`, { kind: "position", positionId: 1 })).json().code).toBe("PERMISSION_DENIED");
    const posId = await positionId(esPA, "422801", "GIG", "驿站管理员");
    const g = await esPA.post(`/api/gov/accounts/${id}/grants`, { kind: "position", positionId: posId, reason: "驿站工作需要", formRef: "F2-2026-007#1" });
    expect(g.statusCode, g.body).toBe(200);
    const [row] = await env.ctx.db.select().from(grants).where(eq(grants.id, g.json().id));
    expect(row).toMatchObject({ formRef: "F2-2026-007#1", grantedBy: await accountIdOf(env, "恩施市权限管理员") });
    const me = (await (await env.login({ ...p, label: p.name })).get("/api/session")).json();
    expect(me.subsystems.filter((s: { granted: boolean }) => s.granted).map((s: { code: string }) => s.code)).toEqual(["GIG"]);
    expect(me.permissions).toContain("gig.worker.read");
    expect(me.permissions.some((x: string) => x.startsWith("labor."))).toBe(false);
  });

  it("granting across scope (恩施市 → 利川市 operator) is refused as not found, audited, nothing changed", async () => {
    const lcOp = await accountIdOf(env, "利川市就业局操作员");
    const posId = await positionId(esPA, "422801", "LABOR", "数据查询员");
    await refused(() => esPA.post(`/api/gov/accounts/${lcOp}/grants`, { kind: "position", positionId: posId }), 404, "ACCOUNT_NOT_FOUND", "grant.create");
  });

  it("a position of another county cannot be given (P9)", async () => {
    const op = await newOperator("422801");
    const lcPos = await positionId(lcPA, "422802", "LABOR", "数据查询员");
    await refused(() => esPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: lcPos }), 403, "POSITION_OUT_OF_SCOPE", "grant.create");
  });

  it("the 州 permission admin cannot set a county operator's rights (the county's duty)", async () => {
    const op = await newOperator("422801");
    const zPos = await positionId(zPA, "422800", "LABOR", "数据查询员");
    await refused(() => zPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: zPos }), 403, "OUT_OF_DUTY", "grant.create");
  });

  it("granting to a disabled account is refused (service and database)", async () => {
    const op = await newOperator("422801");
    expect((await esAA.post(`/api/gov/accounts/${op}/disable`, { reason: "停用测试" })).statusCode).toBe(200);
    const posId = await positionId(esPA, "422801", "LABOR", "数据查询员");
    await refused(() => esPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: posId }), 400, "ACCOUNT_NOT_ACTIVE", "grant.create");
    expect(await dbRefusal(env.ctx.db.insert(grants).values({ accountId: op, kind: "position", positionId: posId, subsystem: "LABOR", grantedBy: null }))).toMatch(/P13: account \d+ is disabled/);
  });

  it("granting to oneself is refused (service and database)", async () => {
    const me = await accountIdOf(env, "州级权限管理员");
    await refused(() => zPA.post(`/api/gov/accounts/${me}/grants`, { kind: "admin_subsystem", subsystem: "LABOR" }), 403, "SELF_CHANGE_FORBIDDEN", "grant.create");
    const op = await accountIdOf(env, "州就业局数据分析员");
    // The database check: nobody is recorded as granting to themselves.
    expect(await dbRefusal(env.ctx.db.insert(grants).values({ accountId: op, kind: "position", positionId: 1, subsystem: "LABOR", grantedBy: op }))).toMatch(/grants_not_self_ck/);
  });

  it("a second role kind is refused: a position to an account admin (service and database trigger)", async () => {
    const aa = await accountIdOf(env, "恩施市账户管理员（A角）");
    const pa = await accountIdOf(env, "恩施市权限管理员");
    const zPos = await positionId(zPA, "422800", "LABOR", "数据查询员");
    // 州 permission admin, 州-level account admin: the rule names the role-kind mismatch.
    const zAAid = await accountIdOf(env, "州级账户管理员（B角）");
    await refused(() => zPA.post(`/api/gov/accounts/${zAAid}/grants`, { kind: "position", positionId: zPos }), 403, "ROLE_KIND_MISMATCH", "grant.create");
    await refused(() => zPA.post(`/api/gov/accounts/${aa}/grants`, { kind: "admin_subsystem", subsystem: "LABOR" }), 403, "ROLE_KIND_MISMATCH", "grant.create");
    expect(await dbRefusal(env.ctx.db.insert(grants).values({ accountId: aa, kind: "position", positionId: zPos, subsystem: "LABOR", grantedBy: null }))).toMatch(/P5: only an operator/);
    expect(await dbRefusal(env.ctx.db.insert(grants).values({ accountId: pa, kind: "position", positionId: zPos, subsystem: "LABOR", grantedBy: null }))).toMatch(/P5: only an operator/);
  });

  it("a permission admin split by subsystem (P6) cannot grant or define positions in other subsystems", async () => {
    const p = freshPerson("422801");
    const id = (await zAA.post("/api/gov/accounts", { ...p, orgCode: "422801", roleKind: "permission_admin" })).json().id;
    expect((await zPA.post(`/api/gov/accounts/${id}/grants`, { kind: "admin_subsystem", subsystem: "LABOR" })).statusCode).toBe(200);
    const laborOnly = await env.login({ ...p, label: p.name });
    const op = await newOperator("422801");
    const gigPos = await positionId(esPA, "422801", "GIG", "驿站管理员");
    await refused(() => laborOnly.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: gigPos }), 403, "SUBSYSTEM_NOT_HELD", "grant.create");
    await refused(() => laborOnly.post("/api/gov/positions", { subsystem: "GIG", name: "零工岗", permissions: ["gig.worker.read"] }), 403, "SUBSYSTEM_NOT_HELD", "position.create");
    const laborPos = await positionId(esPA, "422801", "LABOR", "数据查询员");
    expect((await laborOnly.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: laborPos })).statusCode).toBe(200);
    // A county permission admin never sets another permission admin's subsystems (州's duty, P8(1)).
    await refused(() => esPA.post(`/api/gov/accounts/${id}/grants`, { kind: "admin_subsystem", subsystem: "GIG" }), 403, "OUT_OF_DUTY", "grant.create");
  });

  it("revocation is kept in the ledger with who and when; a second revocation is refused", async () => {
    const op = await newOperator("422801");
    const posId = await positionId(esPA, "422801", "LABOR", "数据查询员");
    const g = (await esPA.post(`/api/gov/accounts/${op}/grants`, { kind: "position", positionId: posId })).json();
    await refused(() => esPA.post(`/api/gov/grants/${g.id}/revoke`, { reason: "" }), 400, "REASON_REQUIRED", "grant.revoke");
    await refused(() => lcPA.post(`/api/gov/grants/${g.id}/revoke`, { reason: "越权" }), 404, "ACCOUNT_NOT_FOUND", "grant.revoke");
    expect((await esPA.post(`/api/gov/grants/${g.id}/revoke`, { reason: "岗位调整", formRef: "F2-8#3" })).statusCode).toBe(200);
    await refused(() => esPA.post(`/api/gov/grants/${g.id}/revoke`, { reason: "再次" }), 409, "GRANT_ALREADY_REVOKED", "grant.revoke");
    const list = (await esPA.get(`/api/gov/accounts/${op}/grants`)).json();
    expect(list[0]).toMatchObject({ revokeReason: "岗位调整", revokeFormRef: "F2-8#3", revokedByName: expect.any(String) });
  });
});
