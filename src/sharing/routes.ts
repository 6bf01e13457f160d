/**
 * SHARE 共享用工 API under /api/share (S-SHARE, P9, X2, X4). Every route declares its function code and data scope and
 * Zod schemas for its input and answer; services check scope row by row and write with their audit rows.
 */
import { z } from "zod";
import type { AppContext, Router } from "../core/http/context.js";
import { principalOf } from "../core/http/access.js";
import { binary, Id, IdParams, IsoDate, Ok, Text, Timestamp } from "../core/http/schemas.js";
import { badRequest } from "../core/errors.js";
import { audit } from "../core/audit.js";
import { readStoredFile, storeFile } from "../core/files.js";
import { printPdf } from "../core/print.js";
import { chinaDate } from "../core/calendar.js";
import {
  AgreementInput, AmendmentInput, ConsentInput, DecisionInput, DeclarationInput, DisputeInput, EarlyReturnInput, EnterpriseInput, ProposalInput, ReviewInput, SettlementInput, SubsidyRuleInput,
} from "./contract.js";
import {
  actorOfP, candidatePairs, createDeclaration, createEnterprise, createProposal, decideProposal, getDeclaration, getEnterprise, listDeclarations, listEnterprises, listProposals,
  reviewDeclaration, reviewEnterprise,
} from "./service.js";
import {
  activateAgreement, agreementDetail, agreementScan, amendmentConsent, attachAgreementScan, confirmReturn, createAgreement, earlyReturn, listAgreements, listDisputes, listReturnsDue,
  openDispute, proposeAmendment, recordConsent, recordContractEnd, recordSettlement, resolveDispute, withdrawConsent,
} from "./agreements.js";
import { applicationsWorkbook, computeSubsidies, decideApplication, generateApplications, listApplications, setSubsidyRule, setTarget, statistics, statisticsWorkbook, subsidyRule } from "./reports.js";
import { agreementPrintData } from "./print.js";
import { acceptConsentAnswer, consentRequestStatus, openConsentRequest } from "./consent-essc.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const nul = <T extends z.ZodTypeAny>(t: T) => t.nullable();
const str = z.string();
const int = z.number().int();
const Year = z.object({ year: z.coerce.number().int().min(2020).max(2100).default(new Date().getFullYear()) });
const WorkerParams = z.object({ id: Id, workerId: Id });

const EnterpriseOut = z.object({
  id: int, creditCode: str, creditCodeValid: z.boolean(), name: str, legalRep: str, industry: str, regionCode: str, regionName: nul(str), address: nul(str),
  contactName: str, contactIdNumber: str, contactPhone: str, status: z.enum(["pending", "manual_review", "approved", "rejected"]), reviewNote: nul(str), createdAt: Timestamp,
});
const DeclarationOut = z.object({
  id: int, enterpriseId: int, enterpriseName: str, industry: str, regionCode: str, regionName: nul(str), kind: z.enum(["surplus", "shortage"]), post: str, skills: z.array(str),
  headcount: int, dateFrom: str, dateTo: str, payMonthly: nul(int), hours: nul(str), conditions: nul(str), status: z.enum(["pending", "approved", "rejected", "closed"]), reviewNote: nul(str), createdAt: Timestamp,
});
const DeclaredWorkerOut = z.object({ id: int, name: str, idNumber: str, phone: nul(str), contractEnd: str });
const ScorePartOut = z.object({ key: str, label: str, points: int, max: int, note: str });
const Side = z.object({ id: int, enterpriseName: str, regionName: nul(str), post: str, headcount: int, dateFrom: str, dateTo: str });
const CandidateOut = z.object({ surplus: Side, shortage: Side.extend({ payMonthly: nul(int) }), score: int, parts: z.array(ScorePartOut), headcount: int });
const Decision = nul(z.enum(["accept", "decline"]));
const ProposalOut = z.object({
  id: int, surplusId: int, shortageId: int, lenderId: int, borrowerId: int, lenderName: str, borrowerName: str, headcount: int, score: int, explanation: z.array(ScorePartOut), note: nul(str),
  status: z.enum(["proposed", "accepted", "declined"]), lenderDecision: Decision, lenderReason: nul(str), borrowerDecision: Decision, borrowerReason: nul(str), createdAt: Timestamp,
});
const AgreementStatus = z.enum(["draft", "active", "ended"]);
const AgreementListOut = z.object({
  id: int, number: str, lenderId: int, borrowerId: int, lenderName: str, borrowerName: str, post: str, headcount: int, dateFrom: str, dateTo: str, status: AgreementStatus, workers: int, pendingConsents: int, hasScan: z.boolean(),
});
const Party = z.object({ id: int, name: str, creditCode: str, legalRep: str, industry: str, regionName: nul(str), address: nul(str), contactName: str });
const AgreementOut = z.object({
  id: int, number: str, status: AgreementStatus, lender: Party, borrower: Party, post: str, headcount: int, headcountRule: str, dateFrom: str, dateTo: str, workPlace: str, hoursRest: str,
  payMonthly: int, payDay: int, workerFee: int, socialInsurance: str, protection: str, injuryLiability: str, hasScan: z.boolean(), activatedAt: nul(Timestamp), endedAt: nul(Timestamp),
  workers: z.array(z.object({
    id: int, name: str, idNumber: str, contractEnd: str, consent: z.enum(["pending", "confirmed", "refused", "withdrawn"]), consentWay: nul(z.enum(["essc", "scan"])), consentAt: nul(Timestamp),
    status: z.enum(["pending", "out", "active", "returning", "returned", "ended"]), startedOn: nul(str), returnDue: nul(str), returnKind: nul(z.enum(["expiry", "early", "withdrawn", "contract_end"])), returnReason: nul(str), endedOn: nul(str),
  })),
  amendments: z.array(z.object({ id: int, newHeadcount: nul(int), newDateTo: nul(str), reason: str, status: z.enum(["pending", "applied", "refused"]), confirmed: int, createdAt: Timestamp })),
  settlements: z.array(z.object({ id: int, workerId: int, workerName: str, month: str, borrowerPaid: int, borrowerPaidOn: str, lenderPaid: int, lenderPaidOn: str, workerFee: int })),
  disputes: z.array(z.object({ id: int, workerId: nul(int), raisedBy: z.enum(["lender", "borrower", "worker"]), subject: str, status: z.enum(["open", "resolved"]), resolution: nul(str), dueDate: str, createdAt: Timestamp, resolvedAt: nul(Timestamp) })),
});
const DisputeOut = z.object({ id: int, agreementId: int, number: str, raisedBy: z.enum(["lender", "borrower", "worker"]), subject: str, status: z.enum(["open", "resolved"]), resolution: nul(str), dueDate: str, createdAt: Timestamp });
const ReturnOut = z.object({ agreementId: int, number: str, workerId: int, name: str, returnDue: nul(str), returnKind: nul(str), returnReason: nul(str) });
const StatRowOut = z.object({ key: str, label: str, declarations: int, proposals: int, agreements: int, workersShared: int, daysShared: int });
const RuleOut = z.object({ perWorker: int, minDays: int, cap: int });

export function shareRoutes(r: Router, ctx: AppContext) {
  const fileOpts = { dir: ctx.config.filesDir, inDatabase: ctx.config.filesInDatabase };

  // ------------------------------------------------------------ files (signed scans)
  r.post("/files", {
    config: { access: { permission: "share.enterprise.manage", scope: "none" } },
    schema: { description: "X4: archive a signed scan (PDF/JPG/PNG ≤ 20 MB, multipart field 'file'); answers its hash, which decisions, consents and agreements refer to", consumes: ["multipart/form-data"], response: { 200: z.object({ sha256: str, size: int, mime: str }) } },
  }, async (req) => {
    const p = principalOf(req);
    if (!req.isMultipart()) throw badRequest("SHARE_NOT_MULTIPART", "请以文件上传方式提交");
    const file = await req.file();
    if (!file) throw badRequest("FILE_REQUIRED", "请选择要上传的文件");
    const buf = await file.toBuffer();
    return ctx.db.transaction(async (tx) => {
      const s = await storeFile(tx, fileOpts, buf, ["pdf", "jpeg", "png"], p.accountId);
      await audit(tx, actorOfP(p, req.ip), { event: "share.file.upload", objectType: "file", objectId: s.sha256.slice(0, 16), detail: { sha256: s.sha256, size: s.size, mime: s.mime, name: file.filename } });
      return { sha256: s.sha256, size: s.size, mime: s.mime };
    });
  });

  // ------------------------------------------------------------ enterprises
  r.get("/enterprises", {
    config: { access: { permission: "share.enterprise.read", scope: "org" } },
    schema: { description: "S-SHARE enterprises in the caller's scope; contact 身份证号 and phone masked", querystring: z.object({ status: z.enum(["pending", "manual_review", "approved", "rejected"]).optional(), q: Text(50).optional() }), response: { 200: z.array(EnterpriseOut) } },
  }, async (req) => listEnterprises(ctx.db, principalOf(req), req.query));

  r.get("/enterprises/:id", {
    config: { access: { permission: "share.enterprise.read", scope: "org" } },
    schema: { params: IdParams, response: { 200: EnterpriseOut } },
  }, async (req) => getEnterprise(ctx.db, principalOf(req), req.params.id));

  r.post("/enterprises", {
    config: { access: { permission: "share.enterprise.manage", scope: "org" } },
    schema: { description: "Register an enterprise; a failed 统一社会信用代码 check character sends it to manual review", body: EnterpriseInput, response: { 200: z.object({ id: int, status: str, creditCodeValid: z.boolean() }) } },
  }, async (req) => {
    const e = await createEnterprise(ctx.db, principalOf(req), req.ip, req.body);
    return { id: e.id, status: e.status, creditCodeValid: e.creditCodeValid };
  });

  r.post("/enterprises/:id/review", {
    config: { access: { permission: "share.review", scope: "org" } },
    schema: { params: IdParams, body: ReviewInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => reviewEnterprise(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  // ------------------------------------------------------------ declarations
  r.get("/declarations", {
    config: { access: { permission: "share.enterprise.read", scope: "org" } },
    schema: { querystring: z.object({ status: z.enum(["pending", "approved", "rejected", "closed"]).optional(), kind: z.enum(["surplus", "shortage"]).optional(), enterpriseId: Id.optional() }), response: { 200: z.array(DeclarationOut) } },
  }, async (req) => listDeclarations(ctx.db, principalOf(req), req.query));

  r.get("/declarations/:id", {
    config: { access: { permission: "share.enterprise.read", scope: "org" } },
    schema: { params: IdParams, response: { 200: DeclarationOut.extend({ workers: z.array(DeclaredWorkerOut) }) } },
  }, async (req) => getDeclaration(ctx.db, principalOf(req), req.params.id));

  r.post("/declarations", {
    config: { access: { permission: "share.enterprise.manage", scope: "org" } },
    schema: { description: "富余 (with workers and contract end dates) or 缺工 declaration; visible to matching once reviewed", body: DeclarationInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => {
    const d = await createDeclaration(ctx.db, principalOf(req), req.ip, req.body);
    return { id: d.id, status: d.status };
  });

  r.post("/declarations/:id/review", {
    config: { access: { permission: "share.review", scope: "org" } },
    schema: { params: IdParams, body: ReviewInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => reviewDeclaration(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  // ------------------------------------------------------------ matching
  r.get("/candidates", {
    config: { access: { permission: "share.match.manage", scope: "org" } },
    schema: { description: "Candidate 富余 × 缺工 pairs ranked by post, skills, region, period and headcount, each score explained", response: { 200: z.array(CandidateOut) } },
  }, async (req) => candidatePairs(ctx.db, principalOf(req)));

  r.get("/proposals", {
    config: { access: { permission: "share.match.manage", scope: "org" } },
    schema: { querystring: z.object({ enterpriseId: Id.optional() }), response: { 200: z.array(ProposalOut) } },
  }, async (req) => listProposals(ctx.db, principalOf(req), req.query));

  r.post("/proposals", {
    config: { access: { permission: "share.match.manage", scope: "org" } },
    schema: { body: ProposalInput, response: { 200: z.object({ id: int, score: int }) } },
  }, async (req) => {
    const pr = await createProposal(ctx.db, principalOf(req), req.ip, req.body);
    return { id: pr.id, score: pr.score };
  });

  r.post("/proposals/:id/decision", {
    config: { access: { permission: "share.match.manage", scope: "org" } },
    schema: { description: "Record an enterprise's accept/decline with reason, the signed paper archived", params: IdParams, body: DecisionInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => decideProposal(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  // ------------------------------------------------------------ agreements
  r.get("/agreements", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { querystring: z.object({ status: AgreementStatus.optional(), enterpriseId: Id.optional() }), response: { 200: z.array(AgreementListOut) } },
  }, async (req) => listAgreements(ctx.db, principalOf(req), req.query));

  r.get("/agreements/:id", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: IdParams, response: { 200: AgreementOut } },
  }, async (req) => agreementDetail(ctx.db, principalOf(req), req.params.id));

  r.post("/agreements", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "Draft the 共享用工协议 from an accepted proposal (period within each worker's contract, no fee, headcount within the declarations)", body: AgreementInput, response: { 200: z.object({ id: int, number: str }) } },
  }, async (req) => {
    const a = await createAgreement(ctx.db, principalOf(req), req.ip, req.body);
    return { id: a.id, number: a.number };
  });

  r.get("/agreements/:id/pdf", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "The agreement to sign and stamp (PDF, Typst)", params: IdParams, response: { 200: binary("application/pdf", "共享用工协议 PDF") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const d = await agreementDetail(ctx.db, p, req.params.id);
    const pdf = printPdf(new URL("./print/agreement.typ", import.meta.url), agreementPrintData(d, chinaDate(new Date())));
    await audit(ctx.db, actorOfP(p, req.ip), { event: "share.agreement.print", objectType: "share_agreement", objectId: d.id, detail: { number: d.number } });
    return reply.type("application/pdf").header("content-disposition", disposition(`${d.number}.pdf`)).send(pdf);
  });

  r.post("/agreements/:id/scan", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: IdParams, body: z.object({ fileSha256: z.string().regex(/^[0-9a-f]{64}$/, "请先上传协议扫描件") }), response: { 200: Ok } },
  }, async (req) => attachAgreementScan(ctx.db, principalOf(req), req.ip, req.params.id, req.body.fileSha256));

  r.get("/agreements/:id/scan", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: IdParams, response: { 200: binary("application/octet-stream", "签字盖章的协议扫描件 (PDF/JPG/PNG)") } },
  }, async (req, reply) => {
    const sha = await agreementScan(ctx.db, principalOf(req), req.params.id);
    const f = await readStoredFile(ctx.db, fileOpts, sha);
    return reply.type(f.mime).header("content-disposition", "inline").send(f.data);
  });

  r.post("/agreements/:id/workers/:workerId/consent", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "A worker's consent or refusal, by the worker's signed consent archived as a scan", params: WorkerParams, body: ConsentInput, response: { 200: Ok } },
  }, async (req) => recordConsent(ctx.db, principalOf(req), req.ip, req.params.id, req.params.workerId, req.body));

  r.post("/agreements/:id/workers/:workerId/essc-consent", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "Open a one-time QR for the worker to confirm with their own 电子社保卡", params: WorkerParams, response: { 200: z.object({ requestId: str, qrContent: str, expiresAt: Timestamp, workerName: str }) } },
  }, async (req) => openConsentRequest(ctx.db, ctx.channel, principalOf(req), req.ip, req.params.id, req.params.workerId));

  r.get("/essc-consent/:requestId", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: z.object({ requestId: z.string().uuid() }), response: { 200: z.object({ status: str, consent: str }) } },
  }, async (req) => consentRequestStatus(ctx.db, principalOf(req), req.params.requestId));

  r.post("/essc/consent-answer", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { description: "The e-SSC channel's signed answer to a consent QR (verified like a login answer; must name the worker)", body: z.object({ payload: z.string().max(8192), signature: z.string().max(200) }), response: { 200: z.object({ status: str }) } },
  }, async (req) => acceptConsentAnswer(ctx.db, ctx.channel, req.body, req.ip));

  if (ctx.simulator) {
    const sim = ctx.simulator;
    r.post("/essc-sim/consent", {
      config: { access: { permission: "public", scope: "none" } },
      schema: { description: "Demo only: the worker's phone (simulator) confirms a consent QR with their card", body: z.object({ qrContent: z.string().max(500), identity: z.object({ name: z.string().min(1).max(50), idNumber: z.string().min(1).max(20) }) }), response: { 200: z.object({ status: str }) } },
    }, async (req) => {
      const { name, idNumber } = req.body.identity;
      const identity = { name: name.trim(), idNumber: idNumber.trim().toUpperCase(), cardNo: `S${idNumber.slice(-8)}`, region: idNumber.slice(0, 6) };
      return acceptConsentAnswer(ctx.db, sim, sim.answer(req.body.qrContent, "confirmed", identity), req.ip);
    });
  }

  r.post("/agreements/:id/activate", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: IdParams, response: { 200: z.object({ id: int, status: str, workers: int }) } },
  }, async (req) => activateAgreement(ctx.db, principalOf(req), req.ip, req.params.id));

  r.post("/agreements/:id/amendments", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: IdParams, body: AmendmentInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => {
    const m = await proposeAmendment(ctx.db, principalOf(req), req.ip, req.params.id, req.body);
    return { id: m.id, status: m.status };
  });

  r.post("/agreements/:id/amendments/:amendmentId/workers/:workerId/consent", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: WorkerParams.extend({ amendmentId: Id }), body: ConsentInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => amendmentConsent(ctx.db, principalOf(req), req.ip, req.params.id, req.params.amendmentId, req.params.workerId, req.body));

  r.post("/agreements/:id/settlements", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "Monthly settlement of one worker: borrower → lender, lender → worker (no less, no fee)", params: IdParams, body: SettlementInput, response: { 200: z.object({ id: int }) } },
  }, async (req) => {
    const s = await recordSettlement(ctx.db, principalOf(req), req.ip, req.params.id, req.body);
    return { id: s.id };
  });

  r.post("/agreements/:id/early-return", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { params: IdParams, body: EarlyReturnInput, response: { 200: Ok } },
  }, async (req) => earlyReturn(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  r.post("/agreements/:id/workers/:workerId/withdraw", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { params: WorkerParams, body: z.object({ date: IsoDate, fileSha256: z.string().regex(/^[0-9a-f]{64}$/, "请先上传职工签字的撤回说明"), reason: Text(300).optional() }), response: { 200: Ok } },
  }, async (req) => withdrawConsent(ctx.db, principalOf(req), req.ip, req.params.id, req.params.workerId, req.body));

  r.post("/agreements/:id/workers/:workerId/return", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { description: "The lender confirms the worker is back", params: WorkerParams, body: z.object({ date: IsoDate }), response: { 200: Ok } },
  }, async (req) => confirmReturn(ctx.db, principalOf(req), req.ip, req.params.id, req.params.workerId, req.body));

  r.post("/agreements/:id/workers/:workerId/contract-end", {
    config: { access: { permission: "share.agreement.manage", scope: "org" } },
    schema: { description: "The lender reports the worker's labor contract end date; the daily job ends the sharing when it passes", params: WorkerParams, body: z.object({ contractEnd: IsoDate }), response: { 200: Ok } },
  }, async (req) => recordContractEnd(ctx.db, principalOf(req), req.ip, req.params.id, req.params.workerId, req.body));

  // ------------------------------------------------------------ returns and disputes
  r.get("/returns", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { response: { 200: z.array(ReturnOut) } },
  }, async (req) => listReturnsDue(ctx.db, principalOf(req)));

  r.get("/disputes", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { querystring: z.object({ status: z.enum(["open", "resolved"]).optional() }), response: { 200: z.array(DisputeOut) } },
  }, async (req) => listDisputes(ctx.db, principalOf(req), req.query));

  r.post("/disputes", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { body: DisputeInput, response: { 200: z.object({ id: int, dueDate: str }) } },
  }, async (req) => {
    const d = await openDispute(ctx.db, principalOf(req), req.ip, req.body);
    return { id: d.id, dueDate: d.dueDate };
  });

  r.post("/disputes/:id/resolve", {
    config: { access: { permission: "share.dispute.manage", scope: "org" } },
    schema: { params: IdParams, body: z.object({ resolution: Text(1000, "处理结果").min(1, "请填写处理结果") }), response: { 200: Ok } },
  }, async (req) => resolveDispute(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  // ------------------------------------------------------------ subsidy
  r.get("/subsidy", {
    config: { access: { permission: "share.subsidy.manage", scope: "org" } },
    schema: { description: "The year's rule, the computed subsidy per lending enterprise, and the application list", querystring: Year, response: { 200: z.object({
      rule: RuleOut,
      computed: z.array(z.object({ enterpriseId: int, enterpriseName: str, regionCode: str, workers: int, amount: int, basis: z.array(z.object({ workerId: int, name: str, days: int })) })),
      applications: z.array(z.object({ id: int, enterpriseId: int, enterpriseName: str, creditCode: str, regionName: nul(str), year: int, workers: int, amount: int, status: z.enum(["pending", "approved", "rejected"]), note: nul(str) })),
    }) } },
  }, async (req) => {
    const p = principalOf(req);
    const c = await computeSubsidies(ctx.db, p, req.query.year);
    return { rule: c.rule, computed: c.items, applications: await listApplications(ctx.db, p, req.query.year) };
  });

  r.put("/subsidy/rule", {
    config: { access: { permission: "share.subsidy.manage", scope: "none" } },
    schema: { querystring: Year, body: SubsidyRuleInput, response: { 200: RuleOut.extend({ year: int }) } },
  }, async (req) => setSubsidyRule(ctx.db, principalOf(req), req.ip, req.query.year, req.body));

  r.get("/subsidy/rule", {
    config: { access: { permission: "share.subsidy.manage", scope: "reference" } },
    schema: { querystring: Year, response: { 200: RuleOut } },
  }, async (req) => subsidyRule(ctx.db, req.query.year));

  r.post("/subsidy/applications", {
    config: { access: { permission: "share.subsidy.manage", scope: "org" } },
    schema: { querystring: Year, response: { 200: z.object({ created: int }) } },
  }, async (req) => generateApplications(ctx.db, principalOf(req), req.ip, req.query.year));

  r.post("/subsidy/applications/:id/decision", {
    config: { access: { permission: "share.subsidy.manage", scope: "org" } },
    schema: { params: IdParams, body: ReviewInput, response: { 200: z.object({ id: int, status: str }) } },
  }, async (req) => decideApplication(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  r.get("/subsidy/applications.xlsx", {
    config: { access: { permission: "share.subsidy.manage", scope: "org" } },
    schema: { querystring: Year, response: { 200: binary(XLSX, "共享用工补贴申请名单 (xlsx)") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const buf = await applicationsWorkbook(ctx.db, p, req.query.year);
    await audit(ctx.db, actorOfP(p, req.ip), { event: "share.subsidy.export", objectType: "share_subsidy", objectId: req.query.year, detail: {} });
    return reply.type(XLSX).header("content-disposition", disposition(`共享用工补贴${req.query.year}.xlsx`)).send(buf);
  });

  // ------------------------------------------------------------ statistics
  r.get("/stats", {
    config: { access: { permission: "share.stats.read", scope: "org" } },
    schema: { querystring: Year, response: { 200: z.object({
      year: int, total: StatRowOut, byCounty: z.array(StatRowOut), byIndustry: z.array(StatRowOut), byMonth: z.array(StatRowOut),
      targets: z.array(z.object({ regionCode: str, regionName: str, target: int, achieved: int, rate: z.number() })),
    }) } },
  }, async (req) => statistics(ctx.db, principalOf(req), req.query.year));

  r.get("/stats.xlsx", {
    config: { access: { permission: "share.stats.read", scope: "org" } },
    schema: { querystring: Year, response: { 200: binary(XLSX, "共享用工统计表 (xlsx)") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const buf = await statisticsWorkbook(ctx.db, p, req.query.year);
    await audit(ctx.db, actorOfP(p, req.ip), { event: "share.stats.export", objectType: "share_stats", objectId: req.query.year, detail: {} });
    return reply.type(XLSX).header("content-disposition", disposition(`共享用工统计${req.query.year}.xlsx`)).send(buf);
  });

  r.put("/targets", {
    config: { access: { permission: "share.stats.read", scope: "org" } },
    schema: { body: z.object({ regionCode: z.string().regex(/^\d{6}$/, "应为6位县市代码"), year: z.number().int().min(2020).max(2100), workers: z.number().int().min(0).max(1_000_000) }), response: { 200: Ok } },
  }, async (req) => setTarget(ctx.db, principalOf(req), req.ip, req.body));
}
