/**
 * S-SHARE services, part 1: enterprises, 富余/缺工 declarations, candidate pairs and proposals. Every write is
 * `(db, principal, ip, input)`, checks data scope (P9) through src/core/access/scope.ts and commits with its audit row;
 * refusals are AppErrors `SHARE_<REASON>` in Chinese. Enterprises' decisions are recorded by the operator with the
 * signed paper archived (src/core/files.ts), see docs/decisions.md D17.
 */
import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { inScope, requireInScope, scopeSql } from "../core/access/scope.js";
import { audit, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { maskIdNumber, maskPhone, parseIdNumber, ID_PROBLEM_TEXT } from "../core/idcard.js";
import { files, orgNodes } from "../core/db/schema.js";
import { shareDeclarations, shareDeclaredWorkers, shareEnterprises, shareProposals, type EnterpriseStatus } from "./schema.js";
import { checkCreditCode, scorePair } from "./rules.js";
import type { DecisionInput, DeclarationInput, EnterpriseInput, ProposalInput, ReviewInput } from "./contract.js";

export const actorOfP = (p: Principal, ip: string | null): Actor => ({ accountId: p.accountId, name: p.name, ip });

export const ENTERPRISE_STATUS_NAMES: Record<EnterpriseStatus, string> = { pending: "待审核", manual_review: "待人工核验", approved: "已审核", rejected: "未通过" };

/** The archived file a decision or consent refers to must exist (uploaded through POST /api/share/files). */
export async function requireFile(q: Queryable, sha256: string) {
  const [f] = await q.select({ sha: files.sha256 }).from(files).where(eq(files.sha256, sha256));
  if (!f) throw badRequest("SHARE_FILE_MISSING", "签字扫描件不存在，请重新上传");
}

/** Rows whose one of two division-code columns lies in the caller's scope (an agreement is seen by both sides' 人社). */
export function eitherInScope(p: Principal, a: SQL | Parameters<typeof scopeSql>[1], b: Parameters<typeof scopeSql>[1]): SQL {
  return or(scopeSql(p, a), scopeSql(p, b))!;
}

// ---------------------------------------------------------------- enterprises

export type EnterpriseRow = typeof shareEnterprises.$inferSelect;

/** An enterprise as it leaves the API: the contact's 身份证号 and phone masked (X2). */
export function enterpriseView(e: EnterpriseRow, regionName?: string | null) {
  return {
    id: e.id, creditCode: e.creditCode, creditCodeValid: e.creditCodeValid, name: e.name, legalRep: e.legalRep, industry: e.industry,
    regionCode: e.regionCode, regionName: regionName ?? null, address: e.address, contactName: e.contactName,
    contactIdNumber: maskIdNumber(e.contactIdNumber)!, contactPhone: maskPhone(e.contactPhone)!, status: e.status, reviewNote: e.reviewNote,
    createdAt: e.createdAt,
  };
}

async function requireTownship(q: Queryable, code: string) {
  const [n] = await q.select({ level: orgNodes.level }).from(orgNodes).where(eq(orgNodes.code, code));
  if (!n || n.level !== "township") throw badRequest("SHARE_REGION_UNKNOWN", `区划代码 ${code} 不是本州的乡镇（街道）`);
}

/** Register an enterprise. A failed check character sends it to manual review (it may be a typo on paper), not refusal. */
export async function createEnterprise(db: Db, p: Principal, ip: string | null, input: EnterpriseInput) {
  requireInScope(p, input.regionCode, "所选地区");
  const cc = checkCreditCode(input.creditCode);
  if (!cc.ok && cc.problem === "format") throw badRequest("SHARE_CREDIT_CODE_FORMAT", "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）");
  const id = parseIdNumber(input.contactIdNumber);
  if (!id.ok) throw badRequest("SHARE_CONTACT_ID_INVALID", `联系人身份证号：${ID_PROBLEM_TEXT[id.problem]}`);
  return db.transaction(async (tx) => {
    await requireTownship(tx, input.regionCode);
    const [dup] = await tx.select({ id: shareEnterprises.id }).from(shareEnterprises).where(eq(shareEnterprises.creditCode, cc.code));
    if (dup) throw conflict("SHARE_ENTERPRISE_EXISTS", "该统一社会信用代码的企业已登记");
    const status: EnterpriseStatus = cc.ok ? "pending" : "manual_review";
    const [e] = await tx.insert(shareEnterprises).values({
      creditCode: cc.code, creditCodeValid: cc.ok, name: input.name, legalRep: input.legalRep, industry: input.industry, regionCode: input.regionCode,
      address: input.address ?? null, contactName: input.contactName, contactIdNumber: id.info.idNumber, contactPhone: input.contactPhone, status, createdBy: p.accountId,
    }).returning();
    await audit(tx, actorOfP(p, ip), { event: "share.enterprise.create", objectType: "share_enterprise", objectId: e!.id, detail: { creditCode: cc.code, creditCodeValid: cc.ok, name: input.name, regionCode: input.regionCode, status } });
    return e!;
  });
}

async function lockEnterprise(q: Queryable, p: Principal, id: number) {
  const [e] = await q.select().from(shareEnterprises).where(eq(shareEnterprises.id, id)).for("update");
  if (!e || !inScope(p, e.regionCode)) throw notFound("SHARE_ENTERPRISE_NOT_FOUND", "企业不存在或不在您的数据范围内");
  return e;
}

/** 人社 review of an enterprise (the recorder may not review their own record). */
export async function reviewEnterprise(db: Db, p: Principal, ip: string | null, id: number, input: ReviewInput) {
  return db.transaction(async (tx) => {
    const e = await lockEnterprise(tx, p, id);
    if (e.status !== "pending" && e.status !== "manual_review") throw conflict("SHARE_ALREADY_REVIEWED", "该企业已审核");
    if (e.createdBy === p.accountId) throw forbidden("SHARE_REVIEW_OWN", "不能审核自己登记的企业");
    if (input.decision === "reject" && !input.note) throw badRequest("SHARE_NOTE_REQUIRED", "不通过时请填写审核意见");
    const status: EnterpriseStatus = input.decision === "approve" ? "approved" : "rejected";
    await tx.update(shareEnterprises).set({ status, reviewNote: input.note ?? null, reviewedBy: p.accountId, reviewedAt: new Date() }).where(eq(shareEnterprises.id, id));
    await audit(tx, actorOfP(p, ip), { event: "share.enterprise.review", objectType: "share_enterprise", objectId: id, detail: { status, note: input.note ?? null, creditCodeValid: e.creditCodeValid } });
    return { id, status };
  });
}

export async function listEnterprises(q: Queryable, p: Principal, f: { status?: EnterpriseStatus; q?: string }) {
  const conds = [scopeSql(p, shareEnterprises.regionCode)];
  if (f.status) conds.push(eq(shareEnterprises.status, f.status));
  if (f.q) conds.push(sql`(${shareEnterprises.name} like ${`%${f.q}%`} or ${shareEnterprises.creditCode} = ${f.q.toUpperCase()})`);
  const rows = await q.select({ e: shareEnterprises, regionName: orgNodes.name }).from(shareEnterprises)
    .leftJoin(orgNodes, eq(orgNodes.code, shareEnterprises.regionCode)).where(and(...conds)).orderBy(desc(shareEnterprises.id));
  return rows.map((r) => enterpriseView(r.e, r.regionName));
}

export async function getEnterprise(q: Queryable, p: Principal, id: number) {
  const [r] = await q.select({ e: shareEnterprises, regionName: orgNodes.name }).from(shareEnterprises)
    .leftJoin(orgNodes, eq(orgNodes.code, shareEnterprises.regionCode)).where(eq(shareEnterprises.id, id));
  if (!r || !inScope(p, r.e.regionCode)) throw notFound("SHARE_ENTERPRISE_NOT_FOUND", "企业不存在或不在您的数据范围内");
  return enterpriseView(r.e, r.regionName);
}

// ---------------------------------------------------------------- declarations

export type DeclarationRow = typeof shareDeclarations.$inferSelect;

export async function createDeclaration(db: Db, p: Principal, ip: string | null, input: DeclarationInput) {
  if (input.dateTo < input.dateFrom) throw badRequest("SHARE_PERIOD_INVALID", "结束日期不能早于开始日期");
  if (input.kind === "surplus") {
    if (!input.workers.length) throw badRequest("SHARE_WORKERS_REQUIRED", "富余申报须列出拟共享的职工及其劳动合同期限");
    if (input.workers.length < input.headcount) throw badRequest("SHARE_WORKERS_FEWER", `富余人数 ${input.headcount} 人，但只列出了 ${input.workers.length} 名职工`);
  } else if (input.workers.length) throw badRequest("SHARE_WORKERS_NOT_ALLOWED", "缺工申报不列职工");
  if (input.kind === "shortage" && !input.payMonthly) throw badRequest("SHARE_PAY_REQUIRED", "缺工申报须填写月薪酬");
  const workers = input.workers.map((w, i) => {
    const id = parseIdNumber(w.idNumber);
    if (!id.ok) throw badRequest("SHARE_WORKER_ID_INVALID", `第 ${i + 1} 名职工身份证号：${ID_PROBLEM_TEXT[id.problem]}`);
    return { ...w, idNumber: id.info.idNumber };
  });
  if (new Set(workers.map((w) => w.idNumber)).size !== workers.length) throw badRequest("SHARE_WORKER_DUPLICATE", "职工名单中有重复的身份证号");
  return db.transaction(async (tx) => {
    const e = await lockEnterprise(tx, p, input.enterpriseId);
    if (e.status !== "approved") throw conflict("SHARE_ENTERPRISE_NOT_APPROVED", "企业尚未通过人社部门审核，不能申报");
    const [d] = await tx.insert(shareDeclarations).values({
      enterpriseId: e.id, regionCode: e.regionCode, kind: input.kind, post: input.post, skills: input.skills, headcount: input.headcount,
      dateFrom: input.dateFrom, dateTo: input.dateTo, payMonthly: input.payMonthly ?? null, hours: input.hours ?? null, conditions: input.conditions ?? null, createdBy: p.accountId,
    }).returning();
    if (workers.length) await tx.insert(shareDeclaredWorkers).values(workers.map((w) => ({ declarationId: d!.id, name: w.name, idNumber: w.idNumber, phone: w.phone ?? null, contractEnd: w.contractEnd })));
    await audit(tx, actorOfP(p, ip), { event: "share.declaration.create", objectType: "share_declaration", objectId: d!.id, detail: { enterpriseId: e.id, kind: input.kind, post: input.post, headcount: input.headcount, workers: workers.length } });
    return d!;
  });
}

export async function reviewDeclaration(db: Db, p: Principal, ip: string | null, id: number, input: ReviewInput) {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(shareDeclarations).where(eq(shareDeclarations.id, id)).for("update");
    if (!d || !inScope(p, d.regionCode)) throw notFound("SHARE_DECLARATION_NOT_FOUND", "申报不存在或不在您的数据范围内");
    if (d.status !== "pending") throw conflict("SHARE_ALREADY_REVIEWED", "该申报已审核");
    if (d.createdBy === p.accountId) throw forbidden("SHARE_REVIEW_OWN", "不能审核自己登记的申报");
    if (input.decision === "reject" && !input.note) throw badRequest("SHARE_NOTE_REQUIRED", "不通过时请填写审核意见");
    const status = input.decision === "approve" ? "approved" : "rejected";
    await tx.update(shareDeclarations).set({ status, reviewNote: input.note ?? null, reviewedBy: p.accountId, reviewedAt: new Date() }).where(eq(shareDeclarations.id, id));
    await audit(tx, actorOfP(p, ip), { event: "share.declaration.review", objectType: "share_declaration", objectId: id, detail: { status, note: input.note ?? null } });
    return { id, status };
  });
}

const declarationCols = {
  d: shareDeclarations, enterpriseName: shareEnterprises.name, industry: shareEnterprises.industry, regionName: orgNodes.name,
};

function declarationView(r: { d: DeclarationRow; enterpriseName: string; industry: string; regionName: string | null }) {
  const { d } = r;
  return {
    id: d.id, enterpriseId: d.enterpriseId, enterpriseName: r.enterpriseName, industry: r.industry, regionCode: d.regionCode, regionName: r.regionName,
    kind: d.kind, post: d.post, skills: d.skills, headcount: d.headcount, dateFrom: d.dateFrom, dateTo: d.dateTo, payMonthly: d.payMonthly,
    hours: d.hours, conditions: d.conditions, status: d.status, reviewNote: d.reviewNote, createdAt: d.createdAt,
  };
}

/** Declarations of the caller's enterprises (scope), any status. */
export async function listDeclarations(q: Queryable, p: Principal, f: { status?: DeclarationRow["status"]; kind?: DeclarationRow["kind"]; enterpriseId?: number }) {
  const conds = [scopeSql(p, shareDeclarations.regionCode)];
  if (f.status) conds.push(eq(shareDeclarations.status, f.status));
  if (f.kind) conds.push(eq(shareDeclarations.kind, f.kind));
  if (f.enterpriseId) conds.push(eq(shareDeclarations.enterpriseId, f.enterpriseId));
  const rows = await q.select(declarationCols).from(shareDeclarations)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareDeclarations.enterpriseId))
    .leftJoin(orgNodes, eq(orgNodes.code, shareDeclarations.regionCode)).where(and(...conds)).orderBy(desc(shareDeclarations.id));
  return rows.map(declarationView);
}

export async function getDeclaration(q: Queryable, p: Principal, id: number) {
  const [r] = await q.select(declarationCols).from(shareDeclarations)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareDeclarations.enterpriseId))
    .leftJoin(orgNodes, eq(orgNodes.code, shareDeclarations.regionCode)).where(eq(shareDeclarations.id, id));
  if (!r || !inScope(p, r.d.regionCode)) throw notFound("SHARE_DECLARATION_NOT_FOUND", "申报不存在或不在您的数据范围内");
  const workers = await q.select().from(shareDeclaredWorkers).where(eq(shareDeclaredWorkers.declarationId, id)).orderBy(shareDeclaredWorkers.id);
  return { ...declarationView(r), workers: workers.map((w) => ({ id: w.id, name: w.name, idNumber: maskIdNumber(w.idNumber)!, phone: maskPhone(w.phone), contractEnd: w.contractEnd })) };
}

// ---------------------------------------------------------------- matching

/** Same legal person: the same enterprise, the same credit code, or the same 法定代表人 (no self-loan). */
export function sameLegalPerson(a: EnterpriseRow, b: EnterpriseRow): "same" | "legal_rep" | null {
  if (a.id === b.id || a.creditCode === b.creditCode) return "same";
  if (a.legalRep.trim() === b.legalRep.trim()) return "legal_rep";
  return null;
}

export function refuseSelfLoan(a: EnterpriseRow, b: EnterpriseRow) {
  const s = sameLegalPerson(a, b);
  if (s === "same") throw badRequest("SHARE_SELF_LOAN", "调出企业与调入企业为同一企业，不属于共享用工");
  if (s === "legal_rep") throw badRequest("SHARE_SAME_LEGAL_PERSON", `调出企业与调入企业的法定代表人同为“${a.legalRep}”，属同一法人控制，不能开展共享用工`);
}

/**
 * Candidate pairs, ranked: approved 富余 × approved 缺工 with overlapping periods, at least one side in the caller's
 * scope (approved declarations are the market 人社 brokers across counties; workers' data stays with the lender's scope).
 */
export async function candidatePairs(q: Queryable, p: Principal, limit = 50) {
  const rows = await q.select({ d: shareDeclarations, e: shareEnterprises, regionName: orgNodes.name }).from(shareDeclarations)
    .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareDeclarations.enterpriseId))
    .leftJoin(orgNodes, eq(orgNodes.code, shareDeclarations.regionCode))
    .where(and(eq(shareDeclarations.status, "approved"), eq(shareEnterprises.status, "approved")));
  const surplus = rows.filter((r) => r.d.kind === "surplus");
  const shortage = rows.filter((r) => r.d.kind === "shortage");
  const proposed = await q.select({ s: shareProposals.surplusId, t: shareProposals.shortageId }).from(shareProposals).where(inArray(shareProposals.status, ["proposed", "accepted"]));
  const taken = new Set(proposed.map((x) => `${x.s}-${x.t}`));
  const out = [];
  for (const s of surplus) for (const t of shortage) {
    if (!inScope(p, s.d.regionCode) && !inScope(p, t.d.regionCode)) continue;
    if (taken.has(`${s.d.id}-${t.d.id}`) || sameLegalPerson(s.e, t.e)) continue;
    if (s.d.dateFrom > t.d.dateTo || t.d.dateFrom > s.d.dateTo) continue;
    const { score, parts } = scorePair(s.d, t.d);
    out.push({
      surplus: { id: s.d.id, enterpriseName: s.e.name, regionName: s.regionName, post: s.d.post, headcount: s.d.headcount, dateFrom: s.d.dateFrom, dateTo: s.d.dateTo },
      shortage: { id: t.d.id, enterpriseName: t.e.name, regionName: t.regionName, post: t.d.post, headcount: t.d.headcount, dateFrom: t.d.dateFrom, dateTo: t.d.dateTo, payMonthly: t.d.payMonthly },
      score, parts, headcount: Math.min(s.d.headcount, t.d.headcount),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.surplus.id - b.surplus.id || a.shortage.id - b.shortage.id).slice(0, limit);
}

export async function createProposal(db: Db, p: Principal, ip: string | null, input: ProposalInput) {
  return db.transaction(async (tx) => {
    const load = async (id: number) => {
      const [r] = await tx.select({ d: shareDeclarations, e: shareEnterprises }).from(shareDeclarations)
        .innerJoin(shareEnterprises, eq(shareEnterprises.id, shareDeclarations.enterpriseId)).where(eq(shareDeclarations.id, id));
      return r;
    };
    const s = await load(input.surplusId);
    const t = await load(input.shortageId);
    if (!s || !t || (!inScope(p, s.d.regionCode) && !inScope(p, t.d.regionCode))) throw notFound("SHARE_DECLARATION_NOT_FOUND", "申报不存在或不在您的数据范围内");
    if (s.d.kind !== "surplus" || t.d.kind !== "shortage") throw badRequest("SHARE_PAIR_KIND", "应选择一条富余申报和一条缺工申报");
    if (s.d.status !== "approved" || t.d.status !== "approved") throw conflict("SHARE_DECLARATION_NOT_APPROVED", "申报尚未审核通过，不能撮合");
    refuseSelfLoan(s.e, t.e);
    if (input.headcount > s.d.headcount || input.headcount > t.d.headcount) {
      throw badRequest("SHARE_HEADCOUNT_EXCEEDS", `撮合人数 ${input.headcount} 人超过申报人数（富余 ${s.d.headcount} 人，缺工 ${t.d.headcount} 人）`);
    }
    const [dup] = await tx.select({ id: shareProposals.id }).from(shareProposals)
      .where(and(eq(shareProposals.surplusId, s.d.id), eq(shareProposals.shortageId, t.d.id), inArray(shareProposals.status, ["proposed", "accepted"])));
    if (dup) throw conflict("SHARE_PROPOSAL_EXISTS", "该富余与缺工已有进行中的撮合");
    const { score, parts } = scorePair(s.d, t.d);
    const [pr] = await tx.insert(shareProposals).values({
      surplusId: s.d.id, shortageId: t.d.id, lenderId: s.e.id, borrowerId: t.e.id, lenderRegion: s.e.regionCode, borrowerRegion: t.e.regionCode,
      headcount: input.headcount, score, explanation: parts, note: input.note ?? null, proposedBy: p.accountId,
    }).returning();
    await audit(tx, actorOfP(p, ip), { event: "share.proposal.create", objectType: "share_proposal", objectId: pr!.id, detail: { surplusId: s.d.id, shortageId: t.d.id, headcount: input.headcount, score } });
    return pr!;
  });
}

/** Record one enterprise's accept/decline (given on signed paper, archived); both accept → accepted. */
export async function decideProposal(db: Db, p: Principal, ip: string | null, id: number, input: DecisionInput) {
  return db.transaction(async (tx) => {
    const [pr] = await tx.select().from(shareProposals).where(eq(shareProposals.id, id)).for("update");
    if (!pr || (!inScope(p, pr.lenderRegion) && !inScope(p, pr.borrowerRegion))) throw notFound("SHARE_PROPOSAL_NOT_FOUND", "撮合记录不存在或不在您的数据范围内");
    if (pr.status !== "proposed") throw conflict("SHARE_PROPOSAL_DECIDED", "该撮合已有结果");
    if (input.decision === "decline" && !input.reason) throw badRequest("SHARE_REASON_REQUIRED", "拒绝时请填写理由");
    await requireFile(tx, input.fileSha256);
    const lender = input.side === "lender";
    if ((lender ? pr.lenderDecision : pr.borrowerDecision) !== null) throw conflict("SHARE_SIDE_DECIDED", `${lender ? "调出" : "调入"}企业已作出答复`);
    const set = lender
      ? { lenderDecision: input.decision, lenderReason: input.reason ?? null, lenderFile: input.fileSha256 }
      : { borrowerDecision: input.decision, borrowerReason: input.reason ?? null, borrowerFile: input.fileSha256 };
    const other = lender ? pr.borrowerDecision : pr.lenderDecision;
    const status = input.decision === "decline" ? "declined" : other === "accept" ? "accepted" : "proposed";
    await tx.update(shareProposals).set({ ...set, status }).where(eq(shareProposals.id, id));
    await audit(tx, actorOfP(p, ip), { event: "share.proposal.decide", objectType: "share_proposal", objectId: id, detail: { side: input.side, decision: input.decision, reason: input.reason ?? null, file: input.fileSha256, status } });
    return { id, status };
  });
}

export async function listProposals(q: Queryable, p: Principal, f: { enterpriseId?: number }) {
  const conds = [eitherInScope(p, shareProposals.lenderRegion, shareProposals.borrowerRegion)];
  if (f.enterpriseId) conds.push(or(eq(shareProposals.lenderId, f.enterpriseId), eq(shareProposals.borrowerId, f.enterpriseId))!);
  const rows = await q.select().from(shareProposals).where(and(...conds)).orderBy(desc(shareProposals.id));
  const ids = [...new Set(rows.flatMap((r) => [r.lenderId, r.borrowerId]))];
  const names = new Map((ids.length ? await q.select({ id: shareEnterprises.id, name: shareEnterprises.name }).from(shareEnterprises).where(inArray(shareEnterprises.id, ids)) : []).map((e) => [e.id, e.name]));
  return rows.map((r) => ({
    id: r.id, surplusId: r.surplusId, shortageId: r.shortageId, lenderId: r.lenderId, borrowerId: r.borrowerId,
    lenderName: names.get(r.lenderId) ?? "", borrowerName: names.get(r.borrowerId) ?? "", headcount: r.headcount, score: r.score, explanation: r.explanation,
    note: r.note, status: r.status, lenderDecision: r.lenderDecision, lenderReason: r.lenderReason, borrowerDecision: r.borrowerDecision, borrowerReason: r.borrowerReason, createdAt: r.createdAt,
  }));
}
