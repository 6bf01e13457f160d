/**
 * The requirement services (R1–R12): the 申请表 draft (R13), every lifecycle step through the table in lifecycle.ts,
 * attachments (R7 policy documents, X4 signed scans). Each step runs in one transaction: the row is locked, the step
 * checked against the table (state, function code, unit kind/level/relation), the history row and the audit row
 * written with the change, and the next holders notified. Bad input changes nothing.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { serials } from "../core/db/schema.js";
import { audit, auditRefusals, type Actor } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound, AppError } from "../core/errors.js";
import { type Principal } from "../core/access/principal.js";
import { inScope } from "../core/access/scope.js";
import { chinaDate } from "../core/calendar.js";
import { notifyAccount, queueSms } from "../core/notify.js";
import { storeFile, type FileKind, type FileStoreOptions } from "../core/files.js";
import { businessFunction } from "../core/access/catalogue.js";
import { PREFECTURE_CODE } from "../core/org.js";
import type { Subsystem } from "../core/access/areas.js";
import {
  requirementAttachments,
  requirements,
  requirementSteps,
  requirementTests,
  type AttachmentKind,
  type Feasibility,
  type ReqStatus,
  type ReqType,
  type ReqUrgency,
} from "./schema.js";
import {
  ACTIONS,
  ACTION_NAMES,
  FINAL_STATUSES,
  STATUS_NAMES,
  holdersOf,
  roleLabel,
  transitionFor,
  type Action,
  type Transition,
} from "./lifecycle.js";
import { BUSINESS_UNIT_KINDS, accountsWithDuty, infoCenterUnit, prefectureDepartments, unitInfo, vendorUnits, type UnitInfo } from "./org.js";
import { dueAfterWorkdays, dueOnDay, loadDeadlineSettings, workdaysFor, type Due } from "./deadlines.js";
import { chinaDateTime } from "../core/time.js";
import { actorOf } from "../core/access/principal.js";

export type Requirement = typeof requirements.$inferSelect;

export interface RequirementInput {
  title: string;
  subsystem: Exclude<Subsystem, "REQ">;
  contactName: string;
  contactPhone: string;
  type: ReqType;
  urgency: ReqUrgency;
  urgencyReason?: string | null;
  description: string;
  counterpartUnitId?: number | null;
}

export interface ActionInput {
  opinion?: string | null;
  attachmentIds?: number[];
  vendorUnitId?: number | null;
  feasibility?: Feasibility;
  plan?: string;
  estimatedWorkdays?: number | null;
  devWorkdays?: number | null;
  testDate?: string;
  summary?: string;
  verifiers?: string;
  scope?: string;
  start?: string;
  end?: string;
  lead?: string;
  outcome?: "success" | "failed";
  releasedAt?: string;
  note?: string | null;
}

const PHONE_RE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

// ---------------------------------------------------------------------------------------------------------------
// The form (R13)
// ---------------------------------------------------------------------------------------------------------------

/** The unit a requirement is raised from: the account's own business unit at 州 or 县 (R2, R5). */
async function applicantUnitOf(q: Queryable, p: Principal): Promise<UnitInfo> {
  const u = await unitInfo(q, p.unitId);
  if (!u || !BUSINESS_UNIT_KINDS.includes(u.kind) || u.level === "township") {
    throw forbidden("REQ_NOT_BUSINESS_UNIT", "只有州、县（市）业务部门的人员可以提出业务需求（第三条）");
  }
  return u;
}

async function validateInput(q: Queryable, input: RequirementInput, level: "prefecture" | "county", forSubmit: boolean) {
  if (!input.title.trim()) throw badRequest("REQ_TITLE_REQUIRED", "请填写需求名称");
  if (!input.description.trim()) throw badRequest("REQ_DESCRIPTION_REQUIRED", "请填写需求描述");
  if (!input.contactName.trim()) throw badRequest("REQ_CONTACT_REQUIRED", "请填写联系人姓名");
  if (!PHONE_RE.test(input.contactPhone.trim())) throw badRequest("REQ_PHONE_INVALID", "联系人电话格式不正确（手机号 11 位，或带区号的固定电话）");
  if (input.urgency === "urgent" && !(input.urgencyReason ?? "").trim()) {
    throw badRequest("REQ_URGENT_REASON_REQUIRED", "紧急程度为“紧急”时必须说明理由（附件1：在需求描述中说明理由）");
  }
  if (level === "prefecture") return null;
  if (input.counterpartUnitId) {
    const c = await unitInfo(q, input.counterpartUnitId);
    if (!c || c.kind !== "department" || c.orgCode !== PREFECTURE_CODE) {
      throw badRequest("REQ_COUNTERPART_INVALID", "县（市）业务需求须提交至州级对口业务部门（州人社局业务科室），不能直接提交州信息中心或其他单位（第九条）");
    }
    return c;
  }
  if (forSubmit) throw badRequest("REQ_COUNTERPART_REQUIRED", "县（市）业务需求须选择州级对口业务部门，由其审核后提交州信息中心（第九条）");
  return null;
}

function formValues(input: RequirementInput, level: "prefecture" | "county") {
  return {
    title: input.title.trim(),
    subsystem: input.subsystem,
    contactName: input.contactName.trim(),
    contactPhone: input.contactPhone.trim(),
    type: input.type,
    urgency: input.urgency,
    urgencyReason: input.urgency === "urgent" ? (input.urgencyReason ?? "").trim() : "",
    description: input.description,
    counterpartUnitId: level === "county" ? (input.counterpartUnitId ?? null) : null,
  };
}

/** R13: a business department fills the 业务需求申请表 (a draft until submitted). */
export async function createRequirement(db: Db, p: Principal, ip: string | null, input: RequirementInput, now: Date = new Date()) {
  if (!p.permissions.has("req.submit")) throw forbidden("PERMISSION_DENIED", "您没有提出业务需求的权限");
  return db.transaction(async (tx) => {
    const u = await applicantUnitOf(tx, p);
    const level = u.level as "prefecture" | "county";
    await validateInput(tx, input, level, false);
    const [r] = await tx
      .insert(requirements)
      .values({ ...formValues(input, level), applicantUnitId: u.id, applicantOrgCode: u.orgCode, applicantLevel: level, status: "draft", createdBy: p.accountId, holderUnitId: u.id, holderDuty: "req.submit", createdAt: now, updatedAt: now })
      .returning();
    const [step] = await tx
      .insert(requirementSteps)
      .values({ requirementId: r!.id, action: "create", fromStatus: null, toStatus: "draft", actorAccountId: p.accountId, actorName: p.name, actorUnitId: u.id, actorUnitName: u.name, actorRole: level === "county" ? "县（市）业务部门" : "州级业务部门", opinion: "", at: now })
      .returning({ id: requirementSteps.id });
    await tx.update(requirements).set({ currentStepId: step!.id }).where(eq(requirements.id, r!.id));
    await audit(tx, actorOf(p, ip), { event: "req.create", objectType: "requirement", objectId: r!.id, detail: { title: r!.title, subsystem: r!.subsystem, urgency: r!.urgency, unitId: u.id } });
    return { ...r!, currentStepId: step!.id };
  });
}

/** Edit the draft (or a returned form) before (re)submitting it. */
export async function updateRequirement(db: Db, p: Principal, ip: string | null, id: number, input: RequirementInput) {
  return db.transaction(async (tx) => {
    const r = await lockRequirement(tx, p, id);
    if (r.status !== "draft" && r.status !== "returned") throw conflict("REQ_NOT_EDITABLE", `需求当前状态为「${STATUS_NAMES[r.status]}」，只有草稿或退回修改的申请表可以修改`);
    if (!p.permissions.has("req.submit") || p.unitId !== r.applicantUnitId) throw forbidden("REQ_WRONG_UNIT", "只有申请单位的需求提出人可以修改申请表");
    await validateInput(tx, input, r.applicantLevel, false);
    const values = formValues(input, r.applicantLevel);
    await tx.update(requirements).set({ ...values, updatedAt: new Date() }).where(eq(requirements.id, id));
    const changed = Object.entries(values).filter(([k, v]) => (r as Record<string, unknown>)[k] !== v).map(([k]) => k);
    await audit(tx, actorOf(p, ip), { event: "req.update", objectType: "requirement", objectId: id, detail: { changed } });
    return { id, changed };
  });
}

async function lockRequirement(tx: Queryable, p: Principal, id: number): Promise<Requirement> {
  const [r] = await tx.select().from(requirements).where(eq(requirements.id, id)).for("update");
  if (!r || !inScope(p, r.applicantOrgCode)) throw notFound("REQ_NOT_FOUND", "业务需求不存在或不在您的查看范围内");
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Who may take a step
// ---------------------------------------------------------------------------------------------------------------

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Why this account may not take this step on this requirement (null when it may). Pure: used by the service and the detail view. */
export function actorRefusal(
  t: Transition,
  r: Pick<Requirement, "applicantUnitId" | "counterpartUnitId" | "vendorUnitId" | "createdBy" | "applicantLevel">,
  p: Pick<Principal, "accountId" | "permissions" | "level">,
  unit: UnitInfo | null,
  names: { applicant?: string; counterpart?: string; vendor?: string } = {},
): Refusal | null {
  const stepName = ACTION_NAMES[t.action];
  if (!p.permissions.has(t.permission)) {
    return { status: 403, code: "REQ_PERMISSION_MISSING", message: `「${stepName}」需要“${businessFunction(t.permission)?.def.name ?? t.permission}”权限，您的岗位没有此项权限` };
  }
  const isCenter = !!unit && unit.kind === "info_center" && unit.orgCode === PREFECTURE_CODE;
  switch (t.actor) {
    case "applicant_unit":
      if (!unit || unit.id !== r.applicantUnitId) return { status: 403, code: "REQ_WRONG_UNIT", message: `「${stepName}」只能由申请单位${names.applicant ? `「${names.applicant}」` : ""}的人员办理` };
      if (t.permission === "req.review" && r.createdBy === p.accountId) {
        return { status: 403, code: "REQ_SELF_REVIEW", message: `需求提出人不能审核本人提出的需求，须由${r.applicantLevel === "county" ? "分管领导" : "科室（单位）负责人"}审核签字（第八条、第九条）` };
      }
      return null;
    case "counterpart_unit":
      if (!unit || unit.id !== r.counterpartUnitId || unit.kind !== "department" || unit.orgCode !== PREFECTURE_CODE) {
        return { status: 403, code: "REQ_WRONG_UNIT", message: `此县（市）业务需求只能由州级对口业务部门${names.counterpart ? `「${names.counterpart}」` : ""}审核（第九条）` };
      }
      return null;
    case "info_center":
      if (!isCenter || p.level !== "prefecture") return { status: 403, code: "REQ_WRONG_UNIT", message: `「${stepName}」只能由州信息中心办理（第五条）` };
      return null;
    case "vendor":
      if (!unit || unit.kind !== "vendor") return { status: 403, code: "REQ_WRONG_UNIT", message: `「${stepName}」只能由运维公司办理（第七条）` };
      if (r.vendorUnitId && r.vendorUnitId !== unit.id) return { status: 403, code: "REQ_WRONG_UNIT", message: `此需求已交由${names.vendor ? `「${names.vendor}」` : "其他运维公司"}办理` };
      return null;
    case "tester":
      if (isCenter || (unit && (unit.id === r.applicantUnitId || unit.id === r.counterpartUnitId))) return null;
      return { status: 403, code: "REQ_WRONG_UNIT", message: "测试确认只能由州信息中心或本需求的业务部门办理（第十二条）" };
  }
}

function stepNotAllowed(action: Action, r: Requirement): AppError {
  if (r.applicantLevel === "county" && (action === "dispatch" || action === "center_return") && ["draft", "returned", "pending_dept_review", "pending_prefecture_review"].includes(r.status)) {
    return conflict(
      "REQ_PREFECTURE_REVIEW_REQUIRED",
      `县（市）业务需求须经本单位分管领导审核，再由州级对口业务部门审核签字后，方可提交州信息中心（第九条）；此需求当前为「${STATUS_NAMES[r.status]}」`,
    );
  }
  if (r.applicantLevel === "prefecture" && (action === "prefecture_approve" || action === "prefecture_return")) {
    return conflict("REQ_NOT_COUNTY", "州级业务需求由本科室（单位）负责人审核后直接提交州信息中心，不经州级对口业务部门审核（第八条）");
  }
  return conflict("REQ_STEP_NOT_ALLOWED", `需求当前为「${STATUS_NAMES[r.status]}」，不能办理「${ACTION_NAMES[action]}」`);
}

/** The steps this account may take now (the detail page's buttons). */
export async function allowedActions(q: Queryable, p: Principal, r: Requirement): Promise<Action[]> {
  if (FINAL_STATUSES.includes(r.status)) return [];
  const unit = await unitInfo(q, p.unitId);
  const out: Action[] = [];
  let confirmed: Set<string> | null = null;
  for (const a of ACTIONS) {
    const t = transitionFor(a, r.status, r.applicantLevel);
    if (!t || actorRefusal(t, r, p, unit)) continue;
    if (a === "test_pass") {
      confirmed ??= await confirmedKinds(q, r);
      if (confirmed.has(testKindOf(unit))) continue;
    }
    out.push(a);
  }
  return out;
}

const testKindOf = (unit: UnitInfo | null) => (unit?.kind === "info_center" ? "center" : "business");

async function confirmedKinds(q: Queryable, r: Requirement): Promise<Set<string>> {
  const rows = await q
    .select({ kind: requirementTests.kind })
    .from(requirementTests)
    .where(and(eq(requirementTests.requirementId, r.id), eq(requirementTests.round, r.testRound), eq(requirementTests.passed, true)));
  return new Set(rows.map((x) => x.kind));
}

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

const need = (v: string | null | undefined, code: string, message: string): string => {
  if (!v || !v.trim()) throw badRequest(code, message);
  return v.trim();
};

async function nextNumber(tx: Queryable, at: Date): Promise<string> {
  const year = chinaDate(at).slice(0, 4);
  const [s] = await tx
    .insert(serials)
    .values({ key: `requirement-${year}`, value: 1 })
    .onConflictDoUpdate({ target: serials.key, set: { value: sql`${serials.value} + 1` } })
    .returning({ value: serials.value });
  return `XQ-${year}-${String(s!.value).padStart(4, "0")}`;
}

function parseInstant(s: string | undefined, code: string, label: string): Date {
  const d = s ? new Date(s) : null;
  if (!d || Number.isNaN(d.getTime())) throw badRequest(code, `${label}格式不正确`);
  return d;
}

/**
 * Take one step of the lifecycle (R1–R12). Throws a clear error, with nothing changed, when the state, the function
 * code, the unit or the content is wrong.
 */
export async function performAction(db: Db, p: Principal, ip: string | null, id: number, action: Action, input: ActionInput, now: Date = new Date()) {
  // A refused step (the wrong unit, a signer who filed or submitted it, …) is audited as a failure; nothing changes
  // (issue 12, classes 1 and 7).
  return auditRefusals(db, { accountId: p.accountId, name: p.name, ip }, { event: `req.${action}`, objectType: "requirement", objectId: id, detail: { action } },
    () => performActionTx(db, p, ip, id, action, input, now));
}

/**
 * R7/R8 sign-offs by different people (P5 applied to requirements, issue 12 class 1): whoever filed (createdBy, checked
 * by actorRefusal) or submitted a requirement does not sign it at any review stage, and the 州 counterpart's review is
 * not signed by whoever signed the department's.
 */
async function assertIndependentReviewer(tx: Queryable, p: Principal, r: Requirement, action: Action) {
  const earlier = await tx
    .select({ action: requirementSteps.action })
    .from(requirementSteps)
    .where(and(eq(requirementSteps.requirementId, r.id), eq(requirementSteps.actorAccountId, p.accountId), inArray(requirementSteps.action, ["submit", "dept_approve"])));
  if (r.createdBy === p.accountId || earlier.some((s) => s.action === "submit")) {
    throw forbidden("REQ_SELF_REVIEW", "需求的提出人、提交人不能审核签署本需求，须由他人审核签字（第八条、第九条）");
  }
  if (action.startsWith("prefecture_") && earlier.some((s) => s.action === "dept_approve")) {
    throw forbidden("REQ_SAME_REVIEWER", "申请部门审核与州级业务部门审核须由不同人员签署");
  }
}

async function performActionTx(db: Db, p: Principal, ip: string | null, id: number, action: Action, input: ActionInput, now: Date) {
  return db.transaction(async (tx) => {
    const r = await lockRequirement(tx, p, id);
    const t = transitionFor(action, r.status, r.applicantLevel);
    if (!t) throw stepNotAllowed(action, r);
    const unit = await unitInfo(tx, p.unitId);
    const center = await infoCenterUnit(tx);
    const names = await (async () => {
      const ids = [r.applicantUnitId, r.counterpartUnitId, r.vendorUnitId];
      const m = new Map<number, string>();
      for (const i of ids) if (i) m.set(i, (await unitInfo(tx, i))?.name ?? "");
      return { applicant: m.get(r.applicantUnitId), counterpart: r.counterpartUnitId ? m.get(r.counterpartUnitId) : undefined, vendor: r.vendorUnitId ? m.get(r.vendorUnitId) : undefined };
    })();
    const refusal = actorRefusal(t, r, p, unit, names);
    if (refusal) throw new AppError(refusal.status, refusal.code, refusal.message);
    if (t.permission === "req.review") await assertIndependentReviewer(tx, p, r, action);

    const opinion = (input.opinion ?? "").trim();
    if (t.opinion === "required" && !opinion) {
      throw badRequest("REQ_OPINION_REQUIRED", `「${ACTION_NAMES[action]}」须填写${action === "reject" ? "不予实施的理由" : action === "test_fail" ? "测试发现的问题" : "意见或理由"}`);
    }
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    if (attachmentIds.length) {
      const found = await tx
        .select({ id: requirementAttachments.id })
        .from(requirementAttachments)
        .where(and(eq(requirementAttachments.requirementId, r.id), inArray(requirementAttachments.id, attachmentIds), isNull(requirementAttachments.removedAt)));
      if (found.length !== attachmentIds.length) throw badRequest("REQ_ATTACHMENT_UNKNOWN", "所引用的附件不属于此需求或已删除");
    }

    const settings = await loadDeadlineSettings(tx);
    let to: ReqStatus = t.to;
    const patch: Partial<typeof requirements.$inferInsert> = {};
    const data: Record<string, unknown> = {};
    let test: { kind: "internal" | "center" | "business"; passed: boolean; summary: string; verifiers: string; testDate: string } | null = null;
    let due: Due | null = null;
    const isoDay = (s: string | undefined, label: string) => {
      if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) throw badRequest("REQ_DATE_INVALID", `请填写${label}（年-月-日）`);
      return s;
    };

    switch (action) {
      case "submit": {
        await validateInput(tx, { ...r, subsystem: r.subsystem, urgencyReason: r.urgencyReason }, r.applicantLevel, true);
        if (!r.applyDate) patch.applyDate = chinaDate(now);
        break;
      }
      case "dispatch": {
        const vendors = await vendorUnits(tx);
        const chosen = input.vendorUnitId ?? (vendors.length === 1 ? vendors[0]!.id : null);
        if (!chosen) throw badRequest("REQ_VENDOR_REQUIRED", "请选择承担评估的运维公司");
        if (!vendors.some((v) => v.id === chosen)) throw badRequest("REQ_VENDOR_INVALID", "所选单位不是运维公司");
        patch.vendorUnitId = chosen;
        data.vendorUnitId = chosen;
        break;
      }
      case "accept": {
        if (!r.number) {
          patch.number = await nextNumber(tx, now);
          data.number = patch.number;
        }
        break;
      }
      case "evaluate": {
        if (!input.feasibility) throw badRequest("REQ_FEASIBILITY_REQUIRED", "请选择需求可实施性（第十条）");
        const plan = need(input.plan, "REQ_PLAN_REQUIRED", "评估意见应包含实施计划（第十条）");
        Object.assign(patch, { evalFeasibility: input.feasibility, evalPlan: plan, evalOpinion: opinion, evalWorkdays: input.estimatedWorkdays ?? null, evaluatedBy: p.accountId, evaluatedAt: now });
        Object.assign(data, { feasibility: input.feasibility, plan, estimatedWorkdays: input.estimatedWorkdays ?? null });
        break;
      }
      case "approve": {
        if (r.evalFeasibility === "infeasible") throw conflict("REQ_NOT_FEASIBLE", "运维公司评估为不可实施，不能立项开发；请不予实施或要求重新评估（第十一条）");
        const days = input.devWorkdays ?? settings[r.urgency].development;
        due = await dueAfterWorkdays(tx, now, days);
        Object.assign(patch, { devWorkdays: days, devDueDate: due.dueDate });
        Object.assign(data, { devWorkdays: days, devDueDate: due.dueDate });
        break;
      }
      case "internal_test": {
        test = {
          kind: "internal",
          passed: true,
          summary: need(input.summary, "REQ_TEST_SUMMARY_REQUIRED", "请填写内部测试内容与结论（第十二条）"),
          verifiers: need(input.verifiers, "REQ_TEST_VERIFIERS_REQUIRED", "请填写内部测试人员"),
          testDate: isoDay(input.testDate, "内部测试日期"),
        };
        break;
      }
      case "test_pass":
      case "test_fail": {
        const kind = testKindOf(unit);
        const summary = action === "test_pass" ? need(input.summary, "REQ_TEST_RESULT_REQUIRED", "请填写测试结果（附件2：业务部门测试确认）") : (input.summary?.trim() || opinion);
        test = { kind, passed: action === "test_pass", summary, verifiers: need(input.verifiers, "REQ_TEST_VERIFIERS_REQUIRED", "请填写验证人员（附件2：验证人员签字）"), testDate: isoDay(input.testDate, "测试日期") };
        if (action === "test_pass") {
          const confirmed = await confirmedKinds(tx, r);
          if (confirmed.has(kind)) throw conflict("REQ_TEST_ALREADY_CONFIRMED", kind === "center" ? "州信息中心已确认本轮测试" : "业务部门已确认本轮测试");
          const other = kind === "center" ? "business" : "center";
          to = confirmed.has(other) ? t.to : t.altTo!;
          data.waitingFor = to === "testing" ? (other === "center" ? "州信息中心" : "业务部门") : null;
        } else {
          patch.testRound = r.testRound + 1;
        }
        data.round = r.testRound;
        data.testKind = kind;
        break;
      }
      case "release_plan": {
        const scope = need(input.scope, "REQ_RELEASE_SCOPE_REQUIRED", "请填写影响业务范围（附件2：发布上线计划）");
        const lead = need(input.lead, "REQ_RELEASE_LEAD_REQUIRED", "请填写运维公司项目负责人");
        const start = parseInstant(input.start, "REQ_RELEASE_WINDOW_INVALID", "发布开始时间");
        const end = parseInstant(input.end, "REQ_RELEASE_WINDOW_INVALID", "发布结束时间");
        if (end.getTime() <= start.getTime()) throw badRequest("REQ_RELEASE_WINDOW_INVALID", "发布上线计划的结束时间必须晚于开始时间");
        if (end.getTime() <= now.getTime()) throw badRequest("REQ_RELEASE_WINDOW_PAST", "发布上线计划的结束时间已过，请重新安排起止时间");
        Object.assign(patch, { releaseScope: scope, releaseLead: lead, releaseStart: start, releaseEnd: end, releasePlanDate: chinaDate(now), releasePlannedBy: p.accountId, releaseOutcome: null, releaseNote: null, releasedAt: null });
        Object.assign(data, { scope, lead, start: start.toISOString(), end: end.toISOString() });
        due = await dueOnDay(tx, now, chinaDate(end));
        break;
      }
      case "release_result": {
        if (!input.outcome) throw badRequest("REQ_RELEASE_OUTCOME_REQUIRED", "请选择发布结果");
        const releasedAt = input.releasedAt ? parseInstant(input.releasedAt, "REQ_RELEASED_AT_INVALID", "发布时间") : now;
        if (releasedAt.getTime() > now.getTime() + 60_000) throw badRequest("REQ_RELEASED_AT_INVALID", "发布时间不能晚于当前时间");
        const note = (input.note ?? "").trim();
        if (input.outcome === "failed" && !note) throw badRequest("REQ_RELEASE_NOTE_REQUIRED", "发布未成功时须说明原因和后续安排");
        to = input.outcome === "success" ? t.to : t.altTo!;
        Object.assign(patch, { releaseOutcome: input.outcome, releaseNote: note || null, releasedAt });
        if (to === "closed") patch.closedAt = now;
        Object.assign(data, { outcome: input.outcome, releasedAt: releasedAt.toISOString(), note });
        break;
      }
      case "reject":
      case "withdraw":
        patch.closedAt = now;
        break;
      default:
        break;
    }

    const sameState = to === r.status;
    if (!due && !sameState && !FINAL_STATUSES.includes(to)) {
      const n = workdaysFor(to, r.urgency, settings, to === "developing" ? (patch.devWorkdays ?? r.devWorkdays) : null);
      if (n) due = await dueAfterWorkdays(tx, now, n);
    }
    const [step] = await tx
      .insert(requirementSteps)
      .values({
        requirementId: r.id,
        action,
        fromStatus: r.status,
        toStatus: to,
        actorAccountId: p.accountId,
        actorName: p.name,
        actorUnitId: unit?.id ?? null,
        actorUnitName: unit?.name ?? null,
        actorRole: roleLabel(t, { applicantLevel: r.applicantLevel, actorUnitKind: unit?.kind ?? null, isApplicantUnit: unit?.id === r.applicantUnitId }),
        at: now,
        opinion,
        data,
        dueDate: sameState ? r.dueDate : (due?.dueDate ?? null),
        remindOn: sameState ? null : (due?.remindOn ?? null),
        attachmentIds,
      })
      .returning({ id: requirementSteps.id });
    if (test) {
      await tx.insert(requirementTests).values({ requirementId: r.id, round: r.testRound, ...test, accountId: p.accountId, unitId: unit?.id ?? null, stepId: step!.id, at: now });
    }
    const next = { ...r, ...patch, status: to };
    const holders = holdersOf(next, center.id);
    await tx
      .update(requirements)
      .set({
        ...patch,
        status: to,
        ...(sameState ? {} : { currentStepId: step!.id, dueDate: due?.dueDate ?? null }),
        holderUnitId: holders[0]?.unitId ?? null,
        holderDuty: holders[0]?.duty ?? null,
        updatedAt: now,
      })
      .where(eq(requirements.id, r.id));
    await audit(tx, actorOf(p, ip), {
      event: `req.${action}`,
      objectType: "requirement",
      objectId: r.id,
      detail: { from: r.status, to, stepId: step!.id, opinion: opinion || null, dueDate: due?.dueDate ?? null, ...data },
    });
    await notifyAfterStep(tx, p, { ...r, ...patch, status: to } as Requirement, action, to, center.id, opinion);
    return { id: r.id, status: to, number: (patch.number as string | undefined) ?? r.number, stepId: step!.id, dueDate: due?.dueDate ?? (sameState ? r.dueDate : null) };
  });
}

/** Who hears about a step: the next holders; R9 the evaluation; R12 the release plan and result; the submitter on an end. */
async function notifyAfterStep(tx: Queryable, p: Principal, r: Requirement, action: Action, to: ReqStatus, centerId: number, opinion: string) {
  const label = `${r.number ?? `#${r.id}`}「${r.title}」`;
  const link = `/requirements/${r.id}`;
  const urgent = r.urgency === "urgent";
  const sent = new Set<number>([p.accountId]);
  const send = async (ids: number[], title: string, body = "", sms = false) => {
    for (const a of ids) {
      if (sent.has(a)) continue;
      sent.add(a);
      await notifyAccount(tx, a, { kind: `req.${action}`, title, body, link }, { sms });
    }
  };
  const businessUnits = [r.applicantUnitId, ...(r.counterpartUnitId ? [r.counterpartUnitId] : [])];
  const business = async (codes: string[]) => (await Promise.all(businessUnits.map((u) => accountsWithDuty(tx, u, codes)))).flat();

  if (action === "evaluate") {
    // R9: the vendor's opinion goes back to the 信息中心 and the 州 business department.
    const dept = r.applicantLevel === "county" ? r.counterpartUnitId! : r.applicantUnitId;
    await send(await accountsWithDuty(tx, dept, ["req.review", "req.submit", "req.test"]), `运维公司已反馈业务需求${label}的评估意见`, opinion);
  }
  if (action === "release_plan") {
    // R12: the vendor notifies the 信息中心 and the business departments of the plan.
    const window = `${fmt(r.releaseStart)} 至 ${fmt(r.releaseEnd)}`;
    await send([...(await accountsWithDuty(tx, centerId, ["req.manage", "req.test"])), ...(await business(["req.submit", "req.review", "req.test"]))], `业务需求${label}发布上线计划：${window}`, `影响业务范围：${r.releaseScope ?? ""}`, urgent);
  }
  if (action === "release_result") {
    // R12: the result goes back to the business department.
    const ok = r.releaseOutcome === "success";
    const title = ok ? `业务需求${label}已发布上线` : `业务需求${label}发布未成功，将重新安排发布`;
    await send([...(await business(["req.submit", "req.review", "req.test"])), ...(await accountsWithDuty(tx, centerId, ["req.manage"]))], title, r.releaseNote ?? "", true);
    await queueSms(tx, r.contactPhone, `${title}${r.releaseNote ? `：${r.releaseNote}` : ""}`);
  }
  if (to === "returned" || to === "rejected" || to === "withdrawn" || to === "closed") {
    await send([r.createdBy], `业务需求${label}${STATUS_NAMES[to]}`, opinion, to !== "closed" && urgent);
  }
  if (!FINAL_STATUSES.includes(to)) {
    const holders = holdersOf(r, centerId);
    const ids = (await Promise.all(holders.map((h) => accountsWithDuty(tx, h.unitId, [h.duty])))).flat();
    await send(ids, `【待办】业务需求${label}：${STATUS_NAMES[to]}`, opinion, urgent);
  }
}

const fmt = (d: Date | null | undefined) => (d ? chinaDateTime(d) : "");

// ---------------------------------------------------------------------------------------------------------------
// Attachments (R7, X4)
// ---------------------------------------------------------------------------------------------------------------

export const ATTACHMENT_FILE_KINDS: Record<AttachmentKind, readonly FileKind[]> = {
  policy: ["pdf", "docx", "doc", "png", "jpeg"],
  signed_application: ["pdf", "png", "jpeg"],
  signed_release: ["pdf", "png", "jpeg"],
};

export const ATTACHMENT_KIND_NAMES: Record<AttachmentKind, string> = {
  policy: "政策文件或依据",
  signed_application: "业务需求申请表签字盖章扫描件",
  signed_release: "业务需求程序发布确认单签字扫描件",
};

async function attachmentRefusal(q: Queryable, p: Principal, r: Requirement, kind: AttachmentKind): Promise<AppError | null> {
  const unit = await unitInfo(q, p.unitId);
  const isCenter = unit?.kind === "info_center" && unit.orgCode === PREFECTURE_CODE;
  const inApplicant = unit?.id === r.applicantUnitId;
  const inCounterpart = !!r.counterpartUnitId && unit?.id === r.counterpartUnitId;
  const isVendor = unit?.kind === "vendor" && (!r.vendorUnitId || r.vendorUnitId === unit.id);
  if (kind === "policy") {
    if (!inApplicant || !p.permissions.has("req.submit")) return forbidden("REQ_WRONG_UNIT", "政策文件附件由申请单位的需求提出人上传（第八条）");
    if (r.status !== "draft" && r.status !== "returned") return conflict("REQ_ATTACHMENT_LOCKED", "需求已提交，政策文件附件不能再更改；如需补充，请由审核人退回修改");
    return null;
  }
  if (r.status === "draft" || (FINAL_STATUSES.includes(r.status) && r.status !== "closed")) {
    return conflict("REQ_ATTACHMENT_LOCKED", `需求当前为「${STATUS_NAMES[r.status]}」，不能上传签字扫描件`);
  }
  if (kind === "signed_release" && !["testing", "release_planning", "releasing", "closed"].includes(r.status)) {
    return conflict("REQ_ATTACHMENT_LOCKED", "业务需求程序发布确认单在测试确认阶段之后签署，当前还不能上传");
  }
  const party = (isCenter && p.permissions.has("req.manage")) || (isCenter && p.permissions.has("req.test"))
    || ((inApplicant || inCounterpart) && (["req.submit", "req.review", "req.test"] as const).some((c) => p.permissions.has(c)))
    || (isVendor && (["req.evaluate", "req.release"] as const).some((c) => p.permissions.has(c)));
  if (!party) return forbidden("REQ_WRONG_UNIT", "只有参与此需求办理的业务部门、州信息中心或运维公司可以上传签字扫描件");
  return null;
}

export async function addAttachment(db: Db, opts: FileStoreOptions, p: Principal, ip: string | null, id: number, kind: AttachmentKind, name: string, buf: Buffer) {
  return db.transaction(async (tx) => {
    const r = await lockRequirement(tx, p, id);
    const refusal = await attachmentRefusal(tx, p, r, kind);
    if (refusal) throw refusal;
    const stored = await storeFile(tx, opts, buf, ATTACHMENT_FILE_KINDS[kind], p.accountId);
    const safeName = (name || "附件").replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200);
    const [a] = await tx
      .insert(requirementAttachments)
      .values({ requirementId: r.id, sha256: stored.sha256, name: safeName, kind, mime: stored.mime, size: stored.size, uploadedBy: p.accountId })
      .returning();
    await audit(tx, actorOf(p, ip), { event: "req.attachment.upload", objectType: "requirement", objectId: r.id, detail: { attachmentId: a!.id, kind, name: safeName, sha256: stored.sha256, size: stored.size, mime: stored.mime } });
    await tx.update(requirements).set({ updatedAt: new Date() }).where(eq(requirements.id, r.id));
    return a!;
  });
}

/** A policy document may be taken off a draft by the applicant (it stays archived, marked removed). */
export async function removeAttachment(db: Db, p: Principal, ip: string | null, id: number, attachmentId: number) {
  return db.transaction(async (tx) => {
    const r = await lockRequirement(tx, p, id);
    const [a] = await tx.select().from(requirementAttachments).where(and(eq(requirementAttachments.id, attachmentId), eq(requirementAttachments.requirementId, id)));
    if (!a || a.removedAt) throw notFound("REQ_ATTACHMENT_NOT_FOUND", "附件不存在");
    if (a.kind !== "policy") throw conflict("REQ_ATTACHMENT_ARCHIVED", "签字扫描件归档后不能删除");
    const refusal = await attachmentRefusal(tx, p, r, "policy");
    if (refusal) throw refusal;
    await tx.update(requirementAttachments).set({ removedAt: new Date(), removedBy: p.accountId }).where(eq(requirementAttachments.id, attachmentId));
    await audit(tx, actorOf(p, ip), { event: "req.attachment.remove", objectType: "requirement", objectId: id, detail: { attachmentId, name: a.name } });
  });
}

export { prefectureDepartments, vendorUnits };
