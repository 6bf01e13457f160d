/**
 * X4: 附件1 业务需求申请表 (R13) and 附件2 业务需求程序发布确认单 (R14) printed as the official layout — A4, bordered
 * table, CJK font, boxes for 签字/盖章 and 日期, the number given by the vendor and a QR back to the record. What the
 * platform recorded (opinions, who confirmed, when) is printed in the boxes; the paper is then signed and stamped,
 * scanned and archived with the requirement.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { esc, formPage, htmlToPdf, qrDataUrl } from "../core/pdf.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { notFound } from "../core/errors.js";
import { requirementAttachments, requirements, requirementSteps, requirementTests } from "./schema.js";
import { unitNames } from "./org.js";
import { FEASIBILITY_NAMES } from "./ledger.js";
import { chinaDate, chinaDateTime } from "../core/time.js";

export const SYSTEM_NAME = "恩施州劳动力资源信息平台";
const SUBSYSTEM_LIST = "劳动力资源信息库、零工驿站子系统、共享用工子系统、人社数据分析子系统、人社政务服务办件分析预警";

const ymd = (d: Date | string | null | undefined) => {
  if (!d) return "&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日";
  const s = typeof d === "string" ? d : chinaDate(d);
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};
const ymdhm = (d: Date | null | undefined) => {
  if (!d) return "";
  const s = chinaDateTime(d);
  return `${ymd(s.slice(0, 10))} ${s.slice(11, 16)}`;
};
const box = (on: boolean) => (on ? "☑" : "□");
const text = (s: string | null | undefined) => esc(s ?? "").replace(/\n/g, "<br>");

const EXTRA_CSS = `<style>
  .desc { height: 56mm; vertical-align: top; white-space: normal; }
  .desc .pre { white-space: pre-wrap; }
  .eval { height: 30mm; vertical-align: top; }
  .opinion { height: 40mm; vertical-align: top; position: relative; padding-bottom: 14mm; }
  .opinion .line { position: absolute; bottom: 2mm; left: 2mm; right: 2mm; font-size: 10pt; }
  .opinion .line .date { text-align: right; }
  .block .line { position: absolute; bottom: 2mm; left: 2mm; right: 2mm; display: flex; justify-content: space-between; }
  .olabel { text-align: center; font-size: 10pt; }
  .block { height: 52mm; vertical-align: top; position: relative; }
  .rec { font-size: 8.5pt; color: #333; margin-top: 1mm; }
  .head { text-align: center; font-weight: bold; }
  .hint { color: #555; font-size: 9pt; }
</style>`;

async function load(db: Db, id: number) {
  const [r] = await db.select().from(requirements).where(eq(requirements.id, id));
  if (!r) throw notFound("REQ_NOT_FOUND", "业务需求不存在");
  const steps = await db.select().from(requirementSteps).where(eq(requirementSteps.requirementId, id)).orderBy(asc(requirementSteps.id));
  const names = await unitNames(db, [r.applicantUnitId, r.counterpartUnitId, r.vendorUnitId]);
  return { r, steps, names };
}

/** The header rows both attachments share: 系统名称 … 紧急程度. */
function commonRows(r: typeof requirements.$inferSelect, applicant: string, cols: number) {
  const half = Math.floor((cols - 2) / 2);
  const rest = cols - 2 - half;
  return `
    <tr><td class="label">系统名称</td><td colspan="${cols - 1}">${SYSTEM_NAME}</td></tr>
    <tr><td class="label">子系统名称</td><td colspan="${cols - 1}">${esc(SUBSYSTEM_NAMES[r.subsystem])}</td></tr>
    <tr><td class="label">申请单位</td><td colspan="${half}">${esc(applicant)}</td><td class="label">申请日期</td><td colspan="${rest}">${ymd(r.applyDate)}</td></tr>
    <tr><td class="label">联系人姓名</td><td colspan="${half}">${esc(r.contactName)}</td><td class="label">联系人电话</td><td colspan="${rest}">${esc(r.contactPhone)}</td></tr>
    <tr><td class="label">需求类型</td><td colspan="${half}">${box(r.type === "new")}新增&emsp;${box(r.type === "change")}变更</td><td class="label">紧急程度</td><td colspan="${rest}">${box(r.urgency === "normal")}一般&emsp;${box(r.urgency === "urgent")}紧急<span class="hint">（在需求描述中说明理由）</span></td></tr>`;
}

/** R13 附件1 业务需求申请表. */
export async function applicationPdf(db: Db, id: number, verifyUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { r, steps, names } = await load(db, id);
  const policy = await db
    .select({ name: requirementAttachments.name })
    .from(requirementAttachments)
    .where(and(eq(requirementAttachments.requirementId, id), eq(requirementAttachments.kind, "policy")))
    .orderBy(asc(requirementAttachments.id));
  const last = (action: string) => [...steps].reverse().find((s) => s.action === action) ?? null;
  const dept = last("dept_approve");
  const pref = last("prefecture_approve");
  const evalStep = last("evaluate");
  const applicant = names.get(r.applicantUnitId) ?? "";
  const record = (s: typeof dept) => (s ? `<div class="rec">（平台记录：${esc(s.actorName)}，${esc(s.actorUnitName ?? "")}，${ymdhm(s.at)} 审核通过）</div>` : "");
  const description = `
    <div><b>${esc(r.title)}</b></div>
    <div class="pre">${text(r.description)}</div>
    ${r.urgency === "urgent" ? `<div><b>紧急理由：</b>${text(r.urgencyReason)}</div>` : ""}
    ${policy.length ? `<div><b>附件（政策文件或依据）：</b>${policy.map((a, i) => `${i + 1}. ${esc(a.name)}`).join("；")}</div>` : ""}
    <div class="hint">表格不够可另附页；如有政策文件或依据作为需求附件附后。</div>`;
  const evaluation = r.evaluatedAt
    ? `<div>可实施性：${esc(r.evalFeasibility ? FEASIBILITY_NAMES[r.evalFeasibility] : "")}${r.evalWorkdays ? `；预计 ${r.evalWorkdays} 个工作日` : ""}</div>
       <div>实施计划：${text(r.evalPlan)}</div>
       <div>评估意见：${text(r.evalOpinion)}</div>
       ${evalStep ? `<div class="rec">（平台记录：${esc(evalStep.actorName)}，${esc(evalStep.actorUnitName ?? "")}，${ymdhm(evalStep.at)}）</div>` : ""}`
    : "";
  const body = `${EXTRA_CSS}<table>
    <colgroup><col style="width:14%"><col style="width:18%"><col style="width:18%"><col style="width:20%"><col style="width:15%"><col style="width:15%"></colgroup>
    ${commonRows(r, applicant, 6)}
    <tr><td class="label">需求描述</td><td colspan="5" class="desc">${description}</td></tr>
    <tr>
      <td class="label">需求申请<br>部门意见</td>
      <td colspan="2" class="opinion">${text(dept?.opinion)}${record(dept)}<div class="line"><div>签字盖章：</div><div class="date">日期：${ymd(dept?.at ?? null)}</div></div></td>
      <td class="olabel">州级业务部门意见<br><span class="hint">（如申请部门为县市填此栏）</span></td>
      <td colspan="2" class="opinion">${r.applicantLevel === "county" ? `${text(pref?.opinion)}${record(pref)}` : ""}<div class="line"><div>签字：</div><div class="date">日期：${r.applicantLevel === "county" ? ymd(pref?.at ?? null) : ymd(null)}</div></div></td>
    </tr>
    <tr><td class="label">运维公司<br>评估意见</td><td colspan="5" class="eval">${evaluation}</td></tr>
  </table>`;
  const html = formPage({
    title: "业务需求申请表",
    attachment: "附件1",
    number: r.number ?? "（由运维公司受理时填写）",
    qr: await qrDataUrl(verifyUrl),
    body,
    footer: `说明：<br>1.编号由运维公司统一填写。<br>2.子系统名称有：${SUBSYSTEM_LIST}，请根据实际业务需要填写。`,
  });
  return { pdf: await htmlToPdf(html), fileName: `业务需求申请表-${r.number ?? `草稿${r.id}`}.pdf` };
}

/** R14 附件2 业务需求程序发布确认单. */
export async function releasePdf(db: Db, id: number, verifyUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { r, steps, names } = await load(db, id);
  const tests = await db.select().from(requirementTests).where(and(eq(requirementTests.requirementId, id), eq(requirementTests.round, r.testRound))).orderBy(asc(requirementTests.id));
  const passed = tests.filter((t) => t.kind !== "internal" && t.passed);
  const unitOf = await unitNames(db, passed.map((t) => t.unitId));
  const planStep = [...steps].reverse().find((s) => s.action === "release_plan") ?? null;
  const lastTest = passed.at(-1) ?? null;
  const testBlock = passed.length
    ? passed.map((t) => `<div>${esc(t.unitId ? (unitOf.get(t.unitId) ?? "") : "")}：${text(t.summary)}（验证人员：${esc(t.verifiers)}，${ymd(t.testDate)}）</div>`).join("")
    : "";
  const planBlock = r.releasePlanDate
    ? `<div>影响业务范围：${text(r.releaseScope)}</div>
       <div>起止时间：${ymdhm(r.releaseStart)} 至 ${ymdhm(r.releaseEnd)}</div>
       <div>运维公司项目负责人：${esc(r.releaseLead)}</div>
       ${r.releaseOutcome ? `<div>发布结果：${r.releaseOutcome === "success" ? "发布成功" : "发布未成功"}${r.releasedAt ? `（${ymdhm(r.releasedAt)}）` : ""}${r.releaseNote ? `，${text(r.releaseNote)}` : ""}</div>` : ""}
       ${planStep ? `<div class="rec">（平台记录：${esc(planStep.actorName)}，${ymdhm(planStep.at)} 填报）</div>` : ""}`
    : "";
  const body = `${EXTRA_CSS}<table>
    <colgroup><col style="width:18%"><col style="width:32%"><col style="width:18%"><col style="width:32%"></colgroup>
    ${commonRows(r, names.get(r.applicantUnitId) ?? "", 4)}
    <tr><td colspan="4" class="head">业务部门测试确认</td></tr>
    <tr><td colspan="4" class="block">测试结果：${testBlock}<div class="line"><span>验证人员签字：</span><span>日期：${ymd(lastTest?.testDate ?? null)}</span></div></td></tr>
    <tr><td colspan="4" class="head">发布上线计划</td></tr>
    <tr><td colspan="4" class="block">影响业务范围、起止时间：${planBlock}<div class="line"><span>运维公司项目负责人（签字）：</span><span>日期：${ymd(r.releasePlanDate)}</span></div></td></tr>
  </table>`;
  const html = formPage({
    title: "业务需求程序发布确认单",
    attachment: "附件2",
    number: r.number ?? "（由运维公司根据业务需求申请表填写）",
    qr: await qrDataUrl(verifyUrl),
    body,
    footer: `说明：<br>1.编号由运维公司根据《业务需求申请表》填写。<br>2.子系统名称有：${SUBSYSTEM_LIST}，请根据实际业务需要填写。`,
  });
  return { pdf: await htmlToPdf(html), fileName: `业务需求程序发布确认单-${r.number ?? `草稿${r.id}`}.pdf` };
}
