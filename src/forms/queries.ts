/**
 * The forms' read queries (P10, P14, X3): the 申请台账 list of a caller, its Excel export, the monthly statistics per
 * level and the due-soon/overdue clocks. Route handlers call these; no SQL in handlers.
 */
import ExcelJS from "exceljs";
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { accounts, deadlines, units } from "../core/db/schema.js";
import { scopeSql } from "../core/access/scope.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { chinaDate } from "../core/time.js";
import { formSigners, requestForms, requestFormSteps, type FormKind, type FormStatus } from "./schema.js";
import { FORM_TITLES, STATUS_NAMES } from "./service.js";

export interface FormListQuery { status?: FormStatus; kind?: FormKind; from?: string; to?: string; todo?: boolean }
export interface FormStatsRow { month: string; level: string; filed: number; done: number; met: number; missed: number }

/** The 申请台账 of a caller: forms they filed, their unit's, those they sign, those their level carries out, and (admins) their subtree's. */
export async function listForms(db: Queryable, p: Principal, q: FormListQuery) {
  const signerUnits = db.select({ id: formSigners.unitId }).from(formSigners).where(eq(formSigners.accountId, p.accountId));
  const leaderOrgs = db.select({ org: units.orgCode }).from(units).innerJoin(formSigners, eq(formSigners.unitId, units.id)).where(and(eq(formSigners.accountId, p.accountId), eq(formSigners.duty, "unit_leader")));
  const visible: SQL[] = [eq(requestForms.submitterAccountId, p.accountId), inArray(requestForms.applicantUnitId, signerUnits), inArray(requestForms.applicantOrgCode, leaderOrgs)];
  if (p.unitId) visible.push(eq(requestForms.applicantUnitId, p.unitId));
  if (p.roleKind !== "operator") visible.push(eq(requestForms.executorOrgCode, p.orgCode), scopeSql(p, requestForms.applicantOrgCode));
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
  const list = await db
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
}

/** The 申请台账 as an Excel workbook: one row per form, one column group per step (the caller's subtree and level). */
export async function formLedgerWorkbook(db: Queryable, p: Principal, q: { from?: string; to?: string }): Promise<{ buffer: Buffer; rows: number }> {
  const conds: SQL[] = [or(scopeSql(p, requestForms.applicantOrgCode), eq(requestForms.executorOrgCode, p.orgCode))!];
  if (q.from) conds.push(gte(requestForms.applyDate, q.from));
  if (q.to) conds.push(lte(requestForms.applyDate, q.to));
  const forms = await db.select({ f: requestForms, unit: units.name }).from(requestForms).innerJoin(units, eq(units.id, requestForms.applicantUnitId)).where(and(...conds)).orderBy(asc(requestForms.id));
  const ids = forms.map((x) => x.f.id);
  const steps = ids.length ? await db.select().from(requestFormSteps).where(inArray(requestFormSteps.formId, ids)).orderBy(asc(requestFormSteps.id)) : [];
  const clocks = ids.length ? await db.select().from(deadlines).where(and(eq(deadlines.objectType, "request_form"), inArray(deadlines.objectId, ids))) : [];
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
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: forms.length };
}

/** Monthly statistics per level of one year: forms filed, done, deadlines met or missed. */
export async function formStats(db: Queryable, p: Principal, y: number): Promise<FormStatsRow[]> {
  const rowsOut = await db.execute(sql`
    select to_char(f.apply_date, 'YYYY-MM') as month, o.level, count(*)::int as filed,
      count(*) filter (where f.status = 'done')::int as done,
      count(d.id) filter (where d.status = 'met')::int as met, count(d.id) filter (where d.status = 'missed')::int as missed
    from request_forms f join org_nodes o on o.code = f.applicant_org_code
    left join deadlines d on d.object_type = 'request_form' and d.object_id = f.id
    where f.apply_date between ${`${y}-01-01`}::date and ${`${y}-12-31`}::date and f.status <> 'draft'
      and (${scopeSql(p, sql.raw("f.applicant_org_code"))} or f.executor_org_code = ${p.orgCode})
    group by 1, 2 order by 1, 2`);
  return (rowsOut as unknown as { rows: FormStatsRow[] }).rows;
}

/** X3: open form clocks due soon or overdue, for the home page of admins and departments. */
export async function overdueForms(db: Queryable, p: Principal, now: Date) {
  const today = chinaDate(now);
  const list = await db.select({ d: deadlines, number: requestForms.number, kind: requestForms.kind, unit: units.name })
    .from(deadlines)
    .innerJoin(requestForms, and(eq(deadlines.objectType, "request_form"), eq(requestForms.id, deadlines.objectId)))
    .innerJoin(units, eq(units.id, requestForms.applicantUnitId))
    .where(and(eq(deadlines.status, "open"), lte(deadlines.remindOn, today),
      p.roleKind === "operator" ? eq(requestForms.applicantUnitId, p.unitId ?? -1) : or(eq(deadlines.orgCode, p.orgCode), scopeSql(p, requestForms.applicantOrgCode))))
    .orderBy(asc(deadlines.dueDate));
  return list.map(({ d, number, kind, unit }) => ({ formId: d.objectId, number, kind, unit, clock: d.kind, dueDate: d.dueDate, overdue: d.dueDate < today }));
}
