/** P3, P4, X1, X5: QR login through the simulator, sessions, refusals and their audit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { auditLog, loginTickets, sessions } from "../db/schema.js";
import { desc, eq } from "drizzle-orm";
import { signAssertion } from "../auth/essc.js";
import { generateKeyPairSync, randomUUID } from "node:crypto";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function lastAudit() {
  const [row] = await env.ctx.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}

async function newTicket() {
  const t = await env.app.inject({ method: "POST", url: "/api/auth/qr", remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  expect(t.statusCode).toBe(200);
  const body = t.json();
  const binding = t.cookies.find((c) => c.name === "els_qr")!.value;
  return { ...body, binding } as { ticketId: string; qrContent: string; qrImage: string; binding: string };
}

describe("e-SSC QR login (P3)", () => {
  it("health needs no login; every other API answers 401 without a session", async () => {
    expect((await env.app.inject("/api/health")).json()).toMatchObject({ status: "ok" });
    const r = await env.app.inject("/api/gov/accounts");
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ code: "NOT_LOGGED_IN", message: expect.stringContaining("扫码登录") });
  });

  it("a demo account logs in: pending → scanned → confirmed, session cookie HttpOnly SameSite=Strict", async () => {
    const t = await newTicket();
    expect(t.qrImage).toMatch(/^data:image\/png;base64,/);
    const poll = () => env.app.inject({ method: "GET", url: `/api/auth/qr/${t.ticketId}`, cookies: { els_qr: t.binding } });
    expect((await poll()).json()).toEqual({ status: "pending" });
    await env.app.inject({ method: "POST", url: "/api/essc-sim/scan", payload: { qrContent: t.qrContent } });
    expect((await poll()).json()).toEqual({ status: "scanned" });
    const id = env.identity("州级账户管理员（A角）");
    const c = await env.app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent: t.qrContent, identity: id } });
    expect(c.json()).toEqual({ status: "confirmed" });
    const done = await poll();
    expect(done.json()).toMatchObject({ status: "confirmed" });
    const sid = done.cookies.find((x) => x.name === "els_sid")!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe("Strict");
    // Single use: the same ticket cannot open a second session.
    expect((await poll()).statusCode).toBe(409);
    const a = await lastAudit();
    expect(a.event).toBe("auth.login");
    expect(a.outcome).toBe("success");
  });

  it("the poll is bound to the browser that asked for the ticket", async () => {
    const t = await newTicket();
    const r = await env.app.inject({ method: "GET", url: `/api/auth/qr/${t.ticketId}`, cookies: { els_qr: "someone-else" } });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("TICKET_UNKNOWN");
  });

  it("an unknown person is refused with a clear message, audited, no session", async () => {
    const t = await newTicket();
    const nobody = env.identity("无平台账户");
    const c = await env.app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent: t.qrContent, identity: nobody } });
    expect(c.json()).toEqual({ status: "rejected", code: "ACCOUNT_NOT_FOUND" });
    const p = await env.app.inject({ method: "GET", url: `/api/auth/qr/${t.ticketId}`, cookies: { els_qr: t.binding } });
    expect(p.json()).toMatchObject({ status: "rejected", code: "ACCOUNT_NOT_FOUND", message: expect.stringContaining("尚未开通") });
    expect(p.cookies.find((x) => x.name === "els_sid")).toBeUndefined();
    const a = await lastAudit();
    expect(a).toMatchObject({ event: "auth.login", outcome: "failure" });
    expect(a.detail).toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
  });

  it("a 身份证号 with a wrong check digit is refused (GB 11643)", async () => {
    const t = await newTicket();
    const id = env.identity("州级权限管理员");
    const wrong = id.idNumber.slice(0, 17) + (id.idNumber[17] === "1" ? "2" : "1");
    const c = await env.app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent: t.qrContent, identity: { name: id.name, idNumber: wrong } } });
    expect(c.json()).toEqual({ status: "rejected", code: "ID_NUMBER_INVALID" });
  });

  it("a name that does not match the account is refused", async () => {
    const t = await newTicket();
    const id = env.identity("州级权限管理员");
    const c = await env.app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent: t.qrContent, identity: { name: "冒名者", idNumber: id.idNumber } } });
    expect(c.json()).toEqual({ status: "rejected", code: "IDENTITY_MISMATCH" });
  });

  it("a malformed QR content is refused", async () => {
    const r = await env.app.inject({ method: "POST", url: "/api/essc-sim/scan", payload: { qrContent: "https://example.invalid/x" } });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("QR_MALFORMED");
  });

  it("an expired ticket is refused and the poll says expired", async () => {
    const t = await newTicket();
    await env.ctx.db.update(loginTickets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(loginTickets.id, t.ticketId));
    const c = await env.app.inject({ method: "POST", url: "/api/essc-sim/confirm", payload: { qrContent: t.qrContent, identity: env.identity("州级权限管理员") } });
    expect(c.statusCode).toBe(410);
    expect(c.json().code).toBe("TICKET_EXPIRED");
    const p = await env.app.inject({ method: "GET", url: `/api/auth/qr/${t.ticketId}`, cookies: { els_qr: t.binding } });
    expect(p.json()).toEqual({ status: "expired" });
  });

  it("a forged assertion (signed with another key) and a replayed one are refused and audited", async () => {
    const t = await newTicket();
    const { privateKey } = generateKeyPairSync("ed25519");
    const id = env.identity("州级权限管理员");
    const now = Math.floor(Date.now() / 1000);
    const nonce = new URL(t.qrContent.replace("esscqr://", "http://x/")).searchParams.get("n")!;
    const forged = signAssertion(privateKey, { iss: "essc-simulator", typ: "confirmed", ticketId: t.ticketId, nonce, jti: randomUUID(), iat: now, exp: now + 60, identity: { ...id, cardNo: "X", region: "422801" } });
    const f = await env.app.inject({ method: "POST", url: "/api/auth/essc/callback", payload: forged });
    expect(f.statusCode).toBe(400);
    expect(f.json().code).toBe("ASSERTION_BAD_SIGNATURE");
    expect((await lastAudit()).event).toBe("auth.essc.assertion_refused");

    // A genuine answer, captured and sent again.
    const genuine = env.ctx.simulator!.answer(t.qrContent, "scanned");
    expect((await env.app.inject({ method: "POST", url: "/api/auth/essc/callback", payload: genuine })).json()).toEqual({ status: "scanned" });
    const replay = await env.app.inject({ method: "POST", url: "/api/auth/essc/callback", payload: genuine });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe("ASSERTION_REPLAYED");
    // Tampering with the payload breaks the signature.
    const tampered = { ...genuine, payload: Buffer.from(Buffer.from(genuine.payload, "base64url").toString().replace("scanned", "confirmed")).toString("base64url") };
    expect((await env.app.inject({ method: "POST", url: "/api/auth/essc/callback", payload: tampered })).json().code).toBe("ASSERTION_BAD_SIGNATURE");
  });

  it("rate-limits QR tickets per IP", async () => {
    let last = 200;
    for (let i = 0; i < 14; i++) last = (await env.app.inject({ method: "POST", url: "/api/auth/qr", remoteAddress: "10.9.9.9" })).statusCode;
    expect(last).toBe(429);
  });
});

describe("sessions (P4, X5)", () => {
  it("one live session per account: a new login ends the older one and the older browser is told why", async () => {
    const first = await env.login("恩施市权限管理员", { ip: "10.0.0.5", userAgent: "browser-one" });
    expect((await first.get("/api/session")).statusCode).toBe(200);
    const second = await env.login("恩施市权限管理员", { ip: "10.0.0.6", userAgent: "browser-two" });
    const r = await first.get("/api/session");
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ code: "SESSION_REPLACED", message: expect.stringContaining("其他设备") });
    const hist = (await second.get("/api/session/history")).json();
    expect(hist.sessions[0].current).toBe(true);
    expect(hist.sessions[1].endReason).toBe("replaced");
    const login = hist.events.find((e: { event: string; outcome: string }) => e.event === "auth.login" && e.outcome === "success");
    expect(login.detail.newDevice).toBe(true);
  });

  it("idle timeout ends the session", async () => {
    const c = await env.login("利川市权限管理员");
    await env.ctx.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(sessions.tokenHash, (await import("../auth/sessions.js")).sha256(c.cookie)));
    const r = await c.get("/api/session");
    expect(r.json().code).toBe("SESSION_IDLE");
  });

  it("writes need the CSRF token", async () => {
    const c = await env.login("州级账户管理员（B角）");
    const r = await c.request("POST", "/api/auth/logout", {}, { "x-csrf-token": "wrong" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("CSRF_TOKEN_INVALID");
    expect((await c.post("/api/auth/logout")).statusCode).toBe(200);
    expect((await c.get("/api/session")).json().code).toBe("SESSION_LOGOUT");
  });

  it("security headers are set", async () => {
    const r = await env.app.inject("/api/health");
    expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("same-origin");
  });
});
