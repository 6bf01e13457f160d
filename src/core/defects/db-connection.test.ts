/**
 * Issue 12, class 9: PostgreSQL ends the platform's connections (a restart, a failover, an idle timeout): the process
 * lives, a request that meets a broken connection answers 503 DATABASE_UNAVAILABLE at worst, and the platform
 * recovers without a restart. Runs on the PostgreSQL server only (DATABASE_URL).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type Client, type TestEnv } from "../../test/harness.js";
import { rows, sql } from "../db/client.js";
import { isDatabaseUnavailable } from "../http/input.js";

const server = process.env.DATABASE_URL;

describe.skipIf(!server)("PostgreSQL ends the platform's connections (issue 12 class 9)", () => {
  let env: TestEnv;
  let user: Client;
  let dbName: string;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  beforeAll(async () => {
    process.on("uncaughtException", onUncaught);
    env = await createTestEnv();
    user = await env.login("州级账户管理员（A角）");
    [{ dbName }] = (await rows<{ dbName: string }>(env.ctx.db, sql`select current_database() as "dbName"`)) as [{ dbName: string }];
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await env?.close();
  });

  async function terminateAll(): Promise<number> {
    const admin = new pg.Client({ connectionString: server });
    admin.on("error", () => undefined);
    await admin.connect();
    const res = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [dbName]);
    await admin.end();
    return res.rowCount ?? 0;
  }

  it("keeps answering after its idle connections are terminated", async () => {
    // Fill the pool with several idle connections.
    await Promise.all(Array.from({ length: 4 }, () => user.get("/api/session")));
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200)); // let the 'error' events arrive
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await user.get("/api/session")).statusCode);
    expect(answers.every((s) => s === 200 || s === 503)).toBe(true);
    expect(answers.at(-1)).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it("a connection terminated during a request answers 503 with a code, then recovers", async () => {
    const requests = Array.from({ length: 6 }, () => user.get("/api/gov/accounts?pageSize=200"));
    await terminateAll();
    const done = await Promise.all(requests);
    for (const r of done) {
      expect([200, 503]).toContain(r.statusCode);
      if (r.statusCode === 503) expect(r.json().code).toBe("DATABASE_UNAVAILABLE");
    }
    expect((await user.get("/api/gov/accounts")).statusCode).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it("names the connection errors of the driver as unavailable", () => {
    expect(isDatabaseUnavailable({ code: "57P01" })).toBe(true);
    expect(isDatabaseUnavailable({ cause: new Error("Connection terminated unexpectedly") })).toBe(true);
    expect(isDatabaseUnavailable({ code: "22003" })).toBe(false);
  });
});
