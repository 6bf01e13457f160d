/**
 * Every /api route declares the permission it needs and the data scope it reads (config.access). A route without a
 * declaration is refused at start-up, and a test lists every route to check it. There is no bypass: the guard below
 * runs for every request, and no account kind skips it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Permission } from "../access/catalogue.js";
import { actorOf, type Principal } from "../access/principal.js";
import { checkSession, SESSION_COOKIE, END_REASON_TEXT, type SessionEndReason } from "../auth/sessions.js";
import { AppError } from "../errors.js";
import { audit, type Actor } from "../audit.js";
import { accessDenials } from "../db/schema.js";
import type { Db } from "../db/client.js";
import { sql } from "drizzle-orm";
import type { AppContext } from "./context.js";

/**
 * scope says which data the route reads: 'none' (no organisation data), 'self' (only the caller's own records),
 * 'org' (organisation data, filtered by the caller's subtree through scopeFilter/inScope), 'reference' (shared
 * reference data: division codes, calendar, catalogue).
 */
export type DataScope = "none" | "self" | "org" | "reference";

export type RouteAccess =
  | { permission: "public"; scope: "none" | "reference" }
  | { permission: "authenticated"; scope: DataScope }
  | { permission: Permission; scope: DataScope };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionId: number | null;
  }
}

export function requireAccessDeclared(url: string, access: RouteAccess | undefined) {
  if (!url.startsWith("/api/")) return;
  if (!access || !access.permission || !access.scope) {
    throw new Error(`Route ${url} declares no access (permission and data scope); every /api route must.`);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function accessGuard(ctx: AppContext) {
  return async function guard(req: FastifyRequest, _reply: FastifyReply) {
    req.principal = null;
    req.sessionId = null;
    const access = req.routeOptions.config?.access;
    if (!req.url.startsWith("/api/")) return;
    if (!access) throw new AppError(404, "NOT_FOUND", "接口不存在");
    if (access.permission === "public") return;
    const token = req.cookies[SESSION_COOKIE];
    // The shell's background polls (GET with x-els-background: 1) do not count as activity (idle timeout, P4).
    const background = SAFE_METHODS.has(req.method) && req.headers["x-els-background"] === "1";
    const s = await checkSession(ctx.db, token, ctx.config, { touch: !background });
    if (!s.ok) {
      if (s.reason === "unknown") throw new AppError(401, "NOT_LOGGED_IN", "请先使用电子社保卡扫码登录");
      throw new AppError(401, `SESSION_${s.reason.toUpperCase()}`, END_REASON_TEXT[s.reason as SessionEndReason]);
    }
    const p = s.principal;
    if (!SAFE_METHODS.has(req.method) && req.headers["x-csrf-token"] !== s.csrfToken) {
      if (p) await recordDenial(ctx.db, req, { accountId: p.accountId, name: p.name }, "CSRF_TOKEN_INVALID", null);
      throw new AppError(403, "CSRF_TOKEN_INVALID", "请求校验失败，请刷新页面后重试");
    }
    if (!p) throw new AppError(401, "SESSION_ACCOUNT_DISABLED", END_REASON_TEXT.account_disabled);
    req.principal = p;
    req.sessionId = s.sessionId;
    if (access.permission !== "authenticated" && !p.permissions.has(access.permission)) {
      await recordDenial(ctx.db, req, { accountId: p.accountId, name: p.name }, "PERMISSION_DENIED", access.permission);
      throw new AppError(403, "PERMISSION_DENIED", "您没有此项操作的权限");
    }
  };
}

/** The principal of a route that requires a login (the guard has run). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError(401, "NOT_LOGGED_IN", "请先使用电子社保卡扫码登录");
  return req.principal;
}

/** The audit actor of a request: actorOf(its principal, its IP); anonymous when nobody is logged in. */
export function actorFor(req: FastifyRequest): Actor {
  return req.principal ? actorOf(req.principal, req.ip) : { accountId: null, name: null, ip: req.ip };
}

/**
 * An access-guard refusal is a security event (X1, 等保 安全审计; issue 12 class 7), counted per account, route, code
 * and minute in one row of access_denials; the first of each minute also appends an audit row (event
 * "access.denied", outcome failure), so a flood adds one audit row a minute per account and route, not one per try.
 * Recording never turns the refusal into another error.
 */
export async function recordDenial(db: Db, req: FastifyRequest, who: { accountId: number; name: string }, code: string, permission: string | null) {
  const route = req.routeOptions.url ?? req.url.split("?")[0]!;
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accessDenials)
        .values({ accountId: who.accountId, method: req.method, route, code, minute, count: 1, sourceIp: req.ip })
        .onConflictDoUpdate({
          target: [accessDenials.accountId, accessDenials.method, accessDenials.route, accessDenials.code, accessDenials.minute],
          set: { count: sql`${accessDenials.count} + 1`, lastAt: sql`now()` },
        })
        .returning({ count: accessDenials.count });
      if (row?.count === 1) {
        await audit(tx, { accountId: who.accountId, name: who.name, ip: req.ip }, {
          event: "access.denied",
          objectType: "route",
          objectId: `${req.method} ${route}`,
          outcome: "failure",
          detail: { code, permission, minute: minute.toISOString() },
        });
      }
    });
  } catch (e) {
    req.log.warn({ err: e }, "access denial not recorded");
  }
}
