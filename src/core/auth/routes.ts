/** Login by 电子社保卡 QR (P3), the channel callback, logout, the current account and its sessions (P4). */
import { z } from "zod";
import QRCode from "qrcode";
import { and, desc, eq, like } from "drizzle-orm";
import type { AppContext, Router } from "../http/context.js";
import { actorFor, principalOf } from "../http/access.js";
import { createTicket, pollTicket, acceptAssertion } from "./tickets.js";
import { endSession, SESSION_COOKIE } from "./sessions.js";
import { accounts, auditLog, sessions, units } from "../db/schema.js";
import { maskIdNumber, maskPhone } from "../idcard.js";
import { SUBSYSTEM_NAMES } from "../access/areas.js";
import { AREAS } from "../access/areas.js";
import { Ok, Timestamp } from "../http/schemas.js";

const TicketState = z.discriminatedUnion("status", [
  z.object({ status: z.enum(["pending", "scanned", "expired"]) }),
  z.object({ status: z.literal("rejected"), code: z.string(), message: z.string().optional() }),
  z.object({ status: z.literal("confirmed"), replaced: z.number().optional(), newDevice: z.boolean().optional() }),
]);

/** What the current account sees of itself (GET /api/session). */
export const SessionAnswer = z.object({
  account: z.object({
    id: z.number(), name: z.string(), roleKind: z.enum(["account_admin", "permission_admin", "operator"]), orgCode: z.string(), orgName: z.string(), level: z.enum(["prefecture", "county", "township"]),
    unitId: z.number().nullable(), unitName: z.string().nullable(), idNumberMasked: z.string().nullable(), phoneMasked: z.string().nullable(), abSlot: z.string().nullable(),
  }),
  permissions: z.array(z.string()),
  adminSubsystems: z.array(z.enum(AREAS)),
  subsystems: z.array(z.object({ code: z.enum(AREAS), name: z.string(), granted: z.boolean() })),
  csrfToken: z.string(),
  sessionStartedAt: Timestamp,
  idleTimeoutMinutes: z.number(),
});

const BINDING_COOKIE = "els_qr";

export function authRoutes(r: Router, ctx: AppContext) {
  const secure = ctx.config.mode === "production";

  r.post("/api/auth/qr", {
    config: { access: { permission: "public", scope: "none" } },
    schema: {
      description: "P3: ask the e-SSC channel for a login QR code (single use, 2 minutes)",
      response: { 200: z.object({ ticketId: z.string(), qrContent: z.string(), qrImage: z.string(), expiresAt: z.string(), channel: z.string() }) },
    },
  }, async (req, reply) => {
    const t = await createTicket(ctx.db, ctx.channel, req.ip);
    reply.setCookie(BINDING_COOKIE, t.binding, { path: "/api/auth", httpOnly: true, sameSite: "strict", secure, maxAge: 180 });
    const qrImage = await QRCode.toDataURL(t.qrContent, { margin: 1, width: 240, errorCorrectionLevel: "M" });
    return { ticketId: t.ticketId, qrContent: t.qrContent, qrImage, expiresAt: t.expiresAt.toISOString(), channel: ctx.channel.name };
  });

  r.get("/api/auth/qr/:ticketId", {
    config: { access: { permission: "public", scope: "none" } },
    schema: {
      description: "P3: the login page polls its ticket: pending → scanned → confirmed (opens the session) | rejected | expired",
      params: z.object({ ticketId: z.string().uuid() }),
      response: { 200: TicketState },
    },
  }, async (req, reply) => {
    const res = await pollTicket(ctx.db, req.params.ticketId, req.cookies[BINDING_COOKIE], ctx.config, {
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? null,
    });
    if (res.status !== "confirmed") return res;
    reply.clearCookie(BINDING_COOKIE, { path: "/api/auth" });
    reply.setCookie(SESSION_COOKIE, res.token, { path: "/", httpOnly: true, sameSite: "strict", secure });
    return { status: "confirmed" as const, replaced: res.replaced, newDevice: res.newDevice };
  });

  r.post("/api/auth/essc/callback", {
    config: { access: { permission: "public", scope: "none" } },
    schema: {
      description: "P3: the e-SSC channel's signed notification (scanned / confirmed / cancelled), verified with its public key",
      body: z.object({ payload: z.string().max(8192), signature: z.string().max(200) }),
      response: { 200: TicketState },
    },
  }, async (req) => acceptAssertion(ctx.db, ctx.channel, req.body, req.ip));

  r.post("/api/auth/logout", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { description: "End the current session", response: { 200: Ok } },
  }, async (req, reply) => {
    await endSession(ctx.db, req.sessionId!, "logout", actorFor(req));
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true as const };
  });

  r.get("/api/session", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { description: "The current account, its permissions and menus, and the CSRF token for writes", response: { 200: SessionAnswer } },
  }, async (req) => {
    const p = principalOf(req);
    const [acc] = await ctx.db
      .select({ idNumber: accounts.idNumber, phone: accounts.phone, unitName: units.name, lastLoginAt: accounts.lastLoginAt, abSlot: accounts.abSlot })
      .from(accounts).leftJoin(units, eq(units.id, accounts.unitId)).where(eq(accounts.id, p.accountId));
    const [s] = await ctx.db.select({ csrfToken: sessions.csrfToken, createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, req.sessionId!));
    return {
      account: {
        id: p.accountId, name: p.name, roleKind: p.roleKind, orgCode: p.orgCode, orgName: p.orgName, level: p.level,
        unitId: p.unitId, unitName: acc?.unitName ?? null, idNumberMasked: maskIdNumber(acc?.idNumber), phoneMasked: maskPhone(acc?.phone), abSlot: acc?.abSlot ?? null,
      },
      permissions: [...p.permissions].sort(),
      adminSubsystems: p.adminSubsystems,
      subsystems: AREAS.map((code) => ({ code, name: SUBSYSTEM_NAMES[code], granted: p.businessSubsystems.includes(code) })),
      csrfToken: s!.csrfToken,
      sessionStartedAt: s!.createdAt,
      idleTimeoutMinutes: ctx.config.sessionIdleMinutes,
    };
  });

  r.get("/api/session/history", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: {
      description: "P4: my sessions and my login history (new device or place flagged), so that lending or theft is visible",
      response: {
        200: z.object({
          sessions: z.array(z.object({ id: z.number(), createdAt: Timestamp, lastSeenAt: Timestamp, endedAt: Timestamp.nullable(), endReason: z.string().nullable(), sourceIp: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() })),
          events: z.array(z.object({ seq: z.number(), at: Timestamp, event: z.string(), outcome: z.enum(["success", "failure"]), sourceIp: z.string().nullable(), detail: z.unknown() })),
        }),
      },
    },
  }, async (req) => {
    const p = principalOf(req);
    const mySessions = await ctx.db.select({
      id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, endedAt: sessions.endedAt,
      endReason: sessions.endReason, sourceIp: sessions.sourceIp, userAgent: sessions.userAgent,
    }).from(sessions).where(eq(sessions.accountId, p.accountId)).orderBy(desc(sessions.createdAt)).limit(50);
    const events = await ctx.db.select({ seq: auditLog.seq, at: auditLog.at, event: auditLog.event, outcome: auditLog.outcome, sourceIp: auditLog.sourceIp, detail: auditLog.detail })
      .from(auditLog).where(and(eq(auditLog.actorAccountId, p.accountId), like(auditLog.event, "auth.%"))).orderBy(desc(auditLog.seq)).limit(50);
    return { sessions: mySessions.map((s) => ({ ...s, current: s.id === req.sessionId })), events };
  });

}
