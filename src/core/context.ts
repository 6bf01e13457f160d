/** Opens the database, applies migrations and reference data, and chooses the e-SSC channel. */
import { openDatabase, sql, type Database } from "./db/client.js";
import type { Config } from "./config.js";
import type { AppContext } from "./http/context.js";
import { seedOrganisation } from "./org.js";
import { seedCalendar } from "./calendar.js";
import { NationalChannel, SimulatorChannel } from "./auth/essc.js";
import type { PlatformModule } from "./module.js";

export async function openContext(config: Config, opts: { modules: readonly PlatformModule[]; memory?: boolean }): Promise<{ ctx: AppContext; database: Database }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: opts.memory });
  const db = database.db;
  await db.transaction(async (tx) => {
    // Instances starting together against one server load the reference data once.
    await tx.execute(sql`select pg_advisory_xact_lock(4228002)`);
    await seedOrganisation(tx);
    await seedCalendar(tx);
  });
  const simulator = config.esscChannel === "simulator" ? await SimulatorChannel.open(db) : null;
  const channel = simulator ?? NationalChannel.fromEnv();
  return { ctx: { db, dbKind: database.kind, config, channel, simulator, modules: opts.modules }, database };
}
