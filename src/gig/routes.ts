/**
 * GIG 零工驿站 API (S-GIG station side, issue #16), mounted under /api/gig. Every route declares its function code
 * (src/gig/permissions.ts) and data scope, and Zod schemas for params, query, body and response; services check the
 * scope (P9) and write their audit rows (X1). 身份证号 and phone leave masked except in the audited reveal (X2).
 */
import { z } from "zod";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { BodyId, IdParams, binary, IsoDate, Ok, Paging, Text, Timestamp, pageOf } from "../core/http/schemas.js";
import { chinaDate } from "../core/calendar.js";
import {
  addSkill, advanceComplaint, applyToPosting, blacklistEmployer, cancelApplication, checkIn, checkOut, closePosting, completeApplication, complaintDetail, confirmStation,
  createEmployer, createPosting, createStation, fileComplaint, hire, liftBlacklist, rate, recordPayment, registerWorker, reviewPosting, revealWorker, submitPosting,
  updateWorker, verifyEmployer, workerDetail, workerInScope,
} from "./service.js";
import { listComplaints, listEmployers, listWorkers, listPostings, listSettlements, listSkills, listStations, postingDetail, statistics, statisticsWorkbook } from "./queries.js";
import { recommendPostings } from "./match.js";
import { regionScope } from "../core/access/scope.js";
import { APPLICATION_STATUSES, CANCEL_KINDS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES, HARDSHIP_FLAGS, OPTIONAL_SERVICES, PAY_UNITS, PAYMENT_CHANNELS, POSTING_STATUSES, REQUIRED_SERVICES, STATION_KINDS } from "./schema.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const region = z.string().regex(/^(422800|\d{6}(\d{3})?(\d{3})?)$/, "地区代码应为6、9或12位区划代码");
const village = z.string().regex(/^\d{12}$/, "应为12位村（社区）区划代码");
const township = z.string().regex(/^\d{9}$/, "应为9位乡镇（街道）区划代码");
const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, "联系电话格式不正确");
const fen = z.number().int("金额以分计，应为整数").min(0).max(100_000_000);
const minute = z.number().int().min(0).max(1440);
const skillCode = z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, "技能代码应为小写字母、数字和下划线");
const boolQ = z.enum(["true", "false"]).transform((v) => v === "true").optional();
const nullableText = (n: number) => Text(n).nullish();

const Station = z.object({
  id: z.number(), name: z.string(), kind: z.enum(STATION_KINDS), regionCode: z.string(), regionName: z.string().nullable(), address: z.string(), hours: z.string(), phone: z.string().nullable(),
  staff: z.array(z.object({ name: z.string(), role: z.string() })), requiredServices: z.array(z.string()), optionalServices: z.array(z.string()), complaintChannel: z.string().nullable(),
  lastConfirmed: z.string(), active: z.boolean(), confirmationDue: z.boolean(),
});
const stationBody = z.object({
  name: Text(60, "站点名称").min(2), kind: z.enum(STATION_KINDS), regionCode: region, address: Text(200, "地址").min(2), hours: Text(100, "服务时间").min(2), phone: phone.nullish(),
  staff: z.array(z.object({ name: Text(30).min(1), role: Text(30).min(1) })).max(20).optional(),
  requiredServices: z.array(z.enum(REQUIRED_SERVICES)).refine((l) => REQUIRED_SERVICES.every((s) => l.includes(s)), "须提供人社部发〔2023〕65号要求的全部服务：岗位匹配、职业指导、培训信息、维权指导"),
  optionalServices: z.array(z.enum(OPTIONAL_SERVICES)).optional(), complaintChannel: nullableText(200),
});
const SkillRow = z.object({ code: z.string(), name: z.string(), industry: z.string(), builtin: z.boolean() });
const SkillLevel = z.object({ code: z.string(), name: z.string(), level: z.number() });

const workerBody = z.object({
  idNumber: z.string().trim().min(15).max(18), name: Text(30, "姓名").min(1), phone: phone.nullish(), regionCode: village, stationId: BodyId.nullish(), wantedWork: nullableText(200),
  wageMinFen: fen.nullish(), wageMaxFen: fen.nullish(), availableDays: z.number().int().min(1, "请至少选择一天可工作日").max(127),
  areaTownships: z.array(township).max(30).optional(), hardship: z.array(z.enum(HARDSHIP_FLAGS)).max(4).optional(),
  skills: z.array(z.object({ code: skillCode, level: z.number().int().min(1).max(3) })).min(1, "请至少登记一项技能").max(10),
  mode: z.enum(["staff", "proxy"]).default("staff").describe("proxy: 代办（为无智能手机的零工登记），审计记录经办人员"),
});
const WorkerItem = z.object({
  id: z.number(), name: z.string(), sex: z.string(), idNumberMasked: z.string(), phoneMasked: z.string().nullable(), regionCode: z.string(), villageName: z.string().nullable(), hardship: z.array(z.string()),
  status: z.string(), registeredVia: z.string(), wageMinFen: z.number().nullable(), wageMaxFen: z.number().nullable(), availableDays: z.number(), createdAt: Timestamp, skills: z.array(SkillLevel),
});
const Credit = z.object({ credit: z.number(), avgRating: z.number().nullable(), ratings: z.number(), noShows: z.number() });

const employerBody = z.object({
  kind: z.enum(["enterprise", "individual"]), creditCode: z.string().trim().max(18, "统一社会信用代码应为18位").nullish(), idNumber: z.string().trim().max(18, "身份证号应为18位").nullish(), name: Text(100, "名称").min(2), legalRep: nullableText(30),
  contactName: Text(30, "联系人").min(1), contactPhone: phone, contactIdNumber: z.string().trim().max(18).nullish(), industry: nullableText(30), regionCode: region,
});
const EmployerItem = z.object({
  id: z.number(), kind: z.string(), name: z.string(), creditCode: z.string().nullable(), idNumberMasked: z.string().nullable(), legalRep: z.string().nullable(), contactName: z.string(),
  contactPhoneMasked: z.string(), industry: z.string().nullable(), regionCode: z.string(), verification: z.string(), verifyNote: z.string().nullable(), createdAt: Timestamp,
  blacklist: z.object({ id: z.number(), reason: z.string(), untilDate: z.string() }).nullable(), credit: z.number(),
});

const postingBody = z.object({
  employerId: BodyId, stationId: BodyId.nullish(), title: Text(60, "岗位名称").min(2), skillCode, minLevel: z.number().int().min(1).max(3).default(1), villageCode: village,
  startDate: IsoDate, endDate: IsoDate, startMin: minute, endMin: minute, payUnit: z.enum(PAY_UNITS), payFen: fen.min(1, "报酬应大于0"),
  payWithinDays: z.number().int().min(0).max(30, "工资支付周期不得超过30日"), headcount: z.number().int().min(1).max(500), requirements: nullableText(500),
  contactName: Text(30, "联系人").min(1), contactPhone: phone, urgent: z.boolean().optional(), submit: z.boolean().optional(),
});
const PostingItem = z.object({
  id: z.number(), title: z.string(), skillCode: z.string(), skillName: z.string(), industry: z.string(), minLevel: z.number(), villageCode: z.string(), villageName: z.string().nullable(),
  startDate: z.string(), endDate: z.string(), startMin: z.number(), endMin: z.number(), dayMask: z.number(), payUnit: z.enum(PAY_UNITS), payFen: z.number(), payWithinDays: z.number(),
  headcount: z.number(), hiredCount: z.number(), requirements: z.string().nullable(), contactName: z.string(), contactPhoneMasked: z.string(), urgent: z.boolean(), status: z.enum(POSTING_STATUSES),
  flags: z.array(z.string()), reviewNote: z.string().nullable(), submittedAt: Timestamp.nullable(), publishedAt: Timestamp.nullable(), createdAt: Timestamp, employerId: z.number(),
  employerName: z.string(), employerVerification: z.string(),
});
const Reason = z.object({ text: z.string(), points: z.number() });
const WorkerRec = z.object({ workerId: z.number(), name: z.string(), regionCode: z.string(), level: z.number(), hardship: z.array(z.string()), credit: z.number(), score: z.number(), reasons: z.array(Reason) });
const PostingRec = z.object({
  postingId: z.number(), title: z.string(), villageCode: z.string(), startDate: z.string(), endDate: z.string(), payUnit: z.enum(PAY_UNITS), payFen: z.number(), employerName: z.string(), urgent: z.boolean(),
  score: z.number(), reasons: z.array(Reason),
});
const Application = z.object({
  id: z.number(), status: z.enum(APPLICATION_STATUSES), workerId: z.number(), workerName: z.string(), idNumberMasked: z.string(), phoneMasked: z.string().nullable(), source: z.string(),
  createdAt: Timestamp, hiredAt: Timestamp.nullable(), cancelKind: z.string().nullable(), cancelReason: z.string().nullable(),
  attendance: z.array(z.object({ id: z.number(), day: z.string(), checkIn: Timestamp, checkOut: Timestamp.nullable(), pieces: z.number().nullable(), confirmedBy: z.string() })),
  settlement: z.object({ id: z.number(), amountFen: z.number(), quantity: z.number(), status: z.string(), dueDate: z.string(), paidFen: z.number() }).nullable(),
  ratings: z.record(z.string(), z.number()).nullable(),
});
const Created = z.object({ id: z.number() });
const dayBody = z.object({ day: IsoDate, at: z.string().datetime({ offset: true, message: "时间格式应为 ISO 8601" }), confirmedBy: z.enum(["employer", "staff"]).default("staff") });
const statsQuery = z.object({ region: region.optional(), from: IsoDate.optional(), to: IsoDate.optional() });
const StatsAnswer = z.object({
  region: z.string(), from: z.string(), to: z.string(),
  groups: z.array(z.object({ code: z.string(), name: z.string(), registrations: z.number(), workers: z.number(), postings: z.number(), placements: z.number(), hardshipPlaced: z.number(), avgDailyFen: z.number().nullable(), avgFillHours: z.number().nullable() })),
  funnel: z.object({ posted: z.number(), hired: z.number(), arrived: z.number(), completed: z.number(), paid: z.number(), rated: z.number() }),
  demandSupply: z.array(z.object({ industry: z.string(), openings: z.number(), seekers: z.number(), ratio: z.number().nullable() })),
});

function period(q: { from?: string; to?: string }) {
  const to = q.to ?? chinaDate(new Date());
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  return { from, to };
}

export function gigRoutes(r: Router, ctx: AppContext) {
  const db = ctx.db;

  // ---------------------------------------------------------------- stations and skills
  r.get("/stations", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: { description: "S-GIG 驿站名录: stations in scope with services, hours, staff and the date last confirmed (quarterly)", querystring: z.object({ region: region.optional() }), response: { 200: z.object({ items: z.array(Station) }) } },
  }, async (req) => ({ items: (await listStations(db, regionScope(principalOf(req), req.query.region))) as z.infer<typeof Station>[] }));

  r.post("/stations", {
    config: { access: { permission: "gig.station.manage", scope: "org" } },
    schema: { description: "S-GIG register a station (总站/分站/基层站/服务点) in scope; audited", body: stationBody, response: { 200: Created } },
  }, async (req) => ({ id: (await createStation(db, principalOf(req), req.body, actorFor(req))).id }));

  r.post("/stations/:id/confirm", {
    config: { access: { permission: "gig.station.manage", scope: "org" } },
    schema: { description: "S-GIG quarterly confirmation of a station's entry (optionally with corrections); audited", params: IdParams, body: stationBody.partial().omit({ kind: true, regionCode: true }), response: { 200: Ok } },
  }, async (req) => {
    await confirmStation(db, principalOf(req), req.params.id, req.body, actorFor(req));
    return { ok: true as const };
  });

  r.get("/skills", {
    config: { access: { permission: "gig.worker.read", scope: "reference" } },
    schema: { description: "S-GIG skill code table (levels 1 普工, 2 熟练工, 3 师傅)", response: { 200: z.object({ items: z.array(SkillRow) }) } },
  }, async () => ({ items: await listSkills(db) }));

  r.post("/skills", {
    config: { access: { permission: "gig.station.manage", scope: "reference" } },
    schema: { description: "S-GIG extend the skill code table; audited", body: z.object({ code: skillCode, name: Text(20, "技能名称").min(1), industry: Text(20, "行业").min(2) }), response: { 200: Ok } },
  }, async (req) => {
    await addSkill(db, principalOf(req), req.body, actorFor(req));
    return { ok: true as const };
  });

  // ---------------------------------------------------------------- workers
  r.get("/workers", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: {
      description: "S-GIG gig workers in scope, masked (X2)",
      querystring: Paging.extend({ region: region.optional(), q: z.string().trim().max(30).optional(), skill: skillCode.optional(), hardship: boolQ }),
      response: { 200: pageOf(WorkerItem) },
    },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return (await listWorkers(db, principalOf(req), f, page, pageSize)) as { items: z.infer<typeof WorkerItem>[]; total: number; page: number; pageSize: number };
  });

  r.post("/workers", {
    config: { access: { permission: "gig.worker.manage", scope: "org" } },
    schema: { description: "S-GIG register a gig worker (GB 11643 check; village in scope); mode 'proxy' audits the staff member acting for the worker", body: workerBody, response: { 200: Created } },
  }, async (req) => registerWorker(db, principalOf(req), req.body, actorFor(req)));

  r.get("/workers/:id", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: {
      description: "S-GIG worker detail: skills, the labor registry's record of the same person (常住地, skills; never copied), applications, credit; masked; the view is audited",
      params: IdParams,
      response: {
        200: z.object({
          worker: z.object({
            id: z.number(), name: z.string(), sex: z.string(), birthDate: z.string(), regionCode: z.string(), villageName: z.string().nullable(), stationId: z.number().nullable(), wantedWork: z.string().nullable(),
            wageMinFen: z.number().nullable(), wageMaxFen: z.number().nullable(), availableDays: z.number(), areaTownships: z.array(z.string()), hardship: z.array(z.string()), status: z.string(),
            registeredVia: z.string(), createdAt: Timestamp, createdBy: z.number().nullable(), idNumberMasked: z.string(), phoneMasked: z.string().nullable(),
          }),
          skills: z.array(SkillLevel),
          registry: z.object({ personId: z.number().nullable(), regionCode: z.string(), regionName: z.string().nullable(), skills: z.array(z.string()), skillLevel: z.string().nullable(), employmentStatus: z.string().nullable() }).nullable(),
          applications: z.array(z.object({ id: z.number(), status: z.string(), startDate: z.union([z.string(), z.date()]), endDate: z.union([z.string(), z.date()]), title: z.string(), postingId: z.number(), employerName: z.string() })),
          credit: Credit,
        }),
      },
    },
  }, async (req) => (await workerDetail(db, principalOf(req), req.params.id, actorFor(req))) as never);

  r.put("/workers/:id", {
    config: { access: { permission: "gig.worker.manage", scope: "org" } },
    schema: {
      description: "S-GIG update a worker's skills, availability, wage range, area, hardship flags or status; audited (proxy mode names the staff member)",
      params: IdParams,
      body: workerBody.omit({ idNumber: true, regionCode: true, name: true }).partial().extend({ mode: z.enum(["staff", "proxy"]).default("staff"), status: z.enum(["active", "inactive"]).optional() }),
      response: { 200: Ok },
    },
  }, async (req) => updateWorker(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/workers/:id/reveal", {
    config: { access: { permission: "gig.worker.reveal-id", scope: "org" } },
    schema: { description: "X2: the clear 身份证号 and phone of a worker for a stated reason; audited", params: IdParams, body: z.object({ reason: Text(200, "原因").min(2, "请填写查看原因") }), response: { 200: z.object({ id: z.number(), idNumber: z.string(), phone: z.string().nullable() }) } },
  }, async (req, reply) => {
    reply.header("cache-control", "no-store");
    return revealWorker(db, principalOf(req), req.params.id, req.body.reason, actorFor(req));
  });

  r.get("/workers/:id/recommendations", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG matching: published postings for a worker, ranked, each with 为什么推荐; hard constraints never broken", params: IdParams, response: { 200: z.object({ items: z.array(PostingRec) }) } },
  }, async (req) => {
    const p = principalOf(req);
    const w = await workerInScope(db, p, req.params.id);
    return { items: await recommendPostings(db, p, w.id, chinaDate(new Date()), 10) };
  });

  // ---------------------------------------------------------------- employers
  r.get("/employers", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: {
      description: "S-GIG employers in scope with verification, blacklist and credit; masked",
      querystring: Paging.extend({ region: region.optional(), q: z.string().trim().max(30).optional(), verification: z.enum(["verified", "manual_review", "rejected"]).optional() }),
      response: { 200: pageOf(EmployerItem) },
    },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return (await listEmployers(db, principalOf(req), f, page, pageSize)) as never;
  });

  r.post("/employers", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: {
      description: "S-GIG register an employer: an enterprise by 统一社会信用代码 (GB 32100-2015; a failed check character goes to manual review, not refused) or an individual by 身份证号; audited",
      body: employerBody, response: { 200: z.object({ id: z.number(), verification: z.string(), verifyNote: z.string().nullable() }) },
    },
  }, async (req) => createEmployer(db, principalOf(req), req.body, actorFor(req)));

  r.post("/employers/:id/verify", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: { description: "S-GIG manual review of an employer whose credit code failed its check; audited", params: IdParams, body: z.object({ decision: z.enum(["verified", "rejected"]), note: Text(200, "核验意见").min(2, "请填写核验意见") }), response: { 200: Ok } },
  }, async (req) => verifyEmployer(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/employers/:id/blacklist", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: { description: "S-GIG put an employer on the blacklist with reason and period; audited", params: IdParams, body: z.object({ reason: Text(200, "原因").min(2, "请填写原因"), fromDate: IsoDate, untilDate: IsoDate }), response: { 200: Created } },
  }, async (req) => blacklistEmployer(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/blacklist/:id/lift", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: { description: "S-GIG lift a blacklist entry; audited", params: IdParams, body: z.object({ reason: Text(200, "原因").min(2, "请填写原因") }), response: { 200: Ok } },
  }, async (req) => liftBlacklist(db, principalOf(req), req.params.id, req.body.reason, actorFor(req)));

  // ---------------------------------------------------------------- postings
  r.get("/postings", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: {
      description: "S-GIG postings in scope; status=pending_review is the review queue (即时快招 first)",
      querystring: Paging.extend({ region: region.optional(), status: z.enum(POSTING_STATUSES).optional(), skill: skillCode.optional(), employerId: z.coerce.number().int().positive().optional() }),
      response: { 200: pageOf(PostingItem) },
    },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return (await listPostings(db, principalOf(req), f, page, pageSize)) as never;
  });

  r.post("/postings", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: {
      description: "S-GIG a posting (draft, or submitted for review): pay not below the county's minimum wage (鄂政办发〔2025〕44号), ≤ 15-day pay cycle for hourly work, no blacklisted employer; discriminating words flagged",
      body: postingBody, response: { 200: z.object({ id: z.number(), status: z.string(), flags: z.array(z.string()) }) },
    },
  }, async (req) => createPosting(db, principalOf(req), req.body, actorFor(req)));

  r.get("/postings/:id", {
    config: { access: { permission: "gig.worker.read", scope: "org" } },
    schema: {
      description: "S-GIG posting detail with applications, attendance, settlements, ratings and (for match staff) recommended workers with 为什么推荐",
      params: IdParams,
      response: { 200: z.object({ posting: PostingItem.extend({ employerCredit: z.number() }), applications: z.array(Application), recommendations: z.array(WorkerRec) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    return (await postingDetail(db, p, req.params.id, p.permissions.has("gig.match.manage"))) as never;
  });

  r.post("/postings/:id/submit", {
    config: { access: { permission: "gig.employer.manage", scope: "org" } },
    schema: { description: "S-GIG submit a draft (or a returned posting) for review", params: IdParams, response: { 200: Ok } },
  }, async (req) => submitPosting(db, principalOf(req), req.params.id, actorFor(req)));

  r.post("/postings/:id/review", {
    config: { access: { permission: "gig.posting.review", scope: "org" } },
    schema: {
      description: "S-GIG station review: approve (publishes; real-name employer, minimum wage, no blacklist, flagged words answered) or reject with a reason; the only way a posting is published",
      params: IdParams, body: z.object({ decision: z.enum(["approve", "reject"]), note: nullableText(300) }), response: { 200: Ok },
    },
  }, async (req) => reviewPosting(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/postings/:id/close", {
    config: { access: { permission: "gig.posting.review", scope: "org" } },
    schema: { description: "S-GIG close a posting; audited", params: IdParams, body: z.object({ reason: Text(200, "原因").min(2, "请填写原因") }), response: { 200: Ok } },
  }, async (req) => closePosting(db, principalOf(req), req.params.id, req.body.reason, actorFor(req)));

  r.post("/postings/:id/applications", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG put a worker forward for a published posting (待确认)", params: IdParams, body: z.object({ workerId: BodyId, source: z.enum(["staff", "recommendation"]).default("staff") }), response: { 200: Created } },
  }, async (req) => applyToPosting(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  // ---------------------------------------------------------------- applications, attendance, settlement
  r.post("/applications/:id/hire", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG 录用: 待确认 → 已录用; headcount never exceeded, no overlapping booking", params: IdParams, response: { 200: z.object({ ok: z.literal(true), filled: z.boolean() }) } },
  }, async (req) => hire(db, principalOf(req), req.params.id, actorFor(req)));

  r.post("/applications/:id/cancel", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG 取消 with by whom and why (a no-show lowers credit)", params: IdParams, body: z.object({ kind: z.enum(CANCEL_KINDS), reason: Text(200, "原因").min(2, "请填写取消原因") }), response: { 200: Ok } },
  }, async (req) => cancelApplication(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/applications/:id/check-in", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG check-in on a booked day (confirmed by the employer or recorded by staff)", params: IdParams, body: dayBody, response: { 200: Created } },
  }, async (req) => checkIn(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/applications/:id/check-out", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG check-out (after its check-in; pieces for piece work)", params: IdParams, body: dayBody.extend({ pieces: z.number().int().min(0).max(100_000).nullish() }), response: { 200: Ok } },
  }, async (req) => checkOut(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.post("/applications/:id/complete", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: { description: "S-GIG 完工结算: quantity from attendance × agreed pay; the employer pays the worker directly", params: IdParams, response: { 200: z.object({ settlementId: z.number(), amountFen: z.number(), quantity: z.number(), dueDate: z.string() }) } },
  }, async (req) => completeApplication(db, principalOf(req), req.params.id, actorFor(req)));

  r.post("/applications/:id/rate", {
    config: { access: { permission: "gig.match.manage", scope: "org" } },
    schema: { description: "S-GIG rating after completion, both ways (1–5)", params: IdParams, body: z.object({ direction: z.enum(["of_worker", "of_employer"]), score: z.number().int().min(1).max(5), comment: nullableText(200) }), response: { 200: Ok } },
  }, async (req) => rate(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  r.get("/settlements", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: {
      description: "S-GIG settlements in scope with their payments",
      querystring: Paging.extend({ region: region.optional(), status: z.enum(["due", "paid"]).optional() }),
      response: {
        200: pageOf(z.object({
          id: z.number(), applicationId: z.number(), postingId: z.number(), title: z.string(), workerName: z.string(), employerName: z.string(), payUnit: z.string(), quantity: z.number(), rateFen: z.number(),
          amountFen: z.number(), dueDate: z.string(), status: z.string(), paidFen: z.number(), payments: z.array(z.object({ paidOn: z.string(), amountFen: z.number(), channel: z.string() })),
        })),
      },
    },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return (await listSettlements(db, principalOf(req), f, page, pageSize)) as never;
  });

  r.post("/settlements/:id/payments", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: {
      description: "S-GIG record a payment the employer made to the worker (date, amount, channel such as the worker's 社保卡 account); the platform never holds money",
      params: IdParams, body: z.object({ paidOn: IsoDate, amountFen: fen.min(1), channel: z.enum(PAYMENT_CHANNELS), reference: nullableText(60) }), response: { 200: z.object({ ok: z.literal(true), paid: z.boolean() }) },
    },
  }, async (req) => recordPayment(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  // ---------------------------------------------------------------- complaints
  const ComplaintItem = z.object({
    id: z.number(), status: z.enum(COMPLAINT_STATUSES), outcome: z.string().nullable(), result: z.string().nullable(), description: z.string(), amountFen: z.number().nullable(), dueDate: z.string(),
    acceptedAt: Timestamp, closedAt: Timestamp.nullable(), workerName: z.string(), employerName: z.string(), workerId: z.number(), employerId: z.number(), overdue: z.boolean(),
  });
  r.get("/complaints", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: { description: "S-GIG 劳动维权 queue in scope (open first by deadline)", querystring: Paging.extend({ region: region.optional(), open: boolQ }), response: { 200: pageOf(ComplaintItem) } },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return (await listComplaints(db, principalOf(req), f, page, pageSize)) as never;
  });

  r.post("/complaints", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: {
      description: "S-GIG accept (受理) a worker's arrears complaint; its result is due in working days from the kernel's deadline engine",
      body: z.object({ workerId: BodyId, employerId: BodyId, applicationId: BodyId.nullish(), amountFen: fen.nullish(), description: Text(1000, "投诉内容").min(4, "请写明投诉内容") }),
      response: { 200: z.object({ id: z.number(), dueDate: z.string() }) },
    },
  }, async (req) => fileComplaint(db, principalOf(req), req.body, actorFor(req)));

  r.get("/complaints/:id", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: {
      description: "S-GIG complaint with its steps",
      params: IdParams,
      response: {
        200: z.object({
          id: z.number(), status: z.string(), outcome: z.string().nullable(), result: z.string().nullable(), description: z.string(), amountFen: z.number().nullable(), dueDate: z.string(),
          workerName: z.string(), employerName: z.string(), workerId: z.number(), employerId: z.number(), acceptedAt: Timestamp, closedAt: Timestamp.nullable(),
          steps: z.array(z.object({ id: z.number(), step: z.string(), note: z.string(), actorName: z.string().nullable(), at: Timestamp })),
        }),
      },
    },
  }, async (req) => (await complaintDetail(db, principalOf(req), req.params.id)) as never);

  r.post("/complaints/:id/step", {
    config: { access: { permission: "gig.settlement.manage", scope: "org" } },
    schema: {
      description: "S-GIG next step: 调查 → 调解 / 移交劳动监察 → 结果 (upheld lowers the employer's credit)",
      params: IdParams, body: z.object({ step: z.enum(["investigating", "mediation", "transferred", "closed"]), note: Text(500, "说明").min(2, "请填写说明"), outcome: z.enum(COMPLAINT_OUTCOMES).nullish() }),
      response: { 200: Ok },
    },
  }, async (req) => advanceComplaint(db, principalOf(req), req.params.id, req.body, actorFor(req)));

  // ---------------------------------------------------------------- statistics
  r.get("/stats", {
    config: { access: { permission: "gig.stats.read", scope: "org" } },
    schema: { description: "S-GIG statistics of a region in scope for a period by its child divisions, the funnel and 求人倍率 by industry", querystring: statsQuery, response: { 200: StatsAnswer } },
  }, async (req) => statistics(db, principalOf(req), { region: req.query.region, ...period(req.query) }));

  r.get("/stats/export", {
    config: { access: { permission: "gig.stats.read", scope: "org" } },
    schema: { description: "S-GIG statistics as xlsx (same scope as the page); audited", querystring: statsQuery, response: { 200: binary(XLSX, "零工驿站统计表（Excel 文件）") } },
  }, async (req, reply) => {
    const buf = await statisticsWorkbook(db, principalOf(req), { region: req.query.region, ...period(req.query) }, actorFor(req));
    reply.header("content-type", XLSX).header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent("零工驿站统计.xlsx")}`);
    return reply.send(buf);
  });
}
