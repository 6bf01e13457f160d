/**
 * LABOR 劳动力资源信息库 API (S-LABOR, X2, P9). Every route declares its function code and data scope; organisation data
 * is read through scopeFilter on the 常住地 village code. 身份证号 and phone leave the server masked, except in the answer
 * of the audited reveal.
 */
import { z } from "zod";
import { answer, anyObject, binary, Id, IdParams, IsoDate, Paging, pageOf } from "../core/http/schemas.js";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { AppError, badRequest } from "../core/errors.js";
import { codeTables, zCode } from "./codes.js";
import { FIELDS } from "./record.js";
import {
  createHousehold, createPerson, householdDetail, personDetail, qualityList, qualitySummary, revealPerson, searchPersons, updatePerson,
  type PersonFilter, type PersonInput,
} from "./service.js";
import { INDICATOR_NAMES, laborStatistics } from "./stats.js";
import { exportPersons } from "./export.js";
import {
  MAX_UPLOAD_BYTES, batchInScope, batchView, beginCommit, cancelImport, importProblems, importerOf, listBatches,
  problemsWorkbook, templateWorkbook, validateImport, type ImportContext,
} from "./import.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const Workbook = { 200: binary(XLSX, "Excel 文件") };

/** One person in the registry list, masked (X2). */
export const PersonListItem = answer({ id: z.number(), name: z.string(), idNumberMasked: z.string().nullable(), regionCode: z.string() });
/** An import batch as the import page follows it. */
export const BatchAnswer = answer({ id: z.number(), status: z.string(), interrupted: z.boolean(), fileName: z.string(), totalRows: z.number(), validRows: z.number(), errorRows: z.number(), progress: z.number() });
const Versioned = answer({ id: z.number(), version: z.number() });
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1").optional();
const regionCode = z.string().regex(/^\d{6}(\d{3})?(\d{3})?$/, "地区代码应为6、9或12位区划代码");

const filterQuery = z.object({
  region: regionCode.optional(),
  q: z.string().trim().max(30).optional(),
  status: z.string().max(200).optional().describe("就业状态代码，多个用逗号分隔"),
  sex: zCode.sex.optional(),
  education: zCode.education.optional(),
  ethnicity: zCode.ethnicity.optional(),
  transferDest: zCode.transferDest.optional(),
  transferChannel: zCode.transferChannel.optional(),
  skill: zCode.skill.optional(),
  transfer: flag,
  returnee: flag,
  poverty: flag,
  monitored: flag,
  workingAge: flag,
  ageMin: z.coerce.number().int().min(0).max(120).optional(),
  ageMax: z.coerce.number().int().min(0).max(120).optional(),
  householdId: Id.optional(),
});

function toFilter(q: z.infer<typeof filterQuery>): PersonFilter {
  const { status, ...rest } = q;
  const list = status ? status.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
  if (list) for (const s of list) if (!zCode.employmentStatus.safeParse(s).success) throw badRequest("STATUS_UNKNOWN", `就业状态代码“${s}”不存在`);
  return { ...rest, status: list };
}

const nullableText = (max: number) => z.string().trim().max(max).nullish();
/** A person as the entry form sends it: stored codes, 12-digit village codes. */
const personBody = z.object({
  idNumber: z.string().trim().min(15).max(18),
  name: z.string().trim().min(1).max(30),
  sex: zCode.sex.nullish().describe("可省略：由身份证号确定，填写时须一致"),
  birthDate: IsoDate.nullish(),
  regionCode: z.string().regex(/^\d{12}$/, "常住地应为12位村（社区）区划代码"),
  hukouCode: z.string().regex(/^\d{12}$/).nullish(),
  ethnicity: zCode.ethnicity.nullish(),
  education: zCode.education.nullish(),
  householdNo: z.string().trim().max(30).nullish(),
  relation: zCode.relation.nullish(),
  employmentStatus: zCode.employmentStatus.nullish(),
  transferDest: zCode.transferDest.nullish(),
  transferChannel: zCode.transferChannel.nullish(),
  industry: zCode.industry.nullish(),
  occupation: zCode.occupation.nullish(),
  monthlyIncome: z.number().int().min(0).max(1_000_000).nullish(),
  monthsAway: z.number().int().min(0).max(12).nullish(),
  leftDate: IsoDate.nullish(),
  workPlace: nullableText(100),
  skillLevel: zCode.skillLevel.nullish(),
  skills: z.array(zCode.skill).max(10).optional(),
  certificates: nullableText(200),
  trainingWish: zCode.trainingWish.nullish(),
  employmentWish: zCode.employmentWish.nullish(),
  returnee: z.boolean().optional(),
  poverty: z.boolean().optional(),
  monitored: z.boolean().optional(),
  phone: nullableText(20),
  remarks: nullableText(500),
});

const idParam = IdParams;

export function laborRoutes(r: Router, ctx: AppContext) {
  const ictx: ImportContext = { db: ctx.db };

  r.get("/codes", {
    config: { access: { permission: "authenticated", scope: "reference" } },
    schema: { description: "S-LABOR code tables (民族, 文化程度, 就业状态, 转移去向 …), field labels and statistics indicator names",
      response: { 200: z.object({ codes: anyObject, fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), survey: z.boolean(), headers: z.array(z.string()).readonly() })), indicators: anyObject }) } },
  }, async () => ({
    codes: codeTables(),
    fields: FIELDS.map((f) => ({ key: f.key, label: f.label, required: !!f.required, survey: !!f.survey, headers: f.headers })),
    indicators: INDICATOR_NAMES,
  }));

  // ------------------------------------------------------------ registry

  r.get("/persons", {
    config: { access: { permission: "labor.person.read", scope: "org" } },
    schema: {
      description: "S-LABOR search: filters, paged list with total; 身份证号 and phone masked (X2); limited to the caller's scope (P9)",
      querystring: filterQuery.extend(Paging.shape),
      response: { 200: pageOf(PersonListItem) },
    },
  }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return searchPersons(ctx.db, principalOf(req), toFilter(f), page, pageSize);
  });

  r.get("/persons/export", {
    config: { access: { permission: "labor.export", scope: "org" } },
    schema: { description: "S-LABOR export of the filtered list to xlsx, masked (X2), audited", querystring: filterQuery, response: Workbook },
  }, async (req, reply) => {
    const out = await exportPersons(ctx.db, principalOf(req), toFilter(req.query), actorFor(req));
    reply.header("content-type", XLSX).header("content-disposition", disposition(out.fileName)).header("x-export-rows", String(out.rows));
    return reply.send(out.stream);
  });

  r.get("/persons/:id", {
    config: { access: { permission: "labor.person.read", scope: "org" } },
    schema: { description: "S-LABOR record detail with household and change history (who, when, field, old → new); masked; the view is audited", params: idParam, response: { 200: answer({ person: answer({ id: z.number(), version: z.number() }) }) } },
  }, async (req) => personDetail(ctx.db, principalOf(req), req.params.id, actorFor(req)));

  r.post("/persons", {
    config: { access: { permission: "labor.person.create", scope: "org" } },
    schema: { description: "S-LABOR manual entry of one person (GB 11643 check, village in scope); audited", body: personBody, response: { 200: Versioned } },
  }, async (req) => createPerson(ctx.db, principalOf(req), req.body as PersonInput, actorFor(req)));

  r.put("/persons/:id", {
    config: { access: { permission: "labor.person.update", scope: "org" } },
    schema: {
      description: "S-LABOR edit: changed fields validated with the whole record; history rows for real changes only; optimistic version check",
      params: idParam,
      body: personBody.partial().extend({ version: z.number().int().positive() }),
      response: { 200: Versioned.extend({ changed: z.array(z.string()) }) },
    },
  }, async (req) => {
    const { version, ...input } = req.body;
    return updatePerson(ctx.db, principalOf(req), req.params.id, version, input as PersonInput, actorFor(req));
  });

  r.post("/persons/:id/reveal", {
    config: { access: { permission: "labor.person.reveal-id", scope: "org" } },
    schema: {
      description: "X2: the clear 身份证号 and phone of one person, for a stated reason; audited (labor.person.reveal). Only this answer carries them.",
      params: idParam,
      body: z.object({ reason: z.string().trim().min(2, "请填写查看原因").max(200) }),
      response: { 200: z.object({ id: z.number(), idNumber: z.string(), phone: z.string().nullable() }) },
    },
  }, async (req, reply) => {
    reply.header("cache-control", "no-store");
    return revealPerson(ctx.db, principalOf(req), req.params.id, req.body.reason, actorFor(req));
  });

  r.post("/households", {
    config: { access: { permission: "labor.person.create", scope: "org" } },
    schema: {
      description: "S-LABOR survey entry (入户调查, 一户一表): a household and its members, all or nothing",
      body: z.object({
        householdNo: z.string().trim().max(30).nullish(),
        villageCode: z.string().regex(/^\d{12}$/),
        address: nullableText(200),
        members: z.array(personBody.extend({ regionCode: personBody.shape.regionCode.optional() })).min(1).max(20),
      }),
      response: { 200: z.object({ id: z.number(), householdNo: z.string().nullable(), members: z.array(z.number()) }) },
    },
  }, async (req) => createHousehold(ctx.db, principalOf(req), req.body as Parameters<typeof createHousehold>[2], actorFor(req)));

  r.get("/households/:id", {
    config: { access: { permission: "labor.person.read", scope: "org" } },
    schema: { description: "S-LABOR household (一户一表) with its members, masked", params: idParam, response: { 200: answer({ id: z.number(), villageCode: z.string(), villageName: z.string().nullable() }) } },
  }, async (req) => householdDetail(ctx.db, principalOf(req), req.params.id));

  r.get("/quality", {
    config: { access: { permission: "labor.person.read", scope: "org" } },
    schema: {
      description: "S-LABOR data quality per township in scope: possible duplicates (same name and birth date), impossible ages, missing survey fields, inconsistent transfer data",
      querystring: z.object({ region: regionCode.optional() }),
      response: { 200: z.object({ items: z.array(anyObject) }) },
    },
  }, async (req) => ({ items: await qualitySummary(ctx.db, principalOf(req), req.query.region) }));

  r.get("/quality/:township", {
    config: { access: { permission: "labor.person.read", scope: "org" } },
    schema: {
      description: "S-LABOR fix-list of one township for one kind of problem",
      params: z.object({ township: z.string().regex(/^\d{9}$/) }),
      querystring: z.object({ kind: z.enum(["duplicate", "age", "missing", "inconsistent"]), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
      response: { 200: z.object({ items: z.array(anyObject) }) },
    },
  }, async (req) => ({ items: await qualityList(ctx.db, principalOf(req), req.params.township, req.query.kind, req.query.limit) }));

  // ------------------------------------------------------------ statistics

  r.get("/stats", {
    config: { access: { permission: "labor.stats.read", scope: "org" } },
    schema: {
      description: "S-LABOR statistics of an area (州/县/乡/村, default the caller's own) by its children: labor force, employment status, transfer employment by destination and channel, returnees, 脱贫人口 employment; exact on the day of reading",
      querystring: z.object({ area: regionCode.or(z.literal("422800")).optional() }),
      response: { 200: answer({ area: z.object({ code: z.string(), name: z.string(), level: z.enum(["prefecture", "county", "township", "village"]) }), childLevel: z.enum(["county", "township", "village"]).nullable(), asOf: z.string(), source: z.enum(["rollup", "registry"]), total: anyObject, rows: z.array(anyObject) }) },
    },
  }, async (req) => laborStatistics(ctx.db, principalOf(req), req.query.area));

  // ------------------------------------------------------------ import

  r.get("/import/template", {
    config: { access: { permission: "labor.import", scope: "none" } },
    schema: { description: "S-LABOR import template (xlsx): Chinese headers, drop-down code lists, instructions", response: Workbook },
  }, async (_req, reply) => {
    reply.header("content-type", XLSX).header("content-disposition", disposition("劳动力资源信息导入模板.xlsx"));
    return reply.send(await templateWorkbook());
  });

  r.post("/import", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: { description: "S-LABOR import phase 1: upload an xlsx/csv (≤ 20 MB, multipart field 'file'), validate every row; answers the preview (counts, first errors). Nothing is written to the registry; the valid rows are kept prepared for the commit, the file is not kept.", response: { 200: BatchAnswer } },
  }, async (req) => {
    const p = principalOf(req);
    const who = importerOf(p, req.ip);
    if (!req.isMultipart()) throw badRequest("IMPORT_NOT_MULTIPART", "请以文件上传（multipart/form-data，字段名 file）方式提交");
    const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES } });
    if (!part) throw badRequest("IMPORT_NO_FILE", "没有收到文件");
    let buffer: Buffer;
    try {
      buffer = await part.toBuffer();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "FST_REQ_FILE_TOO_LARGE") throw new AppError(413, "IMPORT_FILE_TOO_LARGE", "文件超过 20 MB 的上传上限：请按乡镇或村拆分后分批导入");
      throw e;
    }
    const view = await validateImport(ictx, who, { fileName: part.filename || "upload", buffer }, { source: "upload", size: buffer.length });
    return view;
  });

  r.get("/import", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: { description: "S-LABOR import batches made in the caller's scope, newest first (status, progress, interrupted ones)", response: { 200: z.object({ items: z.array(BatchAnswer) }) } },
  }, async (req) => ({ items: await listBatches(ctx.db, principalOf(req)) }));

  r.get("/import/:id", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: { description: "S-LABOR import preview and progress (rows done / total, status, interrupted) for the progress bar", params: idParam, response: { 200: BatchAnswer } },
  }, async (req) => {
    const b = await batchInScope(ctx.db, principalOf(req), req.params.id);
    return batchView(ctx.db, b.id);
  });

  r.get("/import/:id/errors", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: {
      description: "S-LABOR import error report (row, column, value masked, reason), paged",
      params: idParam,
      querystring: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100), severity: z.enum(["error", "warning"]).optional() }),
      response: { 200: z.object({ items: z.array(z.object({ rowNo: z.number(), column: z.string().nullable(), value: z.string().nullable(), code: z.string(), message: z.string(), severity: z.enum(["error", "warning"]), phase: z.string() })), total: z.number() }) },
    },
  }, async (req) => {
    const b = await batchInScope(ctx.db, principalOf(req), req.params.id);
    return importProblems(ctx.db, b.id, req.query);
  });

  r.get("/import/:id/errors.xlsx", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: { description: "S-LABOR import error report as xlsx", params: idParam, response: Workbook },
  }, async (req, reply) => {
    const b = await batchInScope(ctx.db, principalOf(req), req.params.id);
    reply.header("content-type", XLSX).header("content-disposition", disposition(`导入错误报告_${b.id}.xlsx`));
    return reply.send(await problemsWorkbook(ctx.db, b));
  });

  r.post("/import/:id/commit", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: {
      description: "S-LABOR import phase 2: commit the valid rows in batches (also resumes an interrupted or failed batch). wait=false answers at once; follow GET /api/labor/import/:id.",
      params: idParam,
      body: z.object({ wait: z.boolean().default(false) }).default({ wait: false }),
      response: { 200: BatchAnswer, 202: BatchAnswer },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    importerOf(p, req.ip);
    const b = await batchInScope(ctx.db, p, req.params.id);
    const { done } = await beginCommit(ictx, actorFor(req), b.id);
    if (req.body.wait) return done;
    // The failure is recorded on the batch (status 'failed', message) and in the audit log; the browser polls.
    done.catch((e) => req.log.error({ err: e, batchId: b.id }, "labor import commit failed"));
    reply.code(202);
    return batchView(ctx.db, b.id);
  });

  r.post("/import/:id/cancel", {
    config: { access: { permission: "labor.import", scope: "org" } },
    schema: { description: "S-LABOR import: discard a validated batch that was not committed", params: idParam, response: { 200: BatchAnswer } },
  }, async (req) => {
    const p = principalOf(req);
    const b = await batchInScope(ctx.db, p, req.params.id);
    return cancelImport(ictx, actorFor(req), b);
  });
}
