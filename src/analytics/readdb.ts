/**
 * S-ANALYTICS read path on a read replica (docs/operations.md "Read replica for analytics"): when
 * ANALYTICS_DATABASE_URL is set, dashboards, drill-downs, records, exports and the leaders' screen read from that
 * PostgreSQL instance (a streaming-replication hot standby of the primary); writes (targets, snapshots, reports) and
 * everything else stay on the primary. Unset: the read path uses the primary database, as every other module does.
 * The pool is opened once per URL and process, lazily (the first query connects).
 */
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import type { Db } from "../core/db/client.js";

const pools = new Map<string, { db: Db; pool: pg.Pool }>();

/** The replica URL from the environment, if any (an empty value counts as unset). */
export function analyticsDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const u = env.ANALYTICS_DATABASE_URL?.trim();
  if (!u) return undefined;
  if (!/^postgres(ql)?:\/\//.test(u)) throw new Error("ANALYTICS_DATABASE_URL must be a postgres:// URL of a read replica");
  return u;
}

/** The database the analytics read path uses: the replica when configured, else the primary. */
export function analyticsReadDb(primary: Db, env: NodeJS.ProcessEnv = process.env): { db: Db; source: "replica" | "primary" } {
  const url = analyticsDatabaseUrl(env);
  if (!url) return { db: primary, source: "primary" };
  let p = pools.get(url);
  if (!p) {
    const pool = new pg.Pool({ connectionString: url, max: Number(env.ANALYTICS_POOL_MAX ?? 5) });
    // A standby refuses writes; make the intent explicit so that a misconfigured primary URL behaves the same.
    pool.on("connect", (c) => void c.query("set default_transaction_read_only = on").catch(() => undefined));
    p = { db: drizzle(pool) as unknown as Db, pool };
    pools.set(url, p);
  }
  return { db: p.db, source: "replica" };
}

/** Close the replica pools (server shutdown, tests). */
export async function closeAnalyticsReadDbs(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.pool.end()));
}
