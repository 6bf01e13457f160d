/**
 * The database: PGlite with a file-backed data directory by default, a PostgreSQL server when DATABASE_URL is set.
 * Both go through Drizzle's own drivers, one schema and one migration folder (docs/decisions.md D2).
 */
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";

/** Both drivers expose the same query builder; the node-postgres type stands for both. */
export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL("../../../drizzle", import.meta.url));
/** pg returns int8 and numeric as strings; parse int8 as a JS number (ids and counts stay far below 2^53). */
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A PostgreSQL server ends connections (a restart, a failover, an idle timeout, pg_terminate_backend): the error of an
 * idle pooled client (the pool's 'error') and of a checked-out one (the client's own 'error', which pg-pool does not
 * listen to while the client is lent out) would otherwise be uncaught and end the process (issue 12, class 9). The
 * pool drops a broken client on release and opens a new one on demand, so the platform recovers by itself; the request
 * that met the broken connection answers 503 DATABASE_UNAVAILABLE (src/core/http/app.ts).
 */
function guardPool(pool: pg.Pool, onError: ConnectionErrorHandler = defaultConnectionError) {
  // An idle client's error reaches both listeners with the same error object: report it once.
  const seen = new WeakSet<Error>();
  const once = (err: Error, where: "idle" | "active") => {
    if (seen.has(err)) return;
    seen.add(err);
    onError(err, where);
  };
  pool.on("connect", (client) => {
    client.on("error", (err) => queueMicrotask(() => once(err, "active")));
  });
  pool.on("error", (err) => once(err, "idle"));
}

export type ConnectionErrorHandler = (err: Error, where: "idle" | "active" | "migrate") => void;

const defaultConnectionError: ConnectionErrorHandler = (err, where) => {
  console.warn(`数据库连接中断（${where}），将自动重连：${err.message}`);
};

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; memory?: boolean; onConnectionError?: ConnectionErrorHandler }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: Number(process.env.PG_POOL_MAX ?? 10), connectionTimeoutMillis: 10_000 });
    guardPool(pool, opts.onConnectionError);
    const db = drizzlePg(pool);
    await migrateServer(opts.databaseUrl, opts.onConnectionError);
    let closed: Promise<void> | null = null;
    return { db, kind: "postgres", close: () => (closed ??= pool.end()) };
  }
  let client: PGlite;
  if (opts.memory) client = new PGlite();
  else {
    mkdirSync(opts.dataDir!, { recursive: true });
    client = new PGlite(opts.dataDir!);
  }
  const db = drizzlePglite(client) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS });
  return { db, kind: "pglite", close: () => client.close() };
}

/** Migrations on a server run under an advisory lock, so that instances starting together migrate once. */
async function migrateServer(url: string, onError: ConnectionErrorHandler = defaultConnectionError) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", (err) => onError(err, "migrate"));
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(4228001)");
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query("select pg_advisory_unlock(4228001)").catch(() => undefined);
    await client.end();
  }
}

/** Run raw SQL and return its rows, the same on both drivers. */
export async function rows<T = Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  const res = (await q.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };
