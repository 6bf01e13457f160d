/**
 * 附件1 / 附件2 printed as the official layout (X4, P15, P16): A4, bordered table, CJK font, blank boxes for
 * 签字/盖章, rendered from the form's data, with its number and a QR code that checks the record's authenticity.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { esc, formPage, htmlToPdf, qrDataUrl } from "../core/pdf.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { positions } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { requestFormRows, requestForms } from "./schema.js";
import { CATEGORY_NAMES } from "./rows.js";
import { FORM_TITLES } from "./service.js";
import { notFound } from "../core/errors.js";
import { maskIdNumber } from "../core/idcard.js";
import { chinaDate } from "../core/time.js";

const ymd = (d: Date | string | null | undefined) => {
  if (!d) return "&emsp;&emsp;年&emsp;月&emsp;日";
  const s = typeof d === "string" ? d : chinaDate(d);
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};

export async function renderFormPdf(db: Db, formId: number, verifyUrl: string, opts: { revealIds: boolean }): Promise<{ pdf: Buffer; number: string }> {
  const [f] = await db.select().from(requestForms).where(eq(requestForms.id, formId));
  if (!f) throw notFound("FORM_NOT_FOUND", "申请表不存在");
  const rows = await db.select().from(requestFormRows).where(eq(requestFormRows.formId, formId)).orderBy(asc(requestFormRows.seq));
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, f.applicantUnitId));
  const [submitter] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, f.submitterAccountId));
  const posNames = new Map((await db.select({ id: positions.id, name: positions.name }).from(positions)).map((p) => [p.id, p.name]));
  const names = async (id: number | null) => (id ? (await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, id)))[0]?.name ?? "" : "");
  const post = (r: (typeof rows)[number]) => {
    if (r.roleKind === "account_admin") return "账户管理员";
    if (r.roleKind === "permission_admin") return `权限管理员${r.adminSubsystems.length ? `（${r.adminSubsystems.map((s) => SUBSYSTEM_NAMES[s as Subsystem]).join("、")}）` : ""}`;
    return r.positionId ? (posNames.get(r.positionId) ?? "") : "";
  };
  const isAdmin = f.kind === "admin";
  const rowHtml = rows
    .map((r) => `<tr><td class="center">${CATEGORY_NAMES[r.category]}</td><td class="center">${esc(r.name)}</td><td class="small">${esc(opts.revealIds ? r.idNumber : maskIdNumber(r.idNumber))}</td><td class="small">${esc(r.phone ?? "")}</td><td>${esc(post(r))}</td><td class="small">${esc(r.requirement)}</td></tr>`)
    .join("");
  const signBox = (label: string, text: string | null, who: string, at: Date | null, leader = false) =>
    `<tr><td class="label">${label}</td><td colspan="5" class="sign">${esc(text ?? "")}${who ? `<div class="small">（平台内签署：${esc(who)}）</div>` : ""}<div class="line">${leader ? "分管领导签字/盖章：" : "签字/盖章："}&emsp;&emsp;&emsp;&emsp;&emsp;&emsp;${ymd(at)}</div></td></tr>`;
  const header = isAdmin
    ? `<tr><td class="label">申请部门</td><td colspan="2">${esc(unit?.name)}</td><td class="label">申请日期</td><td colspan="2">${ymd(f.applyDate)}</td></tr>
       <tr><td class="label">提交人</td><td colspan="2">${esc(f.contactName || submitter?.name)}</td><td class="label">联系电话</td><td colspan="2">${esc(f.contactPhone)}</td></tr>`
    : `<tr><td class="label">子系统名称</td><td colspan="5">${esc(f.subsystem ? SUBSYSTEM_NAMES[f.subsystem] : "")}</td></tr>
       <tr><td class="label">申请部门</td><td colspan="2">${esc(unit?.name)}</td><td class="label">申请日期</td><td colspan="2">${ymd(f.applyDate)}</td></tr>
       <tr><td class="label">联系人姓名</td><td colspan="2">${esc(f.contactName)}</td><td class="label">联系人电话</td><td colspan="2">${esc(f.contactPhone)}</td></tr>`;
  const results = isAdmin
    ? `<tr><td class="label">管理员办理结果</td><td colspan="5" class="sign small">${esc([f.accountAdminResult, f.permissionAdminResult].filter(Boolean).join("\n"))}</td></tr>`
    : `<tr><td class="label">账户管理员办理结果</td><td colspan="2" class="sign small">${esc(f.accountAdminResult ?? "")}</td><td class="label">业务权限管理员办理结果</td><td colspan="2" class="sign small">${esc(f.permissionAdminResult ?? "")}</td></tr>`;
  const body = `<table>
    <colgroup><col style="width:14%"><col style="width:12%"><col style="width:22%"><col style="width:16%"><col style="width:18%"><col style="width:18%"></colgroup>
    ${header}
    <tr><td colspan="6" class="center">申请内容</td></tr>
    <tr><th>申请类别</th><th>姓名</th><th>身份证号</th><th>联系方式</th><th>${isAdmin ? "岗位名称" : "岗位角色名称"}</th><th>具体要求</th></tr>
    ${rowHtml}
    ${signBox("申请部门意见", f.deptOpinion, await names(f.deptOpinionBy), f.deptOpinionAt)}
    ${signBox("所在单位意见", f.unitOpinion, await names(f.unitOpinionBy), f.unitOpinionAt, true)}
    ${results}
  </table>`;
  const footer = isAdmin
    ? "说明：1.管理员账户或权限的申请要求，请在申请事项的“具体要求”栏中予以注明。2.县（市）级管理员向州级管理员申请账户和权限。"
    : "说明：1.相同的子系统用户才能共用一张表，否则请另表填写。2.业务操作员账户或业务权限的申请要求，请在“具体要求”栏中予以注明。3.办理结果由同级账户管理员和权限管理员实施后填写并通知联系人。";
  const html = formPage({
    title: FORM_TITLES[f.kind],
    attachment: isAdmin ? "附件1" : "附件2",
    number: f.number ?? "（草稿，提交后编号）",
    qr: await qrDataUrl(verifyUrl),
    body,
    footer,
  });
  return { pdf: await htmlToPdf(html), number: f.number ?? `draft-${f.id}` };
}
