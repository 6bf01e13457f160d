/**
 * The request-form workflow (P10, P14–P16): draft → submitted (申请部门意见) → dept_approved (所在单位意见, 分管领导) →
 * approved (arrives at the executing admins) → executing → done; return-for-changes goes back to draft, the
 * submitter may withdraw before approval. Carrying out a row performs the real change through the governance
 * services, linked to the form by formRef "<number>#<row>"; each admin carries out only their own part.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, orgNodes, serials, units } from "../core/db/schema.js";
import { audit, auditRefusals, type Actor } from "../core/audit.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { chinaDate } from "../core/calendar.js";
import { closeDeadline, openDeadline } from "../core/deadlines.js";
import { notifyAccount, notifyOrgAdmins, queueSms } from "../core/notify.js";
import { createAccount } from "../governance/accounts.js";
import { grantAdminSubsystem, grantPosition, revokeGrant } from "../governance/grants.js";
import { changeAccount, setAccountStatus } from "../governance/accounts.js";
import { grants } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import type { Level } from "../governance/rules.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { formSigners, requestFormRows, requestForms, requestFormSteps, type FormKind, type FormStatus } from "./schema.js";
import { duplicateRows, validateRow, type RowInput, type RowProblem, type RowUnit, CATEGORY_NAMES } from "./rows.js";
import { actorOf } from "../core/access/principal.js";

export const FORM_TITLES: Record<FormKind, string> = {
  admin: "恩施州劳动力资源信息平台管理员账户权限申请表",
  operator: "恩施州劳动力资源信息平台操作员账户权限申请表",
};
export const STATUS_NAMES: Record<FormStatus, string> = {
  draft: "草稿",
  submitted: "待申请部门审核",
  dept_approved: "待所在单位分管领导审签",
  approved: "待管理员办理",
  executing: "办理中",
  done: "已办结",
  withdrawn: "已撤回",
};
/** P10: 3 working days for the 州 admins to carry out a county admin form; 5 for the department to file after a change. */
export const EXECUTE_WORKDAYS = 3;
export const FILE_WORKDAYS = 5;

export interface FormInput {
  kind: FormKind;
  subsystem?: Subsystem | null;
  applicantUnitId: number;
  applyDate: string;
  contactName: string;
  contactPhone: string;
  rows: RowInput[];
  staffChangeId?: number | null;
}

type FormRow = typeof requestForms.$inferSelect;


async function unitInfo(q: Queryable, unitId: number) {
  const [u] = await q
    .select({ id: units.id, name: units.name, orgCode: units.orgCode, level: orgNodes.level, parentCode: orgNodes.parentCode, scopePrefix: orgNodes.scopePrefix })
    .from(units)
    .innerJoin(orgNodes, eq(orgNodes.code, units.orgCode))
    .where(eq(units.id, unitId));
  if (!u) throw badRequest("UNIT_UNKNOWN", "申请部门不存在");
  return u;
}

/**
 * Where a form goes (P10, P14): 附件1 of 州 and 县 goes to the 州 admins; 附件2 goes to the admins of the same level,
 * and a township's 附件2 to its county's admins (乡镇 have no admins, P6).
 */
export function executorOf(kind: FormKind, orgCode: string, level: Level, parentCode: string | null): string {
  if (kind === "admin") return "422800";
  if (level === "township") return parentCode!;
  return orgCode;
}

function checkFrame(input: FormInput, level: Level) {
  if (input.kind === "operator" && !input.subsystem) throw badRequest("SUBSYSTEM_REQUIRED", "操作员账户权限申请表须填写子系统名称（一张表只填一个子系统）");
  if (input.kind === "admin" && input.subsystem) throw badRequest("ADMIN_FORM_NO_SUBSYSTEM", "管理员账户权限申请表不填子系统名称，请在岗位名称中注明负责的子系统");
  if (input.kind === "admin" && level === "township") throw badRequest("TOWNSHIP_NO_ADMINS", "乡镇不设账户管理员、权限管理员（第七条）");
  if (!input.rows.length) throw badRequest("ROWS_REQUIRED", "申请内容至少填写一行");
  if (input.rows.length > 200) throw badRequest("TOO_MANY_ROWS", "一张申请表最多 200 行");
  if (!/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(input.contactPhone)) throw badRequest("PHONE_INVALID", "联系电话格式不正确");
}

/** Validate every row (as typed, or before submission). */
export async function validateForm(q: Queryable, input: FormInput) {
  const u = await unitInfo(q, input.applicantUnitId);
  const frame = { kind: input.kind, subsystem: input.subsystem ?? null, orgCode: u.orgCode, level: u.level, applicantUnitId: u.id, scopePrefix: u.scopePrefix };
  const dups = duplicateRows(input.rows);
  const out: { problems: RowProblem[]; targetAccountId: number | null; unit: RowUnit }[] = [];
  for (const [i, row] of input.rows.entries()) {
    const v = await validateRow(q, frame, row);
    out.push({ problems: [...v.problems, ...dups[i]!], targetAccountId: v.targetAccountId, unit: v.unit });
  }
  return { unit: u, rows: out, valid: out.every((r) => r.problems.length === 0) };
}

/** Staff of the applying department file its forms. */
function assertFiler(p: Principal, applicantUnitId: number) {
  if (p.unitId !== applicantUnitId) throw forbidden("NOT_IN_UNIT", "只能由本部门人员填写本部门的申请表");
}

async function step(tx: Queryable, formId: number, action: string, from: FormStatus | null, to: FormStatus, actor: Actor, opinion: string | null = null, rowSeq: number | null = null) {
  await tx.insert(requestFormSteps).values({ formId, action, fromStatus: from, toStatus: to, byAccountId: actor.accountId, byName: actor.name, opinion, rowSeq });
}

async function writeRows(tx: Queryable, formId: number, input: FormInput, rowUnits: RowUnit[], targets: (number | null)[]) {
  await tx.delete(requestFormRows).where(eq(requestFormRows.formId, formId));
  if (!input.rows.length) return;
  await tx.insert(requestFormRows).values(
    input.rows.map((r, i) => {
      const isAdminForm = input.kind === "admin";
      const grantNeeded = isAdminForm ? r.roleKind === "permission_admin" : r.category !== "modify" || !!r.positionId;
      return {
        formId,
        seq: i + 1,
        category: r.category,
        name: r.name.trim(),
        idNumber: r.idNumber.trim().toUpperCase(),
        phone: r.phone ?? null,
        roleKind: r.roleKind,
        adminSubsystems: r.adminSubsystems ?? [],
        positionId: r.positionId ?? null,
        // P9: the account's organisation and unit as named on the row (validated within the filer's scope).
        orgCode: rowUnits[i]!.orgCode,
        unitId: rowUnits[i]!.id,
        requirement: r.requirement ?? "",
        targetAccountId: targets[i] ?? null,
        accountPart: r.category === "modify" && !r.phone && !isAdminForm ? ("not_needed" as const) : ("pending" as const),
        grantPart: grantNeeded ? ("pending" as const) : ("not_needed" as const),
      };
    }),
  );
}

export async function createDraft(db: Db, p: Principal, input: FormInput, ip: string | null) {
  return db.transaction(async (tx) => {
    const u = await unitInfo(tx, input.applicantUnitId);
    assertFiler(p, input.applicantUnitId);
    checkFrame(input, u.level);
    const v = await validateForm(tx, input);
    const [f] = await tx
      .insert(requestForms)
      .values({
        kind: input.kind,
        subsystem: input.subsystem ?? null,
        applicantUnitId: u.id,
        applicantOrgCode: u.orgCode,
        executorOrgCode: executorOf(input.kind, u.orgCode, u.level, u.parentCode),
        applyDate: input.applyDate,
        submitterAccountId: p.accountId,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        staffChangeId: input.staffChangeId ?? null,
      })
      .returning();
    await writeRows(tx, f!.id, input, v.rows.map((r) => r.unit), v.rows.map((r) => r.targetAccountId));
    await step(tx, f!.id, "create", null, "draft", actorOf(p, ip));
    await audit(tx, actorOf(p, ip), { event: "form.create", objectType: "request_form", objectId: f!.id, detail: { kind: input.kind, rows: input.rows.length } });
    return { form: f!, validation: v };
  });
}

async function lockForm(tx: Queryable, formId: number): Promise<FormRow> {
  const [f] = await tx.select().from(requestForms).where(eq(requestForms.id, formId)).for("update");
  if (!f) throw notFound("FORM_NOT_FOUND", "申请表不存在");
  return f;
}

export async function updateDraft(db: Db, p: Principal, formId: number, input: FormInput, ip: string | null) {
  return db.transaction(async (tx) => {
    const f = await lockForm(tx, formId);
    if (f.submitterAccountId !== p.accountId) throw forbidden("NOT_SUBMITTER", "只有提交人可以修改申请表");
    if (f.status !== "draft") throw conflict("FORM_NOT_DRAFT", "申请表已提交，不能修改；如需修改请由审核人退回");
    if (input.kind !== f.kind || input.applicantUnitId !== f.applicantUnitId) throw badRequest("FORM_FRAME_FIXED", "申请表类型和申请部门创建后不能更改");
    const u = await unitInfo(tx, f.applicantUnitId);
    checkFrame(input, u.level);
    const v = await validateForm(tx, input);
    await tx.update(requestForms).set({ subsystem: input.subsystem ?? null, applyDate: input.applyDate, contactName: input.contactName, contactPhone: input.contactPhone, updatedAt: new Date() }).where(eq(requestForms.id, formId));
    await writeRows(tx, formId, input, v.rows.map((r) => r.unit), v.rows.map((r) => r.targetAccountId));
    await audit(tx, actorOf(p, ip), { event: "form.update", objectType: "request_form", objectId: formId, detail: { rows: input.rows.length } });
    return { validation: v };
  });
}

async function nextNumber(tx: Queryable, kind: FormKind, at: Date): Promise<string> {
  const year = chinaDate(at).slice(0, 4);
  const key = `form-${kind}-${year}`;
  const [s] = await tx
    .insert(serials)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: serials.key, set: { value: sql`${serials.value} + 1` } })
    .returning({ value: serials.value });
  return `${kind === "admin" ? "SQ1" : "SQ2"}-${year}-${String(s!.value).padStart(4, "0")}`;
}

function rowsAsInput(rows: (typeof requestFormRows.$inferSelect)[]): RowInput[] {
  return rows.map((r) => ({
    category: r.category, name: r.name, idNumber: r.idNumber, phone: r.phone, roleKind: r.roleKind,
    adminSubsystems: r.adminSubsystems, positionId: r.positionId, requirement: r.requirement,
  }));
}

async function signersOf(tx: Queryable, unitIds: number[], duty: "dept_head" | "unit_leader") {
  if (!unitIds.length) return [];
  return tx.select({ accountId: formSigners.accountId }).from(formSigners).where(and(inArray(formSigners.unitId, unitIds), eq(formSigners.duty, duty)));
}

async function leaderUnits(tx: Queryable, orgCode: string) {
  return (await tx.select({ id: units.id }).from(units).where(eq(units.orgCode, orgCode))).map((u) => u.id);
}

/** Submit: every row must be valid. A second submission is refused. */
export async function submitForm(db: Db, p: Principal, formId: number, ip: string | null) {
  return db.transaction(async (tx) => {
    const f = await lockForm(tx, formId);
    if (f.submitterAccountId !== p.accountId) throw forbidden("NOT_SUBMITTER", "只有提交人可以提交申请表");
    if (f.status !== "draft") throw conflict("FORM_ALREADY_SUBMITTED", "申请表已提交，不能重复提交");
    const rows = await tx.select().from(requestFormRows).where(eq(requestFormRows.formId, formId)).orderBy(asc(requestFormRows.seq));
    const input: FormInput = { kind: f.kind, subsystem: f.subsystem, applicantUnitId: f.applicantUnitId, applyDate: f.applyDate, contactName: f.contactName, contactPhone: f.contactPhone, rows: rowsAsInput(rows) };
    const v = await validateForm(tx, input);
    if (!v.valid) throw new AppError(422, "FORM_HAS_INVALID_ROWS", "申请表有不符合要求的行，请修改后再提交", v.rows.map((r, i) => ({ row: i + 1, problems: r.problems })));
    const now = new Date();
    const number = f.number ?? (await nextNumber(tx, f.kind, now));
    await tx.update(requestForms).set({ status: "submitted", number, submittedAt: now, updatedAt: now }).where(eq(requestForms.id, formId));
    await step(tx, formId, "submit", "draft", "submitted", actorOf(p, ip));
    if (f.staffChangeId) await closeDeadline(tx, "request_form", formId, "file", now);
    for (const s of await signersOf(tx, [f.applicantUnitId], "dept_head")) {
      await notifyAccount(tx, s.accountId, { kind: "form.review", title: `申请表 ${number} 待您签署申请部门意见`, link: `/forms/${formId}` });
    }
    await audit(tx, actorOf(p, ip), { event: "form.submit", objectType: "request_form", objectId: formId, detail: { number } });
    return { number };
  });
}

export async function withdrawForm(db: Db, p: Principal, formId: number, reason: string, ip: string | null) {
  return db.transaction(async (tx) => {
    const f = await lockForm(tx, formId);
    if (f.submitterAccountId !== p.accountId) throw forbidden("NOT_SUBMITTER", "只有提交人可以撤回申请表");
    if (!["draft", "submitted", "dept_approved"].includes(f.status)) throw conflict("FORM_NOT_WITHDRAWABLE", "申请表已审签通过或已办理，不能撤回");
    await tx.update(requestForms).set({ status: "withdrawn", updatedAt: new Date() }).where(eq(requestForms.id, formId));
    await step(tx, formId, "withdraw", f.status, "withdrawn", actorOf(p, ip), reason);
    await closeDeadline(tx, "request_form", formId, "file");
    await audit(tx, actorOf(p, ip), { event: "form.withdraw", objectType: "request_form", objectId: formId, detail: { reason } });
  });
}

/** 申请部门意见 (by the department's head) and 所在单位意见 (by the 分管领导 of the level): approve or return for changes. */
export async function signForm(db: Db, p: Principal, formId: number, stage: "dept" | "unit", decision: "approve" | "return", opinion: string, ip: string | null) {
  if (!opinion.trim()) throw badRequest("OPINION_REQUIRED", "请填写意见");
  // A refused signature (not a signer, the wrong stage, a signer who is the filer or a row's person) is audited as a
  // failure; nothing changes (issue 12, classes 1 and 7).
  return auditRefusals(db, actorOf(p, ip), { event: "form.sign", objectType: "request_form", objectId: formId, detail: { stage, decision } }, () => signFormTx(db, p, formId, stage, decision, opinion, ip));
}

/**
 * P5 applied to the forms of P10/P14 (issue 12, class 1): the filer of a form, the people its rows are for and its
 * signers are different people. The person a request is for never signs it, the filer never signs her own form, and
 * the 所在单位意见 is not signed by whoever signed the 申请部门意见.
 */
async function assertIndependentSigner(tx: Queryable, p: Principal, f: FormRow, stage: "dept" | "unit") {
  if (f.submitterAccountId === p.accountId) {
    throw forbidden("FORM_SELF_APPROVAL", "填报人不能签署本人填报的申请表，须由申请部门负责人或分管领导中的其他人签署");
  }
  const [me] = await tx.select({ idNumber: accounts.idNumber }).from(accounts).where(eq(accounts.id, p.accountId));
  const rows = await tx.select({ idNumber: requestFormRows.idNumber, targetAccountId: requestFormRows.targetAccountId }).from(requestFormRows).where(eq(requestFormRows.formId, f.id));
  if (rows.some((r) => r.targetAccountId === p.accountId || (!!me && r.idNumber.toUpperCase() === me.idNumber.toUpperCase()))) {
    throw forbidden("FORM_SELF_APPROVAL", "申请表中有为本人申请的内容，本人不能签署，须由他人审核");
  }
  if (stage === "unit" && f.deptOpinionBy === p.accountId) {
    throw forbidden("FORM_SAME_SIGNER", "申请部门意见与所在单位意见须由不同人员签署");
  }
}

async function signFormTx(db: Db, p: Principal, formId: number, stage: "dept" | "unit", decision: "approve" | "return", opinion: string, ip: string | null) {
  return db.transaction(async (tx) => {
    const f = await lockForm(tx, formId);
    const expected: FormStatus = stage === "dept" ? "submitted" : "dept_approved";
    if (f.status !== expected) throw conflict("FORM_WRONG_STAGE", `申请表当前状态为“${STATUS_NAMES[f.status]}”，不能签署此项意见`);
    const unitIds = stage === "dept" ? [f.applicantUnitId] : await leaderUnits(tx, f.applicantOrgCode);
    const signers = await signersOf(tx, unitIds, stage === "dept" ? "dept_head" : "unit_leader");
    if (!signers.some((s) => s.accountId === p.accountId)) {
      throw forbidden("NOT_SIGNER", stage === "dept" ? "只有申请部门负责人可以签署申请部门意见" : "只有所在单位分管领导可以签署所在单位意见");
    }
    await assertIndependentSigner(tx, p, f, stage);
    const now = new Date();
    const actor = actorOf(p, ip);
    if (decision === "return") {
      await tx.update(requestForms).set({ status: "draft", updatedAt: now }).where(eq(requestForms.id, formId));
      await step(tx, formId, `${stage}_return`, f.status, "draft", actor, opinion);
      await notifyAccount(tx, f.submitterAccountId, { kind: "form.returned", title: `申请表 ${f.number} 被退回修改`, body: opinion, link: `/forms/${formId}` });
      await audit(tx, actor, { event: "form.return", objectType: "request_form", objectId: formId, detail: { stage, opinion } });
      return { status: "draft" as const };
    }
    if (stage === "dept") {
      await tx.update(requestForms).set({ status: "dept_approved", deptOpinion: opinion, deptOpinionBy: p.accountId, deptOpinionAt: now, updatedAt: now }).where(eq(requestForms.id, formId));
      await step(tx, formId, "dept_approve", f.status, "dept_approved", actor, opinion);
      for (const s of await signersOf(tx, await leaderUnits(tx, f.applicantOrgCode), "unit_leader")) {
        await notifyAccount(tx, s.accountId, { kind: "form.review", title: `申请表 ${f.number} 待您审签（所在单位意见）`, link: `/forms/${formId}` });
      }
      await audit(tx, actor, { event: "form.sign", objectType: "request_form", objectId: formId, detail: { stage, opinion } });
      return { status: "dept_approved" as const };
    }
    await tx.update(requestForms).set({ status: "approved", unitOpinion: opinion, unitOpinionBy: p.accountId, unitOpinionAt: now, arrivedAt: now, updatedAt: now }).where(eq(requestForms.id, formId));
    await step(tx, formId, "unit_approve", f.status, "approved", actor, opinion);
    // P10: a county admin form reaches the 州 admins, who carry it out within 3 working days.
    if (f.kind === "admin" && f.applicantOrgCode !== "422800") {
      await openDeadline(tx, { objectType: "request_form", objectId: formId, kind: "execute", start: now, workdays: EXECUTE_WORKDAYS, orgCode: f.executorOrgCode });
    }
    await notifyOrgAdmins(tx, f.executorOrgCode, { kind: "form.arrived", title: `申请表 ${f.number} 已审签，待您办理`, link: `/forms/${formId}` });
    await audit(tx, actor, { event: "form.sign", objectType: "request_form", objectId: formId, detail: { stage, opinion } });
    return { status: "approved" as const };
  });
}

const formRef = (f: FormRow, seq: number) => `${f.number}#${seq}`;

/**
 * Carry out one part of one row: the account admin the account part, the permission admin the rights part — each
 * only their own, at the executing level, through the governance services (which check duties and scope again).
 */
export async function executeRow(db: Db, p: Principal, formId: number, seq: number, part: "account" | "grant", result: string, ip: string | null) {
  return db.transaction(async (tx) => {
    const txdb = tx as unknown as Db;
    const f = await lockForm(tx, formId);
    if (!["approved", "executing"].includes(f.status)) throw conflict("FORM_NOT_APPROVED", `申请表当前状态为“${STATUS_NAMES[f.status]}”，不能办理`);
    const needKind = part === "account" ? "account_admin" : "permission_admin";
    if (p.roleKind !== needKind) throw forbidden("NOT_YOUR_PART", part === "account" ? "账户部分由账户管理员办理" : "权限部分由权限管理员办理");
    if (p.orgCode !== f.executorOrgCode) throw forbidden("OUT_OF_SCOPE", "该申请表不由您所在层级的管理员办理");
    const [row] = await tx.select().from(requestFormRows).where(and(eq(requestFormRows.formId, formId), eq(requestFormRows.seq, seq))).for("update");
    if (!row) throw notFound("ROW_NOT_FOUND", "申请表中没有这一行");
    const status = part === "account" ? row.accountPart : row.grantPart;
    if (status === "done") throw conflict("ROW_ALREADY_EXECUTED", "这一行的该部分已办理，不能重复办理");
    if (status === "not_needed") throw conflict("ROW_PART_NOT_NEEDED", "这一行不需要办理该部分");
    const ref = formRef(f, seq);
    const opts = { ip, formRef: ref };
    let outcome: string;
    const [target] = await tx.select().from(accounts).where(eq(accounts.idNumber, row.idNumber));
    if (part === "account") {
      if (row.category === "add") {
        const acc = await createAccount(txdb, p, { name: row.name, idNumber: row.idNumber, phone: row.phone, orgCode: row.orgCode, unitId: row.unitId ?? f.applicantUnitId, roleKind: row.roleKind }, opts);
        await tx.update(requestFormRows).set({ targetAccountId: acc.id }).where(eq(requestFormRows.id, row.id));
        outcome = `已创建账户（编号 ${acc.id}）`;
      } else if (!target) {
        throw conflict("ACCOUNT_NOT_FOUND", "未找到该行对应的账户");
      } else if (row.category === "cancel") {
        await setAccountStatus(txdb, p, target.id, "cancelled", { ...opts, reason: `依申请表 ${ref} 注销` });
        outcome = "已注销账户";
      } else {
        await changeAccount(txdb, p, target.id, { phone: row.phone ?? undefined }, { ...opts, reason: `依申请表 ${ref} 修改` });
        outcome = "已修改账户信息";
      }
    } else {
      if (!target) throw conflict("ACCOUNT_NOT_CREATED_YET", "账户尚未创建：请先由账户管理员办理账户部分，再分配权限");
      const active = await tx.select().from(grants).where(and(eq(grants.accountId, target.id), isNull(grants.revokedAt)));
      if (row.roleKind === "permission_admin") {
        const wanted = new Set(row.category === "cancel" ? [] : row.adminSubsystems);
        for (const g of active.filter((g) => g.kind === "admin_subsystem" && !wanted.has(g.subsystem))) {
          await revokeGrant(txdb, p, g.id, { ...opts, reason: `依申请表 ${ref}` });
        }
        for (const s of wanted) {
          if (!active.some((g) => g.kind === "admin_subsystem" && g.subsystem === s)) await grantAdminSubsystem(txdb, p, target.id, s as Subsystem, opts);
        }
        outcome = wanted.size ? `已设置负责子系统：${[...wanted].map((s) => SUBSYSTEM_NAMES[s as Subsystem]).join("、")}` : "已收回全部管理权限";
      } else {
        const inSubsystem = active.filter((g) => g.kind === "position" && g.subsystem === f.subsystem);
        for (const g of inSubsystem.filter((g) => g.positionId !== row.positionId || row.category === "cancel")) {
          await revokeGrant(txdb, p, g.id, { ...opts, reason: `依申请表 ${ref}` });
        }
        if (row.category !== "cancel" && row.positionId && !inSubsystem.some((g) => g.positionId === row.positionId)) {
          await grantPosition(txdb, p, target.id, row.positionId, opts);
        }
        outcome = row.category === "cancel" ? "已收回岗位权限" : "已分配岗位权限";
      }
    }
    const now = new Date();
    const text = result.trim() ? `${outcome}；${result.trim()}` : outcome;
    if (part === "account") await tx.update(requestFormRows).set({ accountPart: "done", accountResult: text, accountDoneBy: p.accountId, accountDoneAt: now }).where(eq(requestFormRows.id, row.id));
    else await tx.update(requestFormRows).set({ grantPart: "done", grantResult: text, grantDoneBy: p.accountId, grantDoneAt: now }).where(eq(requestFormRows.id, row.id));
    await step(tx, formId, `execute_${part}`, f.status, "executing", actorOf(p, ip), text, seq);
    await audit(tx, actorOf(p, ip), { event: "form.execute", objectType: "request_form", objectId: formId, detail: { row: seq, part, outcome: text } });
    return finishIfDone(tx, f, p, ip);
  });
}

/** When every part of every row is done: fill both admins' 办理结果, close the clock, notify the contact person. */
async function finishIfDone(tx: Queryable, f: FormRow, p: Principal, ip: string | null) {
  const rows = await tx.select().from(requestFormRows).where(eq(requestFormRows.formId, f.id)).orderBy(asc(requestFormRows.seq));
  const now = new Date();
  const summary = (part: "account" | "grant") =>
    rows
      .filter((r) => (part === "account" ? r.accountPart : r.grantPart) === "done")
      .map((r) => `第${r.seq}行（${CATEGORY_NAMES[r.category]} ${r.name}）：${part === "account" ? r.accountResult : r.grantResult}`)
      .join("；");
  const accountDone = rows.every((r) => r.accountPart !== "pending");
  const grantDone = rows.every((r) => r.grantPart !== "pending");
  const set: Partial<FormRow> = { status: accountDone && grantDone ? "done" : "executing", updatedAt: now };
  if (accountDone && !f.accountAdminResult && rows.some((r) => r.accountPart === "done")) Object.assign(set, { accountAdminResult: summary("account"), accountAdminBy: p.roleKind === "account_admin" ? p.accountId : f.accountAdminBy, accountAdminAt: now });
  if (grantDone && !f.permissionAdminResult && rows.some((r) => r.grantPart === "done")) Object.assign(set, { permissionAdminResult: summary("grant"), permissionAdminBy: p.roleKind === "permission_admin" ? p.accountId : f.permissionAdminBy, permissionAdminAt: now });
  if (set.status === "done") set.doneAt = now;
  await tx.update(requestForms).set(set).where(eq(requestForms.id, f.id));
  if (set.status === "done") {
    await closeDeadline(tx, "request_form", f.id, "execute", now);
    await step(tx, f.id, "done", "executing", "done", actorOf(p, ip));
    await notifyAccount(tx, f.submitterAccountId, { kind: "form.done", title: `申请表 ${f.number} 已办结`, body: "账户管理员和权限管理员已办理完毕，请查看办理结果", link: `/forms/${f.id}` });
    await queueSms(tx, f.contactPhone, `您单位提交的申请表 ${f.number} 已办结，请登录平台查看办理结果。`);
  }
  return { status: set.status };
}

