/**
 * P9 on form rows (issue 15, 等保 访问控制): an 附件2 row that creates an account names the person's unit (所在单位)
 * within the filing department's scope, defaulting to the department; a unit outside is refused as typed; the admin
 * who carries it out first sees the data scope it gives. The 舞阳坝 case: 恩施市就业局 files a 新增 for a
 * 舞阳坝街道信息采集员; the account is created at 舞阳坝街道 (not at 恩施市), and sees 舞阳坝's people only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../test/harness.js";
import { accounts, positions, units } from "../core/db/schema.js";
import { makeIdNumber } from "../core/idcard.js";
import { loadPrincipal } from "../core/access/principal.js";
import { personsInScope } from "../labor/scope-count.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe("the 舞阳坝 case: a 新增 row names the new account's unit within the filer's scope (P9)", () => {
  it("offers its own units and those below; refuses a unit outside as typed; creates the account where the row says, shown first to the admin", async () => {
    const filer = await env.login("恩施市就业局操作员");
    const [me] = await env.ctx.db.select({ unitId: accounts.unitId }).from(accounts).where(eq(accounts.idNumber, env.identity("恩施市就业局操作员").idNumber));
    const offered = (await filer.get("/api/forms/units")).json() as { id: number; name: string; orgCode: string }[];
    const wyb = offered.find((u) => u.name === "舞阳坝街道人社服务中心");
    expect(wyb?.orgCode).toBe("422801001");
    expect(offered.every((u) => u.orgCode.startsWith("422801"))).toBe(true);
    const [lichuan] = await env.ctx.db.select({ id: units.id }).from(units).where(eq(units.orgCode, "422802")).limit(1);
    const [pos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, "422801"), eq(positions.name, "信息采集员"), eq(positions.subsystem, "LABOR")));
    const idNumber = makeIdNumber("422801", "19940202", 515);
    const body = (unitId: number | null) => ({
      kind: "operator", subsystem: "LABOR", applicantUnitId: me!.unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111",
      rows: [{ category: "add", name: "覃小红", idNumber, phone: "13972223333", roleKind: "operator", positionId: pos!.id, unitId }],
    });
    // A unit of another county is refused as typed.
    const outside = (await filer.post("/api/forms/validate", body(lichuan!.id))).json();
    expect(outside.valid).toBe(false);
    expect(outside.rows[0].problems).toContainEqual(expect.objectContaining({ field: "unitId", code: "UNIT_OUT_OF_SCOPE" }));
    expect((await filer.post("/api/forms", body(lichuan!.id))).json().valid).toBe(false);

    const created = (await filer.post("/api/forms", body(wyb!.id))).json();
    expect(created.valid).toBe(true);
    const formId = created.id as number;
    expect((await filer.post(`/api/forms/${formId}/submit`)).statusCode).toBe(200);
    expect((await (await env.login("恩施市就业局负责人")).post(`/api/forms/${formId}/sign`, { stage: "dept", decision: "approve", opinion: "同意" })).statusCode).toBe(200);
    expect((await (await env.login("恩施市人社局分管领导")).post(`/api/forms/${formId}/sign`, { stage: "unit", decision: "approve", opinion: "同意" })).statusCode).toBe(200);

    // The executing admin sees, before confirming, the scope the row gives.
    const aa = await env.login("恩施市账户管理员（A角）");
    const persons = await personsInScope(env.ctx.db, { scopePrefix: "422801001" });
    const preview = (await aa.get(`/api/forms/${formId}/scope`)).json();
    expect(preview).toEqual([{ seq: 1, orgCode: "422801001", orgName: "舞阳坝街道", unitName: "舞阳坝街道人社服务中心", persons, text: `该账户可查看：舞阳坝街道 ${persons} 人` }]);
    expect((await aa.post(`/api/forms/${formId}/rows/1/execute-account`, { result: "" })).statusCode).toBe(200);
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, idNumber));
    expect(acc).toMatchObject({ orgCode: "422801001", unitId: wyb!.id });
    expect((await loadPrincipal(env.ctx.db, acc!.id))!.scopePrefix).toBe("422801001");
  });

  it("a row that names no unit defaults to the filing department", async () => {
    const filer = await env.login("恩施市就业局操作员");
    const [me] = await env.ctx.db.select({ unitId: accounts.unitId }).from(accounts).where(eq(accounts.idNumber, env.identity("恩施市就业局操作员").idNumber));
    const [pos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, "422801"), eq(positions.name, "信息采集员"), eq(positions.subsystem, "LABOR")));
    const created = (await filer.post("/api/forms", {
      kind: "operator", subsystem: "LABOR", applicantUnitId: me!.unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111",
      rows: [{ category: "add", name: "向东", idNumber: makeIdNumber("422801", "19910303", 517), phone: "13972224444", roleKind: "operator", positionId: pos!.id }],
    })).json();
    expect(created.valid).toBe(true);
    const scope = (await filer.get(`/api/forms/${created.id}/scope`)).json();
    expect(scope[0]).toMatchObject({ orgCode: "422801", orgName: "恩施市" });
  });
});
