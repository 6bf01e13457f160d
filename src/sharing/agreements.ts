/**
 * S-SHARE services, part 2: the 共享用工协议 and everything that runs under it — each worker's consent, activation,
 * amendments (consents again), monthly settlements (the worker gets no less than the borrower paid for them, and no
 * fee), returns (expiry, early, consent withdrawn), a worker's labor contract ending, disputes with working-day
 * deadlines. Rules of 人社厅发〔2020〕98号 and 人社部函〔2020〕62号 are checked here and, where a table can say it, by
 * database checks (no fee, no self-loan, full pay).
 */
import { and, desc, eq, inArray, lt, lte, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { inScope } from "../core/access/scope.js";
import { audit, SYSTEM_ACTOR, type Actor } from "../core/audit.js";
import { badRequest, conflict, notFound } from "../core/errors.js";
import { maskIdNumber } from "../core/idcard.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { closeDeadline, openDeadline, type DeadlineHandler } from "../core/deadlines.js";
import { notifyAccount, queueSms } from "../core/notify.js";
import { accounts, grants, orgNodes, positions } from "../core/db/schema.js";
import {
  shareAgreementWorkers, shareAgreements, shareAmendments, shareDeclarations, shareDeclaredWorkers, shareDisputes, shareEnterprises, shareProposals,
  shareSettlements, type ReturnKind,
} from "./schema.js";
import { actorOfP, eitherInScope, refuseSelfLoan, requireFile } from "./service.js";
import type { AgreementInput, AmendmentInput, ConsentInput, DisputeInput, EarlyReturnInput, SettlementInput } from "./contract.js";

export type AgreementRow = typeof shareAgreements.$inferSelect;
export type AgreementWorkerRow = typeof shareAgreementWorkers.$inferSelect;

/** Working days within which 人社 handles a dispute (调解). */
export const DISPUTE_WORKDAYS = 10;
/** Calendar days before expiry when both sides' 人社 operators are reminded. */
export const EXPIRY_REMIND_DAYS = 7;

const today = (now = new Date()) => chinaDate(now);

/** The division prefixes that contain a code (4228, county, township), to find whose scope covers it. */
function coveringPrefixes(code: string) {
  return ["4228", code.slice(0, 6), code.slice(0, 9)];
}

/** Active operators holding a SHARE position whose scope covers one of the regions (the 人社 staff of both sides). */
export async function shareOperatorsFor(q: Queryable, regions: string[]): Promise<number[]> {
  const prefixes = [...new Set(regions.flatMap(coveringPrefixes))];
  const rows = await q.selectDistinct({ id: accounts.id }).from(accounts)
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .innerJoin(grants, and(eq(grants.accountId, accounts.id), isNull(grants.revokedAt)))
    .innerJoin(positions, eq(positions.id, grants.positionId))
    .where(and(eq(accounts.status, "active"), eq(accounts.roleKind, "operator"), eq(positions.status, "active"), eq(positions.subsystem, "SHARE"),
      sql`${positions.permissions} @> '["share.agreement.manage"]'::jsonb`, inArray(orgNodes.scopePrefix, prefixes)));
  return rows.map((r) => r.id);
}

/** Tell both sides: their 人社 operators in-app, the enterprises' contact persons by SMS. */
async function notifyBoth(q: Queryable, a: AgreementRow, title: string, body: string) {
  for (const id of await shareOperatorsFor(q, [a.lenderRegion, a.borrowerRegion])) await notifyAccount(q, id, { kind: "share.agreement", title, body, link: `/share/agreements/${a.id}` });
  const parties = await q.select({ phone: shareEnterprises.contactPhone }).from(shareEnterprises).where(inArray(shareEnterprises.id, [a.lenderId, a.borrowerId]));
  for (const e of parties) await queueSms(q, e.phone, `${title}：${body}`);
}

async function lockAgreement(q: Queryable, p: Principal, id: number) {
  const [a] = await q.select().from(shareAgreements).where(eq(shareAgreements.id, id)).for("update");
  if (!a || (!inScope(p, a.lenderRegion) && !inScope(p, a.borrowerRegion))) throw notFound("SHARE_AGREEMENT_NOT_FOUND", "协议不存在或不在您的数据范围内");
  return a;
}

function refuseBeyondContract(workers: { name: string; contractEnd: string }[], dateTo: string) {
  const beyond = workers.filter((w) => w.contractEnd < dateTo);
  if (beyond.length) {
    throw badRequest("SHARE_PERIOD_BEYOND_CONTRACT", `共享期限不得超过职工劳动合同剩余期限：${beyond.map((w) => `${w.name}（合同至 ${w.contractEnd}）`).join("、")}的合同早于 ${dateTo} 到期`, { workers: beyond.map((w) => w.name) });
  }
}

/** Draft an agreement from an accepted proposal, with the workers chosen from the 富余 declaration. */
export async function createAgreement(db: Db, p: Principal, ip: string | null, input: AgreementInput) {
  if (input.workerFee !== 0) throw badRequest("SHARE_WORKER_FEE", "共享用工不得向职工收取任何费用（人社部函〔2020〕62号）");
  if (input.dateTo < input.dateFrom) throw badRequest("SHARE_PERIOD_INVALID", "结束日期不能早于开始日期");
  if (new Set(input.workerIds).size !== input.workerIds.length) throw badRequest("SHARE_WORKER_DUPLICATE", "职工名单中有重复");
  if (input.workerIds.length > input.headcount) throw badRequest("SHARE_HEADCOUNT_EXCEEDS", `所列职工 ${input.workerIds.length} 人超过协议人数 ${input.headcount} 人`);
  return db.transaction(async (tx) => {
    const [pr] = await tx.select().from(shareProposals).where(eq(shareProposals.id, input.proposalId)).for("update");
    if (!pr || (!inScope(p, pr.lenderRegion) && !inScope(p, pr.borrowerRegion))) throw notFound("SHARE_PROPOSAL_NOT_FOUND", "撮合记录不存在或不在您的数据范围内");
    if (pr.status !== "accepted") throw conflict("SHARE_PROPOSAL_NOT_ACCEPTED", "双方企业均同意撮合后才能签订协议");
    const [existing] = await tx.select({ id: shareAgreements.id }).from(shareAgreements).where(eq(shareAgreements.proposalId, pr.id));
    if (existing) throw conflict("SHARE_AGREEMENT_EXISTS", "该撮合已有协议");
    const ents = await tx.select().from(shareEnterprises).where(inArray(shareEnterprises.id, [pr.lenderId, pr.borrowerId]));
    const lender = ents.find((e) => e.id === pr.lenderId)!, borrower = ents.find((e) => e.id === pr.borrowerId)!;
    refuseSelfLoan(lender, borrower);
    const decls = await tx.select().from(shareDeclarations).where(inArray(shareDeclarations.id, [pr.surplusId, pr.shortageId]));
    const limit = Math.min(...decls.map((d) => d.headcount));
    if (input.headcount > limit) throw badRequest("SHARE_HEADCOUNT_EXCEEDS", `协议人数 ${input.headcount} 人超过申报人数 ${limit} 人`);
    const workers = await tx.select().from(shareDeclaredWorkers).where(and(eq(shareDeclaredWorkers.declarationId, pr.surplusId), inArray(shareDeclaredWorkers.id, input.workerIds)));
    if (workers.length !== input.workerIds.length) throw badRequest("SHARE_WORKER_NOT_DECLARED", "所选职工不在该富余申报的名单中");
    refuseBeyondContract(workers, input.dateTo);
    const busy = await tx.select({ name: shareAgreementWorkers.name }).from(shareAgreementWorkers)
      .where(and(inArray(shareAgreementWorkers.idNumber, workers.map((w) => w.idNumber)), inArray(shareAgreementWorkers.status, ["pending", "active", "returning"])));
    if (busy.length) throw conflict("SHARE_WORKER_BUSY", `职工${busy.map((b) => b.name).join("、")}已在另一份共享用工协议中`);
    const { workerIds: _w, workerFee: _f, ...fields } = input;
    const [a] = await tx.insert(shareAgreements).values({
      ...fields, lenderId: lender.id, borrowerId: borrower.id, lenderRegion: lender.regionCode, borrowerRegion: borrower.regionCode, workerFee: 0, createdBy: p.accountId,
    }).returning();
    const number = `GXYG-${input.dateFrom.slice(0, 4)}-${String(a!.id).padStart(5, "0")}`;
    await tx.update(shareAgreements).set({ number }).where(eq(shareAgreements.id, a!.id));
    await tx.insert(shareAgreementWorkers).values(workers.map((w) => ({ agreementId: a!.id, declaredWorkerId: w.id, name: w.name, idNumber: w.idNumber, contractEnd: w.contractEnd })));
    await audit(tx, actorOfP(p, ip), { event: "share.agreement.create", objectType: "share_agreement", objectId: a!.id, detail: { number, proposalId: pr.id, workers: workers.length, headcount: input.headcount, dateFrom: input.dateFrom, dateTo: input.dateTo } });
    return { ...a!, number };
  });
}

/** Archive the signed, stamped agreement scan. */
export async function attachAgreementScan(db: Db, p: Principal, ip: string | null, id: number, sha256: string) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    await requireFile(tx, sha256);
    await tx.update(shareAgreements).set({ scanSha256: sha256 }).where(eq(shareAgreements.id, a.id));
    await audit(tx, actorOfP(p, ip), { event: "share.agreement.scan", objectType: "share_agreement", objectId: a.id, detail: { sha256 } });
    return { ok: true as const };
  });
}

async function lockWorker(q: Queryable, agreementId: number, workerId: number) {
  const [w] = await q.select().from(shareAgreementWorkers).where(and(eq(shareAgreementWorkers.id, workerId), eq(shareAgreementWorkers.agreementId, agreementId))).for("update");
  if (!w) throw notFound("SHARE_WORKER_NOT_FOUND", "该职工不在此协议中");
  return w;
}

/**
 * A worker's own decision, by their signed consent archived as a scan. A refusal takes them out of the agreement and
 * nothing else about them changes (their labor relationship with the lender is untouched).
 */
export async function recordConsent(db: Db, p: Principal, ip: string | null, agreementId: number, workerId: number, input: ConsentInput) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, agreementId);
    if (a.status !== "draft") throw conflict("SHARE_AGREEMENT_NOT_DRAFT", "协议生效后不能再补录同意，新增职工请通过变更办理");
    const w = await lockWorker(tx, a.id, workerId);
    if (w.consent !== "pending") throw conflict("SHARE_CONSENT_RECORDED", `${w.name}已表态`);
    await requireFile(tx, input.fileSha256);
    await tx.update(shareAgreementWorkers).set({
      consent: input.decision, consentWay: input.way, consentFile: input.fileSha256, consentAt: new Date(), consentNote: input.note ?? null,
      status: input.decision === "confirmed" ? "pending" : "out",
    }).where(eq(shareAgreementWorkers.id, w.id));
    await audit(tx, actorOfP(p, ip), { event: "share.consent", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, idNumber: maskIdNumber(w.idNumber), decision: input.decision, way: input.way, file: input.fileSha256 } });
    return { ok: true as const };
  });
}

/** Put the agreement into effect: signed scan archived, every listed worker has consented or is out, at least one in. */
export async function activateAgreement(db: Db, p: Principal, ip: string | null, id: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    if (a.status !== "draft") throw conflict("SHARE_AGREEMENT_NOT_DRAFT", "协议已生效或已终止");
    if (!a.scanSha256) throw badRequest("SHARE_SCAN_REQUIRED", "请先上传双方签字盖章的协议扫描件");
    const ws = await tx.select().from(shareAgreementWorkers).where(eq(shareAgreementWorkers.agreementId, a.id));
    const missing = ws.filter((w) => w.consent === "pending");
    if (missing.length) throw badRequest("SHARE_CONSENT_MISSING", `以下职工尚未确认同意，协议不能生效：${missing.map((w) => w.name).join("、")}`, { workers: missing.map((w) => w.id) });
    const inWs = ws.filter((w) => w.consent === "confirmed");
    if (!inWs.length) throw badRequest("SHARE_NO_WORKER", "没有职工同意参加共享，协议不能生效");
    refuseBeyondContract(inWs, a.dateTo);
    await tx.update(shareAgreementWorkers).set({ status: "active", startedOn: a.dateFrom, returnDue: a.dateTo }).where(inArray(shareAgreementWorkers.id, inWs.map((w) => w.id)));
    await tx.update(shareAgreements).set({ status: "active", activatedAt: now }).where(eq(shareAgreements.id, a.id));
    await audit(tx, actorOfP(p, ip), { event: "share.agreement.activate", objectType: "share_agreement", objectId: a.id, detail: { workers: inWs.length, out: ws.length - inWs.length } });
    return { id: a.id, status: "active" as const, workers: inWs.length };
  });
}

/** End the agreement once nobody is still shared or awaiting return. */
async function endIfDone(tx: Queryable, a: AgreementRow, now: Date) {
  const [left] = await tx.select({ n: sql<number>`count(*)::int` }).from(shareAgreementWorkers)
    .where(and(eq(shareAgreementWorkers.agreementId, a.id), inArray(shareAgreementWorkers.status, ["active", "returning", "pending"])));
  if ((left?.n ?? 0) === 0 && a.status === "active") await tx.update(shareAgreements).set({ status: "ended", endedAt: now }).where(eq(shareAgreements.id, a.id));
}

/** Sharing of some workers ends before the period (early return); the lender then confirms they are back. */
export async function earlyReturn(db: Db, p: Principal, ip: string | null, id: number, input: EarlyReturnInput) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    if (a.status !== "active") throw conflict("SHARE_AGREEMENT_NOT_ACTIVE", "协议未生效");
    if (input.date < a.dateFrom || input.date > a.dateTo) throw badRequest("SHARE_RETURN_DATE", "提前返岗日期应在协议期限内");
    for (const wid of input.workerIds) {
      const w = await lockWorker(tx, a.id, wid);
      if (w.status !== "active") throw conflict("SHARE_WORKER_NOT_ACTIVE", `${w.name}不在共享中`);
      await tx.update(shareAgreementWorkers).set({ status: "returning", returnDue: input.date, returnKind: "early", returnReason: input.reason }).where(eq(shareAgreementWorkers.id, w.id));
    }
    await audit(tx, actorOfP(p, ip), { event: "share.return.early", objectType: "share_agreement", objectId: a.id, detail: { workerIds: input.workerIds, date: input.date, reason: input.reason } });
    return { ok: true as const };
  });
}

/** A worker withdraws consent (signed withdrawal archived): their return starts. */
export async function withdrawConsent(db: Db, p: Principal, ip: string | null, id: number, workerId: number, input: { date: string; fileSha256: string; reason?: string }) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    const w = await lockWorker(tx, a.id, workerId);
    if (w.consent !== "confirmed" || (w.status !== "active" && w.status !== "pending")) throw conflict("SHARE_WORKER_NOT_ACTIVE", `${w.name}未处于共享中，无需撤回同意`);
    await requireFile(tx, input.fileSha256);
    const draft = a.status === "draft";
    await tx.update(shareAgreementWorkers).set({
      consent: "withdrawn", consentFile: input.fileSha256, consentAt: new Date(), consentNote: input.reason ?? null,
      ...(draft ? { status: "out" as const } : { status: "returning" as const, returnDue: input.date, returnKind: "withdrawn" as ReturnKind, returnReason: input.reason ?? "职工撤回同意" }),
    }).where(eq(shareAgreementWorkers.id, w.id));
    await audit(tx, actorOfP(p, ip), { event: "share.consent.withdraw", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, date: input.date, file: input.fileSha256 } });
    return { ok: true as const };
  });
}

/** The lender confirms the worker is back (recorded by the operator). */
export async function confirmReturn(db: Db, p: Principal, ip: string | null, id: number, workerId: number, input: { date: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    const w = await lockWorker(tx, a.id, workerId);
    if (w.status !== "returning") throw conflict("SHARE_RETURN_NOT_DUE", `${w.name}尚未到返岗时间`);
    await tx.update(shareAgreementWorkers).set({ status: "returned", returnConfirmedAt: now, endedOn: input.date }).where(eq(shareAgreementWorkers.id, w.id));
    await audit(tx, actorOfP(p, ip), { event: "share.return.confirm", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, date: input.date } });
    await endIfDone(tx, a, now);
    return { ok: true as const };
  });
}

/** The lender reports a worker's labor contract end (e.g. ended early): if within the period, the job ends their sharing. */
export async function recordContractEnd(db: Db, p: Principal, ip: string | null, id: number, workerId: number, input: { contractEnd: string }) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    const w = await lockWorker(tx, a.id, workerId);
    await tx.update(shareAgreementWorkers).set({ contractEnd: input.contractEnd }).where(eq(shareAgreementWorkers.id, w.id));
    await audit(tx, actorOfP(p, ip), { event: "share.contract.end", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, from: w.contractEnd, to: input.contractEnd } });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- amendments

export async function proposeAmendment(db: Db, p: Principal, ip: string | null, id: number, input: AmendmentInput) {
  if (input.newHeadcount === undefined && input.newDateTo === undefined) throw badRequest("SHARE_AMENDMENT_EMPTY", "请填写变更后的人数或期限");
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    if (a.status !== "active") throw conflict("SHARE_AGREEMENT_NOT_ACTIVE", "只有生效中的协议可以变更");
    const [open] = await tx.select({ id: shareAmendments.id }).from(shareAmendments).where(and(eq(shareAmendments.agreementId, a.id), eq(shareAmendments.status, "pending")));
    if (open) throw conflict("SHARE_AMENDMENT_OPEN", "该协议已有待职工确认的变更");
    const ws = await tx.select().from(shareAgreementWorkers).where(and(eq(shareAgreementWorkers.agreementId, a.id), eq(shareAgreementWorkers.status, "active")));
    if (input.newHeadcount !== undefined) {
      const [pr] = await tx.select().from(shareProposals).where(eq(shareProposals.id, a.proposalId));
      const decls = await tx.select().from(shareDeclarations).where(inArray(shareDeclarations.id, [pr!.surplusId, pr!.shortageId]));
      const limit = Math.min(...decls.map((d) => d.headcount));
      if (input.newHeadcount > limit) throw badRequest("SHARE_HEADCOUNT_EXCEEDS", `变更后人数 ${input.newHeadcount} 人超过申报人数 ${limit} 人`);
      if (input.newHeadcount < ws.length) throw badRequest("SHARE_HEADCOUNT_BELOW", `变更后人数少于在岗共享职工 ${ws.length} 人，请先办理提前返岗`);
    }
    if (input.newDateTo !== undefined) {
      if (input.newDateTo < a.dateFrom) throw badRequest("SHARE_PERIOD_INVALID", "结束日期不能早于开始日期");
      refuseBeyondContract(ws, input.newDateTo);
    }
    const [m] = await tx.insert(shareAmendments).values({ agreementId: a.id, newHeadcount: input.newHeadcount ?? null, newDateTo: input.newDateTo ?? null, reason: input.reason, createdBy: p.accountId }).returning();
    await audit(tx, actorOfP(p, ip), { event: "share.amendment.create", objectType: "share_agreement", objectId: a.id, detail: { amendmentId: m!.id, newHeadcount: input.newHeadcount ?? null, newDateTo: input.newDateTo ?? null } });
    return m!;
  });
}

/** A worker's consent to an amendment; when every active worker has confirmed, it applies; one refusal refuses it. */
export async function amendmentConsent(db: Db, p: Principal, ip: string | null, id: number, amendmentId: number, workerId: number, input: ConsentInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    const [m] = await tx.select().from(shareAmendments).where(and(eq(shareAmendments.id, amendmentId), eq(shareAmendments.agreementId, a.id))).for("update");
    if (!m) throw notFound("SHARE_AMENDMENT_NOT_FOUND", "变更不存在");
    if (m.status !== "pending") throw conflict("SHARE_AMENDMENT_DECIDED", "该变更已有结果");
    const w = await lockWorker(tx, a.id, workerId);
    if (w.status !== "active") throw conflict("SHARE_WORKER_NOT_ACTIVE", `${w.name}不在共享中`);
    await requireFile(tx, input.fileSha256);
    const consents = { ...m.consents, [String(w.id)]: { decision: input.decision, file: input.fileSha256, at: now.toISOString() } };
    const ws = await tx.select({ id: shareAgreementWorkers.id }).from(shareAgreementWorkers).where(and(eq(shareAgreementWorkers.agreementId, a.id), eq(shareAgreementWorkers.status, "active")));
    let status: "pending" | "applied" | "refused" = "pending";
    if (input.decision === "refused") status = "refused";
    else if (ws.every((x) => consents[String(x.id)]?.decision === "confirmed")) status = "applied";
    await tx.update(shareAmendments).set({ consents, status, decidedAt: status === "pending" ? null : now }).where(eq(shareAmendments.id, m.id));
    if (status === "applied") {
      await tx.update(shareAgreements).set({ ...(m.newHeadcount !== null ? { headcount: m.newHeadcount } : {}), ...(m.newDateTo !== null ? { dateTo: m.newDateTo } : {}) }).where(eq(shareAgreements.id, a.id));
      if (m.newDateTo !== null) await tx.update(shareAgreementWorkers).set({ returnDue: m.newDateTo }).where(and(eq(shareAgreementWorkers.agreementId, a.id), eq(shareAgreementWorkers.status, "active")));
    }
    await audit(tx, actorOfP(p, ip), { event: "share.amendment.consent", objectType: "share_agreement", objectId: a.id, detail: { amendmentId: m.id, workerId: w.id, decision: input.decision, status } });
    return { id: m.id, status };
  });
}

// ---------------------------------------------------------------- settlements

/** One month of one worker: what the borrower paid the lender and what the lender paid the worker. */
export async function recordSettlement(db: Db, p: Principal, ip: string | null, id: number, input: SettlementInput) {
  if (input.workerFee !== 0) throw badRequest("SHARE_WORKER_FEE", "共享用工不得向职工收取任何费用（人社部函〔2020〕62号）");
  if (input.lenderPaid < input.borrowerPaid) {
    throw badRequest("SHARE_PAY_SHORT", `调出企业发放给职工 ${input.lenderPaid} 元，少于调入企业为该职工支付的 ${input.borrowerPaid} 元：职工应足额获得劳动报酬，企业不得从中牟利`);
  }
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, id);
    if (a.status === "draft") throw conflict("SHARE_AGREEMENT_NOT_ACTIVE", "协议未生效");
    const w = await lockWorker(tx, a.id, input.workerId);
    if (!w.startedOn || w.status === "pending" || w.status === "out") throw conflict("SHARE_WORKER_NOT_SHARED", `${w.name}未参加本协议的共享`);
    const last = (w.endedOn ?? w.returnDue ?? a.dateTo).slice(0, 7);
    if (input.month < w.startedOn.slice(0, 7) || input.month > last) throw badRequest("SHARE_MONTH_OUTSIDE", `${input.month} 不在${w.name}的共享期间内`);
    const [dup] = await tx.select({ id: shareSettlements.id }).from(shareSettlements).where(and(eq(shareSettlements.workerId, w.id), eq(shareSettlements.month, input.month)));
    if (dup) throw conflict("SHARE_SETTLEMENT_EXISTS", `${w.name} ${input.month} 的结算已登记`);
    const { workerId: _w, ...rest } = input;
    const [s] = await tx.insert(shareSettlements).values({ ...rest, agreementId: a.id, workerId: w.id, workerFee: 0, createdBy: p.accountId }).returning();
    await audit(tx, actorOfP(p, ip), { event: "share.settlement.create", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, month: input.month, borrowerPaid: input.borrowerPaid, lenderPaid: input.lenderPaid } });
    return s!;
  });
}

// ---------------------------------------------------------------- reads

export async function listAgreements(q: Queryable, p: Principal, f: { status?: AgreementRow["status"]; enterpriseId?: number }) {
  const conds = [eitherInScope(p, shareAgreements.lenderRegion, shareAgreements.borrowerRegion)];
  if (f.status) conds.push(eq(shareAgreements.status, f.status));
  if (f.enterpriseId) conds.push(sql`(${shareAgreements.lenderId} = ${f.enterpriseId} or ${shareAgreements.borrowerId} = ${f.enterpriseId})`);
  const rows = await q.select({
    a: shareAgreements,
    lenderName: sql<string>`(select name from share_enterprises e where e.id = ${shareAgreements.lenderId})`,
    borrowerName: sql<string>`(select name from share_enterprises e where e.id = ${shareAgreements.borrowerId})`,
    workers: sql<number>`(select count(*)::int from share_agreement_workers w where w.agreement_id = ${shareAgreements.id} and w.status in ('active','returning','returned','ended'))`,
    pendingConsents: sql<number>`(select count(*)::int from share_agreement_workers w where w.agreement_id = ${shareAgreements.id} and w.consent = 'pending')`,
  }).from(shareAgreements).where(and(...conds)).orderBy(desc(shareAgreements.id));
  return rows.map((r) => ({
    id: r.a.id, number: r.a.number ?? "", lenderId: r.a.lenderId, borrowerId: r.a.borrowerId, lenderName: r.lenderName, borrowerName: r.borrowerName, post: r.a.post,
    headcount: r.a.headcount, dateFrom: r.a.dateFrom, dateTo: r.a.dateTo, status: r.a.status, workers: Number(r.workers), pendingConsents: Number(r.pendingConsents), hasScan: !!r.a.scanSha256,
  }));
}

/** The full agreement: parties, clauses, workers (masked), amendments, settlements, disputes. */
export async function agreementDetail(q: Queryable, p: Principal, id: number) {
  const [a] = await q.select().from(shareAgreements).where(eq(shareAgreements.id, id));
  if (!a || (!inScope(p, a.lenderRegion) && !inScope(p, a.borrowerRegion))) throw notFound("SHARE_AGREEMENT_NOT_FOUND", "协议不存在或不在您的数据范围内");
  const ents = await q.select({ e: shareEnterprises, regionName: orgNodes.name }).from(shareEnterprises).leftJoin(orgNodes, eq(orgNodes.code, shareEnterprises.regionCode)).where(inArray(shareEnterprises.id, [a.lenderId, a.borrowerId]));
  const party = (eid: number) => {
    const r = ents.find((x) => x.e.id === eid)!;
    return { id: r.e.id, name: r.e.name, creditCode: r.e.creditCode, legalRep: r.e.legalRep, industry: r.e.industry, regionName: r.regionName, address: r.e.address, contactName: r.e.contactName };
  };
  const ws = await q.select().from(shareAgreementWorkers).where(eq(shareAgreementWorkers.agreementId, a.id)).orderBy(shareAgreementWorkers.id);
  const ams = await q.select().from(shareAmendments).where(eq(shareAmendments.agreementId, a.id)).orderBy(shareAmendments.id);
  const sts = await q.select().from(shareSettlements).where(eq(shareSettlements.agreementId, a.id)).orderBy(shareSettlements.month, shareSettlements.workerId);
  const dps = await q.select().from(shareDisputes).where(eq(shareDisputes.agreementId, a.id)).orderBy(shareDisputes.id);
  const nameOf = new Map(ws.map((w) => [w.id, w.name]));
  return {
    id: a.id, number: a.number ?? "", status: a.status, lender: party(a.lenderId), borrower: party(a.borrowerId), post: a.post, headcount: a.headcount, headcountRule: a.headcountRule,
    dateFrom: a.dateFrom, dateTo: a.dateTo, workPlace: a.workPlace, hoursRest: a.hoursRest, payMonthly: a.payMonthly, payDay: a.payDay, workerFee: a.workerFee,
    socialInsurance: a.socialInsurance, protection: a.protection, injuryLiability: a.injuryLiability, hasScan: !!a.scanSha256, activatedAt: a.activatedAt, endedAt: a.endedAt,
    workers: ws.map((w) => ({
      id: w.id, name: w.name, idNumber: maskIdNumber(w.idNumber)!, contractEnd: w.contractEnd, consent: w.consent, consentWay: w.consentWay, consentAt: w.consentAt,
      status: w.status, startedOn: w.startedOn, returnDue: w.returnDue, returnKind: w.returnKind, returnReason: w.returnReason, endedOn: w.endedOn,
    })),
    amendments: ams.map((m) => ({ id: m.id, newHeadcount: m.newHeadcount, newDateTo: m.newDateTo, reason: m.reason, status: m.status, confirmed: Object.values(m.consents).filter((c) => c.decision === "confirmed").length, createdAt: m.createdAt })),
    settlements: sts.map((s) => ({ id: s.id, workerId: s.workerId, workerName: nameOf.get(s.workerId) ?? "", month: s.month, borrowerPaid: s.borrowerPaid, borrowerPaidOn: s.borrowerPaidOn, lenderPaid: s.lenderPaid, lenderPaidOn: s.lenderPaidOn, workerFee: s.workerFee })),
    disputes: dps.map((d) => ({ id: d.id, workerId: d.workerId, raisedBy: d.raisedBy, subject: d.subject, status: d.status, resolution: d.resolution, dueDate: d.dueDate, createdAt: d.createdAt, resolvedAt: d.resolvedAt })),
  };
}

/** The agreement's scan hash (for the download route), in scope. */
export async function agreementScan(q: Queryable, p: Principal, id: number) {
  const [a] = await q.select().from(shareAgreements).where(eq(shareAgreements.id, id));
  if (!a || (!inScope(p, a.lenderRegion) && !inScope(p, a.borrowerRegion))) throw notFound("SHARE_AGREEMENT_NOT_FOUND", "协议不存在或不在您的数据范围内");
  if (!a.scanSha256) throw notFound("SHARE_SCAN_NOT_FOUND", "尚未上传协议扫描件");
  return a.scanSha256;
}

// ---------------------------------------------------------------- disputes

export async function openDispute(db: Db, p: Principal, ip: string | null, input: DisputeInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = await lockAgreement(tx, p, input.agreementId);
    if (a.status === "draft") throw conflict("SHARE_AGREEMENT_NOT_ACTIVE", "协议未生效");
    if (input.workerId) await lockWorker(tx, a.id, input.workerId);
    const [d] = await tx.insert(shareDisputes).values({
      agreementId: a.id, workerId: input.workerId ?? null, raisedBy: input.raisedBy, subject: input.subject, dueDate: "1970-01-01",
      lenderRegion: a.lenderRegion, borrowerRegion: a.borrowerRegion, createdBy: p.accountId, createdAt: now,
    }).returning();
    const due = await openDeadline(tx, { objectType: "share.dispute", objectId: d!.id, kind: "resolve", start: now, workdays: DISPUTE_WORKDAYS, orgCode: a.lenderRegion.slice(0, 6) });
    await tx.update(shareDisputes).set({ dueDate: due.dueDate }).where(eq(shareDisputes.id, d!.id));
    await audit(tx, actorOfP(p, ip), { event: "share.dispute.open", objectType: "share_dispute", objectId: d!.id, detail: { agreementId: a.id, raisedBy: input.raisedBy, dueDate: due.dueDate } });
    return { ...d!, dueDate: due.dueDate };
  });
}

export async function resolveDispute(db: Db, p: Principal, ip: string | null, id: number, input: { resolution: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(shareDisputes).where(eq(shareDisputes.id, id)).for("update");
    if (!d || (!inScope(p, d.lenderRegion) && !inScope(p, d.borrowerRegion))) throw notFound("SHARE_DISPUTE_NOT_FOUND", "争议不存在或不在您的数据范围内");
    if (d.status !== "open") throw conflict("SHARE_DISPUTE_RESOLVED", "该争议已处理");
    await tx.update(shareDisputes).set({ status: "resolved", resolution: input.resolution, resolvedBy: p.accountId, resolvedAt: now }).where(eq(shareDisputes.id, id));
    await closeDeadline(tx, "share.dispute", id, "resolve", now);
    await audit(tx, actorOfP(p, ip), { event: "share.dispute.resolve", objectType: "share_dispute", objectId: id, detail: { resolution: input.resolution } });
    return { ok: true as const };
  });
}

export async function listDisputes(q: Queryable, p: Principal, f: { status?: "open" | "resolved" }) {
  const conds = [eitherInScope(p, shareDisputes.lenderRegion, shareDisputes.borrowerRegion)];
  if (f.status) conds.push(eq(shareDisputes.status, f.status));
  const rows = await q.select({ d: shareDisputes, number: shareAgreements.number }).from(shareDisputes).innerJoin(shareAgreements, eq(shareAgreements.id, shareDisputes.agreementId)).where(and(...conds)).orderBy(desc(shareDisputes.id));
  return rows.map((r) => ({ id: r.d.id, agreementId: r.d.agreementId, number: r.number ?? "", raisedBy: r.d.raisedBy, subject: r.d.subject, status: r.d.status, resolution: r.d.resolution, dueDate: r.d.dueDate, createdAt: r.d.createdAt }));
}

/** Workers whose return waits for the lender's confirmation (返岗待确认), in scope. */
export async function listReturnsDue(q: Queryable, p: Principal) {
  const rows = await q.select({ w: shareAgreementWorkers, a: shareAgreements }).from(shareAgreementWorkers).innerJoin(shareAgreements, eq(shareAgreements.id, shareAgreementWorkers.agreementId))
    .where(and(eq(shareAgreementWorkers.status, "returning"), eitherInScope(p, shareAgreements.lenderRegion, shareAgreements.borrowerRegion))).orderBy(shareAgreementWorkers.returnDue);
  return rows.map((r) => ({ agreementId: r.a.id, number: r.a.number ?? "", workerId: r.w.id, name: r.w.name, returnDue: r.w.returnDue, returnKind: r.w.returnKind, returnReason: r.w.returnReason }));
}

/** Deadline handlers: remind both sides' operators the day before; escalate to the 州 operators when overdue. */
export const DISPUTE_DEADLINES: Record<string, DeadlineHandler> = {
  "share.dispute": {
    async remind(tx, dl) {
      const [d] = await tx.select().from(shareDisputes).where(eq(shareDisputes.id, dl.objectId));
      if (!d || d.status !== "open") return;
      for (const id of await shareOperatorsFor(tx, [d.lenderRegion, d.borrowerRegion])) {
        await notifyAccount(tx, id, { kind: "share.dispute", title: "共享用工争议即将到期", body: `争议“${d.subject.slice(0, 30)}”应于 ${dl.dueDate} 前处理完毕`, link: "/share/returns" });
      }
    },
    async escalate(tx, dl) {
      const [d] = await tx.select().from(shareDisputes).where(eq(shareDisputes.id, dl.objectId));
      if (!d || d.status !== "open") return;
      for (const id of await shareOperatorsFor(tx, ["4228"])) {
        const [acc] = await tx.select({ org: accounts.orgCode }).from(accounts).where(eq(accounts.id, id));
        if (acc?.org !== "422800") continue;
        await notifyAccount(tx, id, { kind: "share.dispute", title: "共享用工争议已超期", body: `争议“${d.subject.slice(0, 30)}”已超过 ${dl.dueDate} 的处理期限`, link: "/share/returns" });
      }
    },
  },
};

// ---------------------------------------------------------------- the daily job

/**
 * The daily sweep (China date of `now`): a worker whose labor contract has ended stops being shared (both sides told);
 * at expiry the sharing ends and the lender's confirmation of return is awaited; a reminder goes out EXPIRY_REMIND_DAYS
 * before expiry.
 */
export async function runShareDaily(db: Db, now: Date) {
  const day = today(now);
  let contractEnded = 0, expired = 0, reminded = 0;
  await db.transaction(async (tx) => {
    const ended = await tx.select({ w: shareAgreementWorkers, a: shareAgreements }).from(shareAgreementWorkers).innerJoin(shareAgreements, eq(shareAgreements.id, shareAgreementWorkers.agreementId))
      .where(and(inArray(shareAgreementWorkers.status, ["active", "returning"]), lt(shareAgreementWorkers.contractEnd, day))).for("update", { of: shareAgreementWorkers });
    for (const { w, a } of ended) {
      await tx.update(shareAgreementWorkers).set({ status: "ended", returnKind: "contract_end", returnReason: "职工与调出企业的劳动合同终止，共享自动结束", endedOn: w.contractEnd }).where(eq(shareAgreementWorkers.id, w.id));
      await audit(tx, SYSTEM_ACTOR, { event: "share.contract.ended", objectType: "share_agreement", objectId: a.id, detail: { workerId: w.id, contractEnd: w.contractEnd } });
      await notifyBoth(tx, a, "职工共享自动结束", `${w.name}与调出企业的劳动合同已于 ${w.contractEnd} 终止，其在协议 ${a.number} 下的共享用工自动结束`);
      await endIfDone(tx, a, now);
      contractEnded++;
    }
    const exp = await tx.select().from(shareAgreements).where(and(eq(shareAgreements.status, "active"), lt(shareAgreements.dateTo, day))).for("update");
    for (const a of exp) {
      const ws = await tx.update(shareAgreementWorkers).set({ status: "returning", returnKind: "expiry", returnDue: a.dateTo })
        .where(and(eq(shareAgreementWorkers.agreementId, a.id), eq(shareAgreementWorkers.status, "active"))).returning({ id: shareAgreementWorkers.id });
      if (ws.length) {
        await audit(tx, SYSTEM_ACTOR, { event: "share.agreement.expired", objectType: "share_agreement", objectId: a.id, detail: { workers: ws.length } });
        await notifyBoth(tx, a, "共享用工协议到期", `协议 ${a.number} 已于 ${a.dateTo} 到期，请调出企业接回职工并确认返岗`);
        expired++;
      }
    }
    const soon = await tx.select().from(shareAgreements).where(and(eq(shareAgreements.status, "active"), isNull(shareAgreements.expiryRemindedAt), lte(shareAgreements.dateTo, addDays(day, EXPIRY_REMIND_DAYS)), sql`${shareAgreements.dateTo} >= ${day}::date`)).for("update");
    for (const a of soon) {
      await tx.update(shareAgreements).set({ expiryRemindedAt: now }).where(eq(shareAgreements.id, a.id));
      await notifyBoth(tx, a, "共享用工协议即将到期", `协议 ${a.number} 将于 ${a.dateTo} 到期`);
      reminded++;
    }
  });
  return { contractEnded, expired, reminded };
}

/** Ids of the workers a declaration lists (in order). */
export async function declaredWorkerIds(q: Queryable, declarationId: number): Promise<number[]> {
  return (await q.select({ id: shareDeclaredWorkers.id }).from(shareDeclaredWorkers).where(eq(shareDeclaredWorkers.declarationId, declarationId)).orderBy(shareDeclaredWorkers.id)).map((r) => r.id);
}

/** Ids of an agreement's workers in a state (in order). */
export async function agreementWorkerIds(q: Queryable, agreementId: number, status: AgreementWorkerRow["status"]): Promise<number[]> {
  return (await q.select({ id: shareAgreementWorkers.id }).from(shareAgreementWorkers).where(and(eq(shareAgreementWorkers.agreementId, agreementId), eq(shareAgreementWorkers.status, status))).orderBy(shareAgreementWorkers.id)).map((r) => r.id);
}
