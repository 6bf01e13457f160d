/** Request forms API (P10, P11, P14–P16, X3, X4). Every route declares its permission and data scope. */
import { z } from "zod";
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import type { Principal } from "../core/access/principal.js";
import { accounts, deadlines, orgNodes, units } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { readStoredFile, storeFile } from "../core/files.js";
import { chinaDate } from "../core/calendar.js";
import { positions } from "../core/db/schema.js";
import { AREAS } from "../core/access/areas.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { formSigners, requestFormRows, requestForms, requestFormSteps, adminHandovers, FORM_KINDS, FORM_STATUSES, ROW_CATEGORIES } from "./schema.js";
import { createDraft, executeRow, signForm, STATUS_NAMES, submitForm, updateDraft, validateForm, withdrawForm, FORM_TITLES } from "./service.js";
import { renderFormPdf } from "./pdf.js";
import { recordHandover } from "./handover.js";
import { addSigner } from "./signers.js";
import { scopeFilter } from "../core/access/scope.js";
import { personsInScope } from "../labor/scope-count.js";

const RowSchema = z.object({
  category: z.enum(ROW_CATEGORIES),
  name: z.string().max(30),
  idNumber: z.string().max(20),
  phone: z.string().max(20).nullish(),
  roleKind: z.enum(["account_admin", "permission_admin", "operator"]),
  adminSubsystems: z.array(z.enum(AREAS)).max(6).optional(),
  positionId: z.number().int().nullish(),
  unitId: z.number().int().positive().nullish(),
  requirement: z.string().max(500).optional(),
});
const FormSchema = z.object({
  kind: z.enum(FORM_KINDS),
  subsystem: z.enum(AREAS).nullish(),
  applicantUnitId: z.number().int(),
  applyDate: z.string().date(),
  contactName: z.string().min(1).max(30),
  contactPhone: z.string().min(5).max(20),
  rows: z.array(RowSchema).max(200),
  staffChangeId: z.number().int().nullish(),
});
const IdParam = z.object({ id: z.coerce.number().int() });

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
      querystring: z.object({ status: z.enum(FORM_STATUSES).optional(), kind: z.enum(FORM_KINDS).optional(), from: z.string().date().optional(), to: z.string().date().optional(), todo: z.coerce.boolean().optional() }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const q = req.query;
    const signerUnits = ctx.db.select({ id: formSigners.unitId }).from(formSigners).where(eq(formSigners.accountId, p.accountId));
    const leaderOrgs = ctx.db.select({ org: units.orgCode }).from(units).innerJoin(formSigners, eq(formSigners.unitId, units.id)).where(and(eq(formSigners.accountId, p.accountId), eq(formSigners.duty, "unit_leader")));
    const visible: SQL[] = [eq(requestForms.submitterAccountId, p.accountId), inArray(requestForms.applicantUnitId, signerUnits), inArray(requestForms.applicantOrgCode, leaderOrgs)];
    if (p.unitId) visible.push(eq(requestForms.applicantUnitId, p.unitId));
    if (p.roleKind !== "operator") visible.push(eq(requestForms.executorOrgCode, p.orgCode), sql`${requestForms.applicantOrgCode} like ${p.scopePrefix + "%"}`);
    const conds: SQL[] = [or(...visible)!];
    if (q.status) conds.push(eq(requestForms.status, q.status));
    if (q.kind) conds.push(eq(requestForms.kind, q.kind));
    if (q.from) conds.push(gte(requestForms.applyDate, q.from));
    if (q.to) conds.push(lte(requestForms.applyDate, q.to));
    if (q.todo) {
      const todo: SQL[] = [];
      if (p.roleKind !== "operator") todo.push(and(eq(requestForms.executorOrgCode, p.orgCode), inArray(requestForms.status, ["approved", "executing"]))!);
      todo.push(and(inArray(requestForms.applicantUnitId, signerUnits), eq(requestForms.status, "submitted"))!);
      todo.push(and(inArray(requestForms.applicantOrgCode, leaderOrgs), eq(requestForms.status, "dept_approved"))!);
      conds.push(or(...todo)!);
    }
    const list = await ctx.db
      .select({ f: requestForms, unitName: units.name, submitter: accounts.name, due: deadlines.dueDate, dueStatus: deadlines.status, dueKind: deadlines.kind })
      .from(requestForms)
      .innerJoin(units, eq(units.id, requestForms.applicantUnitId))
      .innerJoin(accounts, eq(accounts.id, requestForms.submitterAccountId))
      .leftJoin(deadlines, and(eq(deadlines.objectType, "request_form"), eq(deadlines.objectId, requestForms.id)))
      .where(and(...conds))
      .orderBy(desc(requestForms.id))
      .limit(500);
    return list.map(({ f, unitName, submitter, due, dueStatus, dueKind }) => ({
      id: f.id, number: f.number, kind: f.kind, title: FORM_TITLES[f.kind], subsystem: f.subsystem, status: f.status, statusName: STATUS_NAMES[f.status],
      applicantUnit: unitName, applicantOrgCode: f.applicantOrgCode, executorOrgCode: f.executorOrgCode, applyDate: f.applyDate, submitter,
      submittedAt: f.submittedAt, arrivedAt: f.arrivedAt, doneAt: f.doneAt, deadline: due ? { kind: dueKind, dueDate: due, status: dueStatus } : null,
      hasScan: !!f.scanSha256,
    }));
  });

  r.post("/validate", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Validate rows as they are typed (身份证号 check digit, existing account, position of the form's subsystem, role-kind rules)", body: FormSchema },
  }, async (req) => {
    const p = principalOf(req);
    if (p.unitId !== req.body.applicantUnitId) throw forbidden("NOT_IN_UNIT", "只能由本部门人员填写本部门的申请表");
    const v = await validateForm(ctx.db, { ...req.body, subsystem: req.body.subsystem ?? null });
    return { valid: v.valid, rows: v.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.post("/", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Create a draft form for my department", body: FormSchema },
  }, async (req) => {
    const res = await createDraft(ctx.db, principalOf(req), { ...req.body, subsystem: req.body.subsystem ?? null }, req.ip);
    return { id: res.form.id, valid: res.validation.valid, rows: res.validation.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.put("/:id", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Change a draft (the submitter only)", params: IdParam, body: FormSchema },
  }, async (req) => {
    const res = await updateDraft(ctx.db, principalOf(req), req.params.id, { ...req.body, subsystem: req.body.subsystem ?? null }, req.ip);
    return { valid: res.validation.valid, rows: res.validation.rows.map((r, i) => ({ row: i + 1, problems: r.problems })) };
  });

  r.get("/:id", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "A form with its rows, steps, deadlines and the actions open to me", params: IdParam },
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
    schema: { description: "Submit a draft: every row must be valid; the form gets its number", params: IdParam },
  }, async (req) => submitForm(ctx.db, principalOf(req), req.params.id, req.ip));

  r.post("/:id/withdraw", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { params: IdParam, body: z.object({ reason: z.string().min(1).max(200) }) },
  }, async (req) => {
    await withdrawForm(ctx.db, principalOf(req), req.params.id, req.body.reason, req.ip);
    return { ok: true };
  });

  r.post("/:id/sign", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: {
      description: "申请部门意见 (stage dept, the department head) or 所在单位意见 (stage unit, the 分管领导): approve or return",
      params: IdParam,
      body: z.object({ stage: z.enum(["dept", "unit"]), decision: z.enum(["approve", "return"]), opinion: z.string().max(500) }),
    },
  }, async (req) => signForm(ctx.db, principalOf(req), req.params.id, req.body.stage, req.body.decision, req.body.opinion, req.ip));

  r.post("/:id/rows/:seq/execute-account", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "The account admin carries out the account part of a row", params: z.object({ id: z.coerce.number().int(), seq: z.coerce.number().int() }), body: z.object({ result: z.string().max(300).default("") }) },
  }, async (req) => executeRow(ctx.db, principalOf(req), req.params.id, req.params.seq, "account", req.body.result, req.ip));

  r.post("/:id/rows/:seq/execute-grant", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "The permission admin carries out the rights part of a row", params: z.object({ id: z.coerce.number().int(), seq: z.coerce.number().int() }), body: z.object({ result: z.string().max(300).default("") }) },
  }, async (req) => executeRow(ctx.db, principalOf(req), req.params.id, req.params.seq, "grant", req.body.result, req.ip));

  r.get("/:id/pdf", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "X4: the form printed as the official 附件 layout (A4 PDF) to sign and stamp", params: IdParam },
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
    schema: { description: "X4, P11: upload the signed, stamped scan (PDF/JPG/PNG, ≤ 20 MB), archived with the form", params: IdParam, consumes: ["multipart/form-data"] },
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
    schema: { params: IdParam },
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
    schema: { description: "X4: the QR on a printed form checks that the form exists as printed (no personal data)", params: z.object({ number: z.string().max(30) }) },
  }, async (req) => {
    const [f] = await ctx.db.select({ f: requestForms, unit: units.name }).from(requestForms).innerJoin(units, eq(units.id, requestForms.applicantUnitId)).where(eq(requestForms.number, req.params.number));
    if (!f) throw notFound("FORM_NOT_FOUND", "平台中没有此编号的申请表，请注意核实纸质表真伪");
    const [n] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(requestFormRows).where(eq(requestFormRows.formId, f.f.id));
    return { number: f.f.number, title: FORM_TITLES[f.f.kind], applicantUnit: f.unit, applyDate: f.f.applyDate, rows: n?.n ?? 0, status: STATUS_NAMES[f.f.status], doneAt: f.f.doneAt };
  });

  r.get("/ledger.xlsx", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "申请台账 as Excel: one row per form, one column group per step", querystring: z.object({ from: z.string().date().optional(), to: z.string().date().optional() }) },
  }, async (req, reply) => {
    const p = principalOf(req);
    const conds: SQL[] = [or(sql`${requestForms.applicantOrgCode} like ${p.scopePrefix + "%"}`, eq(requestForms.executorOrgCode, p.orgCode))!];
    if (req.query.from) conds.push(gte(requestForms.applyDate, req.query.from));
    if (req.query.to) conds.push(lte(requestForms.applyDate, req.query.to));
    const forms = await ctx.db.select({ f: requestForms, unit: units.name }).from(requestForms).innerJoin(units, eq(units.id, requestForms.applicantUnitId)).where(and(...conds)).orderBy(asc(requestForms.id));
    const ids = forms.map((x) => x.f.id);
    const steps = ids.length ? await ctx.db.select().from(requestFormSteps).where(inArray(requestFormSteps.formId, ids)).orderBy(asc(requestFormSteps.id)) : [];
    const clocks = ids.length ? await ctx.db.select().from(deadlines).where(and(eq(deadlines.objectType, "request_form"), inArray(deadlines.objectId, ids))) : [];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("申请台账");
    const groups = [["提交", "submit"], ["申请部门意见", "dept_approve"], ["所在单位意见", "unit_approve"], ["账户管理员办理", "execute_account"], ["权限管理员办理", "execute_grant"], ["办结", "done"]] as const;
    ws.addRow(["编号", "表名", "子系统", "申请部门", "申请日期", "状态", ...groups.flatMap(([g]) => [`${g}·人员`, `${g}·时间`, `${g}·意见`]), "办理时限", "时限状态"]);
    ws.getRow(1).font = { bold: true };
    for (const { f, unit } of forms) {
      const mine = steps.filter((s) => s.formId === f.id);
      const clock = clocks.find((c) => c.objectId === f.id);
      const cells = groups.flatMap(([, action]) => {
        const s = [...mine].reverse().find((x) => x.action === action);
        return s ? [s.byName ?? "", s.at.toISOString().replace("T", " ").slice(0, 19), s.opinion ?? ""] : ["", "", ""];
      });
      ws.addRow([f.number ?? "（草稿）", FORM_TITLES[f.kind], f.subsystem ? SUBSYSTEM_NAMES[f.subsystem] : "", unit, f.applyDate, STATUS_NAMES[f.status], ...cells, clock?.dueDate ?? "", clock ? { open: "进行中", met: "按时", missed: "超时" }[clock.status] : ""]);
    }
    ws.columns.forEach((c) => (c.width = 16));
    await audit(ctx.db, actorFor(req), { event: "form.ledger.export", detail: { rows: forms.length } });
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").header("content-disposition", `attachment; filename="${encodeURIComponent("申请台账")}.xlsx"`).send(buf);
  });

  r.get("/stats", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "Monthly statistics per level: forms filed, done, deadlines met or missed", querystring: z.object({ year: z.coerce.number().int().min(2020).max(2100) }) },
  }, async (req) => {
    const p = principalOf(req);
    const y = req.query.year;
    const rowsOut = await ctx.db.execute(sql`
      select to_char(f.apply_date, 'YYYY-MM') as month, o.level, count(*)::int as filed,
        count(*) filter (where f.status = 'done')::int as done,
        count(d.id) filter (where d.status = 'met')::int as met, count(d.id) filter (where d.status = 'missed')::int as missed
      from request_forms f join org_nodes o on o.code = f.applicant_org_code
      left join deadlines d on d.object_type = 'request_form' and d.object_id = f.id
      where f.apply_date between ${`${y}-01-01`}::date and ${`${y}-12-31`}::date and f.status <> 'draft'
        and (f.applicant_org_code like ${p.scopePrefix + "%"} or f.executor_org_code = ${p.orgCode})
      group by 1, 2 order by 1, 2`);
    return (rowsOut as unknown as { rows: unknown[] }).rows;
  });

  r.get("/overdue", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "X3: open deadlines that are due soon or overdue, for the home page of admins and departments" },
  }, async (req) => {
    const p = principalOf(req);
    const today = chinaDate(new Date());
    const list = await ctx.db.select({ d: deadlines, number: requestForms.number, kind: requestForms.kind, unit: units.name })
      .from(deadlines)
      .innerJoin(requestForms, and(eq(deadlines.objectType, "request_form"), eq(requestForms.id, deadlines.objectId)))
      .innerJoin(units, eq(units.id, requestForms.applicantUnitId))
      .where(and(eq(deadlines.status, "open"), lte(deadlines.remindOn, today),
        p.roleKind === "operator" ? eq(requestForms.applicantUnitId, p.unitId ?? -1) : or(eq(deadlines.orgCode, p.orgCode), sql`${requestForms.applicantOrgCode} like ${p.scopePrefix + "%"}`)))
      .orderBy(asc(deadlines.dueDate));
    return list.map(({ d, number, kind, unit }) => ({ formId: d.objectId, number, kind, unit, clock: d.kind, dueDate: d.dueDate, overdue: d.dueDate < today }));
  });

  // Signers of each unit (who gives 申请部门意见 and 所在单位意见), kept by the account admins of the level.
  r.get("/signers", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "Signers of the units in my subtree" },
  }, async (req) => {
    const p = principalOf(req);
    return ctx.db.select({ id: formSigners.id, unitId: formSigners.unitId, unitName: units.name, orgCode: units.orgCode, accountId: formSigners.accountId, name: accounts.name, duty: formSigners.duty })
      .from(formSigners).innerJoin(units, eq(units.id, formSigners.unitId)).innerJoin(accounts, eq(accounts.id, formSigners.accountId))
      .where(sql`${units.orgCode} like ${p.scopePrefix + "%"}`).orderBy(asc(units.orgCode), asc(units.id));
  });

  r.post("/signers", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "Designate a unit's department head (dept_head) or leader in charge (unit_leader)", body: z.object({ unitId: z.number().int(), accountId: z.number().int(), duty: z.enum(["dept_head", "unit_leader"]) }) },
  }, async (req) => addSigner(ctx.db, principalOf(req), req.body, req.ip));

  r.post("/handovers", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: { description: "P11: record an admin's handover — what they held and who takes it over", body: z.object({ accountId: z.number().int(), successorAccountId: z.number().int().nullish(), note: z.string().max(1000).default(""), formId: z.number().int().nullish() }) },
  }, async (req) => recordHandover(ctx.db, principalOf(req), req.body, req.ip));

  r.get("/handovers", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "P11: handover records in my subtree" },
  }, async (req) => {
    const p = principalOf(req);
    return ctx.db.select({ h: adminHandovers, name: accounts.name }).from(adminHandovers).innerJoin(accounts, eq(accounts.id, adminHandovers.accountId))
      .where(sql`${accounts.orgCode} like ${p.scopePrefix + "%"}`).orderBy(desc(adminHandovers.id));
  });

  r.get("/positions", {
    config: { access: { permission: "authenticated", scope: "org" } },
    schema: { description: "Positions (岗位角色) a department may ask for on 附件2: those of its level", querystring: z.object({ subsystem: z.enum(AREAS) }) },
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
