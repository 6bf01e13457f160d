/**
 * R1–R12 through HTTP with real accounts: the 州 path, the 县 path via the counterpart 州 department, rejection after
 * evaluation, a failed test returning to development, an urgent requirement, a release with its result.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { workdayDeadline } from "../core/calendar.js";
import { auditLog, notices, smsOutbox } from "../core/db/schema.js";
import { requirementTests } from "./schema.js";
import { act, create, detail, loginAll, today, type Who } from "../test/requirements-kit.js";

let env: TestEnv;
let c: Record<Who, Client>;
let meta: { infoCenter: { id: number }; counterparts: { id: number; name: string }[]; deadlines: { normal: Record<string, number>; urgent: Record<string, number> } };
let employment: number;

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  meta = (await c.mgr.get("/api/requirements/meta")).json();
  employment = meta.counterparts.find((u) => u.name === "州人社局就业促进科")!.id;
});
afterAll(async () => env?.close());

/** From 评估 to the end of development: accept, evaluate, approve, internal test. */
async function throughDevelopment(id: number) {
  const accepted = await act(c.ven, id, "accept");
  await act(c.ven, id, "evaluate", { feasibility: "feasible", plan: "两周完成", estimatedWorkdays: 8, opinion: "可实施" });
  await act(c.mgr, id, "approve", { devWorkdays: 10 });
  await act(c.ven, id, "internal_test", { testDate: today(), summary: "内部测试通过", verifiers: "运维测试组" });
  return accepted.number!;
}

describe("R7 州 path", () => {
  test("州 department → section head → 信息中心 → vendor → development → test → release → 关闭, every step recorded and audited", async () => {
    const id = await create(c.sub, { title: "州路径需求", subsystem: "GIG" });
    expect((await act(c.sub, id, "submit")).status).toBe("pending_dept_review");
    // R7: a 州 requirement goes from its own head straight to the 信息中心.
    expect((await act(c.head, id, "dept_approve", { opinion: "同意提交" })).status).toBe("pending_center");
    expect((await act(c.mgr, id, "dispatch")).status).toBe("pending_evaluation");
    const accepted = await act(c.ven, id, "accept");
    expect(accepted.status).toBe("evaluating");
    // R13 说明1: the number is given by the vendor on acceptance.
    expect(accepted.number).toMatch(/^XQ-\d{4}-\d{4}$/);
    expect((await act(c.ven, id, "evaluate", { feasibility: "feasible", plan: "第1周开发，第2周测试", estimatedWorkdays: 8, opinion: "可实施" })).status).toBe("evaluated");
    const approved = await act(c.mgr, id, "approve", { devWorkdays: 10, opinion: "同意实施" });
    expect(approved.status).toBe("developing");
    // R10: the development deadline is 10 working days from today.
    expect(approved.dueDate).toBe(await workdayDeadline(env.ctx.db, new Date(), 10));
    expect((await act(c.ven, id, "internal_test", { testDate: today(), summary: "用例全部通过", verifiers: "李工" })).status).toBe("testing");
    // R11: both the 信息中心 and the business department must confirm.
    const first = await act(c.mgr, id, "test_pass", { testDate: today(), summary: "符合需求", verifiers: "信息中心测试员" });
    expect(first.status).toBe("testing");
    const second = await act(c.sub, id, "test_pass", { testDate: today(), summary: "业务测试通过", verifiers: "就业促进科测试员" });
    expect(second.status).toBe("release_planning");
    const start = new Date(Date.now() + 86_400_000);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    expect((await act(c.ven, id, "release_plan", { scope: "零工驿站统计页面", start: start.toISOString(), end: end.toISOString(), lead: "运维项目经理" })).status).toBe("releasing");
    expect((await act(c.ven, id, "release_result", { outcome: "success", releasedAt: new Date().toISOString(), note: "发布成功" })).status).toBe("closed");

    const d = await detail(c.mgr, id);
    expect(d.status).toBe("closed");
    expect(d.steps.map((s: { action: string }) => s.action)).toEqual([
      "create", "submit", "dept_approve", "dispatch", "accept", "evaluate", "approve", "internal_test", "test_pass", "test_pass", "release_plan", "release_result",
    ]);
    const roles = d.steps.map((s: { actorRole: string }) => s.actorRole);
    expect(roles).toContain("申请科室（单位）负责人");
    expect(roles).toContain("州信息中心");
    expect(roles).toContain("运维公司");
    expect(d.steps.every((s: { actorName: string; at: string }) => s.actorName && s.at)).toBe(true);
    expect(d.holders).toEqual([]);
    expect(d.allowedActions).toEqual([]);
    // Each transition audited (create + 11 steps).
    const audits = await env.ctx.db.select({ event: auditLog.event }).from(auditLog).where(sql`${auditLog.objectType} = 'requirement' and ${auditLog.objectId} = ${String(id)} and ${auditLog.event} like 'req.%'`);
    expect(audits.filter((a) => a.event !== "req.attachment.upload").length).toBe(12);
  });

  test("R9: the evaluation goes back to the 信息中心 and the 州 business department; R12: the result reaches the business department", async () => {
    const id = await create(c.sub, { title: "评估反馈需求" });
    await act(c.sub, id, "submit");
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await act(c.ven, id, "accept");
    await act(c.ven, id, "evaluate", { feasibility: "partly", plan: "分两期", opinion: "部分可实施" });
    const headNotices = (await c.head.get("/api/notices")).json().items as { title: string; link: string }[];
    expect(headNotices.some((n) => n.title.includes("评估意见") && n.link === `/requirements/${id}`)).toBe(true);
    const mgrNotices = (await c.mgr.get("/api/notices")).json().items as { title: string; link: string }[];
    expect(mgrNotices.some((n) => n.title.includes("待信息中心审定") && n.link === `/requirements/${id}`)).toBe(true);
  });
});

describe("R8 县 path", () => {
  test("county department → its leader → counterpart 州 department → 信息中心; the wrong 州 department and the 信息中心 cannot jump in", async () => {
    const id = await create(c.esSub, { title: "县级路径需求", subsystem: "SHARE", counterpartUnitId: employment });
    await act(c.esSub, id, "submit");
    expect((await act(c.esLead, id, "dept_approve", { opinion: "同意，报州就业促进科" })).status).toBe("pending_prefecture_review");
    // A county form cannot go straight to the 信息中心.
    const jump = await c.mgr.post(`/api/requirements/${id}/actions/dispatch`, {});
    expect(jump.statusCode).toBe(409);
    expect(jump.json().code).toBe("REQ_PREFECTURE_REVIEW_REQUIRED");
    expect(jump.json().message).toContain("州级对口业务部门");
    // Only the counterpart chosen on the form reviews it (R8).
    const wrong = await c.svcHead.post(`/api/requirements/${id}/actions/prefecture_approve`, { opinion: "同意" });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe("REQ_WRONG_UNIT");
    expect((await act(c.head, id, "prefecture_approve", { opinion: "同意，全州适用" })).status).toBe("pending_center");
    expect((await act(c.mgr, id, "dispatch")).status).toBe("pending_evaluation");
    const d = await detail(c.esSub, id);
    expect(d.steps.map((s: { actorRole: string }) => s.actorRole).slice(1, 4)).toEqual(["县（市）业务部门", "申请单位分管领导", "州级对口业务部门"]);
    expect(d.counterpartUnitName).toBe("州人社局就业促进科");
    // The county sees its own requirement; another county does not (P9).
    const other = await c.lcSub.get(`/api/requirements/${id}`);
    expect(other.statusCode).toBe(404);
    const otherList = (await c.lcSub.get("/api/requirements?pageSize=200")).json().items as { id: number }[];
    expect(otherList.some((x) => x.id === id)).toBe(false);
  });

  test("the counterpart 州 department can return it for changes; the submitter edits, resubmits, and can withdraw", async () => {
    const id = await create(c.esSub, { title: "退回修改需求", counterpartUnitId: employment });
    await act(c.esSub, id, "submit");
    await act(c.esLead, id, "dept_approve");
    const noReason = await c.head.post(`/api/requirements/${id}/actions/prefecture_return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe("REQ_OPINION_REQUIRED");
    expect((await act(c.head, id, "prefecture_return", { opinion: "请补充政策依据" })).status).toBe("returned");
    const edit = await c.esSub.put(`/api/requirements/${id}`, { title: "退回修改需求（已补充）", subsystem: "LABOR", contactName: "向明", contactPhone: "13907180001", type: "new", urgency: "normal", description: "已补充依据", counterpartUnitId: employment });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await act(c.esSub, id, "submit")).status).toBe("pending_dept_review");
    expect((await act(c.esSub, id, "withdraw", { opinion: "需求已由州统一提出" })).status).toBe("withdrawn");
    const d = await detail(c.esSub, id);
    expect(d.title).toBe("退回修改需求（已补充）");
    expect(d.allowedActions).toEqual([]);
  });
});

describe("R9–R11 decisions and tests", () => {
  test("rejection after evaluation: an infeasible requirement cannot be approved; rejecting needs reasons and notifies the submitter", async () => {
    const id = await create(c.sub, { title: "不可实施需求", subsystem: "ANALYTICS" });
    await act(c.sub, id, "submit");
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await act(c.ven, id, "accept");
    await act(c.ven, id, "evaluate", { feasibility: "infeasible", plan: "无数据接口", opinion: "不可实施" });
    const approve = await c.mgr.post(`/api/requirements/${id}/actions/approve`, { devWorkdays: 5 });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().code).toBe("REQ_NOT_FEASIBLE");
    const bare = await c.mgr.post(`/api/requirements/${id}/actions/reject`, {});
    expect(bare.json().code).toBe("REQ_OPINION_REQUIRED");
    expect((await act(c.mgr, id, "reject", { opinion: "无省级接口，不予实施" })).status).toBe("rejected");
    const d = await detail(c.sub, id);
    expect(d.status).toBe("rejected");
    expect(d.evaluation.feasibilityName).toBe("不可实施");
    const n = (await c.sub.get("/api/notices")).json().items as { title: string; body: string }[];
    expect(n.some((x) => x.title.includes("评估后不予实施") && x.body.includes("无省级接口"))).toBe(true);
    // Nothing more can happen to a rejected requirement.
    const again = await c.mgr.post(`/api/requirements/${id}/actions/approve`, {});
    expect(again.json().code).toBe("REQ_STEP_NOT_ALLOWED");
  });

  test("a failed business test returns it to development in a new test round; both sides confirm the next round", async () => {
    const id = await create(c.sub, { title: "测试不通过需求" });
    await act(c.sub, id, "submit");
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await throughDevelopment(id);
    await act(c.mgr, id, "test_pass", { testDate: today(), summary: "信息中心测试通过", verifiers: "测试员甲" });
    const failed = await act(c.sub, id, "test_fail", { testDate: today(), verifiers: "测试员乙", opinion: "导出文件缺少乡镇列" });
    expect(failed.status).toBe("developing");
    let d = await detail(c.mgr, id);
    expect(d.testRound).toBe(2);
    // The 信息中心's pass from round 1 does not carry over: in round 2 both must confirm again.
    await act(c.ven, id, "internal_test", { testDate: today(), summary: "已补充乡镇列", verifiers: "李工" });
    expect((await act(c.sub, id, "test_pass", { testDate: today(), summary: "通过", verifiers: "测试员乙" })).status).toBe("testing");
    const twice = await c.sub.post(`/api/requirements/${id}/actions/test_pass`, { testDate: today(), summary: "再次通过", verifiers: "测试员乙" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("REQ_TEST_ALREADY_CONFIRMED");
    expect((await act(c.mgr, id, "test_pass", { testDate: today(), summary: "通过", verifiers: "测试员甲" })).status).toBe("release_planning");
    d = await detail(c.mgr, id);
    const periods = d.periods.map((p: { status: string }) => p.status);
    expect(periods.filter((s: string) => s === "developing").length).toBe(2);
    const tests = await env.ctx.db.select().from(requirementTests).where(eq(requirementTests.requirementId, id));
    expect(tests.map((t) => `${t.round}:${t.kind}:${t.passed}`)).toEqual(["1:internal:true", "1:center:true", "1:business:false", "2:internal:true", "2:business:true", "2:center:true"]);
  });
});

describe("urgent requirements", () => {
  test("紧急 needs a reason; its deadlines are the shorter ones", async () => {
    const bad = await c.sub.post("/api/requirements", { title: "紧急需求", subsystem: "CASES", contactName: "向明", contactPhone: "13907180001", type: "new", urgency: "urgent", description: "急" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("REQ_URGENT_REASON_REQUIRED");
    const id = await create(c.sub, { title: "紧急需求", subsystem: "CASES", urgency: "urgent", urgencyReason: "省厅考核要求本月上线" });
    const normal = await create(c.sub, { title: "一般需求", subsystem: "CASES" });
    const now = new Date();
    const u = await act(c.sub, id, "submit");
    const n = await act(c.sub, normal, "submit");
    expect(u.dueDate).toBe(await workdayDeadline(env.ctx.db, now, meta.deadlines.urgent.deptReview!));
    expect(n.dueDate).toBe(await workdayDeadline(env.ctx.db, now, meta.deadlines.normal.deptReview!));
    expect(meta.deadlines.urgent.deptReview!).toBeLessThan(meta.deadlines.normal.deptReview!);
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await act(c.ven, id, "accept");
    await act(c.ven, id, "evaluate", { feasibility: "feasible", plan: "3天", opinion: "可实施" });
    // Without a figure from the 信息中心 the urgent default development deadline applies.
    const approved = await act(c.mgr, id, "approve", {});
    expect(approved.dueDate).toBe(await workdayDeadline(env.ctx.db, new Date(), meta.deadlines.urgent.development!));
    const d = await detail(c.sub, id);
    expect(d.urgency).toBe("urgent");
    expect(d.urgencyReason).toBe("省厅考核要求本月上线");
    expect(d.devWorkdays).toBe(meta.deadlines.urgent.development);
    // Urgent notices also go out by SMS.
    const sms = await env.ctx.db.select().from(smsOutbox).where(sql`${smsOutbox.text} like ${`%${d.number}%`}`);
    expect(sms.length).toBeGreaterThan(0);
  });
});

describe("R12 release", () => {
  test("a failed release goes back to planning; the second plan succeeds, closes it and the contact person gets the result", async () => {
    const id = await create(c.sub, { title: "发布结果需求", contactPhone: "13907189999" });
    await act(c.sub, id, "submit");
    await act(c.head, id, "dept_approve");
    await act(c.mgr, id, "dispatch");
    await throughDevelopment(id);
    await act(c.mgr, id, "test_pass", { testDate: today(), summary: "通过", verifiers: "甲" });
    await act(c.sub, id, "test_pass", { testDate: today(), summary: "通过", verifiers: "乙" });
    const t = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    await act(c.ven, id, "release_plan", { scope: "人员查询", start: t(1), end: t(2), lead: "王经理" });
    // The plan reaches the 信息中心 and the business department (R12).
    const planNotice = (await c.sub.get("/api/notices")).json().items as { title: string }[];
    expect(planNotice.some((x) => x.title.includes("发布上线计划"))).toBe(true);
    const noReason = await c.ven.post(`/api/requirements/${id}/actions/release_result`, { outcome: "failed" });
    expect(noReason.json().code).toBe("REQ_RELEASE_NOTE_REQUIRED");
    expect((await act(c.ven, id, "release_result", { outcome: "failed", note: "数据库升级脚本超时，回滚" })).status).toBe("release_planning");
    await act(c.ven, id, "release_plan", { scope: "人员查询", start: t(3), end: t(4), lead: "王经理" });
    const closed = await act(c.ven, id, "release_result", { outcome: "success", releasedAt: new Date().toISOString(), note: "已发布，运行正常" });
    expect(closed.status).toBe("closed");
    const d = await detail(c.sub, id);
    expect(d.releaseResult).toMatchObject({ outcome: "success", note: "已发布，运行正常" });
    expect(d.releasePlan).toMatchObject({ scope: "人员查询", lead: "王经理" });
    const sms = await env.ctx.db.select().from(smsOutbox).where(eq(smsOutbox.phone, "13907189999"));
    expect(sms.map((s) => s.text).join()).toContain("已发布上线");
    const subNotices = await env.ctx.db.select().from(notices).where(and(eq(notices.link, `/requirements/${id}`), eq(notices.kind, "req.release_result")));
    expect(subNotices.length).toBeGreaterThan(0);
  });
});
