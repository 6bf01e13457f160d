/** Runtime configuration, read once from the environment. */
import path from "node:path";

export interface Config {
  port: number;
  host: string;
  /** PGlite data directory (embedded mode); ignored when databaseUrl is set. */
  dataDir: string;
  /** postgres://… switches to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** demo: seeded data and the e-SSC simulator; production: simulator refused. */
  mode: "demo" | "production";
  esscChannel: "simulator" | "national";
  /** Directory for archived files (signed scans, attachments). */
  filesDir: string;
  /** Keep archived files in the database: the default on a PostgreSQL server without a shared FILES_DIR. */
  filesInDatabase: boolean;
  /** Idle and absolute session limits (X5, P4). */
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Trust X-Forwarded-For from a reverse proxy (docs/operations.md). */
  trustProxy: boolean;
  /** The server's log level (LOG_LEVEL): warn by default, so requests are not logged; info logs every request. */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? ".data/pglite");
  const mode = env.MODE === "production" ? "production" : "demo";
  const cfg: Config = {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    mode,
    esscChannel: env.ESSC_CHANNEL === "national" ? "national" : mode === "demo" ? "simulator" : "national",
    filesDir: path.resolve(env.FILES_DIR ?? path.join(path.dirname(dataDir), "files")),
    filesInDatabase: !!env.DATABASE_URL && !env.FILES_DIR,
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(env.SESSION_ABSOLUTE_HOURS ?? 12),
    trustProxy: env.TRUST_PROXY === "1",
    logLevel: (LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL ?? "") ? (env.LOG_LEVEL as LogLevel) : "warn",
    ...overrides,
  };
  if (cfg.mode === "production" && cfg.esscChannel === "simulator") {
    throw new Error("生产模式不允许使用电子社保卡模拟器 (ESSC_CHANNEL=simulator is refused when MODE=production)");
  }
  return cfg;
}
