/**
 * 附件1 / 附件2 printed as the official layout (X4, P15, P16): A4, the notice's table, blank boxes for 签字/盖章 and
 * 日期, the platform's signing notes, page numbers, rows that continue on the next page under a repeated header, the
 * form's number and a QR code that checks the record's authenticity. Typeset by Typst (src/core/print.ts) from the
 * templates in ./print/; the same record gives the same PDF (every date comes from the record).
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { chinaYmd, chinaYmdHm, printPdf, qrSvg } from "../core/print.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { positions } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { requestFormRows, requestForms } from "./schema.js";
import { CATEGORY_NAMES } from "./rows.js";
import { FORM_TITLES } from "./service.js";
import { notFound } from "../core/errors.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";

export const TEMPLATES = {
  admin: new URL("./print/attachment1.typ", import.meta.url),
  operator: new URL("./print/attachment2.typ", import.meta.url),
} as const;

/** What the templates read (all text already formatted). */
export interface FormPrint {
  attachment: string;
  title: string;
  number: string;
  qr: string;
  notes: string[];
  platformNote: string;
  /** 附件2 only. */
  subsystem: string;
  unit: string;
  applyDate: string;
  contactName: string;
  contactPhone: string;
  rows: { category: string; name: string; idNumber: string; phone: string; post: string; requirement: string }[];
  dept: { opinion: string; note: string; date: string };
  org: { opinion: string; note: string; date: string };
  accountResult: { text: string; note: string };
  permissionResult: { text: string; note: string };
}

export const FORM_NOTES = {
  admin: ["1.管理员账户或权限的申请要求，请在申请事项的“具体要求”栏中予以注明。", "2.县（市）级管理员向州级管理员申请账户和权限。"],
  operator: [
    "1.子系统名称有：劳动力资源信息库、零工驿站子系统、共享用工子系统、人社数据分析子系统、人社政务服务办件分析预警，请根据实际业务需要填写。相同的子系统用户才能共用一张表，否则请另表填写。",
    "2.业务操作员账户或业务权限的申请要求，请在申请事项的“具体要求”栏中予以注明。",
    "3.办理结果由同级账户管理员和权限管理员实施后填写并通知联系人。",
  ],
};
export const PLATFORM_NOTE =
  "本表由恩施州劳动力资源信息平台按记录生成；括号内“平台内签署”“平台记录”为在平台上签署或办理的人员和时间。纸质表签字盖章后扫描上传，与平台记录一并归档；扫描右上角二维码可核验本表。";

export async function formPrintData(db: Db, formId: number, verifyUrl: string, opts: { revealIds: boolean }): Promise<{ data: FormPrint; kind: "admin" | "operator"; number: string }> {
  const [f] = await db.select().from(requestForms).where(eq(requestForms.id, formId));
  if (!f) throw notFound("FORM_NOT_FOUND", "申请表不存在");
  const rows = await db.select().from(requestFormRows).where(eq(requestFormRows.formId, formId)).orderBy(asc(requestFormRows.seq));
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, f.applicantUnitId));
  const people = [f.submitterAccountId, f.deptOpinionBy, f.unitOpinionBy, f.accountAdminBy, f.permissionAdminBy].filter((x): x is number => x != null);
  const names = new Map((await db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(inArray(accounts.id, people))).map((a) => [a.id, a.name]));
  const posNames = new Map((await db.select({ id: positions.id, name: positions.name }).from(positions)).map((p) => [p.id, p.name]));
  const post = (r: (typeof rows)[number]) => {
    if (r.roleKind === "account_admin") return "账户管理员";
    if (r.roleKind === "permission_admin") return `权限管理员${r.adminSubsystems.length ? `（${r.adminSubsystems.map((s) => SUBSYSTEM_NAMES[s as Subsystem]).join("、")}）` : ""}`;
    return r.positionId ? (posNames.get(r.positionId) ?? "") : "";
  };
  const signed = (by: number | null, at: Date | null, what: string) => (by && at ? `平台内${what}：${names.get(by) ?? ""}，${chinaYmdHm(at)}` : "");
  const isAdmin = f.kind === "admin";
  const data: FormPrint = {
    attachment: isAdmin ? "附件1" : "附件2",
    title: FORM_TITLES[f.kind],
    number: f.number ?? "（草稿，提交后编号）",
    qr: await qrSvg(verifyUrl),
    notes: FORM_NOTES[f.kind],
    platformNote: PLATFORM_NOTE,
    subsystem: f.subsystem ? SUBSYSTEM_NAMES[f.subsystem] : "",
    unit: unit?.name ?? "",
    applyDate: chinaYmd(f.applyDate),
    contactName: (isAdmin ? f.contactName || names.get(f.submitterAccountId) : f.contactName) ?? "",
    contactPhone: (opts.revealIds ? f.contactPhone : maskPhone(f.contactPhone)) ?? "",
    rows: rows.map((r) => ({
      category: CATEGORY_NAMES[r.category],
      name: r.name,
      idNumber: (opts.revealIds ? r.idNumber : maskIdNumber(r.idNumber)) ?? "",
      phone: (opts.revealIds ? r.phone : maskPhone(r.phone)) ?? "",
      post: post(r),
      requirement: r.requirement ?? "",
    })),
    dept: { opinion: f.deptOpinion ?? "", note: signed(f.deptOpinionBy, f.deptOpinionAt, "签署"), date: f.deptOpinionAt ? chinaYmd(f.deptOpinionAt) : "" },
    org: { opinion: f.unitOpinion ?? "", note: signed(f.unitOpinionBy, f.unitOpinionAt, "签署"), date: f.unitOpinionAt ? chinaYmd(f.unitOpinionAt) : "" },
    accountResult: { text: f.accountAdminResult ?? "", note: signed(f.accountAdminBy, f.accountAdminAt, "办理") },
    permissionResult: { text: f.permissionAdminResult ?? "", note: signed(f.permissionAdminBy, f.permissionAdminAt, "办理") },
  };
  return { data, kind: f.kind, number: f.number ?? `draft-${f.id}` };
}

export async function renderFormPdf(db: Db, formId: number, verifyUrl: string, opts: { revealIds: boolean }): Promise<{ pdf: Buffer; number: string }> {
  const { data, kind, number } = await formPrintData(db, formId, verifyUrl, opts);
  return { pdf: printPdf(TEMPLATES[kind], data), number };
}
