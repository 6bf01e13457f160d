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
  /** Where audit checkpoints are written and the key that signs them (X1, issue 12 class 8): outside the database. */
  auditCheckpoint: { file: string; keyFile: string };
  /** The server's log level (LOG_LEVEL): warn by default, so requests are not logged; info logs every request. */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? ".data/pglite");
  // Demo only when asked for (MODE=demo, `serve --demo`, `npm run demo`): the default is production (issue 12, class 2).
  const mode = env.MODE === "demo" ? "demo" : "production";
  const cfg: Config = {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    mode,
    esscChannel: env.ESSC_CHANNEL === "national" ? "national" : env.ESSC_CHANNEL === "simulator" || mode === "demo" ? "simulator" : "national",
    filesDir: path.resolve(env.FILES_DIR ?? path.join(path.dirname(dataDir), "files")),
    filesInDatabase: !!env.DATABASE_URL && !env.FILES_DIR,
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(env.SESSION_ABSOLUTE_HOURS ?? 12),
    trustProxy: env.TRUST_PROXY === "1",
    auditCheckpoint: {
      file: path.resolve(env.AUDIT_CHECKPOINT_FILE ?? path.join(path.dirname(dataDir), "audit-checkpoints.jsonl")),
      keyFile: path.resolve(env.AUDIT_CHECKPOINT_KEY_FILE ?? path.join(path.dirname(dataDir), "audit-checkpoint.key")),
    },
    logLevel: (LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL ?? "") ? (env.LOG_LEVEL as LogLevel) : "warn",
    ...overrides,
  };
  if (cfg.mode === "production" && cfg.esscChannel === "simulator") {
    throw new Error("生产模式不允许使用电子社保卡模拟器 (ESSC_CHANNEL=simulator is refused when MODE=production)");
  }
  return cfg;
}

/** The variables the national e-SSC channel needs (src/core/auth/essc.ts NationalChannel.fromEnv). */
export const ESSC_CHANNEL_VARS = ["ESSC_CHANNEL_URL", "ESSC_APP_ID", "ESSC_CHANNEL_PUBLIC_KEY"] as const;

/**
 * Before `serve` opens anything: production needs a configured national channel. The message names what to set, in
 * Chinese and English, and how to ask for the demo instead.
 */
export function productionReadiness(cfg: Config, env: NodeJS.ProcessEnv = process.env): string | null {
  if (cfg.mode !== "production") return null;
  const missing = ESSC_CHANNEL_VARS.filter((k) => !env[k]);
  if (missing.length === 0) return null;
  return [
    `生产模式启动失败：电子社保卡扫码登录通道未配置，请设置环境变量 ${missing.join("、")}（见 docs/operations.md）。`,
    `Refusing to start in production mode: the e-SSC login channel is not configured; set ${missing.join(", ")} (see docs/operations.md).`,
    `如需演示，请使用 npm run demo 或 serve --demo（MODE=demo）。 For the demo, run \`npm run demo\` or \`serve --demo\` (MODE=demo).`,
  ].join("\n");
}

/** How the start-up log and the login page name the mode. */
export const MODE_TEXT: Record<Config["mode"], string> = { demo: "演示模式 (demo)", production: "生产模式 (production)" };
