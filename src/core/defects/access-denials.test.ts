/**
 * Issue 12, class 7: refusals by the access guard are security events (X1, 等保 安全审计): audited, with a bound —
 * repeats per account, route and minute are counted in one row, and one audit row a minute is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { accessDenials, auditLog } from "../db/schema.js";
import { verifyAuditChain } from "../audit.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe("access-guard refusals (issue 12 class 7)", () => {
  it("a flood of PERMISSION_DENIED adds one counted row and one audit row per minute", async () => {
    const label = "舞阳坝街道信息采集员";
    const op = await env.login(label);
    const me = (await op.get("/api/session")).json().account.id as number;
    const answers = await Promise.all(Array.from({ length: 8 }, () => op.get("/api/gov/accounts")));
    expect(answers.every((r) => r.statusCode === 403 && r.json().code === "PERMISSION_DENIED")).toBe(true);
    const rows = await env.ctx.db.select().from(accessDenials).where(eq(accessDenials.accountId, me));
    const total = rows.reduce((n, r) => n + r.count, 0);
    expect(total).toBe(8);
    expect(rows.length).toBeLessThanOrEqual(2); // at most a minute boundary in between
    expect(rows[0]).toMatchObject({ method: "GET", route: "/api/gov/accounts", code: "PERMISSION_DENIED" });
    const audits = await env.ctx.db.select().from(auditLog).where(and(eq(auditLog.event, "access.denied"), eq(auditLog.actorAccountId, me)));
    expect(audits.length).toBe(rows.length);
    expect(audits[0]).toMatchObject({ outcome: "failure", objectId: "GET /api/gov/accounts" });
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
  });

  it("a write without the CSRF token is recorded the same way", async () => {
    const op = await env.login("舞阳坝街道信息采集员");
    const me = (await op.get("/api/session")).json().account.id as number;
    const r = await env.app.inject({ method: "POST", url: "/api/auth/logout", cookies: { els_sid: op.cookie }, payload: {} });
    expect(r.statusCode).toBe(403);
    const rows = await env.ctx.db.select().from(accessDenials).where(and(eq(accessDenials.accountId, me), eq(accessDenials.code, "CSRF_TOKEN_INVALID")));
    expect(rows.length).toBe(1);
  });
});
