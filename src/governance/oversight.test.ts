/**
 * P13 leave and departure, P7(4) idle-account clean-up with the database job runner, P6 A/B flag, P7(3)/P8(3) ledgers
 * (JSON and Excel) — through the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq, isNull } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts, jobs } from "../core/db/schema.js";
import { cleanupScans, staffStatusChanges } from "./schema.js";
import { grants } from "../core/db/schema.js";
import { runDueJobs, CLEANUP_SCAN_JOB, OFF_DUTY_SWEEP_JOB } from "./jobs.js";
import { addMonths } from "./staff-status.js";
import { accountIdOf, freshPerson, snapshot } from "../test/governance-kit.js";
import { chinaToday, DAY_MS } from "./common.js";

let env: TestEnv;
let zAA: Client, esAA: Client, esPA: Client, lcAA: Client;
beforeAll(async () => {
  env = await createTestEnv();
  zAA = await env.login("州级账户管理员（A角）");
  esAA = await env.login("恩施市账户管理员（A角）");
  esPA = await env.login("恩施市权限管理员");
  lcAA = await env.login("利川市账户管理员（A角）");
});
afterAll(async () => env?.close());

/** An operator with one LABOR position, logged in. */
async function workingOperator(orgCode = "422801001") {
  const p = freshPerson("422801");
  const id = (await esAA.post("/api/gov/accounts", { ...p, orgCode, roleKind: "operator" })).json().id as number;
  const list = (await esPA.get("/api/gov/positions?subsystem=LABOR&orgCode=422801")).json() as { id: number; name: string }[];
  const pos = list.find((x) => x.name === "信息采集员")!;
  expect((await esPA.post(`/api/gov/accounts/${id}/grants`, { kind: "position", positionId: pos.id })).statusCode).toBe(200);
  const client = await env.login({ ...p, label: p.name });
  return { id, person: p, client, positionId: pos.id };
}

const liveGrants = (id: number) => env.ctx.db.select().from(grants).where(and(eq(grants.accountId, id), isNull(grants.revokedAt)));
const today = () => chinaToday();

describe("P7(4) idle-account clean-up and the job runner", () => {
  it("lists candidates within duties, records the daily scan per level, disables all-or-nothing", async () => {
    const fresh = await accountIdOf(env, "恩施市新入职操作员");
    const countyPA = await accountIdOf(env, "利川市权限管理员");
    const lcOp = await accountIdOf(env, "利川市就业局操作员");
    const active = await accountIdOf(env, "恩施市就业局操作员");
    // Time passes: these accounts were created 120 days ago and never logged in (fixture, not an API bypass).
    const longAgo = new Date(Date.now() - 120 * DAY_MS);
    for (const id of [fresh, countyPA, lcOp]) await env.ctx.db.update(accounts).set({ createdAt: longAgo, lastLoginAt: null }).where(eq(accounts.id, id));

    const before = (await esAA.get("/api/gov/cleanup")).json();
    expect(before.thresholdDays).toBe(90);
    expect(before.lastScan).toBeNull();
    const ids = before.candidates.map((c: { id: number }) => c.id);
    expect(ids).toContain(fresh);
    expect(ids).not.toContain(lcOp); // another county
    expect(ids).not.toContain(countyPA); // the 州's duty
    expect(before.candidates.find((c: { id: number }) => c.id === fresh)).toMatchObject({ neverLoggedIn: true, idleDays: 120 });
    const zIds = (await zAA.get("/api/gov/cleanup")).json().candidates.map((c: { id: number }) => c.id);
    expect(zIds).toContain(countyPA);
    expect(zIds).not.toContain(fresh);

    const runs = await runDueJobs(env.ctx.db, new Date());
    expect(runs.find((r) => r.name === CLEANUP_SCAN_JOB)).toMatchObject({ ok: true });
    const scans = await env.ctx.db.select().from(cleanupScans);
    expect(new Set(scans.map((s) => s.levelCode)).size).toBe(9);
    const after = (await esAA.get("/api/gov/cleanup")).json();
    expect(after.lastScan).toMatchObject({ candidateCount: before.candidates.length, thresholdDays: 90, trigger: "job" });
    expect(new Date(after.nextScanAt).getTime()).toBeGreaterThan(Date.now());
    // Not due again until tomorrow 02:00 China time: a second run now does nothing.
    expect((await runDueJobs(env.ctx.db, new Date())).map((r) => r.name)).not.toContain(CLEANUP_SCAN_JOB);

    const snap = await snapshot(env.ctx.db);
    const bad = await esAA.post("/api/gov/cleanup/disable", { accountIds: [fresh, active], reason: "长期未登录" });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().code).toBe("NOT_A_CANDIDATE");
    expect(await snapshot(env.ctx.db)).toEqual(snap);
    expect((await esAA.post("/api/gov/cleanup/disable", { accountIds: [lcOp], reason: "x" })).statusCode).toBe(404);
    const ok = await esAA.post("/api/gov/cleanup/disable", { accountIds: [fresh], reason: "超过90天未登录，经核实已不在岗" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ disabled: 1 });
    const [row] = await env.ctx.db.select().from(accounts).where(eq(accounts.id, fresh));
    expect(row).toMatchObject({ status: "disabled", statusReason: "超过90天未登录，经核实已不在岗" });
    const ledger = (await esAA.get(`/api/gov/ledgers/accounts?action=disable`)).json();
    expect(ledger.items.find((i: { accountId: number }) => i.accountId === fresh).summary).toContain("长期未登录清理");
  });

  it("the threshold is a 州 setting; a crashed run is retried once its lease expires", async () => {
    expect((await esAA.put("/api/gov/cleanup/settings", { idleDays: 30 })).json().code).toBe("PREFECTURE_ONLY");
    expect((await zAA.put("/api/gov/cleanup/settings", { idleDays: 30 })).json()).toEqual({ idleDays: 30 });
    expect((await esAA.get("/api/gov/cleanup")).json().thresholdDays).toBe(30);
    await zAA.put("/api/gov/cleanup/settings", { idleDays: 90 });

    // Another instance claimed the job and died: while its lease holds nobody runs it; afterwards it runs again.
    const t0 = new Date(Date.now() + 2 * DAY_MS);
    await env.ctx.db.update(jobs).set({ runAt: t0, lockedUntil: new Date(t0.getTime() + 30 * 60_000), lockedBy: "crashed-instance" }).where(eq(jobs.name, CLEANUP_SCAN_JOB));
    expect((await runDueJobs(env.ctx.db, t0)).map((r) => r.name)).not.toContain(CLEANUP_SCAN_JOB);
    const later = new Date(t0.getTime() + 31 * 60_000);
    expect((await runDueJobs(env.ctx.db, later)).map((r) => r.name)).toContain(CLEANUP_SCAN_JOB);
    const [j] = await env.ctx.db.select().from(jobs).where(eq(jobs.name, CLEANUP_SCAN_JOB));
    expect(j!.lockedUntil).toBeNull();
    expect(j!.runAt.getTime()).toBeGreaterThan(later.getTime());
  });
});

describe("P6 A/B rule", () => {
  it("flags 鹤峰县 with one active account admin; a county admin sees only its own level", async () => {
    const r = (await zAA.get("/api/gov/ab-status")).json();
    expect(r.levels.length).toBe(9);
    const hf = r.levels.find((l: { orgCode: string }) => l.orgCode === "422828");
    expect(hf).toMatchObject({ activeAccountAdmins: 1, flagged: true });
    expect(hf.message).toContain("鹤峰县");
    expect(r.levels.find((l: { orgCode: string }) => l.orgCode === "422800")).toMatchObject({ activeAccountAdmins: 2, flagged: false, slots: ["A", "B"] });
    const es = (await esAA.get("/api/gov/ab-status")).json();
    expect(es.levels.map((l: { orgCode: string }) => l.orgCode)).toEqual(["422801"]);
  });
});

describe("P13 leave and departure", () => {
  it("退休 suspends at once, ends the session and clears every grant; login is refused", async () => {
    const op = await workingOperator();
    const r = await esAA.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "retired", startDate: today(), note: "办理退休", formRef: "F2-11#1" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: "suspended", sessionsEnded: 1, grantsCleared: 1 });
    const s = await op.client.get("/api/session");
    expect(s.statusCode).toBe(401);
    expect(s.json().code).toBe("SESSION_ACCOUNT_SUSPENDED");
    await expect(env.login({ ...op.person, label: "x" })).rejects.toThrow(/ACCOUNT_SUSPENDED/);
    expect(await liveGrants(op.id)).toEqual([]);
    const [rec] = await env.ctx.db.select().from(staffStatusChanges).where(eq(staffStatusChanges.accountId, op.id));
    expect(rec).toMatchObject({ kind: "retired", grantsCleared: 1 });
  });

  it("a short 脱岗 (< 3 months) suspends but keeps rights; the return reactivates with them", async () => {
    const op = await workingOperator();
    const r = await esAA.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "off_duty", startDate: today(), expectedEndDate: addMonths(today(), 1), note: "病假" });
    expect(r.json()).toMatchObject({ status: "suspended", grantsCleared: 0 });
    expect((await liveGrants(op.id)).length).toBe(1);
    // A second record while one is open, and a plain enable, are refused.
    expect((await esAA.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "other", startDate: today() })).json().code).toBe("STAFF_STATUS_OPEN");
    expect((await esAA.post(`/api/gov/accounts/${op.id}/enable`, { reason: "x" })).json().code).toBe("STAFF_STATUS_OPEN");
    const end = await esAA.post(`/api/gov/staff-status/${r.json().id}/end`, { endedDate: addMonths(today(), 1), note: "病愈返岗" });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ status: "active", grantsRestored: 0, needsNewGrant: false });
    const me = await env.login({ ...op.person, label: "x" });
    expect((await me.get("/api/session")).json().permissions).toContain("labor.person.create");
  });

  it("a 脱岗 expected to last 3 months or more clears rights at once; the return does not restore them", async () => {
    const op = await workingOperator();
    const r = await esAA.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "off_duty", startDate: today(), expectedEndDate: addMonths(today(), 4), note: "产假" });
    expect(r.json()).toMatchObject({ grantsCleared: 1 });
    const end = await esAA.post(`/api/gov/staff-status/${r.json().id}/end`, { endedDate: addMonths(today(), 4) });
    expect(end.json()).toMatchObject({ status: "active", grantsRestored: 0, needsNewGrant: true });
    const me = await env.login({ ...op.person, label: "x" });
    const session = (await me.get("/api/session")).json();
    expect(session.permissions.some((x: string) => x.startsWith("labor."))).toBe(false);
    // Return only through a new grant by the permission admin.
    expect((await esPA.post(`/api/gov/accounts/${op.id}/grants`, { kind: "position", positionId: op.positionId })).statusCode).toBe(200);
  });

  it("the daily sweep clears the rights of a 脱岗 still open three months after its start", async () => {
    const op = await workingOperator();
    const r = await esAA.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "off_duty", startDate: today(), expectedEndDate: addMonths(today(), 2) });
    expect(r.json().grantsCleared).toBe(0);
    await runDueJobs(env.ctx.db, new Date(Date.now() + 40 * DAY_MS));
    expect((await liveGrants(op.id)).length).toBe(1);
    const runs = await runDueJobs(env.ctx.db, new Date(Date.now() + 95 * DAY_MS));
    expect(runs.find((x) => x.name === OFF_DUTY_SWEEP_JOB)).toMatchObject({ ok: true });
    expect(await liveGrants(op.id)).toEqual([]);
    const [rec] = await env.ctx.db.select().from(staffStatusChanges).where(eq(staffStatusChanges.id, r.json().id));
    expect(rec!.grantsCleared).toBe(1);
  });

  it("duties: not one's own account, not a county admin by a county admin, not by a permission admin", async () => {
    const me = await accountIdOf(env, "恩施市账户管理员（A角）");
    const before = await snapshot(env.ctx.db);
    expect((await esAA.post(`/api/gov/accounts/${me}/staff-status`, { kind: "other", startDate: today() })).json().code).toBe("SELF_CHANGE_FORBIDDEN");
    const pa = await accountIdOf(env, "恩施市权限管理员");
    expect((await esAA.post(`/api/gov/accounts/${pa}/staff-status`, { kind: "other", startDate: today() })).json().code).toBe("OUT_OF_DUTY");
    const op = await accountIdOf(env, "恩施市就业局操作员");
    expect((await esPA.post(`/api/gov/accounts/${op}/staff-status`, { kind: "other", startDate: today() })).json().code).toBe("PERMISSION_DENIED");
    expect((await lcAA.post(`/api/gov/accounts/${op}/staff-status`, { kind: "other", startDate: today() })).statusCode).toBe(404);
    expect((await esAA.post(`/api/gov/accounts/${op}/staff-status`, { kind: "off_duty", startDate: today() })).json().code).toBe("EXPECTED_END_REQUIRED");
    expect(await snapshot(env.ctx.db)).toEqual(before);
    // The 州 account admin records a county permission admin's departure (P7(1)); the 州 permission admin had set its rights.
    const p = freshPerson("422801");
    const newPa = (await zAA.post("/api/gov/accounts", { ...p, orgCode: "422801", roleKind: "permission_admin" })).json().id as number;
    const zPA = await env.login("州级权限管理员");
    for (const subsystem of ["LABOR", "CASES"]) expect((await zPA.post(`/api/gov/accounts/${newPa}/grants`, { kind: "admin_subsystem", subsystem })).statusCode).toBe(200);
    const z = await zAA.post(`/api/gov/accounts/${newPa}/staff-status`, { kind: "investigation", startDate: today() });
    expect(z.statusCode, z.body).toBe(200);
    expect(z.json().grantsCleared).toBe(2);
    const open = (await zAA.get("/api/gov/staff-status?open=true")).json();
    expect(open.some((x: { accountId: number; kindName: string }) => x.accountId === newPa && x.kindName.includes("调查"))).toBe(true);
    expect((await esAA.get("/api/gov/staff-status?open=true")).json().some((x: { accountId: number }) => x.accountId === newPa)).toBe(true);
    expect((await lcAA.get("/api/gov/staff-status?open=true")).json().some((x: { accountId: number }) => x.accountId === newPa)).toBe(false);
  });
});

describe("ledgers (P7(3), P8(3))", () => {
  it("the 账户管理台账 is scoped, filtered, paged, and exports to Excel with Chinese headers", async () => {
    const r = (await esAA.get("/api/gov/ledgers/accounts?action=create&pageSize=5")).json();
    expect(r.total).toBeGreaterThan(5);
    expect(r.items.length).toBe(5);
    expect(r.items.every((i: { orgCode: string; actionName: string }) => i.orgCode.startsWith("422801") && i.actionName === "创建")).toBe(true);
    const lc = (await lcAA.get("/api/gov/ledgers/accounts?pageSize=200")).json();
    expect(lc.items.every((i: { orgCode: string }) => i.orgCode.startsWith("422802"))).toBe(true);
    expect((await esPA.get("/api/gov/ledgers/accounts")).json().code).toBe("PERMISSION_DENIED");

    const x = await esAA.get("/api/gov/ledgers/accounts/export?action=create");
    expect(x.statusCode).toBe(200);
    expect(x.headers["content-type"]).toContain("spreadsheetml");
    expect(String(x.headers["content-disposition"])).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("账户管理台账")!;
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(["变更时间", "操作类别", "姓名", "身份证号", "办理人", "申请表编号"]));
    expect(ws.rowCount - 3).toBe(r.total);
    expect(String(ws.getRow(4).getCell(5).value)).toContain("*");
  });

  it("the 权限管理台账 lists every grant with who granted and revoked it, and exports with the positions sheet", async () => {
    const r = (await esPA.get("/api/gov/ledgers/permissions?pageSize=200")).json();
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i: { orgCode: string }) => i.orgCode.startsWith("422801"))).toBe(true);
    const revoked = (await esPA.get("/api/gov/ledgers/permissions?action=revoked&pageSize=200")).json();
    expect(revoked.items.length).toBeGreaterThan(0);
    expect(revoked.items[0]).toMatchObject({ state: "已撤销", revokedByName: expect.any(String), revokeReason: expect.any(String) });
    expect((await esPA.get(`/api/gov/ledgers/permissions?subsystem=GIG&action=active`)).json().items.every((i: { subsystem: string; revokedAt: null }) => i.subsystem === "GIG" && i.revokedAt === null)).toBe(true);
    expect((await esAA.get("/api/gov/ledgers/permissions")).json().code).toBe("PERMISSION_DENIED");

    const x = await esPA.get("/api/gov/ledgers/permissions/export");
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("权限管理台账")!;
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(["授权时间", "授权人", "撤销时间", "撤销人", "授权申请表编号", "撤销申请表编号"]));
    expect(wb.getWorksheet("业务岗位")!.rowCount).toBeGreaterThan(3);
  });
});
