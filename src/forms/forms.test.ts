/**
 * P10, P11, P14–P16, X3, X4: request forms through the real HTTP layer, each step by the account that holds the duty.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { multipart } from "../test/multipart.js";
import { accounts, units, deadlines, notices, smsOutbox } from "../core/db/schema.js";
import { grants, positions } from "../core/db/schema.js";
import { makeIdNumber } from "../core/idcard.js";
import { computeDue, sweepDeadlines } from "../core/deadlines.js";
import { FORM_DEADLINE_HANDLERS } from "./deadlines.js";
import { isPdf, pdfPageCount, pdfText } from "../test/pdf.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let seq = 100;
const newId = (region = "422801") => makeIdNumber(region, "19900101", seq++ * 2 + 1);

async function unitOf(label: string) {
  const id = env.identity(label);
  const [a] = await env.ctx.db.select({ unitId: accounts.unitId, orgCode: accounts.orgCode, id: accounts.id }).from(accounts).where(eq(accounts.idNumber, id.idNumber));
  return a!;
}

async function positionId(orgCode: string, name: string, subsystem = "LABOR") {
  const [p] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, orgCode), eq(positions.name, name), eq(positions.subsystem, subsystem as "LABOR")));
  return p!.id;
}

function formBody(kind: "admin" | "operator", unitId: number, rows: unknown[], subsystem: string | null = null) {
  return { kind, subsystem, applicantUnitId: unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111", rows };
}

async function signBoth(formId: number, deptLabel: string, unitLabel: string) {
  const dept = await env.login(deptLabel);
  expect((await dept.post(`/api/forms/${formId}/sign`, { stage: "dept", decision: "approve", opinion: "同意" })).json()).toEqual({ status: "dept_approved" });
  const leader = await env.login(unitLabel);
  expect((await leader.post(`/api/forms/${formId}/sign`, { stage: "unit", decision: "approve", opinion: "同意，请办理" })).json()).toEqual({ status: "approved" });
}

describe("附件2 for a township operator, executed by the county admins (P14, P16)", () => {
  let formId: number;
  const idNumber = newId();
  it("the township department files three rows; invalid rows are named as typed", async () => {
    const filer = await env.login("舞阳坝街道信息采集员");
    const me = await unitOf("舞阳坝街道信息采集员");
    const pos = await positionId("422801", "信息采集员");
    const otherSub = await positionId("422801", "驿站管理员", "GIG");
    const bad = await filer.post("/api/forms/validate", formBody("operator", me.unitId!, [
      { category: "add", name: "张三", idNumber: idNumber.slice(0, 17) + (idNumber[17] === "1" ? "2" : "1"), phone: "13900000001", roleKind: "operator", positionId: pos },
      { category: "add", name: "李四", idNumber: newId(), phone: "13900000002", roleKind: "operator", positionId: otherSub },
      { category: "cancel", name: "王五", idNumber: newId(), roleKind: "operator" },
    ], "LABOR"));
    const v = bad.json();
    expect(v.valid).toBe(false);
    expect(v.rows[0].problems[0]).toMatchObject({ field: "idNumber", code: "ID_NUMBER_INVALID" });
    expect(v.rows[1].problems[0]).toMatchObject({ code: "POSITION_OTHER_SUBSYSTEM" });
    expect(v.rows[2].problems[0]).toMatchObject({ code: "ACCOUNT_NOT_FOUND" });

    const created = await filer.post("/api/forms", formBody("operator", me.unitId!, [
      { category: "add", name: "向秀兰", idNumber, phone: "13900000003", roleKind: "operator", positionId: pos, requirement: "新增信息采集员" },
      { category: "add", name: "田志强", idNumber: newId(), phone: "13900000004", roleKind: "operator", positionId: pos },
      { category: "add", name: "覃丽", idNumber: newId(), phone: "13900000005", roleKind: "operator", positionId: pos },
    ], "LABOR"));
    expect(created.statusCode).toBe(200);
    expect(created.json().valid).toBe(true);
    formId = created.json().id;
    const sub = await filer.post(`/api/forms/${formId}/submit`);
    expect(sub.json().number).toMatch(/^SQ2-\d{4}-\d{4}$/);
    // Submitting twice is refused.
    const again = await filer.post(`/api/forms/${formId}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("FORM_ALREADY_SUBMITTED");
  });

  it("only the department head and the leader in charge sign; a return sends it back to draft", async () => {
    const wrong = await env.login("恩施市就业局负责人");
    expect((await wrong.post(`/api/forms/${formId}/sign`, { stage: "dept", decision: "approve", opinion: "同意" })).json().code).toBe("NOT_SIGNER");
    const head = await env.login("舞阳坝街道人社服务中心主任");
    expect((await head.post(`/api/forms/${formId}/sign`, { stage: "dept", decision: "return", opinion: "请补充具体要求" })).json()).toEqual({ status: "draft" });
    const filer = await env.login("舞阳坝街道信息采集员");
    expect((await filer.post(`/api/forms/${formId}/submit`)).statusCode).toBe(200);
    await signBoth(formId, "舞阳坝街道人社服务中心主任", "舞阳坝街道分管领导");
  });

  it("the form goes to the county admins; the permission part needs the account first; each admin does only their part", async () => {
    const pa = await env.login("恩施市权限管理员");
    const early = await pa.post(`/api/forms/${formId}/rows/1/execute-grant`, { result: "" });
    expect(early.json().code).toBe("ACCOUNT_NOT_CREATED_YET");
    // An admin of another county cannot carry it out.
    const lichuanAa = await env.login("利川市账户管理员");
    const outside = await lichuanAa.post(`/api/forms/${formId}/rows/1/execute-account`, { result: "" });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe("OUT_OF_SCOPE");
    // The permission admin cannot do the account part (route permission).
    expect((await pa.post(`/api/forms/${formId}/rows/1/execute-account`, { result: "" })).statusCode).toBe(403);

    const aa = await env.login("恩施市账户管理员");
    for (const s of [1, 2, 3]) expect((await aa.post(`/api/forms/${formId}/rows/${s}/execute-account`, { result: "已开通" })).statusCode).toBe(200);
    const twice = await aa.post(`/api/forms/${formId}/rows/1/execute-account`, { result: "" });
    expect(twice.json().code).toBe("ROW_ALREADY_EXECUTED");
    // Partial execution: the form is still being carried out.
    expect((await aa.get(`/api/forms/${formId}`)).json().form.status).toBe("executing");
    for (const s of [1, 2]) expect((await pa.post(`/api/forms/${formId}/rows/${s}/execute-grant`, { result: "" })).statusCode).toBe(200);
    expect((await pa.get(`/api/forms/${formId}`)).json().form.status).toBe("executing");
    const last = await pa.post(`/api/forms/${formId}/rows/3/execute-grant`, { result: "" });
    expect(last.json()).toEqual({ status: "done" });

    const detail = (await pa.get(`/api/forms/${formId}`)).json();
    expect(detail.form.accountAdminResult).toContain("已创建账户");
    expect(detail.form.permissionAdminResult).toContain("已分配岗位权限");
    // The ledgers link the account and the grant to the form row.
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, idNumber));
    expect(acc!.orgCode).toBe("422801001");
    const [g] = await env.ctx.db.select().from(grants).where(eq(grants.accountId, acc!.id));
    expect(g!.formRef).toBe(`${detail.form.number}#1`);
    // The contact person is told: a notice to the submitter and an SMS in the outbox.
    const filer = await unitOf("舞阳坝街道信息采集员");
    const n = await env.ctx.db.select().from(notices).where(and(eq(notices.accountId, filer.id), eq(notices.kind, "form.done")));
    expect(n.length).toBe(1);
    const sms = await env.ctx.db.select().from(smsOutbox).where(eq(smsOutbox.phone, "13800001111"));
    expect(sms.some((s) => s.text.includes(detail.form.number))).toBe(true);
  });

  it("prints as the 附件2 layout with its rows (X4) and archives the signed scan; forged and oversized files are refused", async () => {
    const filer = await env.login("舞阳坝街道信息采集员");
    const pdf = await filer.get(`/api/forms/${formId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(isPdf(pdf.rawPayload)).toBe(true);
    expect(pdfPageCount(pdf.rawPayload)).toBe(1);
    if (process.env.KEEP_ARTIFACTS) writeFileSync(path.join(process.env.KEEP_ARTIFACTS, "form-attachment2.pdf"), pdf.rawPayload);
    // The same record prints the same PDF, byte for byte (dates from the record, fonts from the package).
    const again = await filer.get(`/api/forms/${formId}/pdf`);
    expect(again.rawPayload.equals(pdf.rawPayload)).toBe(true);
    // The text (pdftotext, when the machine has poppler; a machine with Node alone still printed the PDF above).
    const text = pdfText(pdf.rawPayload)?.replace(/\s+/g, "");
    if (text !== undefined) {
      for (const label of ["附件2", "操作员账户权限申请表", "子系统名称", "劳动力资源信息库", "申请部门", "申请日期", "联系人姓名", "联系人电话", "申请内容", "申请类别", "姓名", "身份证号", "联系方式", "岗位角色名称", "具体要求", "申请部门意见", "所在单位意见", "分管领导签字/盖章", "账户管理员办理", "业务权限管理", "向秀兰", "信息采集员", "已创建账户", "平台内签署", "平台内办理", "扫码核验", "第1页共1页", idNumber]) {
        expect(text, label).toContain(label);
      }
    }
    const upload = (name: string, content: Buffer, mime: string) => {
      const m = multipart(name, content, mime);
      return env.app.inject({ method: "POST", url: `/api/forms/${formId}/scan`, cookies: { els_sid: filer.cookie }, headers: { ...m.headers, "x-csrf-token": filer.csrf }, payload: m.body });
    };
    const forged = await upload("scan.pdf", Buffer.from("MZ this is an exe renamed to pdf"), "application/pdf");
    expect(forged.statusCode).toBe(415);
    expect(forged.json().code).toBe("FILE_TYPE_NOT_ALLOWED");
    const big = await upload("big.pdf", Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(21 * 1024 * 1024)]), "application/pdf");
    expect(big.statusCode).toBe(413);
    const ok = await upload("signed.pdf", pdf.rawPayload, "application/pdf");
    expect(ok.statusCode).toBe(200);
    const back = await filer.get(`/api/forms/${formId}/scan`);
    expect(back.rawPayload.equals(pdf.rawPayload)).toBe(true);
    // The QR on the paper checks authenticity without personal data.
    const number = (await filer.get(`/api/forms/${formId}`)).json().form.number;
    const verify = await env.app.inject(`/api/forms/verify/${number}`);
    expect(verify.json()).toMatchObject({ number, status: "已办结", rows: 3 });
  });
});

describe("附件1 of a county goes up to the 州 admins, with a 3-working-day clock (P10, P15)", () => {
  it("county admin form: filed by the county information centre, carried out by the 州 account and permission admins", async () => {
    const filer = await env.login("恩施市账户管理员（A角）");
    const me = await unitOf("恩施市账户管理员（A角）");
    const newPa = newId();
    const created = await filer.post("/api/forms", formBody("admin", me.unitId!, [
      { category: "add", name: "彭建华", idNumber: newPa, phone: "13900000011", roleKind: "permission_admin", adminSubsystems: ["GIG"], requirement: "新增零工驿站子系统权限管理员" },
    ]));
    expect(created.json().valid).toBe(true);
    const id = created.json().id;
    await filer.post(`/api/forms/${id}/submit`);
    await signBoth(id, "恩施市人社信息中心主任", "恩施市人社局分管领导");
    const detail = (await filer.get(`/api/forms/${id}`)).json();
    expect(detail.form.executorOrgCode).toBe("422800");
    expect(detail.deadlines[0]).toMatchObject({ kind: "execute", status: "open" });
    // The county's own admins cannot carry out an admin form.
    const countyAa = await env.login("恩施市账户管理员（A角）");
    expect((await countyAa.post(`/api/forms/${id}/rows/1/execute-account`, {})).json().code).toBe("OUT_OF_SCOPE");
    const zAa = await env.login("州级账户管理员（B角）");
    expect((await zAa.post(`/api/forms/${id}/rows/1/execute-account`, { result: "" })).statusCode).toBe(200);
    const zPa = await env.login("州级权限管理员");
    expect((await zPa.post(`/api/forms/${id}/rows/1/execute-grant`, { result: "" })).json()).toEqual({ status: "done" });
    const [acc] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, newPa));
    expect(acc).toMatchObject({ roleKind: "permission_admin", orgCode: "422801" });
    const [clock] = await env.ctx.db.select().from(deadlines).where(and(eq(deadlines.objectType, "request_form"), eq(deadlines.objectId, id)));
    expect(clock!.status).toBe("met");
  });

  it("a 州 附件1 row asking for an operator, or a township admin, is refused as typed", async () => {
    const filer = await env.login("州级账户管理员（B角）");
    const me = await unitOf("州级账户管理员（B角）");
    const v = (await filer.post("/api/forms/validate", formBody("admin", me.unitId!, [
      { category: "add", name: "某人", idNumber: newId(), phone: "13900000021", roleKind: "operator" },
    ]))).json();
    expect(v.rows[0].problems.map((p: { code: string }) => p.code)).toContain("ADMIN_FORM_ROLE");
  });
});

describe("附件2 at the 州, withdrawal, and 附件1 of the 州 (P10, P14)", () => {
  it("州 operator form carried out by the 州 admins", async () => {
    const filer = await env.login("州就业局数据分析员");
    const me = await unitOf("州就业局数据分析员");
    const pos = await positionId("422800", "数据查询员");
    const created = await filer.post("/api/forms", formBody("operator", me.unitId!, [{ category: "add", name: "滕云", idNumber: newId(), phone: "13900000031", roleKind: "operator", positionId: pos }], "LABOR"));
    const id = created.json().id;
    await filer.post(`/api/forms/${id}/submit`);
    await signBoth(id, "州就业局负责人", "州人社局分管领导");
    expect((await (await env.login("州级账户管理员（A角）")).post(`/api/forms/${id}/rows/1/execute-account`, {})).statusCode).toBe(200);
    expect((await (await env.login("州级权限管理员")).post(`/api/forms/${id}/rows/1/execute-grant`, {})).json()).toEqual({ status: "done" });
  });

  it("the submitter withdraws before approval; nobody else can", async () => {
    const filer = await env.login("州就业局数据分析员");
    const me = await unitOf("州就业局数据分析员");
    const pos = await positionId("422800", "数据查询员");
    const id = (await filer.post("/api/forms", formBody("operator", me.unitId!, [{ category: "add", name: "龙梅", idNumber: newId(), phone: "13900000041", roleKind: "operator", positionId: pos }], "LABOR"))).json().id;
    await filer.post(`/api/forms/${id}/submit`);
    const other = await env.login("州就业局负责人");
    expect((await other.post(`/api/forms/${id}/withdraw`, { reason: "x" })).json().code).toBe("NOT_SUBMITTER");
    expect((await filer.post(`/api/forms/${id}/withdraw`, { reason: "人员调整，暂不申请" })).statusCode).toBe(200);
    expect((await filer.get(`/api/forms/${id}`)).json().form.status).toBe("withdrawn");
  });

  it("州 附件1: a new 州 permission admin for LABOR", async () => {
    // The filer is a colleague in the 信息中心; its head signs (the filer of a form never signs it, issue 12 class 1).
    const filer = await env.login("州级账户管理员（B角）");
    const me = await unitOf("州级账户管理员（B角）");
    const id = (await filer.post("/api/forms", formBody("admin", me.unitId!, [{ category: "add", name: "姚斌", idNumber: newId(), phone: "13900000051", roleKind: "permission_admin", adminSubsystems: ["LABOR"] }]))).json().id;
    await filer.post(`/api/forms/${id}/submit`);
    await signBoth(id, "州人社信息中心主任", "州人社局分管领导");
    // The head of the 信息中心 filing and signing her own form is refused.
    const head = await env.login("州人社信息中心主任");
    const own = (await head.post("/api/forms", formBody("admin", (await unitOf("州人社信息中心主任")).unitId!, [{ category: "add", name: "姚琳", idNumber: newId(), phone: "13900000052", roleKind: "permission_admin", adminSubsystems: ["GIG"] }]))).json().id;
    await head.post(`/api/forms/${own}/submit`);
    expect((await head.post(`/api/forms/${own}/sign`, { stage: "dept", decision: "approve", opinion: "同意" })).json().code).toBe("FORM_SELF_APPROVAL");
    expect((await (await env.login("州级账户管理员（A角）")).post(`/api/forms/${id}/rows/1/execute-account`, {})).statusCode).toBe(200);
    expect((await (await env.login("州级权限管理员")).post(`/api/forms/${id}/rows/1/execute-grant`, {})).json()).toEqual({ status: "done" });
  });
});

describe("working-day clocks (X3)", () => {
  it("3 working days from Wednesday 2026-09-30 across 国庆 end on the 调休 Saturday 2026-10-10; the reminder goes out on 10-09", async () => {
    expect(await computeDue(env.ctx.db, "2026-09-30", 3)).toEqual({ dueDate: "2026-10-10", remindOn: "2026-10-09" });
    expect(await computeDue(env.ctx.db, "2026-09-30", 5)).toEqual({ dueDate: "2026-10-13", remindOn: "2026-10-12" });
  });

  it("the sweep reminds once, escalates once, and can run from two instances at the same time", async () => {
    const [d] = await env.ctx.db.insert(deadlines).values({ objectType: "request_form", objectId: 1, kind: "execute", dueDate: "2026-10-10", remindOn: "2026-10-09", orgCode: "422800" }).returning();
    const at = new Date("2026-10-12T02:00:00Z");
    const [a, b] = await Promise.all([sweepDeadlines(env.ctx.db, FORM_DEADLINE_HANDLERS, at), sweepDeadlines(env.ctx.db, FORM_DEADLINE_HANDLERS, at)]);
    expect(a.reminded + b.reminded).toBeGreaterThanOrEqual(1);
    const again = await sweepDeadlines(env.ctx.db, FORM_DEADLINE_HANDLERS, at);
    expect(again).toEqual({ reminded: 0, escalated: 0 });
    const [row] = await env.ctx.db.select().from(deadlines).where(eq(deadlines.id, d!.id));
    expect(row!.remindedAt).not.toBeNull();
    expect(row!.escalatedAt).not.toBeNull();
    const esc = await env.ctx.db.select().from(notices).where(eq(notices.kind, "deadline.escalate"));
    expect(esc.length).toBeGreaterThan(0);
  });
});

describe("handover (P11)", () => {
  it("records what a leaving admin held and who takes over", async () => {
    const zAa = await env.login("州级账户管理员（A角）");
    const list = (await zAa.get("/api/gov/accounts?roleKind=permission_admin")).json() as { id: number; orgCode: string; name: string }[];
    const lichuan = list.filter((a) => a.orgCode === "422802");
    const res = await zAa.post("/api/forms/handovers", { accountId: lichuan[0]!.id, note: "离岗交接" });
    expect(res.statusCode).toBe(200);
    expect(res.json().held.adminSubsystems).toContain("LABOR");
    void units;
  });
});

export type { Client };

describe("a staff change opens the form draft (P13 → P14)", () => {
  it("an operator's departure gives the department a 附件2 draft to cancel the account, with a 5-working-day clock", async () => {
    const aa = await env.login("恩施市账户管理员（A角）");
    const op = await unitOf("恩施市就业局操作员");
    const rec = await aa.post(`/api/gov/accounts/${op.id}/staff-status`, { kind: "resigned", startDate: today, note: "辞职" });
    expect(rec.statusCode).toBe(200);
    const { openDraftsForStaffChanges } = await import("./staff-change.js");
    const first = await openDraftsForStaffChanges(env.ctx.db);
    expect(first.drafts).toBeGreaterThanOrEqual(1);
    expect((await openDraftsForStaffChanges(env.ctx.db)).drafts).toBe(0);
    const head = await env.login("恩施市就业局负责人");
    const mine = (await head.get("/api/forms?status=draft")).json() as { id: number; kind: string; deadline: { kind: string } | null }[];
    const draft = mine.find((f) => f.deadline?.kind === "file");
    expect(draft).toBeDefined();
    const detail = (await head.get(`/api/forms/${draft!.id}`)).json();
    expect(detail.rows[0]).toMatchObject({ category: "cancel", roleKind: "operator" });
    expect(detail.can.submit).toBe(true);
  });
});
