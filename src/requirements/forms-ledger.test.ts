/**
 * X4 R13/R14 PDFs (checked with pdftotext), attachments (R7, sniffed types), bad input refused with nothing changed,
 * the 需求台账 (R4, R6: filters, statistics, Excel export, vendor record, queue) and the deadline sweep (X3).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { auditLog, notices } from "../core/db/schema.js";
import { requirementAttachments, requirementDeadlineNotices, requirements } from "./schema.js";
import { sweepRequirementDeadlines } from "./deadlines.js";
import { isPdf, pdfPageCount, pdfText as popplerText } from "../test/pdf.js";
import { runDueJobs } from "../core/jobs.js";
import { REQUIREMENT_JOBS } from "./jobs.js";
import { act, create, detail, loginAll, multipart, PNG_1x1, snapshot, TINY_PDF, today, type Who } from "../test/requirements-kit.js";

let env: TestEnv;
let c: Record<Who, Client>;
let employment: number;
let centerId: number;
/** A county requirement taken all the way to 关闭 (for the PDFs and the ledger). */
let done: { id: number; number: string };

/** The PDF is checked in JavaScript; its text with pdftotext when the machine has it (null: Node alone). */
function pdfText(buf: Buffer, name: string): string | null {
  expect(isPdf(buf), name).toBe(true);
  expect(pdfPageCount(buf), name).toBeGreaterThan(0);
  if (process.env.KEEP_ARTIFACTS) writeFileSync(path.join(process.env.KEEP_ARTIFACTS, name), buf);
  return popplerText(buf, { layout: true });
}

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  const meta = (await c.mgr.get("/api/requirements/meta")).json();
  employment = meta.counterparts.find((u: { name: string }) => u.name === "州人社局就业促进科").id;
  centerId = meta.infoCenter.id;
  const id = await create(c.esSub, {
    title: "零工驿站增加困难零工帮扶台账",
    subsystem: "GIG",
    contactName: "覃丽",
    contactPhone: "13907185555",
    type: "change",
    urgency: "urgent",
    urgencyReason: "年底前须报送困难零工帮扶情况",
    description: "零工驿站子系统增加困难零工（待工长、低收入、残疾、大龄）帮扶台账。",
    counterpartUnitId: employment,
  });
  await act(c.esSub, id, "submit");
  await act(c.esLead, id, "dept_approve", { opinion: "同意提交州就业促进科" });
  await act(c.head, id, "prefecture_approve", { opinion: "同意，全州推广" });
  await act(c.mgr, id, "dispatch");
  const { number } = await act(c.ven, id, "accept");
  await act(c.ven, id, "evaluate", { feasibility: "feasible", plan: "新增台账页面与导出，5个工作日", estimatedWorkdays: 5, opinion: "技术上可实施" });
  await act(c.mgr, id, "approve", { devWorkdays: 5 });
  await act(c.ven, id, "internal_test", { testDate: today(), summary: "内部测试通过", verifiers: "运维测试组" });
  await act(c.mgr, id, "test_pass", { testDate: today(), summary: "信息中心测试通过", verifiers: "田华" });
  await act(c.esSub, id, "test_pass", { testDate: today(), summary: "帮扶台账数据正确", verifiers: "覃丽" });
  const start = new Date(Date.now() + 3_600_000), end = new Date(Date.now() + 3 * 3_600_000);
  await act(c.ven, id, "release_plan", { scope: "零工驿站困难零工模块", start: start.toISOString(), end: end.toISOString(), lead: "彭经理" });
  await act(c.ven, id, "release_result", { outcome: "success", note: "发布成功" });
  done = { id, number: number! };
});
afterAll(async () => {
  await env?.close();
});

describe("X4 printable forms", () => {
  test("R13 业务需求申请表 PDF carries the attachment's field names and this requirement's data", async () => {
    const res = await c.esSub.get(`/api/requirements/${done.id}/pdf/application`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    const text = pdfText(res.rawPayload, "application.pdf");
    // The same record prints the same PDF (dates from the record).
    expect((await c.esSub.get(`/api/requirements/${done.id}/pdf/application`)).rawPayload.equals(res.rawPayload)).toBe(true);
    if (text !== null) for (const s of ["附件1", "业务需求申请表", `编号：${done.number}`, "系统名称", "恩施州劳动力资源信息平台", "子系统名称", "零工驿站子系统", "申请单位", "恩施市就业局", "申请日期", "联系人姓名", "覃丽", "联系人电话", "13907185555", "需求类型", "变更", "紧急程度", "紧急", "需求描述", "困难零工帮扶台账", "年底前须报送困难零工帮扶情况", "需求申请", "部门意见", "同意提交州就业促进科", "州级业务部门意见", "同意，全州推广", "运维公司", "评估意见", "技术上可实施", "签字盖章", "日期"]) {
      expect(text, s).toContain(s);
    }
  });

  test("R14 业务需求程序发布确认单 PDF carries the test confirmation and the release plan", async () => {
    const res = await c.mgr.get(`/api/requirements/${done.id}/pdf/release`);
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload, "release.pdf");
    if (text !== null) for (const s of ["附件2", "业务需求程序发布确认单", `编号：${done.number}`, "系统名称", "子系统名称", "申请单位", "恩施市就业局", "业务部门测试确认", "测试结果", "帮扶台账数据正确", "验证人员签字", "覃丽", "发布上线计划", "影响业务范围", "零工驿站困难零工模块", "起止时间", "运维公司项目负责人", "彭经理"]) {
      expect(text, s).toContain(s);
    }
  });
});

describe("R7, X4 attachments", () => {
  const upload = (who: Client, id: number, kind: string, name: string, data: Buffer) => {
    const m = multipart(name, data);
    return who.request("POST", `/api/requirements/${id}/attachments?kind=${kind}`, m.body, m.headers);
  };

  test("policy documents on the draft; signed scans archived after submission; types decided by content", async () => {
    const id = await create(c.sub, { title: "附件需求" });
    const ok = await upload(c.sub, id, "policy", "关于返乡人员服务的通知.pdf", TINY_PDF);
    expect(ok.statusCode, ok.body).toBe(200);
    // A forbidden type (a text file named .pdf): a clear error, nothing changed.
    const before = await snapshot(env, id);
    const bad = await upload(c.sub, id, "policy", "伪装.pdf", Buffer.from("just text, not a pdf"));
    expect(bad.statusCode).toBe(415);
    expect(bad.json().code).toBe("FILE_TYPE_NOT_ALLOWED");
    expect(bad.json().message).toContain("PDF");
    expect(await snapshot(env, id)).toEqual(before);
    expect((await env.ctx.db.select().from(requirementAttachments).where(eq(requirementAttachments.requirementId, id))).length).toBe(1);
    // A Word document is not a signed scan.
    await act(c.sub, id, "submit");
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("word/document.xml")]);
    const wordScan = await upload(c.head, id, "signed_application", "scan.docx", docx);
    expect(wordScan.statusCode).toBe(415);
    // After submission the policy documents are locked.
    const late = await upload(c.sub, id, "policy", "补充.pdf", TINY_PDF);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("REQ_ATTACHMENT_LOCKED");
    const scan = await upload(c.head, id, "signed_application", "申请表签字盖章.png", PNG_1x1);
    expect(scan.statusCode, scan.body).toBe(200);
    const d = await detail(c.mgr, id);
    expect(d.attachments.map((a: { kind: string; mime: string }) => `${a.kind}:${a.mime}`)).toEqual(["policy:application/pdf", "signed_application:image/png"]);
    const got = await c.mgr.get(`/api/requirements/${id}/attachments/${scan.json().id}`);
    expect(got.statusCode).toBe(200);
    expect(Buffer.compare(got.rawPayload, PNG_1x1)).toBe(0);
    // Another county cannot upload to or read it (P9).
    expect((await upload(c.lcSub, id, "signed_application", "x.png", PNG_1x1)).statusCode).toBe(404);
    expect((await c.lcSub.get(`/api/requirements/${id}/attachments/${scan.json().id}`)).statusCode).toBe(404);
  });
});

describe("bad input: a clear error, nothing changed", () => {
  test("a step by the wrong role or the wrong unit", async () => {
    const id = await create(c.esSub, { title: "越权测试需求", counterpartUnitId: employment });
    await act(c.esSub, id, "submit");
    const before = await snapshot(env, id);
    // The submitter holds no review duty: refused by the function code.
    const own = await c.esSub.post(`/api/requirements/${id}/actions/dept_approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe("PERMISSION_DENIED");
    // A 州 section head holds req.review, but is not in the applicant unit.
    const other = await c.head.post(`/api/requirements/${id}/actions/dept_approve`, {});
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe("REQ_WRONG_UNIT");
    expect(other.json().message).toContain("恩施市就业局");
    // The vendor cannot dispatch, the 信息中心 cannot accept as the vendor.
    expect((await c.ven.post(`/api/requirements/${id}/actions/dispatch`, {})).json().code).toBe("PERMISSION_DENIED");
    expect((await c.mgr.post(`/api/requirements/${id}/actions/accept`, {})).json().code).toBe("PERMISSION_DENIED");
    // The wrong state.
    const early = await c.mgr.post(`/api/requirements/${id}/actions/approve`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("REQ_STEP_NOT_ALLOWED");
    expect(await snapshot(env, id)).toEqual(before);
  });

  test("a county form sent straight to the 信息中心", async () => {
    const [{ n: countBefore }] = await env.ctx.db.select({ n: sql<number>`count(*)::int` }).from(requirements) as [{ n: number }];
    const straight = await c.esSub.post("/api/requirements", { title: "直送信息中心", subsystem: "LABOR", contactName: "向明", contactPhone: "13907180001", type: "new", urgency: "normal", description: "x", counterpartUnitId: centerId });
    expect(straight.statusCode).toBe(400);
    expect(straight.json().code).toBe("REQ_COUNTERPART_INVALID");
    expect(straight.json().message).toContain("不能直接提交州信息中心");
    const [{ n: countAfter }] = await env.ctx.db.select({ n: sql<number>`count(*)::int` }).from(requirements) as [{ n: number }];
    expect(countAfter).toBe(countBefore);
    // Without any counterpart it cannot be submitted.
    const id = await create(c.esSub, { title: "未选对口部门" });
    const before = await snapshot(env, id);
    const submit = await c.esSub.post(`/api/requirements/${id}/actions/submit`, {});
    expect(submit.statusCode).toBe(400);
    expect(submit.json().code).toBe("REQ_COUNTERPART_REQUIRED");
    expect(await snapshot(env, id)).toEqual(before);
    // The database refuses the jump as well (R8 trigger).
    await expect(env.ctx.db.update(requirements).set({ status: "pending_center" }).where(eq(requirements.id, id))).rejects.toThrow();
  });

  test("紧急 without a reason (create and edit)", async () => {
    const id = await create(c.sub, { title: "一般改紧急" });
    const before = await snapshot(env, id);
    const res = await c.sub.put(`/api/requirements/${id}`, { title: "一般改紧急", subsystem: "LABOR", contactName: "向明", contactPhone: "13907180001", type: "new", urgency: "urgent", urgencyReason: "  ", description: "x" });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("REQ_URGENT_REASON_REQUIRED");
    expect(res.json().message).toContain("理由");
    expect(await snapshot(env, id)).toEqual(before);
  });

  test("a release plan ending before it starts", async () => {
    const id = await create(c.sub, { title: "发布窗口需求" });
    await act(c.sub, id, "submit");
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await act(c.ven, id, "accept");
    await act(c.ven, id, "evaluate", { feasibility: "feasible", plan: "p", opinion: "o" });
    await act(c.mgr, id, "approve");
    await act(c.ven, id, "internal_test", { testDate: today(), summary: "ok", verifiers: "v" });
    await act(c.mgr, id, "test_pass", { testDate: today(), summary: "ok", verifiers: "v" });
    await act(c.sub, id, "test_pass", { testDate: today(), summary: "ok", verifiers: "v" });
    const before = await snapshot(env, id);
    const start = new Date(Date.now() + 5 * 3_600_000), end = new Date(Date.now() + 3_600_000);
    const res = await c.ven.post(`/api/requirements/${id}/actions/release_plan`, { scope: "人员查询", start: start.toISOString(), end: end.toISOString(), lead: "王经理" });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("REQ_RELEASE_WINDOW_INVALID");
    expect(res.json().message).toContain("结束时间必须晚于开始时间");
    expect(await snapshot(env, id)).toEqual(before);
  });
});

describe("R4, R6 需求台账", () => {
  test("list filters, statistics and the Excel export within the caller's scope", async () => {
    const list = (q: string) => c.mgr.get(`/api/requirements?pageSize=200&${q}`).then((r) => r.json() as { total: number; items: { id: number; status: string; subsystem: string; urgency: string; applicantUnitName: string; overdue: boolean }[] });
    const gig = await list("subsystem=GIG");
    expect(gig.items.every((i) => i.subsystem === "GIG")).toBe(true);
    expect(gig.items.some((i) => i.id === done.id)).toBe(true);
    const closedUrgent = await list("status=closed&urgency=urgent");
    expect(closedUrgent.items.map((i) => i.id)).toContain(done.id);
    expect(closedUrgent.items.every((i) => i.status === "closed" && i.urgency === "urgent")).toBe(true);
    const period = await list(`from=${today()}&to=${today()}&type=change`);
    expect(period.items.map((i) => i.id)).toContain(done.id);
    const overdue = (await c.mgr.get("/api/requirements/overdue?pageSize=200")).json().items as { overdue: boolean; title: string }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((i) => i.overdue)).toBe(true);
    // A county sees only its own county's requirements (P9).
    const county = (await c.esSub.get("/api/requirements?pageSize=200")).json().items as { applicantUnitName: string }[];
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((i) => i.applicantUnitName === "恩施市就业局")).toBe(true);

    const stats = (await c.mgr.get("/api/requirements/stats")).json();
    expect(stats.total).toBeGreaterThan(5);
    expect(stats.bySubsystem).toHaveLength(5);
    expect(stats.byStatus.find((s: { key: string }) => s.key === "closed").count).toBeGreaterThan(0);
    expect(stats.steps.find((s: { status: string }) => s.status === "evaluating").medianWorkdays).not.toBeNull();
    expect((await c.esSub.get("/api/requirements/stats")).statusCode).toBe(403);

    const x = await c.mgr.get("/api/requirements/export?subsystem=GIG");
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["需求台账", "流转记录"]);
    const ledger = wb.getWorksheet("需求台账")!;
    expect(ledger.getRow(1).getCell(1).value).toBe("编号");
    const numbers = ledger.getColumn(1).values.slice(2);
    expect(numbers).toContain(done.number);
    const history = wb.getWorksheet("流转记录")!;
    const rows = history.getSheetValues().filter((r) => Array.isArray(r) && r[1] === done.number);
    expect(rows.length).toBe(13);
    const audits = await env.ctx.db.select().from(auditLog).where(eq(auditLog.event, "req.ledger.export"));
    expect(audits.length).toBe(1);
  });

  test("history with days in each step and deadline results; the vendor's queue and record (R6(5))", async () => {
    const d = await detail(c.mgr, done.id);
    expect(d.periods.map((p: { status: string }) => p.status)).toEqual([
      "draft", "pending_dept_review", "pending_prefecture_review", "pending_center", "pending_evaluation", "evaluating", "evaluated", "developing", "testing", "release_planning", "releasing",
    ]);
    expect(d.periods.slice(1).every((p: { met: boolean | null; workdays: number }) => p.met === true && p.workdays === 0)).toBe(true);

    const fresh = await create(c.sub, { title: "运维待办需求" });
    await act(c.sub, fresh, "submit");
    await act(c.head, fresh, "dept_approve");
    await act(c.mgr, fresh, "dispatch");
    const queue = (await c.ven.get("/api/requirements/queue")).json().items as { id: number; allowedActions: string[] }[];
    expect(queue.find((q) => q.id === fresh)?.allowedActions).toEqual(["accept"]);
    // The submitter's queue holds nothing of the vendor's.
    const subQueue = (await c.sub.get("/api/requirements/queue")).json().items as { id: number }[];
    expect(subQueue.some((q) => q.id === fresh)).toBe(false);
    const record = (await c.ven.get("/api/requirements/vendor-record")).json();
    const mine = record.items.find((i: { id: number }) => i.id === done.id);
    expect(mine.evaluation.feasibilityName).toBe("可实施");
    expect(mine.internalTests).toHaveLength(1);
    expect(mine.releaseResult.outcome).toBe("success");
    expect(record.summary.released).toBeGreaterThan(0);
    expect((await c.sub.get("/api/requirements/vendor-record")).statusCode).toBe(403);
  });

  test("deadline settings: the 信息中心 sets them, urgent never longer than normal", async () => {
    const cur = (await c.mgr.get("/api/requirements/settings")).json().deadlines;
    const bad = await c.mgr.put("/api/requirements/settings", { deadlines: { ...cur, urgent: { ...cur.urgent, evaluation: cur.normal.evaluation + 1 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("REQ_URGENT_LONGER");
    expect((await c.sub.put("/api/requirements/settings", { deadlines: cur })).statusCode).toBe(403);
    const ok = await c.mgr.put("/api/requirements/settings", { deadlines: { ...cur, normal: { ...cur.normal, evaluation: 6 } } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await c.mgr.get("/api/requirements/settings")).json().deadlines.normal.evaluation).toBe(6);
  });
});

describe("X3 deadline sweep", () => {
  test("reminders and overdue escalation are sent once, even by two sweeps at the same time", async () => {
    const later = new Date(Date.now() + 90 * 86_400_000);
    const [a, b] = await Promise.all([sweepRequirementDeadlines(env.ctx.db, later), sweepRequirementDeadlines(env.ctx.db, later)]);
    const sent = await env.ctx.db.select().from(requirementDeadlineNotices);
    expect(a.overdue + b.overdue).toBe(sent.filter((s) => s.kind === "overdue").length);
    expect(a.reminded + b.reminded).toBe(sent.filter((s) => s.kind === "remind").length);
    expect(a.overdue + b.overdue).toBeGreaterThan(0);
    const again = await sweepRequirementDeadlines(env.ctx.db, later);
    expect(again).toEqual({ reminded: 0, overdue: 0 });
    // The platform's job runner carries the sweep (src/requirements/jobs.ts): it runs, and finds nothing left to send.
    const runs = await runDueJobs(env.ctx.db, later, REQUIREMENT_JOBS);
    expect(runs).toEqual([{ name: "req.deadline-sweep", ok: true, result: { reminded: 0, overdue: 0 } }]);
    // The 信息中心 gets the escalation of a step held by someone else.
    const mgrId = (await c.mgr.get("/api/session")).json().account.id;
    const esc = await env.ctx.db.select().from(notices).where(eq(notices.accountId, mgrId));
    expect(esc.some((n) => n.kind === "req.deadline.escalation")).toBe(true);
  });
});
