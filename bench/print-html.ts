/**
 * The floor of the print benchmark only: the same 附件2 as HTML, printed to an A4 PDF by Debian's Chromium — the way
 * the platform printed before Typst (docs/decisions.md D16). Nothing in src/ uses this.
 */
import QRCode from "qrcode";
import type { FormPrint } from "../src/forms/pdf.js";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const blank = "&emsp;&emsp;年&emsp;月&emsp;日";

export async function attachment2Html(d: FormPrint, qrText: string): Promise<string> {
  const qr = await QRCode.toDataURL(qrText, { margin: 0, width: 160, errorCorrectionLevel: "M" });
  const rows = d.rows
    .map((r) => `<tr><td class="c">${esc(r.category)}</td><td class="c">${esc(r.name)}</td><td class="s">${esc(r.idNumber)}</td><td class="s">${esc(r.phone)}</td><td>${esc(r.post)}</td><td class="s">${esc(r.requirement)}</td></tr>`)
    .join("");
  const box = (label: string, o: { opinion: string; note: string; date: string }, sign: string) =>
    `<tr><td class="l">${label}</td><td colspan="5" class="sign">${esc(o.opinion)}<div class="s">（${esc(o.note)}）</div><div class="line">${sign}&emsp;&emsp;&emsp;&emsp;${esc(o.date) || blank}</div></td></tr>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; } body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; margin: 0; }
  h1 { text-align: center; font-size: 16pt; margin: 4mm 0 3mm; } .meta { display: flex; justify-content: space-between; align-items: flex-end; }
  .meta img { width: 17mm; height: 17mm; display: block; } table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  td, th { border: 0.5pt solid #000; padding: 1.5mm 1.2mm; word-break: break-all; font-weight: normal; }
  .l, .c { text-align: center; } .s { font-size: 9pt; } .sign { height: 26mm; vertical-align: top; position: relative; }
  .line { position: absolute; bottom: 2mm; right: 3mm; } .notes { font-size: 9pt; margin-top: 2mm; }
  </style></head><body><b>${esc(d.attachment)}</b><h1>${esc(d.title)}</h1>
  <div class="meta"><div>编号：${esc(d.number)}</div><div><img src="${qr}" alt="二维码"><div class="s">扫码核验</div></div></div>
  <table><colgroup><col style="width:17%"><col style="width:10%"><col style="width:22%"><col style="width:15%"><col style="width:17%"><col style="width:19%"></colgroup>
  <tr><td class="l">子系统名称</td><td colspan="5">${esc(d.subsystem)}</td></tr>
  <tr><td class="l">申请部门</td><td colspan="2">${esc(d.unit)}</td><td class="l">申请日期</td><td colspan="2">${esc(d.applyDate)}</td></tr>
  <tr><td class="l">联系人姓名</td><td colspan="2">${esc(d.contactName)}</td><td class="l">联系人电话</td><td colspan="2">${esc(d.contactPhone)}</td></tr></table>
  <table><colgroup><col style="width:17%"><col style="width:10%"><col style="width:22%"><col style="width:15%"><col style="width:17%"><col style="width:19%"></colgroup>
  <thead><tr><th colspan="6"><b>申请内容</b></th></tr><tr><th>申请类别</th><th>姓名</th><th>身份证号</th><th>联系方式</th><th>岗位角色名称</th><th>具体要求</th></tr></thead>
  <tbody>${rows}</tbody></table>
  <table><colgroup><col style="width:17%"><col style="width:10%"><col style="width:22%"><col style="width:15%"><col style="width:17%"><col style="width:19%"></colgroup>
  ${box("申请部门意见", d.dept, "签字/盖章：")}${box("所在单位意见", d.org, "分管领导签字/盖章：")}
  <tr><td class="l">账户管理员办理结果</td><td colspan="2" class="sign">${esc(d.accountResult.text)}<div class="s">（${esc(d.accountResult.note)}）</div></td><td class="l">业务权限管理员办理结果</td><td colspan="2" class="sign">${esc(d.permissionResult.text)}<div class="s">（${esc(d.permissionResult.note)}）</div></td></tr>
  </table><div class="notes">说明：${d.notes.map((n) => `<div>${esc(n)}</div>`).join("")}</div></body></html>`;
}
