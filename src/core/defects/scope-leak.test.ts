/**
 * Issue 12, class 5: the form-row validator and the registry name nobody outside the caller's scope; outside it the
 * answer says only that the row cannot be filed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { accounts, positions } from "../db/schema.js";
import { makeIdNumber } from "../idcard.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
async function account(label: string) {
  const [a] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, env.identity(label).idNumber));
  return a!;
}

describe("no account named outside the caller's scope (issue 12 class 5)", () => {
  it("a township operator validating a row with the 州 permission admin's 身份证号 learns no name and no role", async () => {
    const label = "舞阳坝街道信息采集员";
    const op = await env.login(label);
    const me = await account(label);
    const pa = await account("州级权限管理员");
    const [pos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, me.orgCode.slice(0, 6)), eq(positions.subsystem, "LABOR")));
    for (const category of ["add", "modify", "cancel"] as const) {
      const r = await op.post("/api/forms/validate", {
        kind: "operator", subsystem: "LABOR", applicantUnitId: me.unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111",
        rows: [{ category, name: "某某", idNumber: pa.idNumber, phone: "13900000001", roleKind: "operator", positionId: pos?.id }],
      });
      expect(r.statusCode, r.body).toBe(200);
      const text = JSON.stringify(r.json());
      expect(text).not.toContain(pa.name);
      expect(text).not.toContain("权限管理员");
      expect(text).not.toMatch(/NAME_MISMATCH|ROLE_KIND_MISMATCH|ACCOUNT_OTHER_ORG|ACCOUNT_EXISTS/);
      expect(r.json().valid).toBe(false);
    }
  });

  it("the registry's answer for a 身份证号 registered outside the caller's scope names no place", async () => {
    const a = await env.login("舞阳坝街道信息采集员");
    // A person registered by a township operator of 舞阳坝街道's neighbour (422801002, outside the caller's scope).
    const b = await env.login("六角亭街道信息采集员");
    const idNumber = makeIdNumber("422801", "19850505", 41);
    const made = await b.post("/api/labor/persons", { idNumber, name: "向明", regionCode: "422801002001", employmentStatus: "emp" });
    expect(made.statusCode, made.body).toBe(200);
    const r = await a.post("/api/labor/persons", { idNumber, name: "某某", regionCode: "422801001001", employmentStatus: "emp" });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.json().code).not.toBe("PERSON_REGISTERED_ELSEWHERE");
    expect(r.json().message).not.toMatch(/其他地区|已登记|利川|巴东|建始|宣恩|咸丰|来凤|鹤峰|恩施市/);
  });
});
