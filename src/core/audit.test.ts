/** X1: append-only, hash-chained audit log; verification names the first broken row. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../test/harness.js";
import { appendAudit, verifyAuditChain } from "./audit.js";
import { sql } from "drizzle-orm";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
});
afterAll(async () => env?.close());

describe("audit chain (X1)", () => {
  it("verifies a chain and refuses UPDATE and DELETE", async () => {
    for (let i = 0; i < 5; i++) await appendAudit(env.ctx.db, { event: "test.event", detail: { i, nested: { b: 1, a: [2, 3] } } });
    expect(await verifyAuditChain(env.ctx.db)).toEqual({ ok: true, rows: 5 });
    await expect(env.ctx.db.execute(sql`update audit_log set event = 'x' where seq = 2`)).rejects.toThrow();
    await expect(env.ctx.db.execute(sql`delete from audit_log where seq = 2`)).rejects.toThrow();
  });

  it("names the first tampered row when someone with table-owner rights bypasses the trigger", async () => {
    await env.ctx.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await env.ctx.db.execute(sql`update audit_log set detail = '{"i": 99}' where seq = 3`);
    await env.ctx.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    expect(await verifyAuditChain(env.ctx.db)).toEqual({ ok: false, rows: 2, firstBroken: { seq: 3, reason: "hash_mismatch" } });
  });

  it("an audit row written in a failed transaction disappears with it", async () => {
    const before = await env.ctx.db.execute(sql`select count(*)::int as n from audit_log`);
    await expect(
      env.ctx.db.transaction(async (tx) => {
        await appendAudit(tx, { event: "test.rolled_back" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const after = await env.ctx.db.execute(sql`select count(*)::int as n from audit_log`);
    expect((after as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe((before as unknown as { rows: { n: number }[] }).rows[0]!.n);
  });
});
