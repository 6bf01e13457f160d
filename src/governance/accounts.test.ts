/** P3, P5, P7: account detail and history, change, disable/enable/cancel, role-kind change, move — through the HTTP API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts, auditLog } from "../core/db/schema.js";
import { accountChanges } from "./schema.js";
import { grants } from "../core/db/schema.js";
import { accountIdOf, dbRefusal, freshPerson, roleKindViolations, snapshot } from "../test/governance-kit.js";

let env: TestEnv;
let zAA: Client; // 州级账户管理员（A角）
let esAA: Client; // 恩施市账户管理员（A角）
let esPA: Client; // 恩施市权限管理员
beforeAll(async () => {
  env = await createTestEnv();
  zAA = await env.login("州级账户管理员（A角）");
  esAA = await env.login("恩施市账户管理员（A角）");
  esPA = await env.login("恩施市权限管理员");
});
afterAll(async () => env?.close());

async function createOperator(by: Client, orgCode: string) {
  const p = freshPerson(orgCode.slice(0, 6));
  const r = await by.post("/api/gov/accounts", { ...p, orgCode, roleKind: "operator" });
  expect(r.statusCode, r.body).toBe(200);
  return { ...p, id: r.json().id as number };
}

async function lastAudit() {
  const [row] = await env.ctx.db.select().from(auditLog).orderBy(auditLog.seq).then((l) => l.slice(-1));
  return row!;
}

describe("account detail (P7(3))", () => {
  it("shows the account masked, with its full history and grants, and what the caller may do", async () => {
    const id = await accountIdOf(env, "恩施市就业局操作员");
    const r = await esAA.get(`/api/gov/accounts/${id}`);
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.account.idNumberMasked).toMatch(/^\d{4}\*+\d{3}[\dX]$|\*/);
    expect(JSON.stringify(d)).not.toContain(env.identity("恩施市就业局操作员").idNumber);
    expect(d.history[0]).toMatchObject({ action: "create", byName: expect.any(String) });
    expect(d.grants.length).toBe(2);
    expect(d.grants[0]).toMatchObject({ grantedByName: expect.any(String), revokedAt: null });
    expect(d.allowed.manage).toBe(true);
  });

  it("a 恩施市 admin cannot read a 利川市 account (P9: 404)", async () => {
    const id = await accountIdOf(env, "利川市就业局操作员");
    const r = await esAA.get(`/api/gov/accounts/${id}`);
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("ACCOUNT_NOT_FOUND");
    expect((await esAA.get(`/api/gov/accounts/${id}/grants`)).statusCode).toBe(404);
  });
});

describe("change an account (P7)", () => {
  it("changes name, phone and unit with a ledger row and an audit row; the 身份证号 cannot be changed", async () => {
    const op = await createOperator(esAA, "422801");
    const r = await esAA.put(`/api/gov/accounts/${op.id}`, { name: `${op.name}改`, phone: "13900001111", reason: "更正姓名", formRef: "CZ-2026-001#1" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().changed.sort()).toEqual(["name", "phone"]);
    const [ch] = await env.ctx.db.select().from(accountChanges).where(and(eq(accountChanges.accountId, op.id), eq(accountChanges.action, "update")));
    expect(ch).toMatchObject({ formRef: "CZ-2026-001#1", reason: "更正姓名" });
    expect(JSON.stringify(ch!.detail)).not.toContain("13900001111");
    expect((await lastAudit()).event).toBe("account.update");

    const before = await snapshot(env.ctx.db);
    const bad = await esAA.put(`/api/gov/accounts/${op.id}`, { idNumber: freshPerson().idNumber });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("身份证号");
    expect(await snapshot(env.ctx.db)).toEqual(before);
  });

  it("nobody changes their own account: refused, audited as a failure, nothing changed", async () => {
    const me = await accountIdOf(env, "恩施市账户管理员（A角）");
    const before = await snapshot(env.ctx.db);
    const r = await esAA.put(`/api/gov/accounts/${me}`, { phone: "13900002222" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("SELF_CHANGE_FORBIDDEN");
    expect(await snapshot(env.ctx.db)).toEqual(before);
    const a = await lastAudit();
    expect(a).toMatchObject({ event: "account.update", outcome: "failure", actorAccountId: me });
    expect((await esAA.post(`/api/gov/accounts/${me}/disable`, { reason: "x" })).json().code).toBe("SELF_CHANGE_FORBIDDEN");
  });

  it("a county account admin cannot change a county permission admin (州's duty, P7(1))", async () => {
    const pa = await accountIdOf(env, "恩施市权限管理员");
    const r = await esAA.put(`/api/gov/accounts/${pa}`, { phone: "13900003333" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("OUT_OF_DUTY");
  });

  it("a permission admin cannot create or change accounts (P8: PERMISSION_DENIED)", async () => {
    const op = await accountIdOf(env, "恩施市就业局操作员");
    expect((await esPA.put(`/api/gov/accounts/${op}`, { phone: "13900004444" })).json().code).toBe("PERMISSION_DENIED");
    expect((await esPA.post("/api/gov/accounts", { ...freshPerson(), orgCode: "422801", roleKind: "operator" })).json().code).toBe("PERMISSION_DENIED");
  });
});

describe("disable, enable, cancel (P7): never deleted, sessions end at once", () => {
  it("disabling ends the live session; enabling restores use; cancelling revokes every grant and is final", async () => {
    const op = await createOperator(esAA, "422801001");
    const posId = (await esPA.get("/api/gov/positions?subsystem=LABOR&orgCode=422801")).json().find((p: { name: string }) => p.name === "信息采集员").id;
    expect((await esPA.post(`/api/gov/accounts/${op.id}/grants`, { kind: "position", positionId: posId })).statusCode).toBe(200);
    const opClient = await env.login({ name: op.name, idNumber: op.idNumber, label: op.name });
    expect((await opClient.get("/api/session")).statusCode).toBe(200);

    expect((await esAA.post(`/api/gov/accounts/${op.id}/disable`, { reason: "" })).json().code).toBe("REASON_REQUIRED");
    const d = await esAA.post(`/api/gov/accounts/${op.id}/disable`, { reason: "借调外单位", formRef: "F2-9#1" });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ status: "disabled", sessionsEnded: 1 });
    const s = await opClient.get("/api/session");
    expect(s.statusCode).toBe(401);
    expect(s.json().code).toBe("SESSION_ACCOUNT_DISABLED");
    await expect(env.login({ name: op.name, idNumber: op.idNumber, label: op.name })).rejects.toThrow(/ACCOUNT_DISABLED/);

    expect((await esAA.post(`/api/gov/accounts/${op.id}/enable`, { reason: "借调结束" })).json()).toMatchObject({ status: "active" });
    const again = await env.login({ name: op.name, idNumber: op.idNumber, label: op.name });
    expect((await again.get("/api/session")).json().permissions).toContain("labor.person.create");

    const c = await esAA.post(`/api/gov/accounts/${op.id}/cancel`, { reason: "离职注销" });
    expect(c.json()).toMatchObject({ status: "cancelled", revokedGrants: 1, sessionsEnded: 1 });
    const live = await env.ctx.db.select().from(grants).where(and(eq(grants.accountId, op.id), isNull(grants.revokedAt)));
    expect(live).toEqual([]);
    expect((await esAA.post(`/api/gov/accounts/${op.id}/enable`, { reason: "x" })).json().code).toBe("ACCOUNT_CANCELLED");
    const [row] = await env.ctx.db.select().from(accounts).where(eq(accounts.id, op.id));
    expect(row!.status).toBe("cancelled");
    const hist = (await esAA.get(`/api/gov/accounts/${op.id}`)).json().history.map((h: { action: string }) => h.action);
    expect(hist).toEqual(["create", "disable", "enable", "cancel"]);
  });
});

describe("role-kind change (P5)", () => {
  it("revokes every grant of the old kind in the same transaction; the new kind starts with no rights", async () => {
    const zPA = await env.login("州级权限管理员");
    const p = freshPerson("422802");
    const created = await zAA.post("/api/gov/accounts", { ...p, orgCode: "422802", roleKind: "permission_admin" });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as number;
    for (const subsystem of ["LABOR", "GIG"]) {
      expect((await zPA.post(`/api/gov/accounts/${id}/grants`, { kind: "admin_subsystem", subsystem })).statusCode).toBe(200);
    }
    const r = await zAA.post(`/api/gov/accounts/${id}/role-kind`, { roleKind: "account_admin", abSlot: "B", reason: "岗位调整", formRef: "F1-3#2" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ roleKind: "account_admin", revokedGrants: 2 });
    const live = await env.ctx.db.select().from(grants).where(and(eq(grants.accountId, id), isNull(grants.revokedAt)));
    expect(live).toEqual([]);
    expect(await roleKindViolations(env.ctx.db)).toBe(0);
    const [ch] = await env.ctx.db.select().from(accountChanges).where(and(eq(accountChanges.accountId, id), eq(accountChanges.action, "role_change")));
    expect(ch!.detail).toMatchObject({ from: "permission_admin", to: "account_admin" });
    expect(ch!.formRef).toBe("F1-3#2");
  });

  it("the database refuses a role-kind change while a grant is live (trigger), whatever the service does", async () => {
    const id = await accountIdOf(env, "恩施市就业局操作员");
    expect(await dbRefusal(env.ctx.db.update(accounts).set({ roleKind: "permission_admin" }).where(eq(accounts.id, id)))).toMatch(/P5: revoke every grant/);
  });

  it("a county account admin cannot turn an operator into an admin (州's duty) and nothing changes", async () => {
    const op = await createOperator(esAA, "422801");
    const before = await snapshot(env.ctx.db);
    const r = await esAA.post(`/api/gov/accounts/${op.id}/role-kind`, { roleKind: "permission_admin", reason: "x" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("OUT_OF_DUTY");
    expect(await snapshot(env.ctx.db)).toEqual(before);
  });

  it("a township account can only be an operator (P6)", async () => {
    const op = await createOperator(esAA, "422801002");
    const r = await zAA.post(`/api/gov/accounts/${op.id}/role-kind`, { roleKind: "account_admin", reason: "x" });
    expect(r.statusCode).toBe(403);
    expect(["TOWNSHIP_OPERATORS_ONLY", "OUT_OF_DUTY"]).toContain(r.json().code);
    const t = await zAA.post("/api/gov/accounts", { ...freshPerson("422801"), orgCode: "422801001", roleKind: "permission_admin" });
    expect(t.json().code).toBe("TOWNSHIP_OPERATORS_ONLY");
  });
});

describe("move between organisations (P7, P9)", () => {
  it("moves an operator between townships of the county; positions usable at the new place stay", async () => {
    const op = await createOperator(esAA, "422801001");
    const pos = (await esPA.get("/api/gov/positions?subsystem=LABOR&orgCode=422801")).json()[0];
    expect((await esPA.post(`/api/gov/accounts/${op.id}/grants`, { kind: "position", positionId: pos.id })).statusCode).toBe(200);
    const r = await esAA.post(`/api/gov/accounts/${op.id}/move`, { orgCode: "422801003", reason: "工作调整" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ orgCode: "422801003", revokedGrants: 0 });
  });

  it("cannot move an account outside the admin's county (404 for the target org's duty → OUT_OF_SCOPE) and nothing changes", async () => {
    const op = await createOperator(esAA, "422801");
    const before = await snapshot(env.ctx.db);
    const r = await esAA.post(`/api/gov/accounts/${op.id}/move`, { orgCode: "422802", reason: "x" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("OUT_OF_SCOPE");
    expect(await snapshot(env.ctx.db)).toEqual(before);
  });

  it("a 州 admin moves a county permission admin to another county; a 州 operator cannot be moved to a county by the 州", async () => {
    const p = freshPerson("422822");
    const id = (await zAA.post("/api/gov/accounts", { ...p, orgCode: "422822", roleKind: "permission_admin" })).json().id;
    expect((await zAA.post(`/api/gov/accounts/${id}/move`, { orgCode: "422823", reason: "交流任职" })).statusCode).toBe(200);
    const zOp = await accountIdOf(env, "州就业局数据分析员");
    expect((await zAA.post(`/api/gov/accounts/${zOp}/move`, { orgCode: "422801", reason: "x" })).json().code).toBe("OUT_OF_DUTY");
  });
});

describe("account list filters", () => {
  it("filters by level, role kind and never-logged-in, within scope", async () => {
    const r = await esAA.get("/api/gov/accounts?level=township&roleKind=operator");
    expect(r.statusCode).toBe(200);
    const list = r.json() as { orgCode: string; level: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => a.level === "township" && a.orgCode.startsWith("422801"))).toBe(true);
    const never = (await esAA.get("/api/gov/accounts?neverLoggedIn=true")).json() as { lastLoginAt: string | null }[];
    expect(never.every((a) => a.lastLoginAt === null)).toBe(true);
  });
});
