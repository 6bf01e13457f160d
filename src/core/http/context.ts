import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { EsscChannel, SimulatorChannel } from "../auth/essc.js";
import type { PlatformModule } from "../module.js";

/** What every route module receives: no process-memory state beyond configuration and the channel's keys. */
export interface AppContext {
  db: Db;
  dbKind: "pglite" | "postgres";
  config: Config;
  channel: EsscChannel;
  /** Present only in demo mode with the simulator channel. */
  simulator: SimulatorChannel | null;
  /** The platform's modules (from the composition root, src/modules.ts): their routes, inbox kinds, indicators. */
  modules: readonly PlatformModule[];
}

import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";

/** A Fastify instance typed by the Zod provider: what route modules register on. */
export type Router = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
