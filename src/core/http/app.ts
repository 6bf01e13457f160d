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
import type { AppContext } from "./context.js";
import { noticeRoutes, systemRoutes } from "../system-routes.js";
import { authRoutes } from "../auth/routes.js";
import { simulatorRoutes } from "../auth/simulator-routes.js";
import { inboxRoutes } from "../inbox.js";
import { auditRoutes } from "../audit-routes.js";

export type App = FastifyInstance;

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
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
    logger: opts.logger ? { level: "info" } : false,
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
      if (route.url.startsWith("/api/") && method !== "HEAD") declared.push({ method, url: route.url, access: route.config!.access! });
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

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      const first = issues[0];
      return reply.code(400).send({
        code: "VALIDATION_FAILED",
        message: `请求内容不符合要求${first ? `：${first.path || "(根)"} ${first.message}` : ""}`,
        details: issues,
      });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 413 || e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_FILES_LIMIT") {
      return reply.code(413).send({ code: "PAYLOAD_TOO_LARGE", message: "上传内容超过大小限制" });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ code: e.code ?? "BAD_REQUEST", message: `请求无效：${e.message ?? ""}` });
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
    if (ctx.simulator) simulatorRoutes(r, ctx);
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

