/**
 * A worker's consent by scanning with their own 电子社保卡 (S-SHARE). The operator opens a one-time consent request for
 * one worker of a draft agreement; its id and nonce go into the QR code the worker scans; the channel's signed answer
 * is verified exactly as a login answer is (src/core/auth/essc.ts verifyAssertion: signature, issuer, lifetime), must
 * carry the same nonce, must name the worker (身份证号), and is accepted once (its jti is kept). The consent is then
 * recorded with way 'essc' and the worker as the actor of the audit row.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { inScope } from "../core/access/scope.js";
import { audit } from "../core/audit.js";
import { badRequest, conflict, notFound } from "../core/errors.js";
import { maskIdNumber } from "../core/idcard.js";
import { verifyAssertion, type EsscChannel, type SignedAssertion } from "../core/auth/essc.js";
import { shareAgreementWorkers, shareAgreements, shareConsentRequests } from "./schema.js";
import { actorOfP } from "./service.js";

/** How long the worker has to scan and confirm. */
export const CONSENT_QR_TTL_MS = 5 * 60_000;

export async function openConsentRequest(db: Db, channel: EsscChannel, p: Principal, ip: string | null, agreementId: number, workerId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(shareAgreements).where(eq(shareAgreements.id, agreementId));
    if (!a || (!inScope(p, a.lenderRegion) && !inScope(p, a.borrowerRegion))) throw notFound("SHARE_AGREEMENT_NOT_FOUND", "协议不存在或不在您的数据范围内");
    if (a.status !== "draft") throw conflict("SHARE_AGREEMENT_NOT_DRAFT", "协议生效后不能再补录同意，新增职工请通过变更办理");
    const [w] = await tx.select().from(shareAgreementWorkers).where(and(eq(shareAgreementWorkers.id, workerId), eq(shareAgreementWorkers.agreementId, a.id)));
    if (!w) throw notFound("SHARE_WORKER_NOT_FOUND", "该职工不在此协议中");
    if (w.consent !== "pending") throw conflict("SHARE_CONSENT_RECORDED", `${w.name}已表态`);
    const id = randomUUID();
    const nonce = randomBytes(16).toString("base64url");
    const expiresAt = new Date(now.getTime() + CONSENT_QR_TTL_MS);
    await tx.insert(shareConsentRequests).values({ id, nonce, agreementId: a.id, workerId: w.id, expiresAt, createdBy: p.accountId });
    await audit(tx, actorOfP(p, ip), { event: "share.consent.qr", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, requestId: id } });
    const { qrContent } = await channel.requestQr({ id, nonce, expiresAt });
    return { requestId: id, qrContent, expiresAt, workerName: w.name };
  });
}

/** The channel's signed answer for a consent request: verified, the worker's own identity, once. */
export async function acceptConsentAnswer(db: Db, channel: EsscChannel, signed: SignedAssertion, ip: string | null, now = new Date()) {
  const a = verifyAssertion(channel, signed, now.getTime());
  const res = await db.transaction(async (tx) => {
    const [r] = await tx.select().from(shareConsentRequests).where(eq(shareConsentRequests.id, a.ticketId)).for("update");
    if (!r || r.nonce !== a.nonce) throw notFound("SHARE_CONSENT_REQUEST_UNKNOWN", "该二维码不是有效的共享用工确认码");
    if (r.status !== "open" || r.jti) throw conflict("SHARE_CONSENT_REQUEST_USED", "该确认码已使用，请让经办人重新生成");
    if (r.expiresAt < now) throw conflict("SHARE_CONSENT_REQUEST_EXPIRED", "确认码已过期，请让经办人重新生成");
    if (a.typ === "scanned") return { status: "scanned" as const };
    if (a.typ === "cancelled") return { status: "cancelled" as const };
    const [w] = await tx.select().from(shareAgreementWorkers).where(eq(shareAgreementWorkers.id, r.workerId)).for("update");
    const [ag] = await tx.select().from(shareAgreements).where(eq(shareAgreements.id, r.agreementId));
    const who = a.identity;
    if (!who || who.idNumber.toUpperCase() !== w!.idNumber) return { status: "wrong_person" as const, agreementId: r.agreementId, workerId: r.workerId };
    if (ag!.status !== "draft" || w!.consent !== "pending") throw conflict("SHARE_CONSENT_RECORDED", `${w!.name}已表态`);
    await tx.update(shareConsentRequests).set({ status: "used", jti: a.jti }).where(eq(shareConsentRequests.id, r.id));
    await tx.update(shareAgreementWorkers).set({ consent: "confirmed", consentWay: "essc", consentAt: now, consentFile: null }).where(eq(shareAgreementWorkers.id, w!.id));
    await audit(tx, { accountId: null, name: w!.name, ip }, { event: "share.consent", objectType: "share_agreement", objectId: r.agreementId, detail: { workerId: w!.id, idNumber: maskIdNumber(w!.idNumber), decision: "confirmed", way: "essc", jti: a.jti } });
    return { status: "confirmed" as const };
  });
  if (res.status === "wrong_person") {
    // Recorded after the transaction (one connection on PGlite): the refusal is audited, nothing else changes.
    await audit(db, { accountId: null, name: a.identity?.name ?? null, ip }, { event: "share.consent.essc", objectType: "share_agreement", objectId: res.agreementId, outcome: "failure", detail: { workerId: res.workerId, reason: "wrong_person", idNumber: maskIdNumber(a.identity?.idNumber) } });
    throw badRequest("SHARE_CONSENT_WRONG_PERSON", "扫码人不是该职工本人，须由职工本人使用电子社保卡确认");
  }
  return { status: res.status };
}

/** The operator's poll: has the worker confirmed? */
export async function consentRequestStatus(db: Db, p: Principal, requestId: string) {
  const [r] = await db.select({ r: shareConsentRequests, lender: shareAgreements.lenderRegion, borrower: shareAgreements.borrowerRegion, consent: shareAgreementWorkers.consent })
    .from(shareConsentRequests).innerJoin(shareAgreements, eq(shareAgreements.id, shareConsentRequests.agreementId))
    .innerJoin(shareAgreementWorkers, eq(shareAgreementWorkers.id, shareConsentRequests.workerId)).where(eq(shareConsentRequests.id, requestId));
  if (!r || (!inScope(p, r.lender) && !inScope(p, r.borrower))) throw notFound("SHARE_CONSENT_REQUEST_UNKNOWN", "确认码不存在");
  const status = r.r.status === "open" && r.r.expiresAt < new Date() ? "expired" : r.r.status;
  return { status, consent: r.consent };
}
