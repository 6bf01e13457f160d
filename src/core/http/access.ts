/**
 * Every /api route declares the permission it needs and the data scope it reads (config.access). A route without a
 * declaration is refused at start-up, and a test lists every route to check it. There is no bypass: the guard below
 * runs for every request, and no account kind skips it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Permission } from "../access/catalogue.js";
import type { Principal } from "../access/principal.js";
import { checkSession, SESSION_COOKIE, END_REASON_TEXT, type SessionEndReason } from "../auth/sessions.js";
import { AppError } from "../errors.js";
import type { Actor } from "../audit.js";
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
    if (!SAFE_METHODS.has(req.method) && req.headers["x-csrf-token"] !== s.csrfToken) {
      throw new AppError(403, "CSRF_TOKEN_INVALID", "请求校验失败，请刷新页面后重试");
    }
    const p = s.principal;
    if (!p) throw new AppError(401, "SESSION_ACCOUNT_DISABLED", END_REASON_TEXT.account_disabled);
    req.principal = p;
    req.sessionId = s.sessionId;
    if (access.permission !== "authenticated" && !p.permissions.has(access.permission)) {
      throw new AppError(403, "PERMISSION_DENIED", "您没有此项操作的权限");
    }
  };
}

/** The principal of a route that requires a login (the guard has run). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError(401, "NOT_LOGGED_IN", "请先使用电子社保卡扫码登录");
  return req.principal;
}

export function actorFor(req: FastifyRequest): Actor {
  const p = req.principal;
  return { accountId: p?.accountId ?? null, name: p?.name ?? null, ip: req.ip };
}
