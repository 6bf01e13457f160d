/**
 * X4: 附件1 业务需求申请表 (R13) and 附件2 业务需求程序发布确认单 (R14) printed as the official layout — A4, the
 * notice's table, boxes for 签字/盖章 and 日期, the number given by the vendor, page numbers and a QR back to the
 * record. What the platform recorded (opinions, who confirmed, when) is printed in the boxes as signing notes; the paper
 * is then signed and stamped, scanned and archived with the requirement. Typeset by Typst (src/core/print.ts) from the
 * templates in ./print/; every date comes from the record, so the same record gives the same PDF.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { chinaYmd, chinaYmdHm, printPdf, qrSvg } from "../core/print.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { notFound } from "../core/errors.js";
import { requirementAttachments, requirements, requirementSteps, requirementTests } from "./schema.js";
import { unitNames } from "./org.js";
import { FEASIBILITY_NAMES } from "./ledger.js";

export const SYSTEM_NAME = "恩施州劳动力资源信息平台";
const SUBSYSTEM_LIST = "劳动力资源信息库、零工驿站子系统、共享用工子系统、人社数据分析子系统、人社政务服务办件分析预警";
export const TEMPLATES = {
  application: new URL("./print/application.typ", import.meta.url),
  release: new URL("./print/release.typ", import.meta.url),
} as const;
const PLATFORM_NOTE =
  "本表由恩施州劳动力资源信息平台按记录生成；括号内“平台记录”为在平台上审核、测试或填报的人员和时间。纸质表签字盖章后扫描上传，与需求一并归档；扫描右上角二维码可核验本表。";

async function load(db: Db, id: number) {
  const [r] = await db.select().from(requirements).where(eq(requirements.id, id));
  if (!r) throw notFound("REQ_NOT_FOUND", "业务需求不存在");
  const steps = await db.select().from(requirementSteps).where(eq(requirementSteps.requirementId, id)).orderBy(asc(requirementSteps.id));
  const names = await unitNames(db, [r.applicantUnitId, r.counterpartUnitId, r.vendorUnitId]);
  return { r, steps, names };
}

/** The header both attachments share: 系统名称 … 紧急程度, and the page head. */
async function common(r: typeof requirements.$inferSelect, applicant: string, attachment: string, title: string, number: string, verifyUrl: string, notes: string[]) {
  return {
    attachment,
    title,
    number,
    qr: await qrSvg(verifyUrl),
    notes,
    platformNote: PLATFORM_NOTE,
    system: SYSTEM_NAME,
    subsystem: SUBSYSTEM_NAMES[r.subsystem],
    unit: applicant,
    applyDate: chinaYmd(r.applyDate),
    contactName: r.contactName ?? "",
    contactPhone: r.contactPhone ?? "",
    type: r.type as string,
    urgency: r.urgency as string,
  };
}

type Step = typeof requirementSteps.$inferSelect;
const record = (s: Step | null, what: string) => (s ? `平台记录：${s.actorName}${s.actorUnitName ? `，${s.actorUnitName}` : ""}，${chinaYmdHm(s.at)} ${what}` : "");

export type ApplicationPrint = Awaited<ReturnType<typeof applicationData>>;
export type ReleasePrint = Awaited<ReturnType<typeof releaseData>>;

/** R13 附件1 业务需求申请表: the data its template reads. */
export async function applicationData(db: Db, id: number, verifyUrl: string) {
  const { r, steps, names } = await load(db, id);
  const policy = await db
    .select({ name: requirementAttachments.name })
    .from(requirementAttachments)
    .where(and(eq(requirementAttachments.requirementId, id), eq(requirementAttachments.kind, "policy")))
    .orderBy(asc(requirementAttachments.id));
  const last = (action: string) => [...steps].reverse().find((s) => s.action === action) ?? null;
  const dept = last("dept_approve");
  const pref = r.applicantLevel === "county" ? last("prefecture_approve") : null;
  const evalStep = last("evaluate");
  const data = {
    ...(await common(r, names.get(r.applicantUnitId) ?? "", "附件1", "业务需求申请表", r.number ?? "（由运维公司受理时填写）", verifyUrl, [
      "1.编号由运维公司统一填写。",
      `2.子系统名称有：${SUBSYSTEM_LIST}，请根据实际业务需要填写。`,
    ])),
    title2: r.title,
    description: r.description ?? "",
    urgencyReason: r.urgency === "urgent" ? (r.urgencyReason ?? "") : "",
    policy: policy.map((a) => a.name),
    dept: { opinion: dept?.opinion ?? "", note: record(dept, "审核通过"), date: dept ? chinaYmd(dept.at) : "" },
    pref: { opinion: pref?.opinion ?? "", note: record(pref, "审核通过"), date: pref ? chinaYmd(pref.at) : "" },
    evaluation: r.evaluatedAt
      ? {
          feasibility: r.evalFeasibility ? FEASIBILITY_NAMES[r.evalFeasibility] : "",
          workdays: r.evalWorkdays ? String(r.evalWorkdays) : "",
          plan: r.evalPlan ?? "",
          opinion: r.evalOpinion ?? "",
          note: record(evalStep, "评估"),
        }
      : null,
  };
  return { data, fileName: `业务需求申请表-${r.number ?? `草稿${r.id}`}.pdf` };
}

/** R14 附件2 业务需求程序发布确认单: the data its template reads. */
export async function releaseData(db: Db, id: number, verifyUrl: string) {
  const { r, steps, names } = await load(db, id);
  const tests = await db.select().from(requirementTests).where(and(eq(requirementTests.requirementId, id), eq(requirementTests.round, r.testRound))).orderBy(asc(requirementTests.id));
  const passed = tests.filter((t) => t.kind !== "internal" && t.passed);
  const unitOf = await unitNames(db, passed.map((t) => t.unitId));
  const planStep = [...steps].reverse().find((s) => s.action === "release_plan") ?? null;
  const lastTest = passed.at(-1) ?? null;
  const stepOf = new Map(steps.map((s) => [s.id, s]));
  const data = {
    ...(await common(r, names.get(r.applicantUnitId) ?? "", "附件2", "业务需求程序发布确认单", r.number ?? "（由运维公司根据业务需求申请表填写）", verifyUrl, [
      "1.编号由运维公司根据《业务需求申请表》填写。",
      `2.子系统名称有：${SUBSYSTEM_LIST}，请根据实际业务需要填写。`,
    ])),
    tests: passed.map((t) => ({ unit: t.unitId ? (unitOf.get(t.unitId) ?? "") : "", summary: t.summary, verifiers: t.verifiers, date: chinaYmd(t.testDate) })),
    testNote: passed.map((t) => record(t.stepId ? (stepOf.get(t.stepId) ?? null) : null, "确认测试通过")).filter(Boolean).join("；"),
    testDate: lastTest ? chinaYmd(lastTest.testDate) : "",
    plan: r.releasePlanDate
      ? {
          scope: r.releaseScope ?? "",
          start: chinaYmdHm(r.releaseStart),
          end: chinaYmdHm(r.releaseEnd),
          lead: r.releaseLead ?? "",
          outcome: r.releaseOutcome
            ? `${r.releaseOutcome === "success" ? "发布成功" : "发布未成功"}${r.releasedAt ? `（${chinaYmdHm(r.releasedAt)}）` : ""}${r.releaseNote ? `，${r.releaseNote}` : ""}`
            : "",
          note: record(planStep, "填报"),
        }
      : null,
    planDate: chinaYmd(r.releasePlanDate),
  };
  return { data, fileName: `业务需求程序发布确认单-${r.number ?? `草稿${r.id}`}.pdf` };
}

/** R13 附件1 业务需求申请表. */
export async function applicationPdf(db: Db, id: number, verifyUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { data, fileName } = await applicationData(db, id, verifyUrl);
  return { pdf: printPdf(TEMPLATES.application, data), fileName };
}

/** R14 附件2 业务需求程序发布确认单. */
export async function releasePdf(db: Db, id: number, verifyUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { data, fileName } = await releaseData(db, id, verifyUrl);
  return { pdf: printPdf(TEMPLATES.release, data), fileName };
}
