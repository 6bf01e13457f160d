/**
 * 业务需求运维管理 API (R1–R14). Every route declares its function code and data scope; each lifecycle step has its own
 * route carrying the step's function code, and the service checks the rest (state, unit kind/level/relation, content).
 */
import { z } from "zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { audit } from "../core/audit.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import { inScope } from "../core/access/scope.js";
import { readStoredFile } from "../core/files.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { PREFECTURE_CODE } from "../core/org.js";
import { and, eq } from "drizzle-orm";
import { SUBSYSTEMS } from "../core/access/areas.js";
import { ATTACHMENT_KINDS, FEASIBILITIES, REQ_STATUSES, REQ_TYPES, REQ_URGENCIES, requirementAttachments, requirements } from "./schema.js";
import { ACTIONS, ACTION_NAMES, ACTION_PERMISSION, DEADLINE_KEY_NAMES, STATUS_NAMES, TRANSITIONS, type Action } from "./lifecycle.js";
import { addAttachment, ATTACHMENT_KIND_NAMES, createRequirement, performAction, removeAttachment, updateRequirement } from "./service.js";
import { ListQuerySchema, TYPE_NAMES, URGENCY_NAMES, FEASIBILITY_NAMES, ledgerStats, ledgerWorkbook, listRequirements, myQueue, requirementDetail, vendorRecord } from "./ledger.js";
import { DeadlineSettingsSchema, loadDeadlineSettings, saveDeadlineSettings } from "./deadlines.js";
import { infoCenterUnit, prefectureDepartments, unitInfo, vendorUnits } from "./org.js";
import { applicationPdf, releasePdf } from "./pdf.js";
import { answer, anyObject, binary, BodyId, Id, IdParams, Ok, pageOf } from "../core/http/schemas.js";
import { actorOf } from "../core/access/principal.js";

const IdParam = IdParams;
const AttachmentParams = IdParams.extend({ attachmentId: Id });
const Named = z.object({ id: z.number(), name: z.string() });
const CodeName = z.object({ code: z.string(), name: z.string() });
const DeadlineTable = DeadlineSettingsSchema;

/** One line of the 需求台账 (GET /api/requirements, /queue, /overdue). */
export const RequirementListItem = answer({
  id: z.number(), number: z.string().nullable(), title: z.string(), subsystem: z.enum(SUBSYSTEMS), subsystemName: z.string(), applicantUnitId: z.number(),
  status: z.enum(REQ_STATUSES), statusName: z.string(), type: z.enum(REQ_TYPES), urgency: z.enum(REQ_URGENCIES), dueDate: z.string().nullable(), overdue: z.boolean(),
});
const RequirementPage = pageOf(RequirementListItem);
const StepAnswer = z.object({ id: z.number(), status: z.enum(REQ_STATUSES), number: z.string().nullable(), stepId: z.number(), dueDate: z.string().nullable() });

const FormBody = z.object({
  title: z.string().max(100).describe("需求名称"),
  subsystem: z.enum(SUBSYSTEMS).describe("子系统名称"),
  contactName: z.string().max(30).describe("联系人姓名"),
  contactPhone: z.string().max(20).describe("联系人电话"),
  type: z.enum(REQ_TYPES).describe("需求类型：new 新增 / change 变更"),
  urgency: z.enum(REQ_URGENCIES).describe("紧急程度：normal 一般 / urgent 紧急"),
  urgencyReason: z.string().max(1000).nullish().describe("紧急理由（紧急时必填）"),
  description: z.string().max(20000).describe("需求描述（Markdown）"),
  counterpartUnitId: BodyId.nullish().describe("州级对口业务部门（县（市）申请时必填）"),
});

const base = {
  opinion: z.string().max(2000).nullish().describe("意见"),
  attachmentIds: z.array(BodyId).max(20).optional().describe("本步骤引用的附件"),
};
const testFields = {
  testDate: z.string().max(10).optional().describe("测试日期 YYYY-MM-DD"),
  summary: z.string().max(3000).optional().describe("测试内容与结果"),
  verifiers: z.string().max(200).optional().describe("验证人员"),
};
const ACTION_BODIES: Record<Action, z.ZodObject> = {
  submit: z.object(base),
  withdraw: z.object(base),
  dept_approve: z.object(base),
  dept_return: z.object(base),
  prefecture_approve: z.object(base),
  prefecture_return: z.object(base),
  dispatch: z.object({ ...base, vendorUnitId: BodyId.nullish().describe("运维公司单位") }),
  center_return: z.object(base),
  accept: z.object(base),
  evaluate: z.object({
    ...base,
    feasibility: z.enum(FEASIBILITIES).optional().describe("可实施性"),
    plan: z.string().max(5000).optional().describe("实施计划"),
    estimatedWorkdays: z.number().int().min(1).max(500).nullish().describe("预计工作日"),
  }),
  approve: z.object({ ...base, devWorkdays: z.number().int().min(1).max(250).nullish().describe("开发期限（工作日，R10）") }),
  reject: z.object(base),
  reevaluate: z.object(base),
  internal_test: z.object({ ...base, ...testFields }),
  test_pass: z.object({ ...base, ...testFields }),
  test_fail: z.object({ ...base, ...testFields }),
  release_plan: z.object({
    ...base,
    scope: z.string().max(2000).optional().describe("影响业务范围"),
    start: z.string().max(40).optional().describe("开始时间 (ISO 8601)"),
    end: z.string().max(40).optional().describe("结束时间 (ISO 8601)"),
    lead: z.string().max(40).optional().describe("运维公司项目负责人"),
  }),
  release_result: z.object({
    ...base,
    outcome: z.enum(["success", "failed"]).optional().describe("发布结果"),
    releasedAt: z.string().max(40).optional().describe("发布时间 (ISO 8601)"),
    note: z.string().max(2000).nullish().describe("结果说明"),
  }),
};

const listQuery = ListQuerySchema;
const statsQuery = ListQuerySchema.omit({ page: true, pageSize: true });

export function requirementRoutes(r: Router, ctx: AppContext) {
  const fileOpts = { dir: ctx.config.filesDir, inDatabase: ctx.config.filesInDatabase };

  r.get("/meta", {
    config: { access: { permission: "req.read", scope: "reference" } },
    schema: {
      description: "R1–R14 reference data: subsystems, states, steps, 州 departments, vendors, deadlines, the caller's unit",
      response: {
        200: z.object({
          systemName: z.string(), subsystems: z.array(CodeName), statuses: z.array(CodeName), actions: z.array(CodeName.extend({ permission: z.string() })),
          transitions: z.array(answer({ action: z.string(), from: z.array(z.string()).readonly(), to: z.string() })),
          types: z.array(CodeName), urgencies: z.array(CodeName), feasibilities: z.array(CodeName), attachmentKinds: z.array(CodeName),
          counterparts: z.array(Named), vendors: z.array(Named), infoCenter: Named, deadlines: DeadlineTable, deadlineNames: z.record(z.string(), z.string()),
          myUnit: z.object({ id: z.number(), name: z.string(), kind: z.string(), level: z.string() }).nullable(),
        }),
      },
    },
  }, async (req) => {
    const p = principalOf(req);
    const unit = await unitInfo(ctx.db, p.unitId);
    const center = await infoCenterUnit(ctx.db);
    return {
      systemName: "恩施州劳动力资源信息平台",
      subsystems: SUBSYSTEMS.map((s) => ({ code: s, name: SUBSYSTEM_NAMES[s] })),
      statuses: REQ_STATUSES.map((s) => ({ code: s, name: STATUS_NAMES[s] })),
      actions: ACTIONS.map((a) => ({ code: a, name: ACTION_NAMES[a], permission: ACTION_PERMISSION[a] })),
      transitions: TRANSITIONS.map((t) => ({ action: t.action, from: t.from, to: t.to, altTo: t.altTo ?? null, permission: t.permission, actor: t.actor, applicantLevel: t.applicantLevel ?? null, spec: t.spec })),
      types: REQ_TYPES.map((t) => ({ code: t, name: TYPE_NAMES[t] })),
      urgencies: REQ_URGENCIES.map((u) => ({ code: u, name: URGENCY_NAMES[u] })),
      feasibilities: FEASIBILITIES.map((f) => ({ code: f, name: FEASIBILITY_NAMES[f] })),
      attachmentKinds: ATTACHMENT_KINDS.map((k) => ({ code: k, name: ATTACHMENT_KIND_NAMES[k] })),
      counterparts: await prefectureDepartments(ctx.db),
      vendors: await vendorUnits(ctx.db),
      infoCenter: { id: center.id, name: center.name },
      deadlines: await loadDeadlineSettings(ctx.db),
      deadlineNames: DEADLINE_KEY_NAMES,
      myUnit: unit ? { id: unit.id, name: unit.name, kind: unit.kind, level: unit.level } : null,
    };
  });

  r.get("/", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "R4: requirements in the caller's scope, with filters (subsystem, unit, type, urgency, status, period, overdue)", querystring: listQuery, response: { 200: RequirementPage } },
  }, async (req) => listRequirements(ctx.db, principalOf(req), req.query));

  r.post("/", {
    config: { access: { permission: "req.submit", scope: "org" } },
    schema: { description: "R13: a business department fills the 业务需求申请表 (saved as a draft)", body: FormBody, response: { 200: z.object({ id: z.number(), status: z.enum(REQ_STATUSES) }) } },
  }, async (req) => {
    const created = await createRequirement(ctx.db, principalOf(req), req.ip, req.body);
    return { id: created.id, status: created.status };
  });

  r.get("/queue", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "The caller's 待办: requirements on which the caller can take a step now (the vendor's queue, R6)", response: { 200: z.object({ items: z.array(RequirementListItem) }) } },
  }, async (req) => myQueue(ctx.db, principalOf(req)));

  r.get("/overdue", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "X3, R10: requirements whose current step is past its working-day deadline", querystring: listQuery.omit({ overdue: true }), response: { 200: RequirementPage } },
  }, async (req) => listRequirements(ctx.db, principalOf(req), { ...req.query, overdue: "1" }));

  r.get("/stats", {
    config: { access: { permission: "req.ledger.read", scope: "org" } },
    schema: { description: "R4, R6: counts per subsystem/unit/status/month, median working days per step, deadlines met/missed", querystring: statsQuery,
      response: { 200: answer({ total: z.number(), open: z.number(), overdue: z.number(), urgent: z.number(), closed: z.number(), medianLeadWorkdays: z.number().nullable(), asOf: z.string() }) } },
  }, async (req) => ledgerStats(ctx.db, principalOf(req), req.query));

  r.get("/export", {
    config: { access: { permission: "req.ledger.read", scope: "org" } },
    schema: { description: "R4: the 需求台账 as an Excel workbook (requirements and every step)", querystring: statsQuery, response: { 200: binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "需求台账 Excel") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const { buffer, rows } = await ledgerWorkbook(ctx.db, p, req.query);
    await audit(ctx.db, actorFor(req), { event: "req.ledger.export", objectType: "requirement_ledger", detail: { rows, filters: req.query } });
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent("需求台账")}.xlsx`)
      .send(buffer);
  });

  r.get("/vendor-record", {
    config: { access: { permission: "req.evaluate", scope: "org" } },
    schema: { description: "R6(5): the vendor's record of every requirement given to it and how it was carried out", response: { 200: z.object({ items: z.array(answer({ id: z.number() })), summary: anyObject }) } },
  }, async (req) => vendorRecord(ctx.db, principalOf(req)));

  r.get("/settings", {
    config: { access: { permission: "req.read", scope: "reference" } },
    schema: { description: "X3: working-day deadlines per step (一般/紧急)", response: { 200: z.object({ deadlines: DeadlineTable, names: z.record(z.string(), z.string()) }) } },
  }, async () => ({ deadlines: await loadDeadlineSettings(ctx.db), names: DEADLINE_KEY_NAMES }));

  r.put("/settings", {
    config: { access: { permission: "req.manage", scope: "none" } },
    schema: { description: "X3, R4: the 州信息中心 sets the default working-day deadlines", body: z.object({ deadlines: DeadlineSettingsSchema }), response: { 200: z.object({ deadlines: DeadlineTable }) } },
  }, async (req) => {
    const p = principalOf(req);
    const unit = await unitInfo(ctx.db, p.unitId);
    if (!unit || unit.kind !== "info_center" || unit.orgCode !== PREFECTURE_CODE) throw forbidden("REQ_WRONG_UNIT", "办理期限由州信息中心设定（第五条）");
    for (const k of Object.keys(req.body.deadlines.urgent) as (keyof typeof req.body.deadlines.urgent)[]) {
      if (req.body.deadlines.urgent[k] > req.body.deadlines.normal[k]) throw badRequest("REQ_URGENT_LONGER", `紧急需求的「${DEADLINE_KEY_NAMES[k]}」期限不能长于一般需求`);
    }
    return { deadlines: await saveDeadlineSettings(ctx.db, { ...actorOf(p, req.ip), accountId: p.accountId }, req.body.deadlines) };
  });

  r.get("/:id", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "R4: one requirement with its full history, time in each step, tests, attachments and the steps the caller may take", params: IdParam,
      response: { 200: RequirementListItem.extend({ contactName: z.string(), description: z.string() }) } },
  }, async (req) => requirementDetail(ctx.db, principalOf(req), req.params.id));

  r.put("/:id", {
    config: { access: { permission: "req.submit", scope: "org" } },
    schema: { description: "R13: change a draft or a returned form", params: IdParam, body: FormBody, response: { 200: z.object({ id: z.number(), changed: z.array(z.string()) }) } },
  }, async (req) => updateRequirement(ctx.db, principalOf(req), req.ip, req.params.id, req.body));

  for (const action of ACTIONS) {
    r.post(`/:id/actions/${action}`, {
      config: { access: { permission: ACTION_PERMISSION[action], scope: "org" } },
      schema: {
        description: `R1: ${ACTION_NAMES[action]}（${TRANSITIONS.filter((t) => t.action === action).map((t) => `${t.from.map((s) => STATUS_NAMES[s]).join("/")} → ${STATUS_NAMES[t.to]}${t.altTo ? `/${STATUS_NAMES[t.altTo]}` : ""}`).join("；")}）`,
        params: IdParam,
        body: ACTION_BODIES[action],
        response: { 200: StepAnswer },
      },
    }, async (req) => performAction(ctx.db, principalOf(req), req.ip, req.params.id, action, req.body as Record<string, never>));
  }

  r.post("/:id/attachments", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: {
      description: "R7, X4: upload a policy document (PDF/Word/JPG/PNG) or a signed scan of 附件1/附件2 (PDF/JPG/PNG), type sniffed from the bytes, ≤ 20 MB",
      params: IdParam,
      querystring: z.object({ kind: z.enum(ATTACHMENT_KINDS) }),
      consumes: ["multipart/form-data"],
      response: { 200: z.object({ id: z.number(), name: z.string(), kind: z.enum(ATTACHMENT_KINDS), mime: z.string(), size: z.number() }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (!req.isMultipart()) throw badRequest("FILE_REQUIRED", "请选择要上传的文件");
    const file = await req.file();
    if (!file) throw badRequest("FILE_REQUIRED", "请选择要上传的文件");
    const buf = await file.toBuffer();
    const a = await addAttachment(ctx.db, fileOpts, p, req.ip, req.params.id, req.query.kind, file.filename, buf);
    return { id: a.id, name: a.name, kind: a.kind, mime: a.mime, size: a.size };
  });

  r.get("/:id/attachments/:attachmentId", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { params: AttachmentParams, response: { 200: binary("application/octet-stream", "附件文件") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const [row] = await ctx.db
      .select({ a: requirementAttachments, orgCode: requirements.applicantOrgCode })
      .from(requirementAttachments)
      .innerJoin(requirements, eq(requirements.id, requirementAttachments.requirementId))
      .where(and(eq(requirementAttachments.id, req.params.attachmentId), eq(requirementAttachments.requirementId, req.params.id)));
    if (!row || !inScope(p, row.orgCode)) throw notFound("REQ_ATTACHMENT_NOT_FOUND", "附件不存在");
    const f = await readStoredFile(ctx.db, fileOpts, row.a.sha256);
    return reply.type(f.mime).header("content-disposition", `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(row.a.name)}`).send(f.data);
  });

  r.delete("/:id/attachments/:attachmentId", {
    config: { access: { permission: "req.submit", scope: "org" } },
    schema: { description: "R7: take a policy document off a draft (kept archived, marked removed)", params: AttachmentParams, response: { 200: Ok } },
  }, async (req) => {
    await removeAttachment(ctx.db, principalOf(req), req.ip, req.params.id, req.params.attachmentId);
    return { ok: true as const };
  });

  const sendPdf = async (req: FastifyRequest, reply: FastifyReply, id: number, kind: "application" | "release") => {
    const p = principalOf(req);
    const [row] = await ctx.db.select({ orgCode: requirements.applicantOrgCode }).from(requirements).where(eq(requirements.id, id));
    if (!row || !inScope(p, row.orgCode)) throw notFound("REQ_NOT_FOUND", "业务需求不存在或不在您的查看范围内");
    const url = `${req.protocol}://${req.host}/requirements/${id}`;
    const { pdf, fileName } = kind === "application" ? await applicationPdf(ctx.db, id, url) : await releasePdf(ctx.db, id, url);
    return reply.type("application/pdf").header("content-disposition", `attachment; filename="${kind}.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(pdf);
  };

  r.get("/:id/pdf/application", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "R13, X4: 附件1 业务需求申请表 as an A4 PDF to sign and stamp", params: IdParam, response: { 200: binary("application/pdf", "附件1 PDF") } },
  }, async (req, reply) => sendPdf(req, reply, req.params.id, "application"));

  r.get("/:id/pdf/release", {
    config: { access: { permission: "req.read", scope: "org" } },
    schema: { description: "R14, X4: 附件2 业务需求程序发布确认单 as an A4 PDF to sign", params: IdParam, response: { 200: binary("application/pdf", "附件2 PDF") } },
  }, async (req, reply) => sendPdf(req, reply, req.params.id, "release"));
}
