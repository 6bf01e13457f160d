/**
 * The HTTP application: Fastify with Zod schemas (validation and OpenAPI from the same schema), security headers,
 * cookies, the access guard on every /api route, errors as { code, message }, and the built web app.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { AppError } from "../errors.js";
import { accessGuard, requireAccessDeclared, type RouteAccess } from "./access.js";
import { fieldLabel } from "./zod-zh.js";
import { databaseInputError, DATABASE_UNAVAILABLE, isDatabaseUnavailable, refuseBadText } from "./input.js";
import type { AppContext } from "./context.js";
import { noticeRoutes, systemRoutes } from "../system-routes.js";
import { authRoutes } from "../auth/routes.js";
import { simulatorRoutes } from "../auth/simulator-routes.js";
import { inboxRoutes } from "../inbox.js";
import { auditRoutes } from "../audit-routes.js";

export type App = FastifyInstance;

const FASTIFY_TEXT: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "请求内容不是有效的 JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "请求内容为空",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "不支持的内容类型",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "请求长度不正确",
  FST_ERR_CTP_BODY_TOO_LARGE: "请求内容超过大小限制",
  FST_INVALID_MULTIPART_CONTENT_TYPE: "上传格式不正确",
  FST_ERR_BAD_URL: "地址格式不正确",
  FST_ERR_ASYNC_CONSTRAINT: "请求无法处理",
};

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  /** The route's request schemas (Zod), for the tests that walk every field (issue 12). */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every /api route with its declared permission and data scope (used by the access-matrix tests). */
    declaredRoutes: DeclaredRoute[];
  }
}
export const WEB_DIST = fileURLToPath(new URL("../../../dist/web", import.meta.url));

/** The app of the kernel's routes and every module's routes (ctx.modules, from the composition root src/modules.ts). */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // LOG_LEVEL (default warn): errors and warnings only; `LOG_LEVEL=info` logs every request.
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("principal", null);
  app.decorateRequest("sessionId", null);

  const declared: DeclaredRoute[] = [];
  app.decorate("declaredRoutes", declared);
  app.addHook("onRoute", (route) => {
    requireAccessDeclared(route.url, route.config?.access);
    for (const method of [route.method].flat()) {
      if (route.url.startsWith("/api/") && method !== "HEAD") declared.push({ method, url: route.url, access: route.config!.access!, schema: { body: route.schema?.body, querystring: route.schema?.querystring, params: route.schema?.params } });
    }
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 5 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: "same-origin" },
    hsts: ctx.config.mode === "production",
    crossOriginEmbedderPolicy: false,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "恩施州劳动力资源信息平台 API", version: "0.1.0" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "els_sid" } } },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook("onRequest", accessGuard(ctx));
  // One place for every route: NUL, control characters and lone surrogates are refused before validation (issue 12, class 3).
  app.addHook("preValidation", refuseBadText);

  // The modules' own field names, beside the kernel's shared table (FIELD_LABELS).
  const moduleFieldLabels: Record<string, string> = Object.assign({}, ...ctx.modules.map((m) => m.fieldLabels ?? {}));
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Chinese for people (issue 12, class 6): the field's Chinese name, then the Zod message (src/core/http/zod-zh.ts).
      const where = { body: "请求内容", querystring: "查询条件", params: "地址参数", headers: "请求头" } as Record<string, string>;
      const issues = err.validation.map((v) => ({
        path: v.instancePath,
        field: fieldLabel(v.instancePath, moduleFieldLabels) ?? (v.instancePath ? "提交的内容" : (where[err.validationContext ?? ""] ?? "请求内容")),
        message: v.message ?? "内容无效",
      }));
      const first = issues[0];
      return reply.code(400).send({
        code: "VALIDATION_FAILED",
        message: `请求内容不符合要求${first ? `：${first.field}${first.message.startsWith(first.field) ? first.message.slice(first.field.length) : `：${first.message}`}` : ""}`,
        details: issues,
      });
    }
    // The database is away (class 9): 503, the pool replaces its connections and the next request is served.
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, "database unavailable");
      const u = DATABASE_UNAVAILABLE();
      return reply.code(u.statusCode).header("retry-after", "5").send({ code: u.code, message: u.message });
    }
    // A database refusal of bad input (a value out of range, text too long …) is the caller's error, not ours (class 4).
    const input = databaseInputError(err);
    if (input) {
      req.log.warn({ err }, "database refused input");
      return reply.code(400).send({ code: input.code, message: input.message });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 413 || e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_FILES_LIMIT") {
      return reply.code(413).send({ code: "PAYLOAD_TOO_LARGE", message: "上传内容超过大小限制" });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own refusals carry English text: people get Chinese (class 6), programs the code.
      return reply.code(e.statusCode).send({ code: e.code ?? "BAD_REQUEST", message: `请求无效：${FASTIFY_TEXT[e.code ?? ""] ?? "请求格式不正确"}` });
    }
    req.log.error(err);
    return reply.code(500).send({ code: "INTERNAL_ERROR", message: "服务器内部错误，请稍后重试或联系运维" });
  });

  await app.register(async (scope) => {
    const r = scope.withTypeProvider<ZodTypeProvider>();
    systemRoutes(r, ctx);
    noticeRoutes(r, ctx);
    inboxRoutes(r, ctx);
    auditRoutes(r, ctx);
    authRoutes(r, ctx);
    // The simulator never answers in production (issue 12, class 2).
    if (ctx.simulator && ctx.config.mode === "demo") simulatorRoutes(r, ctx);
  });
  for (const m of ctx.modules) {
    if (!m.routes) continue;
    const { prefix, register } = m.routes;
    if (!prefix.startsWith("/api/")) throw new Error(`module ${m.name}: route prefix ${prefix} must start with /api/`);
    await app.register(async (scope) => register(scope.withTypeProvider<ZodTypeProvider>(), ctx), { prefix });
  }

  // The web app: static files, and index.html for any non-API path (client-side routing).
  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ["index.html"] });
  }
  app.setNotFoundHandler((req, reply) => {
    // API paths, non-GET requests and missing build assets get a real 404 (never index.html for a missing script).
    if (req.url.startsWith("/api/") || req.url.startsWith("/assets/") || req.method !== "GET" || !existsSync(WEB_DIST)) {
      return reply.code(404).send({ code: "NOT_FOUND", message: "接口或页面不存在" });
    }
    return reply.type("text/html").sendFile("index.html");
  });
  return app;
}

