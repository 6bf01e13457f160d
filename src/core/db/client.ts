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

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; memory?: boolean }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: Number(process.env.PG_POOL_MAX ?? 10) });
    const db = drizzlePg(pool);
    await migrateServer(opts.databaseUrl);
    return { db, kind: "postgres", close: () => pool.end() };
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
async function migrateServer(url: string) {
  const client = new pg.Client({ connectionString: url });
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
