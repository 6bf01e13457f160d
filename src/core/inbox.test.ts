/**
 * Issue 15: the shell's 待办 inbox and notices through the real HTTP layer. An 附件2 waits in turn for the department
 * head, the 分管领导, the county account admin and permission admin; each sees it with a link to the form, and it
 * leaves their inbox when their step is done. Notices are read and unread per account. Duties are named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts, positions, sessions } from "./db/schema.js";
import { makeIdNumber } from "./idcard.js";
import { collectInbox, isUsableLink } from "./inbox.js";
import type { PlatformModule } from "./module.js";
import { loadPrincipal } from "./access/principal.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface Item { module: string; kind: string; title: string; count: number; link: string; due: string | null; overdue: boolean }
async function inbox(c: Client): Promise<{ items: Item[]; total: number; unread: number; failed: string[] }> {
  const res = await c.get("/api/inbox");
  expect(res.statusCode).toBe(200);
  return res.json();
}
const kinds = (i: { items: Item[] }) => i.items.map((x) => x.kind);

describe("待办 of an 附件2 as it moves through its steps (issue 15, P14, P16)", () => {
  let formId: number;
  it("the filer's draft waits for them; after submission the department head sees it, linking to the form", async () => {
    const filer = await env.login("舞阳坝街道信息采集员");
    const [me] = await env.ctx.db.select({ unitId: accounts.unitId }).from(accounts).where(eq(accounts.idNumber, env.identity("舞阳坝街道信息采集员").idNumber));
    const [pos] = await env.ctx.db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, "422801"), eq(positions.name, "信息采集员"), eq(positions.subsystem, "LABOR")));
    const created = await filer.post("/api/forms", {
      kind: "operator", subsystem: "LABOR", applicantUnitId: me!.unitId, applyDate: today, contactName: "联系人", contactPhone: "13800001111",
      rows: [{ category: "add", name: "向秀兰", idNumber: makeIdNumber("422801", "19900101", 777), phone: "13900000003", roleKind: "operator", positionId: pos!.id }],
    });
    formId = created.json().id;
    const draft = (await inbox(filer)).items.find((i) => i.kind === "forms.draft");
    expect(draft).toMatchObject({ module: "forms", count: 1, link: `/forms/${formId}` });

    const head = await env.login("舞阳坝街道人社服务中心主任");
    expect(kinds(await inbox(head))).not.toContain("forms.sign.dept");
    expect((await filer.post(`/api/forms/${formId}/submit`)).statusCode).toBe(200);
    expect(kinds(await inbox(filer))).not.toContain("forms.draft");
    const waiting = await inbox(head);
    expect(waiting.items.find((i) => i.kind === "forms.sign.dept")).toMatchObject({ count: 1, link: `/forms/${formId}`, title: "待签署申请部门意见的申请表" });
    expect(waiting.unread).toBeGreaterThan(0);
    expect(waiting.total).toBeGreaterThanOrEqual(1);
  });

  it("each signer sees it in turn and it clears when signed", async () => {
    const head = await env.login("舞阳坝街道人社服务中心主任");
    const leader = await env.login("舞阳坝街道分管领导");
    expect(kinds(await inbox(leader))).not.toContain("forms.sign.unit");
    expect((await head.post(`/api/forms/${formId}/sign`, { stage: "dept", decision: "approve", opinion: "同意" })).statusCode).toBe(200);
    expect(kinds(await inbox(head))).not.toContain("forms.sign.dept");
    expect((await inbox(leader)).items.find((i) => i.kind === "forms.sign.unit")).toMatchObject({ count: 1, link: `/forms/${formId}` });
    // Only the actions this person may take are offered (issue 15): the department head is not offered 所在单位意见.
    expect((await head.get(`/api/forms/${formId}`)).json().can).toMatchObject({ signDept: false, signUnit: false });
    expect((await leader.get(`/api/forms/${formId}`)).json().can).toMatchObject({ signDept: false, signUnit: true });
    expect((await leader.post(`/api/forms/${formId}/sign`, { stage: "unit", decision: "approve", opinion: "同意，请办理" })).statusCode).toBe(200);
    expect(kinds(await inbox(leader))).not.toContain("forms.sign.unit");
  });

  it("the county account admin sees the account part; the permission admin the rights part once the account exists", async () => {
    const aa = await env.login("恩施市账户管理员");
    const pa = await env.login("恩施市权限管理员");
    const lichuan = await env.login("利川市账户管理员");
    expect((await inbox(aa)).items.find((i) => i.kind === "forms.execute.account")).toMatchObject({ link: `/forms/${formId}` });
    expect(kinds(await inbox(lichuan))).not.toContain("forms.execute.account");
    expect(kinds(await inbox(pa))).not.toContain("forms.execute.grant");
    expect((await aa.post(`/api/forms/${formId}/rows/1/execute-account`, { result: "" })).statusCode).toBe(200);
    expect(kinds(await inbox(aa))).not.toContain("forms.execute.account");
    expect((await inbox(pa)).items.find((i) => i.kind === "forms.execute.grant")).toMatchObject({ link: `/forms/${formId}` });
    expect((await pa.post(`/api/forms/${formId}/rows/1/execute-grant`, { result: "" })).json()).toEqual({ status: "done" });
    expect(kinds(await inbox(pa))).not.toContain("forms.execute.grant");
  });
});

describe("待办 of the other modules (issue 15)", () => {
  it("requirements at my step, with their 本环节期限 and overdue flagged; links open the requirement or 我的待办", async () => {
    const manager = await env.login("州信息中心需求管理员");
    const vendor = await env.login("运维公司项目负责人");
    const lichuanLead = await env.login("利川市就业局分管领导");
    const all = [...(await inbox(manager)).items, ...(await inbox(vendor)).items, ...(await inbox(lichuanLead)).items].filter((i) => i.module === "requirements");
    expect(all.length).toBeGreaterThan(0);
    for (const i of all) {
      expect(i.link).toMatch(/^\/requirements\/(queue|\d+)$/);
      expect(i.title).toMatch(/^业务需求：/);
    }
    // The demo has a county requirement stuck in review and overdue (src/requirements/demo.ts).
    expect(all.some((i) => i.overdue && i.due && i.due < today)).toBe(true);
  });

  it("account admins see long-idle accounts to clean up; permission admins the log review when it is due", async () => {
    const aa = await env.login("州级账户管理员（A角）");
    const pa = await env.login("州级权限管理员");
    const a = await inbox(aa);
    const p = await inbox(pa);
    expect(a.failed).toEqual([]);
    for (const i of [...a.items, ...p.items]) expect(isUsableLink(i.link)).toBe(true);
    // Nobody has recorded a log review in the test seed: it is due at every level.
    expect(p.items.find((i) => i.kind === "governance.log-review")).toMatchObject({ link: "/gov/log-review" });
  });

  it("a module that fails is named, the others still answer; kinds with nothing waiting or a placeholder link are dropped", async () => {
    const [acc] = await env.ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, env.identity("州级权限管理员").idNumber));
    const p = (await loadPrincipal(env.ctx.db, acc!.id))!;
    const mods: PlatformModule[] = [
      { name: "broken", inbox: async () => { throw new Error("down"); } },
      { name: "gig", inbox: async () => [
        { kind: "gig.posting.review", title: "待审核的招工信息", count: 2, link: "/gig" },
        { kind: "gig.none", title: "无", count: 0, link: "/gig" },
        { kind: "gig.bad", title: "占位", count: 1, link: "/gig/postings/:id" },
      ] },
    ];
    const got = await collectInbox(env.ctx.db, mods, p, new Date());
    expect(got.failed).toEqual(["broken"]);
    expect(got.items.map((i) => i.kind)).toEqual(["gig.posting.review"]);
  });
});

describe("notices read and unread per account; duties named (issue 15)", () => {
  it("lists notices, marks one and then all read; another account cannot mark mine", async () => {
    const head = await env.login("舞阳坝街道人社服务中心主任");
    const other = await env.login("舞阳坝街道分管领导");
    const before = (await head.get("/api/inbox/notices")).json();
    expect(before.unread).toBeGreaterThan(0);
    const first = before.items.find((n: { readAt: string | null }) => !n.readAt);
    expect(first.link).toMatch(/^\/forms\/\d+$/);
    expect((await other.post(`/api/inbox/notices/${first.id}/read`)).json().unread).toBe((await other.get("/api/inbox/notices")).json().unread);
    expect((await head.get("/api/inbox/notices")).json().unread).toBe(before.unread);
    expect((await head.post(`/api/inbox/notices/${first.id}/read`)).json().unread).toBe(before.unread - 1);
    expect((await head.post("/api/inbox/notices/read-all")).json()).toEqual({ ok: true });
    expect((await inbox(head)).unread).toBe(0);
    expect((await head.get("/api/inbox/notices?unread=1")).json().items).toEqual([]);
  });

  it("names the real duty: 分管领导, 部门负责人, 需求管理员, 运维公司, admins with their A/B role", async () => {
    const duties = async (label: string) => (await (await env.login(label)).get("/api/inbox/duties")).json().duties as string[];
    expect(await duties("恩施市人社局分管领导")).toEqual([expect.stringMatching(/^所在单位分管领导（/)]);
    expect(await duties("州人社信息中心主任")).toEqual([expect.stringMatching(/^申请部门负责人（/)]);
    expect((await duties("州信息中心需求管理员")).join()).toContain("业务需求管理员");
    expect((await duties("运维公司项目负责人")).join()).toContain("运维公司项目负责人");
    expect(await duties("州级账户管理员（A角）")).toEqual([expect.stringContaining("账户管理员（A角）")]);
  });
});

describe("the bell's background poll does not keep an idle session alive (P4, issue 15)", () => {
  it("a GET marked x-els-background leaves the session's last activity as it was; a normal request moves it", async () => {
    const c = await env.login("州级权限管理员");
    const [acc] = await env.ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, env.identity("州级权限管理员").idNumber));
    const past = new Date(Date.now() - 5 * 60_000);
    await env.ctx.db.update(sessions).set({ lastSeenAt: past }).where(and(eq(sessions.accountId, acc!.id)));
    const seen = async () => (await env.ctx.db.select({ at: sessions.lastSeenAt, ended: sessions.endedAt }).from(sessions).where(eq(sessions.accountId, acc!.id))).find((x) => !x.ended)!.at.getTime();
    expect((await c.request("GET", "/api/inbox", undefined, { "x-els-background": "1" })).statusCode).toBe(200);
    expect(await seen()).toBe(past.getTime());
    expect((await c.get("/api/inbox")).statusCode).toBe(200);
    expect(await seen()).toBeGreaterThan(past.getTime());
  });
});
