/**
 * 电子社保卡 (e-SSC) QR login (P3). The national channel works like this: the platform asks the channel for a QR code,
 * shows it, and the channel notifies the platform when the holder scans and when they confirm, with the holder's
 * identity in a signed answer. The platform verifies that answer with the channel's public key.
 *
 * Two channels implement this shape:
 *  - SimulatorChannel (demo mode only): plays the channel and the citizen's phone, signing with its own Ed25519 key;
 *  - NationalChannel (production): the 全国社会保障卡服务平台 scan-login service, configured by URL, app id and public key.
 * Both answers go through the same verification (verifyAssertion) and the same ticket state machine (tickets.ts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, randomUUID, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { settings } from "../db/schema.js";
import { AppError } from "../errors.js";

export const IdentitySchema = z.object({
  name: z.string().min(1).max(50),
  idNumber: z.string().min(1).max(20),
  cardNo: z.string().max(30),
  region: z.string().max(12),
});
export type EsscIdentity = z.infer<typeof IdentitySchema>;

/** The signed answer from the channel. */
export const AssertionSchema = z.object({
  iss: z.string(),
  typ: z.enum(["scanned", "confirmed", "cancelled"]),
  ticketId: z.string(),
  nonce: z.string(),
  jti: z.string().min(8),
  iat: z.number(),
  exp: z.number(),
  identity: IdentitySchema.optional(),
});
export type Assertion = z.infer<typeof AssertionSchema>;

export interface SignedAssertion {
  /** base64url of the assertion JSON */
  payload: string;
  /** base64url Ed25519 signature over the payload bytes */
  signature: string;
}

export interface EsscChannel {
  readonly name: "simulator" | "national";
  /** Issuer name the channel puts in its assertions. */
  readonly issuer: string;
  readonly publicKey: KeyObject;
  /** Ask the channel for the QR content bound to this ticket. */
  requestQr(ticket: { id: string; nonce: string; expiresAt: Date }): Promise<{ qrContent: string }>;
}

const err = (code: string, message: string) => new AppError(400, code, message);

/** Verify a signed answer exactly as for the real channel: signature, issuer, lifetime. Replay is checked by tickets.ts. */
export function verifyAssertion(channel: EsscChannel, signed: SignedAssertion, now = Date.now()): Assertion {
  let payloadBytes: Buffer;
  let sig: Buffer;
  try {
    payloadBytes = Buffer.from(signed.payload, "base64url");
    sig = Buffer.from(signed.signature, "base64url");
  } catch {
    throw err("ASSERTION_MALFORMED", "电子社保卡应答格式错误");
  }
  if (sig.length !== 64 || !verify(null, payloadBytes, channel.publicKey, sig)) {
    throw err("ASSERTION_BAD_SIGNATURE", "电子社保卡应答签名校验失败，拒绝登录");
  }
  let parsed: Assertion;
  try {
    parsed = AssertionSchema.parse(JSON.parse(payloadBytes.toString("utf8")));
  } catch {
    throw err("ASSERTION_MALFORMED", "电子社保卡应答内容格式错误");
  }
  if (parsed.iss !== channel.issuer) throw err("ASSERTION_WRONG_ISSUER", "电子社保卡应答来源不正确");
  if (parsed.exp * 1000 < now) throw err("ASSERTION_EXPIRED", "电子社保卡应答已过期");
  if (parsed.iat * 1000 > now + 60_000) throw err("ASSERTION_FROM_FUTURE", "电子社保卡应答时间不正确");
  return parsed;
}

export function signAssertion(privateKey: KeyObject, a: Assertion): SignedAssertion {
  const payload = Buffer.from(JSON.stringify(a), "utf8");
  return { payload: payload.toString("base64url"), signature: sign(null, payload, privateKey).toString("base64url") };
}

/** QR content format shared by both channels' QR codes: a URI naming the ticket and its nonce. */
export function qrContentFor(ticketId: string, nonce: string): string {
  return `esscqr://login?app=enshi-labor&t=${encodeURIComponent(ticketId)}&n=${encodeURIComponent(nonce)}`;
}

export function parseQrContent(content: string): { ticketId: string; nonce: string } | null {
  const m = /^esscqr:\/\/login\?app=enshi-labor&t=([^&]+)&n=([^&]+)$/.exec(content.trim());
  if (!m) return null;
  return { ticketId: decodeURIComponent(m[1]!), nonce: decodeURIComponent(m[2]!) };
}

const SIM_KEY = "essc_sim.private_key";

/**
 * The demo channel: holds its own Ed25519 key pair in the database (so every instance signs alike) and signs the
 * answers that the simulator page — the citizen's phone — asks for.
 */
export class SimulatorChannel implements EsscChannel {
  readonly name = "simulator" as const;
  readonly issuer = "essc-simulator";
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static async open(db: Db): Promise<SimulatorChannel> {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await db.insert(settings).values({ key: SIM_KEY, value: { pem } }).onConflictDoNothing();
    const [row] = await db.select().from(settings).where(eq(settings.key, SIM_KEY));
    const key = createPrivateKey((row!.value as { pem: string }).pem);
    return new SimulatorChannel(key, createPublicKey(key));
  }

  async requestQr(ticket: { id: string; nonce: string }) {
    return { qrContent: qrContentFor(ticket.id, ticket.nonce) };
  }

  /** What the phone does after reading the QR code: the channel signs a 'scanned' or 'confirmed' answer. */
  answer(qrContent: string, typ: Assertion["typ"], identity?: EsscIdentity): SignedAssertion {
    const parsed = parseQrContent(qrContent);
    if (!parsed) throw err("QR_MALFORMED", "二维码内容无法识别，请重新扫描平台登录页上的二维码");
    const now = Math.floor(Date.now() / 1000);
    return signAssertion(this.privateKey, {
      iss: this.issuer,
      typ,
      ticketId: parsed.ticketId,
      nonce: parsed.nonce,
      jti: randomUUID(),
      iat: now,
      exp: now + 60,
      identity,
    });
  }
}

/**
 * The national scan-login channel. Endpoint paths and field names follow the channel's onboarding documents, which a
 * deployment receives with its app id; configure ESSC_CHANNEL_URL, ESSC_APP_ID and ESSC_CHANNEL_PUBLIC_KEY (PEM file).
 * The channel's notifications arrive at POST /api/auth/essc/callback and are verified by verifyAssertion.
 */
export class NationalChannel implements EsscChannel {
  readonly name = "national" as const;
  constructor(
    readonly issuer: string,
    readonly publicKey: KeyObject,
    private readonly baseUrl: string,
    private readonly appId: string,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): NationalChannel {
    const { ESSC_CHANNEL_URL, ESSC_APP_ID, ESSC_CHANNEL_PUBLIC_KEY, ESSC_ISSUER } = env;
    if (!ESSC_CHANNEL_URL || !ESSC_APP_ID || !ESSC_CHANNEL_PUBLIC_KEY) {
      throw new Error("电子社保卡通道未配置：需要 ESSC_CHANNEL_URL、ESSC_APP_ID、ESSC_CHANNEL_PUBLIC_KEY (the e-SSC channel is not configured: set ESSC_CHANNEL_URL, ESSC_APP_ID, ESSC_CHANNEL_PUBLIC_KEY)");
    }
    const key = createPublicKey(readFileSync(ESSC_CHANNEL_PUBLIC_KEY));
    return new NationalChannel(ESSC_ISSUER ?? "essc", key, ESSC_CHANNEL_URL, ESSC_APP_ID);
  }

  async requestQr(ticket: { id: string; nonce: string; expiresAt: Date }) {
    const res = await fetch(new URL("qrcode", this.baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appId: this.appId, bizId: ticket.id, nonce: ticket.nonce, expireAt: ticket.expiresAt.toISOString() }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new AppError(502, "ESSC_CHANNEL_UNAVAILABLE", "电子社保卡服务暂时不可用，请稍后再试");
    const body = (await res.json()) as { qrContent?: string };
    if (!body.qrContent) throw new AppError(502, "ESSC_CHANNEL_UNAVAILABLE", "电子社保卡服务返回内容不完整");
    return { qrContent: body.qrContent };
  }
}

export function nationalChannelConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!(env.ESSC_CHANNEL_URL && env.ESSC_APP_ID && env.ESSC_CHANNEL_PUBLIC_KEY);
}

/** The CLI's offline commands in production without a channel: nobody logs in there, and any QR request is refused. */
export class UnconfiguredChannel implements EsscChannel {
  readonly name = "national" as const;
  readonly issuer = "unconfigured";
  readonly publicKey = generateKeyPairSync("ed25519").publicKey;
  async requestQr(): Promise<{ qrContent: string }> {
    throw new AppError(503, "ESSC_CHANNEL_NOT_CONFIGURED", "电子社保卡扫码登录通道未配置，暂不能登录");
  }
}
