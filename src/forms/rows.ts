/**
 * Row validation of 附件1 / 附件2 (P15, P16), shared by "validate as typed" and by submission: a form with an invalid
 * row cannot be submitted. Each problem names its field, a stable code and a Chinese message.
 */
import { inScope } from "../core/access/scope.js";
import { eq } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { parseIdNumber, ID_PROBLEM_TEXT } from "../core/idcard.js";
import { positions } from "../core/db/schema.js";
import { AREAS, type Subsystem } from "../core/access/areas.js";
import { ROLE_KIND_NAMES, positionUsableFor, roleAllowedAtLevel, type Level } from "../governance/rules.js";
import type { FormKind, RowCategory } from "./schema.js";

export interface RowInput {
  category: RowCategory;
  name: string;
  idNumber: string;
  phone?: string | null;
  roleKind: "account_admin" | "permission_admin" | "operator";
  adminSubsystems?: string[];
  positionId?: number | null;
  /** 所在单位 of the account an "add" row creates (P9): within the filing department's scope; default the department. */
  unitId?: number | null;
  requirement?: string;
}

export interface RowProblem {
  field: keyof RowInput | "row";
  code: string;
  message: string;
}

export interface FormFrame {
  kind: FormKind;
  subsystem: Subsystem | null;
  orgCode: string;
  level: Level;
  /** The filing department. */
  applicantUnitId: number;
  /** The applying organisation's scope (P9): accounts outside it are never named to the filer (issue 12, class 5); a row's unit lies inside it. */
  scopePrefix: string;
}

/** The unit (and its organisation) of the account a row concerns. */
export interface RowUnit {
  id: number;
  orgCode: string;
}

export const CATEGORY_NAMES: Record<RowCategory, string> = { add: "新增", cancel: "注销", modify: "修改" };

export async function validateRow(q: Queryable, form: FormFrame, row: RowInput): Promise<{ problems: RowProblem[]; targetAccountId: number | null; unit: RowUnit }> {
  const problems: RowProblem[] = [];
  const p = (field: RowProblem["field"], code: string, message: string) => problems.push({ field, code, message });
  // P9 (least privilege, issue 15): the new account's unit — its data scope — is named on the row, within the filing
  // department's scope (an admin form: its own level only); by default the filing department itself.
  let unit: RowUnit = { id: form.applicantUnitId, orgCode: form.orgCode };
  if (row.category === "add" && row.unitId && row.unitId !== form.applicantUnitId) {
    const [u] = await q.select({ id: units.id, orgCode: units.orgCode }).from(units).where(eq(units.id, row.unitId));
    if (!u) p("unitId", "UNIT_UNKNOWN", "所在单位不存在");
    else if (form.kind === "admin" ? u.orgCode !== form.orgCode : !u.orgCode.startsWith(form.scopePrefix)) {
      p("unitId", "UNIT_OUT_OF_SCOPE", "所在单位不在申请部门的管辖范围内：只能为本级及所辖下级单位的人员申请账户（最小权限，第九条）");
    } else unit = u;
  }
  if (!row.name?.trim()) p("name", "NAME_REQUIRED", "请填写姓名");
  const parsed = parseIdNumber(row.idNumber ?? "");
  if (!parsed.ok) p("idNumber", "ID_NUMBER_INVALID", ID_PROBLEM_TEXT[parsed.problem]);
  if (row.phone && !/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(row.phone)) p("phone", "PHONE_INVALID", "联系方式格式不正确");
  if (row.category === "add" && !row.phone) p("phone", "PHONE_REQUIRED", "新增账户须填写联系方式（实名制，第四条）");

  if (form.kind === "admin") {
    if (row.roleKind === "operator") p("roleKind", "ADMIN_FORM_ROLE", "管理员账户权限申请表的岗位名称只能是账户管理员或权限管理员；操作员请使用附件2");
    const lvl = roleAllowedAtLevel(row.roleKind, form.level);
    if (lvl) p("roleKind", lvl.code, lvl.message);
    if (row.roleKind === "permission_admin" && row.category !== "cancel") {
      const subs = row.adminSubsystems ?? [];
      if (!subs.length) p("adminSubsystems", "SUBSYSTEM_REQUIRED", "权限管理员须注明负责的子系统");
      for (const s of subs) if (!(AREAS as readonly string[]).includes(s)) p("adminSubsystems", "SUBSYSTEM_UNKNOWN", `子系统 ${s} 不存在`);
    }
  } else {
    if (row.roleKind !== "operator") p("roleKind", "OPERATOR_FORM_ROLE", "操作员账户权限申请表只用于操作员；管理员请使用附件1");
    if (row.category !== "cancel" || row.positionId) {
      if (!row.positionId && row.category === "add") p("positionId", "POSITION_REQUIRED", "请选择岗位角色");
      if (row.positionId) {
        const [pos] = await q.select().from(positions).where(eq(positions.id, row.positionId));
        if (!pos || pos.status !== "active") p("positionId", "POSITION_NOT_FOUND", "岗位角色不存在或已停用");
        else if (pos.subsystem !== form.subsystem) p("positionId", "POSITION_OTHER_SUBSYSTEM", "岗位角色不属于本表的子系统；不同子系统请另表填写");
        else if (!positionUsableFor(pos.orgCode, unit.orgCode)) p("positionId", "POSITION_OUT_OF_SCOPE", "该岗位角色不属于申请单位所在层级");
      }
    }
  }

  let targetAccountId: number | null = null;
  if (parsed.ok) {
    const [acc] = await q.select().from(accounts).where(eq(accounts.idNumber, parsed.info.idNumber));
    // Outside the applying organisation's scope the answer says only that the row cannot be filed: no name, no role
    // kind, and for 修改/注销 the same answer as for no account at all (issue 12, class 5).
    const visible = !!acc && inScope(form, acc.orgCode);
    if (acc && !visible) {
      if (row.category === "add") p("idNumber", "ROW_NOT_FILABLE", "该身份证号不能在本单位的申请表中新增账户，请核实身份证号或联系上级账户管理员");
      else p("idNumber", "ACCOUNT_NOT_FOUND", `“${CATEGORY_NAMES[row.category]}”须针对本单位范围内的已有账户，未找到该身份证号的有效账户`);
    } else if (row.category === "add") {
      if (acc) p("idNumber", "ACCOUNT_EXISTS", `该身份证号已有账户（${acc.name}，${ROLE_KIND_NAMES[acc.roleKind]}），每名工作人员只能有一个账户；如需调整请填“修改”`);
    } else if (!acc || acc.status === "cancelled") {
      p("idNumber", "ACCOUNT_NOT_FOUND", `“${CATEGORY_NAMES[row.category]}”须针对本单位范围内的已有账户，未找到该身份证号的有效账户`);
    } else {
      targetAccountId = acc.id;
      if (acc.name !== row.name?.trim()) p("name", "NAME_MISMATCH", `姓名与账户登记姓名（${acc.name}）不一致`);
      if (acc.orgCode !== form.orgCode) p("idNumber", "ACCOUNT_OTHER_ORG", "该账户不属于申请单位所在的组织机构");
      if (acc.roleKind !== row.roleKind) p("roleKind", "ROLE_KIND_MISMATCH", `该账户是${ROLE_KIND_NAMES[acc.roleKind]}，与所填岗位不符（第六条：不得相互兼任）`);
    }
  }
  return { problems, targetAccountId, unit };
}

/** Duplicate persons inside one form. */
export function duplicateRows(rows: RowInput[]): RowProblem[][] {
  const seen = new Map<string, number>();
  return rows.map((r, i) => {
    const key = (r.idNumber ?? "").trim().toUpperCase();
    if (!key) return [];
    if (seen.has(key)) return [{ field: "idNumber", code: "DUPLICATE_IN_FORM", message: `与第 ${seen.get(key)! + 1} 行是同一人，同一人只能占一行` }];
    seen.set(key, i);
    return [];
  });
}

