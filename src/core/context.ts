/** Opens the database, applies migrations and reference data, and chooses the e-SSC channel. */
import { openDatabase, sql, type Database } from "./db/client.js";
import type { Config } from "./config.js";
import type { AppContext } from "./http/context.js";
import { seedOrganisation } from "./org.js";
import { seedCalendar } from "./calendar.js";
import { NationalChannel, SimulatorChannel, UnconfiguredChannel, nationalChannelConfigured, type EsscChannel } from "./auth/essc.js";
import type { PlatformModule } from "./module.js";

/**
 * channel: "required" (serve: a production start without a configured national channel fails) or "optional" (the
 * CLI's offline commands: bootstrap, migrate, audit-verify, import; no login happens there).
 */
export async function openContext(config: Config, opts: { modules: readonly PlatformModule[]; memory?: boolean; channel?: "required" | "optional" }): Promise<{ ctx: AppContext; database: Database }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: opts.memory });
  const db = database.db;
  await db.transaction(async (tx) => {
    // Instances starting together against one server load the reference data once.
    await tx.execute(sql`select pg_advisory_xact_lock(4228002)`);
    await seedOrganisation(tx);
    await seedCalendar(tx);
  });
  // The simulator exists only in demo mode (loadConfig refuses it in production; checked again here).
  const simulator = config.mode === "demo" && config.esscChannel === "simulator" ? await SimulatorChannel.open(db) : null;
  let channel: EsscChannel;
  if (simulator) channel = simulator;
  else if (opts.channel === "optional" && !nationalChannelConfigured()) channel = new UnconfiguredChannel();
  else channel = NationalChannel.fromEnv();
  return { ctx: { db, dbKind: database.kind, config, channel, simulator, modules: opts.modules }, database };
}
