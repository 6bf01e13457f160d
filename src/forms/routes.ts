/** Request forms API (P10, P11, P14–P16, X3, X4). Every route declares its permission and data scope. */
import { z } from "zod";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import type { Principal } from "../core/access/principal.js";
import { accounts, deadlines, orgNodes, units } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { readStoredFile, storeFile } from "../core/files.js";
import { positions } from "../core/db/schema.js";
import { AREAS } from "../core/access/areas.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { formSigners, requestFormRows, requestForms, requestFormSteps, adminHandovers, FORM_KINDS, FORM_STATUSES, ROW_CATEGORIES } from "./schema.js";
import { createDraft, executeRow, signForm, STATUS_NAMES, submitForm, updateDraft, validateForm, withdrawForm, FORM_TITLES } from "./service.js";
import { renderFormPdf } from "./pdf.js";
import { formLedgerWorkbook, formStats, listForms, overdueForms, type FormStatsRow as FormStatsRowT } from "./queries.js";
import { recordHandover } from "./handover.js";
import { addSigner } from "./signers.js";
import { scopeFilter } from "../core/access/scope.js";
import { binary, BodyId, Id, IdParams, IsoDate, Ok, rowOf, Timestamp } from "../core/http/schemas.js";
import { personsInScope } from "../labor/scope-count.js";

const RowSchema = z.object({
  category: z.enum(ROW_CATEGORIES),
  name: z.string().max(30),
  idNumber: z.string().max(20),
  phone: z.string().max(20).nullish(),
  roleKind: z.enum(["account_admin", "permission_admin", "operator"]),
  adminSubsystems: z.array(z.enum(AREAS)).max(6).optional(),
  positionId: BodyId.nullish(),
  unitId: BodyId.nullish(),
  requirement: z.string().max(500).optional(),
});
const FormSchema = z.object({
  kind: z.enum(FORM_KINDS),
  subsystem: z.enum(AREAS).nullish(),
  applicantUnitId: BodyId,
  applyDate: IsoDate,
  contactName: z.string().min(1).max(30),
  contactPhone: z.string().min(5).max(20),
  rows: z.array(RowSchema).max(200),
  staffChangeId: BodyId.nullish(),
});
const IdParam = IdParams;
const RowParams = z.object({ id: Id, seq: Id });

const FormStatus = z.enum(FORM_STATUSES);
const Problems = z.object({ field: z.string(), code: z.string(), message: z.string() });
const Validation = z.object({ valid: z.boolean(), rows: z.array(z.object({ row: z.number(), problems: z.array(Problems) })) });
const StatusAnswer = z.object({ status: FormStatus });

/** One line of the 申请台账 (GET /api/forms). */
export const FormListItem = z.object({
  id: z.number(), number: z.string().nullable(), kind: z.enum(FORM_KINDS), title: z.string(), subsystem: z.enum(AREAS).nullable(), status: FormStatus, statusName: z.string(),
  applicantUnit: z.string(), applicantOrgCode: z.string(), executorOrgCode: z.string(), applyDate: z.string(), submitter: z.string(),
  submittedAt: Timestamp.nullable(), arrivedAt: Timestamp.nullable(), doneAt: Timestamp.nullable(),
  deadline: z.object({ kind: z.string().nullable(), dueDate: z.string(), status: z.enum(["open", "met", "missed"]).nullable() }).nullable(),
  hasScan: z.boolean(),
});
/** A form with its rows, steps, deadlines and what the caller may do (GET /api/forms/:id). */
export const FormDetail = z.object({
  form: rowOf(requestForms).extend({ title: z.string(), statusName: z.string(), applicantUnit: z.string().optional(), applicantOrgName: z.string().optional(), subsystemName: z.string().nullable(), contactPhone: z.string().nullable() }),
  rows: z.array(rowOf(requestFormRows).extend({ idNumber: z.string().nullable(), phone: z.string().nullable(), positionName: z.string().nullable() })),
  steps: z.array(rowOf(requestFormSteps)),
  deadlines: z.array(rowOf(deadlines)),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), withdraw: z.boolean(), signDept: z.boolean(), signUnit: z.boolean(), executeAccount: z.boolean(), executeGrant: z.boolean(), uploadScan: z.boolean() }),
});
export const FormStatsRow: z.ZodType<FormStatsRowT> = z.object({ month: z.string(), level: z.string(), filed: z.number(), done: z.number(), met: z.number(), missed: z.number() });
export const OverdueItem = z.object({ formId: z.number(), number: z.string().nullable(), kind: z.enum(FORM_KINDS), unit: z.string(), clock: z.string(), dueDate: z.string(), overdue: z.boolean() });
export const SignerItem = z.object({ id: z.number(), unitId: z.number(), unitName: z.string(), orgCode: z.string(), accountId: z.number(), name: z.string(), duty: z.enum(["dept_head", "unit_leader"]) });
export const FormPosition = z.object({ id: z.number(), name: z.string(), orgCode: z.string(), permissions: z.array(z.string()), description: z.string() });

type Form = typeof requestForms.$inferSelect;

async function isSignerFor(ctx: AppContext, p: Principal, f: Form) {
  const duties = await signerDuties(ctx, p, f);
  return duties.dept || duties.unit;
}

/** Which of the form's two signatures this person may give (申请部门负责人; 所在单位分管领导). */
async function signerDuties(ctx: AppContext, p: Principal, f: Form) {
  const leaderUnits = ctx.db.select({ id: units.id }).from(units).where(eq(units.orgCode, f.applicantOrgCode));
  const rows = await ctx.db.select({ duty: formSigners.duty }).from(formSigners).where(and(eq(formSigners.accountId, p.accountId),
    or(and(eq(formSigners.unitId, f.applicantUnitId), eq(formSigners.duty, "dept_head")), and(inArray(formSigners.unitId, leaderUnits), eq(formSigners.duty, "unit_leader")))));
  return { dept: rows.some((r) => r.duty === "dept_head"), unit: rows.some((r) => r.duty === "unit_leader") };
}

/** Who may see a form: its department's staff, its signers, the executing admins, admins whose scope covers it. */
async function viewable(ctx: AppContext, p: Principal, f: Form): Promise<{ full: boolean }> {
  const execAdmin = p.roleKind !== "operator" && p.orgCode === f.executorOrgCode;
  if (p.accountId === f.submitterAccountId || execAdmin) return { full: true };
  if (p.unitId === f.applicantUnitId || (await isSignerFor(ctx, p, f))) return { full: false };
  if (p.roleKind !== "operator" && f.applicantOrgCode.startsWith(p.scopePrefix)) return { full: false };
  throw notFound("FORM_NOT_FOUND", "申请表不存在或不在您的查看范围内");
}

async function loadForm(ctx: AppContext, id: number) {
  const [f] = await ctx.db.select().from(requestForms).where(eq(requestForms.id, id));
  if (!f) throw notFound("FORM_NOT_FOUND", "申请表不存在或不在您的查看范围内");
  return f;
}

export function formRoutes(r: Router, ctx: AppContext) {
  const fileOpts = { dir: ctx.config.filesDir, inDatabase: ctx.config.filesInDatabase };

  r.get("/", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: {
      description: "P10/P14 申请台账: forms I filed, my unit's, those I sign, those my level carries out, and (admins) my subtree's",
      querystring: z.object({ status: z.enum(FORM_STATUSES).optional(), kind: z.enum(FORM_KINDS).optional(), from: IsoDate.optional(), to: IsoDate.optional(), todo: z.coerce.boolean().optional() }),
      response: { 200: z.array(FormListItem) },
    },
  }, async (req) => {
    return listForms(ctx.db, principalOf(req), req.query);
  });

  r.post("/validate", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Validate rows as they are typed (身份证号 check digit, existing account, position of the form's subsystem, role-kind rules)", body: FormSchema, response: { 200: Validation } },
  }, async (req) => {
    const p = principalOf(req);
    if (p.unitId !== req.body.applicantUnitId) throw forbidden("NOT_IN_UNIT", "只能由本部门人员填写本部门的申请表");
    const v = await validateForm(ctx.db, { ...req.body, subsystem: req.body.subsystem ?? null });
    return { valid: v.valid, rows: v.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.post("/", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Create a draft form for my department", body: FormSchema, response: { 200: Validation.extend({ id: z.number() }) } },
  }, async (req) => {
    const res = await createDraft(ctx.db, principalOf(req), { ...req.body, subsystem: req.body.subsystem ?? null }, req.ip);
    return { id: res.form.id, valid: res.validation.valid, rows: res.validation.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.put("/:id", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Change a draft (the submitter only)", params: IdParam, body: FormSchema, response: { 200: Validation } },
  }, async (req) => {
    const res = await updateDraft(ctx.db, principalOf(req), req.params.id, { ...req.body, subsystem: req.body.subsystem ?? null }, req.ip);
    return { valid: res.validation.valid, rows: res.validation.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.get("/:id", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "A form with its rows, steps, deadlines and the actions open to me", params: IdParam, response: { 200: FormDetail } },
  }, async (req) => {
    const p = principalOf(req);
    const f = await loadForm(ctx, req.params.id);
    const { full } = await viewable(ctx, p, f);
    const rows = await ctx.db.select().from(requestFormRows).where(eq(requestFormRows.formId, f.id)).orderBy(asc(requestFormRows.seq));
    const steps = await ctx.db.select().from(requestFormSteps).where(eq(requestFormSteps.formId, f.id)).orderBy(asc(requestFormSteps.id));
    const clocks = await ctx.db.select().from(deadlines).where(and(eq(deadlines.objectType, "request_form"), eq(deadlines.objectId, f.id)));
    const [unit] = await ctx.db.select({ name: units.name, orgName: orgNodes.name }).from(units).innerJoin(orgNodes, eq(orgNodes.code, units.orgCode)).where(eq(units.id, f.applicantUnitId));
    const posNames = new Map((await ctx.db.select({ id: positions.id, name: positions.name }).from(positions).where(eq(positions.subsystem, f.subsystem ?? "LABOR"))).map((x) => [x.id, x.name]));
    const signer = await signerDuties(ctx, p, f);
    const execAdmin = p.roleKind !== "operator" && p.orgCode === f.executorOrgCode;
    return {
      form: { ...f, title: FORM_TITLES[f.kind], statusName: STATUS_NAMES[f.status], applicantUnit: unit?.name, applicantOrgName: unit?.orgName, subsystemName: f.subsystem ? SUBSYSTEM_NAMES[f.subsystem] : null, contactPhone: full ? f.contactPhone : maskPhone(f.contactPhone) },
      rows: rows.map((row) => ({ ...row, idNumber: full ? row.idNumber : maskIdNumber(row.idNumber), phone: full ? row.phone : maskPhone(row.phone), positionName: row.positionId ? posNames.get(row.positionId) ?? null : null })),
      steps,
      deadlines: clocks,
      can: {
        edit: f.status === "draft" && f.submitterAccountId === p.accountId,
        submit: f.status === "draft" && f.submitterAccountId === p.accountId,
        withdraw: ["draft", "submitted", "dept_approved"].includes(f.status) && f.submitterAccountId === p.accountId,
        signDept: f.status === "submitted" && signer.dept,
        signUnit: f.status === "dept_approved" && signer.unit,
        executeAccount: execAdmin && p.roleKind === "account_admin" && ["approved", "executing"].includes(f.status),
        executeGrant: execAdmin && p.roleKind === "permission_admin" && ["approved", "executing"].includes(f.status),
        uploadScan: (f.submitterAccountId === p.accountId || execAdmin) && f.status !== "draft",
      },
    };
  });

  r.post("/:id/submit", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Submit a draft: every row must be valid; the form gets its number", params: IdParam, response: { 200: z.object({ number: z.string() }) } },
  }, async (req) => submitForm(ctx.db, principalOf(req), req.params.id, req.ip));

  r.post("/:id/withdraw", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { params: IdParam, body: z.object({ reason: z.string().min(1).max(200) }), response: { 200: Ok } },
  }, async (req) => {
    await withdrawForm(ctx.db, principalOf(req), req.params.id, req.body.reason, req.ip);
    return { ok: true as const };
  });

  r.post("/:id/sign", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: {
      description: "申请部门意见 (stage dept, the department head) or 所在单位意见 (stage unit, the 分管领导): approve or return",
      params: IdParam,
      body: z.object({ stage: z.enum(["dept", "unit"]), decision: z.enum(["approve", "return"]), opinion: z.string().max(500) }),
      response: { 200: StatusAnswer },
    },
  }, async (req) => signForm(ctx.db, principalOf(req), req.params.id, req.body.stage, req.body.decision, req.body.opinion, req.ip));

  r.post("/:id/rows/:seq/execute-account", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "The account admin carries out the account part of a row", params: RowParams, body: z.object({ result: z.string().max(300).default("") }), response: { 200: z.object({ status: FormStatus.optional() }) } },
  }, async (req) => executeRow(ctx.db, principalOf(req), req.params.id, req.params.seq, "account", req.body.result, req.ip));

  r.post("/:id/rows/:seq/execute-grant", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "The permission admin carries out the rights part of a row", params: RowParams, body: z.object({ result: z.string().max(300).default("") }), response: { 200: z.object({ status: FormStatus.optional() }) } },
  }, async (req) => executeRow(ctx.db, principalOf(req), req.params.id, req.params.seq, "grant", req.body.result, req.ip));

  r.get("/:id/pdf", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "X4: the form printed as the official 附件 layout (A4 PDF) to sign and stamp", params: IdParam, response: { 200: binary("application/pdf", "申请表 PDF") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const f = await loadForm(ctx, req.params.id);
    const { full } = await viewable(ctx, p, f);
    const origin = `${req.protocol}://${req.host}`;
    const { pdf, number } = await renderFormPdf(ctx.db, f.id, `${origin}/forms/verify/${encodeURIComponent(f.number ?? "")}`, { revealIds: full });
    await audit(ctx.db, actorFor(req), { event: full ? "form.pdf.reveal" : "form.pdf", objectType: "request_form", objectId: f.id, detail: { fullIdNumbers: full } });
    return reply.type("application/pdf").header("content-disposition", `attachment; filename="${encodeURIComponent(number)}.pdf"`).send(pdf);
  });

  r.post("/:id/scan", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "X4, P11: upload the signed, stamped scan (PDF/JPG/PNG, ≤ 20 MB), archived with the form", params: IdParam, consumes: ["multipart/form-data"], response: { 200: z.object({ sha256: z.string(), size: z.number(), mime: z.string() }) } },
  }, async (req) => {
    const p = principalOf(req);
    const f = await loadForm(ctx, req.params.id);
    const { full } = await viewable(ctx, p, f);
    if (!full || f.status === "draft") throw forbidden("SCAN_NOT_ALLOWED", "只有提交人或办理管理员可以上传已提交申请表的签字盖章扫描件");
    const file = await req.file();
    if (!file) throw badRequest("FILE_REQUIRED", "请选择要上传的文件");
    const buf = await file.toBuffer();
    return ctx.db.transaction(async (tx) => {
      const stored = await storeFile(tx, fileOpts, buf, ["pdf", "jpeg", "png"], p.accountId);
      await tx.update(requestForms).set({ scanSha256: stored.sha256, scanName: file.filename, updatedAt: new Date() }).where(eq(requestForms.id, f.id));
      await audit(tx, actorFor(req), { event: "form.scan.upload", objectType: "request_form", objectId: f.id, detail: { sha256: stored.sha256, size: stored.size, mime: stored.mime, name: file.filename } });
      return { sha256: stored.sha256, size: stored.size, mime: stored.mime };
    });
  });

  r.get("/:id/scan", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { params: IdParam, response: { 200: binary("application/octet-stream", "签字盖章扫描件 (PDF/JPG/PNG)") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const f = await loadForm(ctx, req.params.id);
    await viewable(ctx, p, f);
    if (!f.scanSha256) throw notFound("SCAN_NOT_FOUND", "尚未上传签字盖章扫描件");
    const file = await readStoredFile(ctx.db, fileOpts, f.scanSha256);
    return reply.type(file.mime).header("content-disposition", `inline; filename="${encodeURIComponent(f.scanName ?? "scan")}"`).send(file.data);
  });

  r.get("/verify/:number", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { description: "X4: the QR on a printed form checks that the form exists as printed (no personal data)", params: z.object({ number: z.string().max(30) }),
      response: { 200: z.object({ number: z.string().nullable(), title: z.string(), applicantUnit: z.string(), applyDate: z.string(), rows: z.number(), status: z.string(), doneAt: Timestamp.nullable() }) } },
  }, async (req) => {
    const [f] = await ctx.db.select({ f: requestForms, unit: units.name }).from(requestForms).innerJoin(units, eq(units.id, requestForms.applicantUnitId)).where(eq(requestForms.number, req.params.number));
    if (!f) throw notFound("FORM_NOT_FOUND", "平台中没有此编号的申请表，请注意核实纸质表真伪");
    const [n] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(requestFormRows).where(eq(requestFormRows.formId, f.f.id));
    return { number: f.f.number, title: FORM_TITLES[f.f.kind], applicantUnit: f.unit, applyDate: f.f.applyDate, rows: n?.n ?? 0, status: STATUS_NAMES[f.f.status], doneAt: f.f.doneAt };
  });

  r.get("/ledger.xlsx", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "申请台账 as Excel: one row per form, one column group per step", querystring: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }),
      response: { 200: binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "申请台账 Excel") } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const { buffer, rows } = await formLedgerWorkbook(ctx.db, p, req.query);
    await audit(ctx.db, actorFor(req), { event: "form.ledger.export", detail: { rows } });
    return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").header("content-disposition", `attachment; filename="${encodeURIComponent("申请台账")}.xlsx"`).send(buffer);
  });

  r.get("/stats", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "Monthly statistics per level: forms filed, done, deadlines met or missed", querystring: z.object({ year: z.coerce.number().int().min(2020).max(2100) }), response: { 200: z.array(FormStatsRow) } },
  }, async (req) => {
    return formStats(ctx.db, principalOf(req), req.query.year);
  });

  r.get("/overdue", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "X3: open deadlines that are due soon or overdue, for the home page of admins and departments", response: { 200: z.array(OverdueItem) } },
  }, async (req) => {
    return overdueForms(ctx.db, principalOf(req), new Date());
  });

  // Signers of each unit (who gives 申请部门意见 and 所在单位意见), kept by the account admins of the level.
  r.get("/signers", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "Signers of the units in my subtree", response: { 200: z.array(SignerItem) } },
  }, async (req) => {
    const p = principalOf(req);
    return ctx.db.select({ id: formSigners.id, unitId: formSigners.unitId, unitName: units.name, orgCode: units.orgCode, accountId: formSigners.accountId, name: accounts.name, duty: formSigners.duty })
      .from(formSigners).innerJoin(units, eq(units.id, formSigners.unitId)).innerJoin(accounts, eq(accounts.id, formSigners.accountId))
      .where(scopeFilter(p, units.orgCode)).orderBy(asc(units.orgCode), asc(units.id));
  });

  r.post("/signers", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "Designate a unit's department head (dept_head) or leader in charge (unit_leader)", body: z.object({ unitId: BodyId, accountId: BodyId, duty: z.enum(["dept_head", "unit_leader"]) }),
      response: { 200: rowOf(formSigners).partial({ id: true, createdBy: true, createdAt: true }) } },
  }, async (req) => addSigner(ctx.db, principalOf(req), req.body, req.ip));

  r.post("/handovers", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "P11: record an admin's handover — what they held and who takes it over", body: z.object({ accountId: BodyId, successorAccountId: BodyId.nullish(), note: z.string().max(1000).default(""), formId: BodyId.nullish() }),
      response: { 200: rowOf(adminHandovers) } },
  }, async (req) => recordHandover(ctx.db, principalOf(req), req.body, req.ip));

  r.get("/handovers", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "P11: handover records in my subtree", response: { 200: z.array(z.object({ h: rowOf(adminHandovers), name: z.string() })) } },
  }, async (req) => {
    const p = principalOf(req);
    return ctx.db.select({ h: adminHandovers, name: accounts.name }).from(adminHandovers).innerJoin(accounts, eq(accounts.id, adminHandovers.accountId))
      .where(scopeFilter(p, accounts.orgCode)).orderBy(desc(adminHandovers.id));
  });

  r.get("/positions", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Positions (岗位角色) a department may ask for on 附件2: those of its level", querystring: z.object({ subsystem: z.enum(AREAS) }), response: { 200: z.array(FormPosition) } },
  }, async (req) => {
    const p = principalOf(req);
    const county = p.level === "township" ? p.orgCode.slice(0, 6) : p.orgCode;
    return ctx.db.select({ id: positions.id, name: positions.name, orgCode: positions.orgCode, permissions: positions.permissions, description: positions.description })
      .from(positions).where(and(eq(positions.subsystem, req.query.subsystem), eq(positions.status, "active"), eq(positions.orgCode, county))).orderBy(asc(positions.id));
  });

  // P9 (issue 15): the units a department may name as a new account's 所在单位 — its own organisation and, on 附件2,
  // the organisations under it — and, for a form, the data scope each new account's row gives.
  r.get("/units", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: {
      description: "P9: units a new account on my department's form may belong to (附件2: my organisation and below; 附件1: my organisation)",
      querystring: z.object({ kind: z.enum(FORM_KINDS).default("operator") }),
      response: { 200: z.array(z.object({ id: z.number().int(), name: z.string(), orgCode: z.string(), orgName: z.string(), level: z.string() })) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const where = req.query.kind === "admin" ? eq(units.orgCode, p.orgCode) : scopeFilter(p, units.orgCode);
    return ctx.db.select({ id: units.id, name: units.name, orgCode: units.orgCode, orgName: orgNodes.name, level: orgNodes.level })
      .from(units).innerJoin(orgNodes, eq(orgNodes.code, units.orgCode)).where(where).orderBy(asc(units.orgCode), asc(units.id)).limit(1000);
  });

  r.get("/:id/scope", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: {
      description: "P9: per row creating an account, the organisation and unit it names and how many people of the registry that account will see",
      params: IdParam,
      response: { 200: z.array(z.object({ seq: z.number().int(), orgCode: z.string(), orgName: z.string(), unitName: z.string().nullable(), persons: z.number().int(), text: z.string() })) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const f = await loadForm(ctx, req.params.id);
    await viewable(ctx, p, f);
    const list = await ctx.db.select({ seq: requestFormRows.seq, orgCode: requestFormRows.orgCode, orgName: orgNodes.name, scopePrefix: orgNodes.scopePrefix, unitName: units.name })
      .from(requestFormRows).innerJoin(orgNodes, eq(orgNodes.code, requestFormRows.orgCode)).leftJoin(units, eq(units.id, requestFormRows.unitId))
      .where(and(eq(requestFormRows.formId, f.id), eq(requestFormRows.category, "add"))).orderBy(asc(requestFormRows.seq));
    const out = [];
    for (const x of list) {
      const persons = await personsInScope(ctx.db, { scopePrefix: x.scopePrefix });
      out.push({ seq: x.seq, orgCode: x.orgCode, orgName: x.orgName, unitName: x.unitName, persons, text: `该账户可查看：${x.orgName} ${persons} 人` });
    }
    return out;
  });
}
