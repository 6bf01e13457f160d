/**
 * Issue 12, class 1 (P5 applied to P10/P14 forms and to R7/R8): a form's filer, the people its rows are for and its
 * signers are different people; requirement sign-offs likewise. Refused with a stable code and Chinese message,
 * audited as a failure, nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../../test/harness.js";
import { accounts, auditLog, positions } from "../db/schema.js";
import { rows, sql } from "../db/client.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function account(label: string) {
  const id = env.identity(label);
  const [a] = await env.ctx.db.select().from(accounts).where(eq(accounts.idNumber, id.idNumber));
  return a!;
}
async function positionAt(orgCode: string) {
  const [p] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, orgCode), eq(positions.subsystem, "LABOR")));
  return p!.id;
}
async function formStatus(id: number) {
  const [r] = await rows<{ status: string }>(env.ctx.db, sql`select status from request_forms where id = ${id}`);
  return r!.status;
}
async function lastAudit() {
  const [r] = await env.ctx.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return r!;
}

/** The filer files a 附件2 of her unit with one row for `who`, and submits it. */
async function fileFor(filer: Client, filerLabel: string, who: { name: string; idNumber: string; phone?: string | null }) {
  const me = await account(filerLabel);
  const body = {
    kind: "operator", subsystem: "LABOR", applicantUnitId: me.unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111",
    rows: [{ category: "modify", name: who.name, idNumber: who.idNumber, roleKind: "operator", positionId: await positionAt(me.orgCode), requirement: "增加岗位" }],
  };
  const created = await filer.post("/api/forms", body);
  expect(created.statusCode, created.body).toBe(200);
  const id = created.json().id as number;
  const sub = await filer.post(`/api/forms/${id}/submit`);
  expect(sub.statusCode, sub.body).toBe(200);
  return id;
}

describe("forms: the person a request is for never signs it (issue 12 class 1)", () => {
  it("the head of 恩施市就业局 files a row for herself and signs 申请部门意见: refused, audited, unchanged", async () => {
    const label = "恩施市就业局负责人";
    const head = await env.login(label);
    const me = await account(label);
    const id = await fileFor(head, label, me);
    const r = await head.post(`/api/forms/${id}/sign`, { stage: "dept", decision: "approve", opinion: "同意" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("FORM_SELF_APPROVAL");
    expect(r.json().message).toMatch(/本人/);
    expect(await formStatus(id)).toBe("submitted");
    const a = await lastAudit();
    expect(a).toMatchObject({ event: "form.sign", outcome: "failure", objectId: String(id), actorAccountId: me.id });
    expect((a.detail as { code: string }).code).toBe("FORM_SELF_APPROVAL");
  });

  it("a colleague files for the head: the head, the person the row is for, cannot sign it either", async () => {
    const head = await account("恩施市就业局负责人");
    const filerLabel = "恩施市就业局操作员";
    const filerAcc = await account(filerLabel);
    if (filerAcc.unitId !== head.unitId) return; // the demo puts both in the 就业局; nothing to test otherwise
    const filer = await env.login(filerLabel);
    const id = await fileFor(filer, filerLabel, head);
    const c = await env.login("恩施市就业局负责人");
    const r = await c.post(`/api/forms/${id}/sign`, { stage: "dept", decision: "approve", opinion: "同意" });
    expect(r.json().code).toBe("FORM_SELF_APPROVAL");
    expect(await formStatus(id)).toBe("submitted");
  });

  it("a refusal of a signer who is not one (NOT_SIGNER) is audited as a failure (class 7)", async () => {
    const label = "恩施市就业局负责人";
    const head = await env.login(label);
    const op = await env.login("恩施市就业局操作员");
    const id = await fileFor(head, label, await account("恩施市就业局操作员"));
    const r = await op.post(`/api/forms/${id}/sign`, { stage: "dept", decision: "approve", opinion: "同意" });
    expect(r.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ event: "form.sign", outcome: "failure", objectId: String(id) });
  });
});

describe("requirements: the submitter never reviews (issue 12 class 1, R7/R8)", () => {
  it("a reviewer who submitted a colleague's draft cannot approve it; audited; unchanged", async () => {
    const sub = await env.login("州人社局就业促进科需求提出人");
    const headLabel = "州人社局就业促进科科长";
    const head = await env.login(headLabel);
    const created = await sub.post("/api/requirements", {
      title: "测试需求", subsystem: "LABOR", contactName: "向明", contactPhone: "13907180001", type: "new", urgency: "normal", description: "## 需求\n增加筛选条件。",
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as number;
    // The creator cannot review (REQ_SELF_REVIEW), now audited.
    expect((await sub.post(`/api/requirements/${id}/actions/submit`, {})).statusCode).toBe(200);
    const self = await sub.post(`/api/requirements/${id}/actions/dept_approve`, {});
    expect(self.statusCode).toBe(403);
    const headAcc = await account(headLabel);
    // A second submission by the head (after a return) makes the head a submitter: she may not sign it.
    expect((await head.post(`/api/requirements/${id}/actions/dept_return`, { opinion: "请补充" })).statusCode).toBe(200);
    const resub = await head.post(`/api/requirements/${id}/actions/submit`, {});
    if (resub.statusCode === 200) {
      const r = await head.post(`/api/requirements/${id}/actions/dept_approve`, {});
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("REQ_SELF_REVIEW");
      const a = await lastAudit();
      expect(a).toMatchObject({ event: "req.dept_approve", outcome: "failure", actorAccountId: headAcc.id });
      const [s] = await rows<{ status: string }>(env.ctx.db, sql`select status from requirements where id = ${id}`);
      expect(s!.status).toBe("pending_dept_review");
    } else {
      // The head holds no req.submit: the submitter and the reviewer are different people by their positions.
      expect(resub.statusCode).toBe(403);
    }
  });
});
