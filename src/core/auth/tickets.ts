/**
 * QR login tickets (P3): created for one browser (bound by a cookie), single use, two minutes. The channel's signed
 * answers move a ticket pending → scanned → confirmed (or rejected); the browser's poll of a confirmed ticket
 * consumes it and opens the session. Every login, failed login and refusal is audited (X1).
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, loginTickets, usedAssertions, type AccountStatus } from "../db/schema.js";
import { appendAudit } from "../audit.js";
import { AppError } from "../errors.js";
import { parseIdNumber, maskIdNumber } from "../idcard.js";
import { randomToken, sha256, createSession, type SessionLimits } from "./sessions.js";
import { verifyAssertion, type EsscChannel, type SignedAssertion } from "./essc.js";

export const TICKET_TTL_MS = 2 * 60_000;
/** Tickets one IP may ask for per minute (P4/X5: slows down automated attempts). Counted in the database. */
export const TICKETS_PER_IP_PER_MINUTE = 12;

export interface NewTicket {
  ticketId: string;
  qrContent: string;
  expiresAt: Date;
  binding: string;
}

export async function createTicket(db: Db, channel: EsscChannel, ip: string | null): Promise<NewTicket> {
  if (ip) {
    const [recent] = await db
      .select({ n: count() })
      .from(loginTickets)
      .where(and(eq(loginTickets.sourceIp, ip), gt(loginTickets.createdAt, new Date(Date.now() - 60_000))));
    if ((recent?.n ?? 0) >= TICKETS_PER_IP_PER_MINUTE) {
      await appendAudit(db, { event: "auth.qr.rate_limited", outcome: "failure", sourceIp: ip, detail: {} });
      throw new AppError(429, "TOO_MANY_QR_REQUESTS", "获取二维码过于频繁，请一分钟后再试");
    }
  }
  const ticketId = randomUUID();
  const nonce = randomToken(16);
  const binding = randomToken(24);
  const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
  const { qrContent } = await channel.requestQr({ id: ticketId, nonce, expiresAt });
  await db.insert(loginTickets).values({
    id: ticketId,
    nonce,
    bindingHash: sha256(binding),
    status: "pending",
    channel: channel.name,
    expiresAt,
    sourceIp: ip,
  });
  return { ticketId, qrContent, expiresAt, binding };
}

const REJECT_TEXT: Record<string, string> = {
  ID_NUMBER_INVALID: "电子社保卡返回的身份证号校验不通过（GB 11643），无法登录",
  ACCOUNT_NOT_FOUND: "您尚未开通本平台账户。每名工作人员只能申请一个账户，请联系本级账户管理员办理",
  ACCOUNT_DISABLED: "您的账户已停用或注销，无法登录。如有疑问请联系本级账户管理员",
  ACCOUNT_SUSPENDED: "您的账户已暂停使用（离岗、脱岗或接受调查期间），无法登录",
  IDENTITY_MISMATCH: "电子社保卡姓名与平台账户登记姓名不一致，无法登录，请联系账户管理员核实",
  CANCELLED: "已在手机上取消登录",
};
export const rejectText = (code: string) => REJECT_TEXT[code] ?? "登录被拒绝";

const STATUS_REJECT: Record<Exclude<AccountStatus, "active">, string> = {
  suspended: "ACCOUNT_SUSPENDED",
  disabled: "ACCOUNT_DISABLED",
  cancelled: "ACCOUNT_DISABLED",
};

/**
 * Accept a signed answer from the channel (POST /api/auth/essc/callback, or the simulator in-process).
 * Bad answers throw AppError and change nothing but the audit log.
 */
export async function acceptAssertion(db: Db, channel: EsscChannel, signed: SignedAssertion, sourceIp: string | null) {
  let a;
  try {
    a = verifyAssertion(channel, signed);
  } catch (e) {
    if (e instanceof AppError) {
      await appendAudit(db, { event: "auth.essc.assertion_refused", outcome: "failure", sourceIp, detail: { code: e.code } });
    }
    throw e;
  }
  const failure = async (code: string, message: string, status = 400) => {
    await appendAudit(db, { event: "auth.essc.assertion_refused", outcome: "failure", sourceIp, objectType: "login_ticket", objectId: a.ticketId, detail: { code } });
    return new AppError(status, code, message);
  };
  // Replay: an assertion id is accepted once, ever.
  const inserted = await db.insert(usedAssertions).values({ id: `${channel.issuer}:${a.jti}` }).onConflictDoNothing().returning();
  if (inserted.length === 0) throw await failure("ASSERTION_REPLAYED", "该电子社保卡应答已使用过，拒绝重复提交");

  const [t] = await db.select().from(loginTickets).where(eq(loginTickets.id, a.ticketId));
  if (!t || t.nonce !== a.nonce || t.channel !== channel.name) throw await failure("TICKET_UNKNOWN", "登录二维码无效，请刷新登录页重新扫码", 404);
  if (t.expiresAt.getTime() < Date.now()) throw await failure("TICKET_EXPIRED", "登录二维码已过期（有效期2分钟），请刷新后重新扫码", 410);
  if (!["pending", "scanned"].includes(t.status)) throw await failure("TICKET_USED", "该登录二维码已使用，请刷新后重新扫码", 409);

  if (a.typ === "scanned") {
    await db.update(loginTickets).set({ status: "scanned" }).where(and(eq(loginTickets.id, t.id), eq(loginTickets.status, "pending")));
    return { status: "scanned" as const };
  }
  if (a.typ === "cancelled") {
    await rejectTicket(db, t.id, "CANCELLED", sourceIp, null);
    return { status: "rejected" as const, code: "CANCELLED" };
  }
  const identity = a.identity;
  if (!identity) throw await failure("ASSERTION_MALFORMED", "电子社保卡应答缺少身份信息");
  const parsed = parseIdNumber(identity.idNumber);
  if (!parsed.ok) {
    await rejectTicket(db, t.id, "ID_NUMBER_INVALID", sourceIp, identity);
    return { status: "rejected" as const, code: "ID_NUMBER_INVALID" };
  }
  const [acc] = await db.select().from(accounts).where(eq(accounts.idNumber, parsed.info.idNumber));
  let code: string | null = null;
  if (!acc) code = "ACCOUNT_NOT_FOUND";
  else if (acc.status !== "active") code = STATUS_REJECT[acc.status];
  else if (acc.name !== identity.name.trim()) code = "IDENTITY_MISMATCH";
  if (code) {
    await rejectTicket(db, t.id, code, sourceIp, identity, acc?.id ?? null);
    return { status: "rejected" as const, code };
  }
  const updated = await db
    .update(loginTickets)
    .set({ status: "confirmed", accountId: acc!.id, identity, assertionId: a.jti })
    .where(and(eq(loginTickets.id, t.id), inArray(loginTickets.status, ["pending", "scanned"])))
    .returning({ id: loginTickets.id });
  if (!updated.length) throw await failure("TICKET_USED", "该登录二维码已使用，请刷新后重新扫码", 409);
  return { status: "confirmed" as const };
}

async function rejectTicket(db: Db, ticketId: string, code: string, ip: string | null, identity: unknown, accountId: number | null = null) {
  await db.transaction(async (tx) => {
    await tx.update(loginTickets).set({ status: "rejected", rejectCode: code, accountId }).where(eq(loginTickets.id, ticketId));
    const id = identity as { name?: string; idNumber?: string } | null;
    await appendAudit(tx, {
      event: "auth.login",
      outcome: "failure",
      sourceIp: ip,
      actorAccountId: accountId,
      actorName: id?.name ?? null,
      objectType: "login_ticket",
      objectId: ticketId,
      detail: { code, idNumber: maskIdNumber(id?.idNumber ?? null) },
    });
  });
}

export type PollResult =
  | { status: "pending" | "scanned" | "expired" }
  | { status: "rejected"; code: string; message: string }
  | { status: "confirmed"; token: string; csrfToken: string; replaced: number; newDevice: boolean };

/** The browser's poll: bound to the browser that asked for the ticket; a confirmed ticket is consumed once. */
export async function pollTicket(
  db: Db,
  ticketId: string,
  binding: string | undefined,
  limits: SessionLimits,
  meta: { ip: string | null; userAgent: string | null },
): Promise<PollResult> {
  const [t] = await db.select().from(loginTickets).where(eq(loginTickets.id, ticketId));
  if (!t || !binding || sha256(binding) !== t.bindingHash) {
    throw new AppError(404, "TICKET_UNKNOWN", "登录二维码无效，请刷新登录页重新扫码");
  }
  if (t.status === "rejected") return { status: "rejected", code: t.rejectCode ?? "REJECTED", message: rejectText(t.rejectCode ?? "") };
  if (t.status === "consumed") throw new AppError(409, "TICKET_USED", "该登录二维码已使用，请刷新后重新扫码");
  if (t.expiresAt.getTime() < Date.now()) return { status: "expired" };
  if (t.status !== "confirmed") return { status: t.status };
  return db.transaction(async (tx) => {
    const consumed = await tx
      .update(loginTickets)
      .set({ status: "consumed" })
      .where(and(eq(loginTickets.id, t.id), eq(loginTickets.status, "confirmed")))
      .returning({ accountId: loginTickets.accountId });
    if (!consumed.length) throw new AppError(409, "TICKET_USED", "该登录二维码已使用，请刷新后重新扫码");
    const [acc] = await tx.select({ id: accounts.id, name: accounts.name, status: accounts.status }).from(accounts).where(eq(accounts.id, consumed[0]!.accountId!));
    if (!acc || acc.status !== "active") throw new AppError(403, "ACCOUNT_DISABLED", rejectText("ACCOUNT_DISABLED"));
    const actor = { accountId: acc.id, name: acc.name, ip: meta.ip };
    const s = await createSession(tx, acc.id, limits, meta, actor);
    await appendAudit(tx, {
      event: "auth.login",
      outcome: "success",
      actorAccountId: acc.id,
      actorName: acc.name,
      sourceIp: meta.ip,
      objectType: "session",
      objectId: s.sessionId,
      detail: { channel: t.channel, replacedSessions: s.replaced, newDevice: s.newDevice, userAgent: meta.userAgent },
    });
    return { status: "confirmed" as const, token: s.token, csrfToken: s.csrfToken, replaced: s.replaced, newDevice: s.newDevice };
  });
}
