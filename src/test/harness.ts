/**
 * Test harness: a real database (in-memory PGlite by default; with DATABASE_URL, a fresh database created on that
 * PostgreSQL server for this test file), the real HTTP app through app.inject, and login through the real QR flow
 * driven by the e-SSC simulator. No test bypasses access control: tests act as real accounts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { loadConfig, type Config } from "../core/config.js";
import { openContext } from "../core/context.js";
import { buildApp } from "../core/http/app.js";
import type { AppContext } from "../core/http/context.js";
import { MODULES } from "../modules.js";
import { seedDemo } from "../demo/seed.js";
import { SIM_IDENTITIES_KEY, type SimIdentity } from "../core/auth/simulator-routes.js";
import { settings } from "../core/db/schema.js";
import { eq } from "drizzle-orm";

export interface TestEnv {
  app: FastifyInstance;
  ctx: AppContext;
  /** Demo identities by label (see src/demo/seed.ts). */
  identities: SimIdentity[];
  identity(labelPart: string): SimIdentity;
  login(who: SimIdentity | string, opts?: { ip?: string; userAgent?: string }): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  request(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Create a throwaway database on the PostgreSQL server named by DATABASE_URL. */
async function freshServerDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  admin.on("error", () => undefined);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("error", () => undefined);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestEnv(opts: { demo?: boolean; config?: Partial<Config> } = {}): Promise<TestEnv> {
  const serverUrl = process.env.DATABASE_URL;
  const server = serverUrl ? await freshServerDatabase(serverUrl) : null;
  // Audit checkpoints of a test go to a directory of its own, never beside a developer's data directory.
  const cpDir = mkdtempSync(path.join(tmpdir(), "els-audit-cp-"));
  const config = loadConfig({ ...process.env, DATABASE_URL: server?.url ?? "" }, {
    mode: "demo", esscChannel: "simulator",
    auditCheckpoint: { file: path.join(cpDir, "audit-checkpoints.jsonl"), keyFile: path.join(cpDir, "audit-checkpoint.key") },
    ...opts.config,
  });
  const { ctx, database } = await openContext(config, { modules: MODULES, memory: !server });
  if (opts.demo !== false) await seedDemo(ctx.db);
  const app = await buildApp(ctx);
  await app.ready();
  const [row] = await ctx.db.select().from(settings).where(eq(settings.key, SIM_IDENTITIES_KEY));
  const identities = (row?.value as SimIdentity[] | undefined) ?? [];
  let closing: Promise<void> | null = null;
  const env: TestEnv = {
    app,
    ctx,
    identities,
    identity(labelPart) {
      const found = identities.find((i) => i.label.includes(labelPart));
      if (!found) throw new Error(`no demo identity labelled ${labelPart}`);
      return found;
    },
    async login(who, o = {}) {
      const id = typeof who === "string" ? env.identity(who) : who;
      return loginThroughSimulator(app, id, o);
    },
    // Everything is closed (the app, then every pooled connection) before the database is dropped, so the drop
    // terminates no connection of ours (issue 12, class 9); a failure to close still drops the database.
    async close() {
      if (closing) return closing;
      closing = (async () => {
        try {
          await app.close();
        } finally {
          try {
            await database.close();
          } finally {
            await server?.drop();
          }
        }
      })();
      return closing;
    },
  };
  return env;
}

function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies) out[c.name] = c.value;
  return out;
}

let loginCount = 0;

/** The whole QR flow: ticket → phone scans → phone confirms → browser poll opens the session. */
export async function loginThroughSimulator(app: FastifyInstance, id: { name: string; idNumber: string }, o: { ip?: string; userAgent?: string } = {}): Promise<Client> {
  // Each login comes from its own address unless a test says otherwise, so the per-IP QR rate limit stays out of the way.
  loginCount++;
  const ip = o.ip ?? `10.${(loginCount >> 16) & 255}.${(loginCount >> 8) & 255}.${loginCount & 255}`;
  const ua = o.userAgent ?? "vitest";
  const t = await app.inject({ method: "POST", url: "/api/auth/qr", remoteAddress: ip, headers: { "user-agent": ua } });
  if (t.statusCode !== 200) throw new Error(`qr: ${t.statusCode} ${t.body}`);
  const { ticketId, qrContent } = t.json() as { ticketId: string; qrContent: string };
  const binding = cookiesOf(t).els_qr!;
  await app.inject({ method: "POST", url: "/api/essc-sim/scan", payload: { qrContent } });
  const c = await app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent, identity: { name: id.name, idNumber: id.idNumber } } });
  if (c.json().status !== "confirmed") throw new Error(`login refused: ${c.body}`);
  const poll = await app.inject({ method: "GET", url: `/api/auth/qr/${ticketId}`, cookies: { els_qr: binding }, remoteAddress: ip, headers: { "user-agent": ua } });
  const sid = cookiesOf(poll).els_sid;
  if (!sid) throw new Error(`no session: ${poll.body}`);
  const me = await app.inject({ method: "GET", url: "/api/session", cookies: { els_sid: sid } });
  const csrf = (me.json() as { csrfToken: string }).csrfToken;
  const request: Client["request"] = (method, url, body, headers = {}) =>
    app.inject({ method, url, cookies: { els_sid: sid }, headers: { "x-csrf-token": csrf, ...headers }, remoteAddress: ip, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    cookie: sid,
    csrf,
    request,
    get: (url) => request("GET", url),
    post: (url, body) => request("POST", url, body ?? {}),
    put: (url, body) => request("PUT", url, body ?? {}),
    del: (url, body) => request("DELETE", url, body),
  };
}
