/**
 * 账户管理台账 (P7(3)) and 权限管理台账 (P8(3)): on screen (paged JSON) and as Excel workbooks. The account ledger has one
 * row per change of an account (created, changed, disabled, suspended, moved … by whom, when, why, on which form);
 * the permission ledger one row per grant (granted by whom and when, revoked by whom and when, on which forms).
 * Both are limited to the caller's organisation subtree by scopeFilter (P9).
 */
import ExcelJS from "exceljs";
import { and, asc, count, desc, eq, gte, ilike, isNull, isNotNull, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "../core/db/client.js";
import { accounts, orgNodes, units, type RoleKind } from "../core/db/schema.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter, scopeOf } from "../core/access/scope.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { accountChanges } from "./schema.js";
import { grants, positions } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { LEVEL_NAMES, ROLE_KIND_NAMES, type Level } from "./rules.js";
import { ACCOUNT_ACTION_NAMES, describeChange, type AccountAction } from "./names.js";
import { chinaDateTime, chinaDayEnd, chinaDayStart } from "../core/time.js";

export { ACCOUNT_ACTION_NAMES, describeChange, type AccountAction };

export const STATUS_NAMES = { active: "正常", suspended: "暂停", disabled: "停用", cancelled: "注销" } as const;

const byAcc = alias(accounts, "by_acc");
const revAcc = alias(accounts, "rev_acc");

export interface LedgerFilter {
  orgCode?: string;
  level?: Level;
  roleKind?: RoleKind;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** One page of a ledger, or every row (up to 50 000) for the Excel export. */
function paging(f: LedgerFilter, opts: { all?: boolean }) {
  return opts.all ? { page: 1, pageSize: 50_000 } : { page: f.page ?? 1, pageSize: f.pageSize ?? 20 };
}

/** Start and end instants of China dates (UTC+8). */
const dayStart = chinaDayStart;
const dayEnd = chinaDayEnd;

function orgConds(p: Principal, f: LedgerFilter): SQL[] {
  const conds: SQL[] = [scopeFilter(p, accounts.orgCode)];
  if (f.orgCode) conds.push(scopeFilter(scopeOf(f.orgCode), accounts.orgCode));
  if (f.level) conds.push(eq(orgNodes.level, f.level));
  if (f.roleKind) conds.push(eq(accounts.roleKind, f.roleKind));
  if (f.q) conds.push(ilike(accounts.name, `%${f.q}%`));
  return conds;
}

export interface AccountLedgerFilter extends LedgerFilter {
  action?: AccountAction;
}

/** 账户管理台账 rows, newest first. */
export async function accountLedger(q: Queryable, p: Principal, f: AccountLedgerFilter, opts: { all?: boolean } = {}) {
  const conds = orgConds(p, f);
  if (f.action) conds.push(eq(accountChanges.action, f.action));
  if (f.from) conds.push(gte(accountChanges.at, dayStart(f.from)));
  if (f.to) conds.push(lte(accountChanges.at, dayEnd(f.to)));
  const where = and(...conds);
  const [total] = await q.select({ n: count() }).from(accountChanges)
    .innerJoin(accounts, eq(accounts.id, accountChanges.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(where);
  const { page, pageSize } = paging(f, opts);
  const list = await q
    .select({
      id: accountChanges.id, at: accountChanges.at, action: accountChanges.action, reason: accountChanges.reason, detail: accountChanges.detail,
      formRef: accountChanges.formRef, byAccountId: accountChanges.byAccountId, byName: byAcc.name,
      accountId: accounts.id, name: accounts.name, idNumber: accounts.idNumber, phone: accounts.phone, roleKind: accounts.roleKind, status: accounts.status,
      orgCode: accounts.orgCode, orgName: orgNodes.name, level: orgNodes.level, unitName: units.name,
    })
    .from(accountChanges)
    .innerJoin(accounts, eq(accounts.id, accountChanges.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .leftJoin(byAcc, eq(byAcc.id, accountChanges.byAccountId))
    .where(where)
    .orderBy(desc(accountChanges.at), desc(accountChanges.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    total: total?.n ?? 0,
    page,
    pageSize,
    items: list.map(({ idNumber, phone, ...r }) => ({
      ...r,
      idNumberMasked: maskIdNumber(idNumber),
      phoneMasked: maskPhone(phone),
      actionName: ACCOUNT_ACTION_NAMES[r.action],
      byName: r.byName ?? (r.action === "bootstrap" ? "系统初始化（命令行）" : r.byAccountId === null ? "系统" : null),
      summary: describeChange(r.action, r.detail),
    })),
  };
}

export interface PermissionLedgerFilter extends LedgerFilter {
  subsystem?: Subsystem;
  /** granted: granted in the period; revoked: revoked in the period; active: live now. */
  action?: "granted" | "revoked" | "active";
}

/** 权限管理台账 rows: every grant, newest first. */
export async function permissionLedger(q: Queryable, p: Principal, f: PermissionLedgerFilter, opts: { all?: boolean } = {}) {
  const conds = orgConds(p, f);
  if (f.subsystem) conds.push(eq(grants.subsystem, f.subsystem));
  const from = f.from ? dayStart(f.from) : null;
  const to = f.to ? dayEnd(f.to) : null;
  const inPeriod = (col: typeof grants.grantedAt | typeof grants.revokedAt) =>
    and(...[from ? gte(col, from) : undefined, to ? lte(col, to) : undefined].filter((x): x is SQL => !!x)) ?? isNotNull(col);
  if (f.action === "granted") conds.push(inPeriod(grants.grantedAt));
  else if (f.action === "revoked") conds.push(isNotNull(grants.revokedAt), inPeriod(grants.revokedAt));
  else if (f.action === "active") conds.push(isNull(grants.revokedAt));
  else if (from || to) conds.push(or(inPeriod(grants.grantedAt), and(isNotNull(grants.revokedAt), inPeriod(grants.revokedAt)))!);
  const where = and(...conds);
  const [total] = await q.select({ n: count() }).from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(where);
  const { page, pageSize } = paging(f, opts);
  const list = await q
    .select({
      id: grants.id, kind: grants.kind, subsystem: grants.subsystem, positionId: grants.positionId, positionName: positions.name, permissions: positions.permissions,
      grantedAt: grants.grantedAt, grantedBy: grants.grantedBy, grantedByName: byAcc.name, reason: grants.reason, formRef: grants.formRef,
      revokedAt: grants.revokedAt, revokedBy: grants.revokedBy, revokedByName: revAcc.name, revokeReason: grants.revokeReason, revokeFormRef: grants.revokeFormRef,
      accountId: accounts.id, name: accounts.name, idNumber: accounts.idNumber, roleKind: accounts.roleKind, status: accounts.status,
      orgCode: accounts.orgCode, orgName: orgNodes.name, level: orgNodes.level, unitName: units.name,
    })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .leftJoin(positions, eq(positions.id, grants.positionId))
    .leftJoin(byAcc, eq(byAcc.id, grants.grantedBy))
    .leftJoin(revAcc, eq(revAcc.id, grants.revokedBy))
    .where(where)
    .orderBy(desc(grants.grantedAt), desc(grants.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    total: total?.n ?? 0,
    page,
    pageSize,
    items: list.map(({ idNumber, ...r }) => ({
      ...r,
      idNumberMasked: maskIdNumber(idNumber),
      subsystemName: SUBSYSTEM_NAMES[r.subsystem],
      grantName: r.kind === "position" ? `岗位：${r.positionName ?? ""}` : `子系统权限管理：${SUBSYSTEM_NAMES[r.subsystem]}`,
      grantedByName: r.grantedByName ?? (r.grantedBy === null ? "系统初始化" : null),
      revokedByName: r.revokedAt ? (r.revokedByName ?? (r.revokedBy === null ? "系统" : null)) : null,
      state: r.revokedAt ? "已撤销" : "有效",
    })),
  };
}

const fmt = (d: Date | null | undefined) => (d ? chinaDateTime(d, { seconds: true }) : "");

function sheet(wb: ExcelJS.Workbook, title: string, subtitle: string, columns: { header: string; key: string; width: number }[], rows: Record<string, unknown>[]) {
  const ws = wb.addWorksheet(title, { views: [{ state: "frozen", ySplit: 3 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: "center" };
  ws.mergeCells(2, 1, 2, columns.length);
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).font = { size: 10, color: { argb: "FF666666" } };
  const header = ws.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
    cell.border = { bottom: { style: "thin" } };
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  for (const r of rows) ws.addRow(r).alignment = { vertical: "top", wrapText: true };
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } };
  return ws;
}

function subtitleOf(p: Principal, f: LedgerFilter, total: number) {
  const period = f.from || f.to ? `；期间 ${f.from ?? "…"} 至 ${f.to ?? "…"}` : "";
  return `${p.orgName}　导出人：${p.name}　导出时间：${fmt(new Date())}${period}　共 ${total} 条`;
}

export async function accountLedgerWorkbook(q: Queryable, p: Principal, f: AccountLedgerFilter): Promise<{ buffer: Buffer; rows: number }> {
  const data = await accountLedger(q, p, f, { all: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  wb.created = new Date();
  sheet(wb, "账户管理台账", subtitleOf(p, f, data.total), [
    { header: "序号", key: "seq", width: 7 },
    { header: "变更时间", key: "at", width: 20 },
    { header: "操作类别", key: "action", width: 14 },
    { header: "姓名", key: "name", width: 10 },
    { header: "身份证号", key: "idNumber", width: 21 },
    { header: "所属层级", key: "level", width: 12 },
    { header: "组织机构", key: "org", width: 18 },
    { header: "单位", key: "unit", width: 22 },
    { header: "角色类型", key: "roleKind", width: 11 },
    { header: "当前状态", key: "status", width: 9 },
    { header: "变更内容", key: "summary", width: 40 },
    { header: "原因", key: "reason", width: 24 },
    { header: "办理人", key: "by", width: 12 },
    { header: "申请表编号", key: "formRef", width: 18 },
  ], data.items.map((r, i) => ({
    seq: i + 1, at: fmt(r.at), action: r.actionName, name: r.name, idNumber: r.idNumberMasked, level: LEVEL_NAMES[r.level], org: r.orgName,
    unit: r.unitName ?? "", roleKind: ROLE_KIND_NAMES[r.roleKind], status: STATUS_NAMES[r.status], summary: r.summary, reason: r.reason ?? "",
    by: r.byName ?? "", formRef: r.formRef ?? "",
  })));
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: data.total };
}

export async function permissionLedgerWorkbook(q: Queryable, p: Principal, f: PermissionLedgerFilter): Promise<{ buffer: Buffer; rows: number }> {
  const data = await permissionLedger(q, p, f, { all: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  wb.created = new Date();
  sheet(wb, "权限管理台账", subtitleOf(p, f, data.total), [
    { header: "序号", key: "seq", width: 7 },
    { header: "姓名", key: "name", width: 10 },
    { header: "身份证号", key: "idNumber", width: 21 },
    { header: "所属层级", key: "level", width: 12 },
    { header: "组织机构", key: "org", width: 18 },
    { header: "单位", key: "unit", width: 22 },
    { header: "角色类型", key: "roleKind", width: 11 },
    { header: "子系统", key: "subsystem", width: 22 },
    { header: "授权内容", key: "grant", width: 26 },
    { header: "授权时间", key: "grantedAt", width: 20 },
    { header: "授权人", key: "grantedBy", width: 12 },
    { header: "授权原因", key: "reason", width: 20 },
    { header: "授权申请表编号", key: "formRef", width: 18 },
    { header: "状态", key: "state", width: 8 },
    { header: "撤销时间", key: "revokedAt", width: 20 },
    { header: "撤销人", key: "revokedBy", width: 12 },
    { header: "撤销原因", key: "revokeReason", width: 24 },
    { header: "撤销申请表编号", key: "revokeFormRef", width: 18 },
  ], data.items.map((r, i) => ({
    seq: i + 1, name: r.name, idNumber: r.idNumberMasked, level: LEVEL_NAMES[r.level], org: r.orgName, unit: r.unitName ?? "", roleKind: ROLE_KIND_NAMES[r.roleKind],
    subsystem: r.subsystemName, grant: r.grantName, grantedAt: fmt(r.grantedAt), grantedBy: r.grantedByName ?? "", reason: r.reason ?? "", formRef: r.formRef ?? "",
    state: r.state, revokedAt: fmt(r.revokedAt), revokedBy: r.revokedByName ?? "", revokeReason: r.revokeReason ?? "", revokeFormRef: r.revokeFormRef ?? "",
  })));
  // The positions of the caller's levels, so that the ledger says what each position contained.
  const pos = await q.select({ p: positions, orgName: orgNodes.name, byName: byAcc.name }).from(positions)
    .innerJoin(orgNodes, eq(orgNodes.code, positions.orgCode))
    .leftJoin(byAcc, eq(byAcc.id, positions.createdBy))
    .where(scopeFilter(p, positions.orgCode))
    .orderBy(asc(positions.orgCode), asc(positions.subsystem), asc(positions.id));
  sheet(wb, "业务岗位", `${p.orgName}及所辖范围设置的业务岗位（第十三条）`, [
    { header: "组织机构", key: "org", width: 18 },
    { header: "子系统", key: "subsystem", width: 22 },
    { header: "岗位名称", key: "name", width: 16 },
    { header: "功能权限", key: "permissions", width: 60 },
    { header: "状态", key: "status", width: 8 },
    { header: "设置人", key: "by", width: 12 },
    { header: "设置时间", key: "at", width: 20 },
  ], pos.map(({ p: x, orgName, byName }) => ({
    org: orgName, subsystem: SUBSYSTEM_NAMES[x.subsystem], name: x.name, permissions: x.permissions.join("、"), status: x.status === "active" ? "启用" : "停用",
    by: byName ?? "", at: fmt(x.createdAt),
  })));
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: data.total };
}
