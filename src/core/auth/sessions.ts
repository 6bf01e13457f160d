/**
 * Sessions (P4, X5): stored in the database, HttpOnly SameSite=Strict cookie holding a random token whose SHA-256 is
 * the key; idle timeout and absolute lifetime from the configuration; one live session per account — a new login
 * ends the older one, whose browser is told why on its next request.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, desc } from "drizzle-orm";
import type { Db, Queryable } from "../db/client.js";
import { accounts, orgNodes, sessions } from "../db/schema.js";
import { liveGrantsJson, principalColumns, principalFrom, type Principal } from "../access/principal.js";
import { audit, type Actor } from "../audit.js";

export const SESSION_COOKIE = "els_sid";

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export interface SessionLimits {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export type SessionEndReason = "logout" | "idle" | "expired" | "replaced" | "account_suspended" | "account_disabled";

export const END_REASON_TEXT: Record<SessionEndReason, string> = {
  logout: "您已退出登录",
  idle: "长时间未操作，会话已超时，请重新扫码登录",
  expired: "会话已达到最长时限，请重新扫码登录",
  replaced: "您的账户已在其他设备或浏览器登录，本会话已结束。如非本人操作，请立即联系账户管理员",
  account_suspended: "您的账户已被暂停使用，会话已结束",
  account_disabled: "您的账户已被停用，会话已结束",
};

/** Create a session for an account inside the login transaction, ending any live one (one live session per account). */
export async function createSession(
  tx: Queryable,
  accountId: number,
  limits: SessionLimits,
  meta: { ip: string | null; userAgent: string | null },
  actor: Actor,
): Promise<{ token: string; csrfToken: string; sessionId: number; replaced: number; newDevice: boolean }> {
  const now = new Date();
  const [previous] = await tx
    .select({ sourceIp: sessions.sourceIp, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.accountId, accountId))
    .orderBy(desc(sessions.createdAt))
    .limit(1);
  const ended = await tx
    .update(sessions)
    .set({ endedAt: now, endReason: "replaced" })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  for (const e of ended) {
    await audit(tx, actor, { event: "session.end", objectType: "session", objectId: e.id, detail: { reason: "replaced" } });
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  const [s] = await tx
    .insert(sessions)
    .values({
      tokenHash: sha256(token),
      csrfToken,
      accountId,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: new Date(now.getTime() + limits.sessionAbsoluteHours * 3600_000),
      sourceIp: meta.ip,
      userAgent: meta.userAgent,
    })
    .returning({ id: sessions.id });
  await tx.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, accountId));
  const newDevice = !!previous && (previous.sourceIp !== meta.ip || previous.userAgent !== meta.userAgent);
  return { token, csrfToken, sessionId: s!.id, replaced: ended.length, newDevice };
}

export type SessionCheck =
  | { ok: true; sessionId: number; accountId: number; csrfToken: string; principal: Principal | null }
  | { ok: false; reason: SessionEndReason | "unknown" };

/**
 * Look up a session token; ends it (and audits the end) when idle or past its absolute lifetime. The account's principal
 * (scope and permissions) is read in the same statement: one round trip per request.
 */
/**
 * `touch: false` (a background poll of the shell: the inbox bell) checks the session without counting as activity, so
 * polling never keeps an idle session alive.
 */
export async function checkSession(db: Db, token: string | undefined, limits: SessionLimits, opts: { touch?: boolean } = {}): Promise<SessionCheck> {
  if (!token) return { ok: false, reason: "unknown" };
  const [s] = await db
    .select({ sessionId: sessions.id, accountId: sessions.accountId, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt,
      absoluteExpiresAt: sessions.absoluteExpiresAt, endedAt: sessions.endedAt, endReason: sessions.endReason, ip: sessions.sourceIp,
      ...principalColumns, grants: liveGrantsJson })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(eq(sessions.tokenHash, sha256(token)));
  if (!s) return { ok: false, reason: "unknown" };
  if (s.endedAt) return { ok: false, reason: (s.endReason as SessionEndReason) ?? "unknown" };
  const now = Date.now();
  let reason: SessionEndReason | null = null;
  if (s.status === "suspended") reason = "account_suspended";
  else if (s.status !== "active") reason = "account_disabled";
  else if (now > s.absoluteExpiresAt.getTime()) reason = "expired";
  else if (now > s.lastSeenAt.getTime() + limits.sessionIdleMinutes * 60_000) reason = "idle";
  if (reason) {
    await endSession(db, s.sessionId, reason, { accountId: s.accountId, name: s.name, ip: s.ip });
    return { ok: false, reason };
  }
  // Touch at most every 30 s: enough for a 30-minute idle timeout, and it spares a write per request.
  if (opts.touch !== false && now - s.lastSeenAt.getTime() > 30_000) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, s.sessionId));
  }
  return { ok: true, sessionId: s.sessionId, accountId: s.accountId, csrfToken: s.csrfToken, principal: principalFrom(s) };
}

export async function endSession(db: Db, sessionId: number, reason: SessionEndReason, actor: Actor) {
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ endedAt: new Date(), endReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    if (ended.length) {
      await audit(tx, actor, { event: reason === "logout" ? "auth.logout" : "session.end", objectType: "session", objectId: sessionId, detail: { reason } });
    }
  });
}

/** End every live session of an account (suspension, disabling): used by governance inside its transaction. */
export async function endAccountSessions(tx: Queryable, accountId: number, reason: SessionEndReason, actor: Actor) {
  const ended = await tx
    .update(sessions)
    .set({ endedAt: new Date(), endReason: reason })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  for (const e of ended) {
    await audit(tx, actor, { event: "session.end", objectType: "session", objectId: e.id, detail: { reason, accountId } });
  }
  return ended.length;
}

