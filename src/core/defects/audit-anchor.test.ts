/**
 * Issue 12, class 8 (X1), against the database directly: the append-only triggers hold under
 * session_replication_role = replica (ENABLE ALWAYS); a tail cut and a whole rewrite, both invisible to the chain
 * alone, are named by the signed checkpoints kept outside the database, by `verifyAnchoredChain` and the API.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, gte } from "drizzle-orm";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { audit, rowHash, SYSTEM_ACTOR, verifyAuditChain } from "../audit.js";
import { auditCheckpointJob, readCheckpoints, verifyAnchoredChain, writeCheckpoint } from "../audit-checkpoint.js";
import { auditLog } from "../db/schema.js";
import { rows, sql } from "../db/client.js";
import { runDueJobs } from "../jobs.js";

async function fill(env: TestEnv, n: number) {
  for (let i = 0; i < n; i++) await audit(env.ctx.db, SYSTEM_ACTOR, { event: "test.fill", detail: { i } });
}
async function head(env: TestEnv) {
  const [h] = await rows<{ seq: number; hash: string }>(env.ctx.db, sql`select seq::int as seq, hash from audit_head where id = 1`);
  return h!;
}
/** What an attacker with the table owner's rights does: every guard trigger off. */
async function guardsOff(env: TestEnv) {
  await env.ctx.db.execute(sql`alter table audit_log disable trigger user`);
  await env.ctx.db.execute(sql`alter table audit_head disable trigger user`);
}

describe("append-only triggers fire under session_replication_role = replica (issue 12 class 8)", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ demo: false });
    await fill(env, 5);
  });
  afterAll(async () => env?.close());

  it("refuses update, delete, a head moved back, even as a replica session", async () => {
    const attempt = (stmt: ReturnType<typeof sql>) =>
      env.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(stmt);
      });
    await expect(attempt(sql`delete from audit_log where seq = 5`)).rejects.toThrow();
    await expect(attempt(sql`update audit_log set detail = '{}' where seq = 2`)).rejects.toThrow();
    await expect(attempt(sql`update audit_head set seq = 3 where id = 1`)).rejects.toThrow();
    await expect(attempt(sql`delete from audit_head`)).rejects.toThrow();
    const [t] = await rows<{ tgenabled: string }>(env.ctx.db, sql`select tgenabled from pg_trigger where tgname = 'audit_log_no_update'`);
    expect(t!.tgenabled).toBe("A");
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
  });

  it("a rewrite of every later hash passes the chain alone but not its checkpoint", async () => {
    const cfg = env.ctx.config.auditCheckpoint;
    const cp = await writeCheckpoint(env.ctx.db, cfg);
    expect(cp.seq).toBe((await head(env)).seq);
    expect((await verifyAnchoredChain(env.ctx.db, cfg)).ok).toBe(true);
    await guardsOff(env);
    // Change row 2 and recompute every later hash and the head: the chain alone is consistent again.
    const all = await env.ctx.db.select().from(auditLog).where(gte(auditLog.seq, 2)).orderBy(asc(auditLog.seq));
    const [prev] = await rows<{ hash: string }>(env.ctx.db, sql`select hash from audit_log where seq = 1`);
    let prevHash = prev!.hash;
    for (const r of all) {
      const detail = r.seq === 2 ? { i: 999 } : r.detail;
      const { hash: _old, ...rest } = { ...r, detail, prevHash };
      const hash = rowHash(rest);
      await env.ctx.db.execute(sql`update audit_log set detail = ${JSON.stringify(detail)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} where seq = ${r.seq}`);
      prevHash = hash;
    }
    await env.ctx.db.execute(sql`update audit_head set hash = ${prevHash} where id = 1`);
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
    const anchored = await verifyAnchoredChain(env.ctx.db, cfg);
    expect(anchored.ok).toBe(false);
    expect(anchored.checkpoint.broken).toMatchObject({ seq: cp.seq, reason: "rewritten" });
  });

  it("an edited checkpoint line is named (its signature fails)", async () => {
    const cfg = env.ctx.config.auditCheckpoint;
    const text = readFileSync(cfg.file, "utf8");
    const lines = text.trim().split("\n");
    const edited = JSON.parse(lines[0]!);
    edited.seq = 1;
    writeFileSync(cfg.file, `${JSON.stringify(edited)}\n`);
    expect(readCheckpoints(cfg).badLines).toEqual([1]);
    writeFileSync(cfg.file, text);
  });
});

describe("a tail cut is named by the checkpoint, by the job's checkpoints and over the API (issue 12 class 8)", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it("removing the last rows and moving the head back", async () => {
    const cfg = env.ctx.config.auditCheckpoint;
    const lines: string[] = [];
    // The scheduled job writes (and logs) a checkpoint.
    const runs = await runDueJobs(env.ctx.db, new Date(), [auditCheckpointJob(cfg, (l) => lines.push(l))], env.ctx.modules);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(lines[0]).toMatch(/^审计检查点 audit-checkpoint seq=\d+ hash=[0-9a-f]{64}/);
    const auditor = await env.login("州级权限管理员");
    const before = await auditor.get("/api/audit/verify");
    const perm = before.statusCode;
    const h = await head(env);
    await guardsOff(env);
    await env.ctx.db.execute(sql`delete from audit_log where seq > ${h.seq - 3}`);
    const [last] = await rows<{ seq: number; hash: string }>(env.ctx.db, sql`select seq::int as seq, hash from audit_log order by seq desc limit 1`);
    await env.ctx.db.execute(sql`update audit_head set seq = ${last!.seq}, hash = ${last!.hash} where id = 1`);
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
    const anchored = await verifyAnchoredChain(env.ctx.db, cfg);
    expect(anchored.ok).toBe(false);
    expect(anchored.checkpoint.broken?.reason).toBe("tail_cut");
    expect(perm).toBe(200);
    expect(before.json().ok).toBe(true);
    const after = await auditor.get("/api/audit/verify");
    expect(after.json().ok).toBe(false);
  });
});
