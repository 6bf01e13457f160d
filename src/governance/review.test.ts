/** P8(4) permission-log review (anomalies, recorded reviews, reminders) and the access review campaign, through the HTTP API. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { createTestEnv, type Client, type TestEnv } from "../test/harness.js";
import { accounts } from "../core/db/schema.js";
import { appendAudit } from "../core/audit.js";
import { addDays } from "../core/calendar.js";
import { reviewCampaigns } from "./schema.js";
import { grants } from "../core/db/schema.js";
import { accountIdOf, freshPerson } from "../test/governance-kit.js";
import { chinaToday, DAY_MS } from "./common.js";

let env: TestEnv;
let zPA: Client, esAA: Client, esPA: Client, lcPA: Client;
beforeAll(async () => {
  env = await createTestEnv();
  zPA = await env.login("州级权限管理员");
  esAA = await env.login("恩施市账户管理员（A角）");
  esPA = await env.login("恩施市权限管理员");
  lcPA = await env.login("利川市权限管理员");
});
afterAll(async () => env?.close());

async function newOperator(orgCode = "422801") {
  const r = await esAA.post("/api/gov/accounts", { ...freshPerson("422801"), orgCode, roleKind: "operator" });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id as number;
}

async function positionId(subsystem: string, name: string) {
  const list = (await esPA.get(`/api/gov/positions?subsystem=${subsystem}&orgCode=422801`)).json() as { id: number; name: string }[];
  return list.find((p) => p.name === name)!.id;
}

/** Sunday of last week, 22:30 China time: outside working hours whatever the calendar says. */
function lateSunday(): Date {
  const now = new Date();
  const china = new Date(now.getTime() + 8 * 3600_000);
  const back = china.getUTCDay() + 7;
  const day = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() - back, 22, 30) - 8 * 3600_000);
  return day;
}

interface ReviewItem { seq: number; event: string; anomalies: string[]; targetAccountId: number | null; outcome: string; actorAccountId: number | null }

describe("P8(4) permission-log review", () => {
  const from = addDays(chinaToday(), -20);
  const to = chinaToday();
  let offHoursGrant = 0;
  let suspendedOp = 0;
  let idleOp = 0;

  it("highlights grants outside working hours, mass grants, grants to suspended or idle accounts, reveals and refusals", async () => {
    // Off hours: the clock says last Sunday 22:30 while the permission admin grants (the audit row takes that time).
    const off = await newOperator();
    const posQuery = await positionId("LABOR", "数据查询员");
    const spy = vi.spyOn(Date, "now").mockReturnValue(lateSunday().getTime());
    const g = await esPA.post(`/api/gov/accounts/${off}/grants`, { kind: "position", positionId: posQuery });
    spy.mockRestore();
    expect(g.statusCode, g.body).toBe(200);
    offHoursGrant = off;

    // Mass grants: threshold 2 per actor per day, then three grants today.
    expect((await esPA.put("/api/gov/log-review/settings", { massGrantThreshold: 2 })).json().code).toBe("PREFECTURE_ONLY");
    expect((await zPA.put("/api/gov/log-review/settings", { massGrantThreshold: 2 })).json()).toMatchObject({ massGrantThreshold: 2 });
    const ops = [await newOperator(), await newOperator(), await newOperator()];
    for (const id of ops) expect((await esPA.post(`/api/gov/accounts/${id}/grants`, { kind: "position", positionId: posQuery })).statusCode).toBe(200);

    // A grant to an account that is suspended afterwards (short 脱岗 keeps the grant).
    suspendedOp = ops[0]!;
    expect((await esAA.post(`/api/gov/accounts/${suspendedOp}/staff-status`, { kind: "off_duty", startDate: to, expectedEndDate: addDays(to, 20) })).statusCode).toBe(200);

    // A grant to an account idle for the threshold: created 120 days ago, never logged in.
    idleOp = await newOperator();
    await env.ctx.db.update(accounts).set({ createdAt: new Date(Date.now() - 120 * DAY_MS) }).where(eq(accounts.id, idleOp));
    expect((await esPA.post(`/api/gov/accounts/${idleOp}/grants`, { kind: "position", positionId: await positionId("LABOR", "信息采集员") })).statusCode).toBe(200);

    // A reveal of personal data by an operator (the event another subsystem writes, X2), and a refused grant.
    const opId = await accountIdOf(env, "恩施市就业局操作员");
    await appendAudit(env.ctx.db, { actorAccountId: opId, actorName: "操作员", event: "labor.person.reveal", objectType: "person", objectId: "1", detail: { field: "idNumber" } });
    const lcOp = await accountIdOf(env, "利川市就业局操作员");
    expect((await esPA.post(`/api/gov/accounts/${lcOp}/grants`, { kind: "position", positionId: posQuery })).statusCode).toBe(404);

    const from2 = addDays(chinaDateOf(lateSunday()), -1);
    const r = (await esPA.get(`/api/gov/log-review/events?from=${from2}&to=${to}&pageSize=500`)).json();
    const items = r.items as ReviewItem[];
    const grantTo = (id: number) => items.filter((i) => i.event === "grant.create" && i.targetAccountId === id && i.outcome === "success");
    expect(grantTo(offHoursGrant)[0]!.anomalies).toContain("off_hours");
    for (const id of ops) expect(grantTo(id)[0]!.anomalies).toContain("mass_grant");
    expect(grantTo(suspendedOp)[0]!.anomalies).toContain("grant_to_inactive");
    expect(grantTo(idleOp)[0]!.anomalies).toContain("grant_to_idle");
    expect(items.find((i) => i.event === "labor.person.reveal")!.anomalies).toEqual(["reveal"]);
    expect(items.some((i) => i.event === "grant.create" && i.outcome === "failure" && i.anomalies.includes("refused"))).toBe(true);
    expect(r.summary.anomalies.mass_grant).toBeGreaterThanOrEqual(3);
    expect(r.summary.reveals).toEqual([expect.objectContaining({ actorAccountId: opId, count: 1 })]);
    expect(r.summary.massGrants[0]).toMatchObject({ actorAccountId: await accountIdOf(env, "恩施市权限管理员"), count: expect.any(Number) });

    // The anomaly filter, and scope: 利川市 sees none of 恩施市's events.
    const onlyIdle = (await esPA.get(`/api/gov/log-review/events?from=${from2}&to=${to}&anomaly=grant_to_idle`)).json();
    expect(onlyIdle.items.every((i: ReviewItem) => i.anomalies.includes("grant_to_idle"))).toBe(true);
    const lc = (await lcPA.get(`/api/gov/log-review/events?from=${from2}&to=${to}&pageSize=500`)).json().items as ReviewItem[];
    expect(lc.some((i) => [offHoursGrant, idleOp, ...ops].includes(i.targetAccountId ?? -1))).toBe(false);
    // The 州 sees its counties' events.
    const z = (await zPA.get(`/api/gov/log-review/events?from=${from2}&to=${to}&anomaly=grant_to_idle`)).json().items as ReviewItem[];
    expect(z.some((i) => i.targetAccountId === idleOp)).toBe(true);
    // Account admins do not review the permission log.
    expect((await esAA.get("/api/gov/log-review/events")).json().code).toBe("PERMISSION_DENIED");
  });

  it("records a review (who, when, period, findings) and flags levels not reviewed within the period", async () => {
    const before = (await zPA.get("/api/gov/log-reviews")).json();
    expect(before.periodDays).toBe(30);
    expect(before.reminders.length).toBe(9);
    expect(before.reminders.every((r: { overdue: boolean }) => r.overdue)).toBe(true);

    expect((await esPA.post("/api/gov/log-reviews", { periodFrom: from, periodTo: to, findings: "  " })).json().code).toBe("FINDINGS_REQUIRED");
    const rec = await esPA.post("/api/gov/log-reviews", { periodFrom: from, periodTo: to, findings: "发现非工作时间授权1次、批量授权1次，已向州级报告" });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json()).toMatchObject({ levelCode: "422801", periodFrom: from, periodTo: to });
    expect(rec.json().anomalyCounts.mass_grant).toBeGreaterThanOrEqual(3);
    expect((await esPA.post("/api/gov/log-reviews", { levelCode: "422802", periodFrom: from, periodTo: to, findings: "x" })).json().code).toBe("LEVEL_NOT_FOUND");

    const es = (await esPA.get("/api/gov/log-reviews")).json();
    expect(es.reminders).toEqual([expect.objectContaining({ levelCode: "422801", overdue: false, daysSince: 0, lastReviewer: expect.any(String) })]);
    const z = (await zPA.get("/api/gov/log-reviews")).json();
    expect(z.reminders.find((r: { levelCode: string }) => r.levelCode === "422801").overdue).toBe(false);
    expect(z.reminders.find((r: { levelCode: string }) => r.levelCode === "422800").overdue).toBe(true);
    expect(z.reviews[0]).toMatchObject({ findings: expect.stringContaining("批量授权"), reviewerName: expect.any(String) });
    expect((await lcPA.get("/api/gov/log-reviews")).json().reviews).toEqual([]);
  });
});

function chinaDateOf(d: Date) {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

describe("access review campaign", () => {
  it("a county permission admin reviews their operators' grants: confirm, revoke (governed), unanswered at the deadline, close", async () => {
    const r = await esPA.post("/api/gov/review-campaigns", { title: "2026年第四季度劳动力资源库权限复核", deadline: addDays(chinaToday(), 7), subsystem: "LABOR" });
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json().id as number;
    const d = (await esPA.get(`/api/gov/review-campaigns/${id}`)).json();
    expect(d.counts.items).toBe(r.json().items);
    expect(d.items.every((i: { subsystem: string; orgCode: string; revokedAt: null }) => i.subsystem === "LABOR" && i.orgCode.startsWith("422801") && i.revokedAt === null)).toBe(true);
    const live = await env.ctx.db.select({ id: grants.id }).from(grants).innerJoin(accounts, eq(accounts.id, grants.accountId))
      .where(and(isNull(grants.revokedAt), eq(grants.subsystem, "LABOR"), eq(grants.kind, "position")));
    expect(d.counts.items).toBeLessThan(live.length); // other counties' grants are not in it
    expect(d.unanswered).toEqual([]);

    const [first, second] = d.items as { id: number; grantId: number }[];
    expect((await esPA.post(`/api/gov/review-campaigns/${id}/items/${first!.id}/decide`, { decision: "confirm", note: "在岗在用" })).json()).toMatchObject({ decision: "confirmed" });
    expect((await esPA.post(`/api/gov/review-campaigns/${id}/items/${first!.id}/decide`, { decision: "revoke" })).json().code).toBe("ITEM_DECIDED");
    expect((await esPA.post(`/api/gov/review-campaigns/${id}/items/${second!.id}/decide`, { decision: "revoke", note: "已调离" })).json()).toMatchObject({ decision: "revoked" });
    const [g] = await env.ctx.db.select().from(grants).where(eq(grants.id, second!.grantId));
    expect(g!.revokedAt).not.toBeNull();
    expect(g!.revokeReason).toContain("权限复核");
    expect(g!.revokedBy).toBe(await accountIdOf(env, "恩施市权限管理员"));

    // Another county cannot see it; an account admin cannot use it.
    expect((await lcPA.get(`/api/gov/review-campaigns/${id}`)).statusCode).toBe(404);
    expect((await lcPA.post(`/api/gov/review-campaigns/${id}/items/${first!.id}/decide`, { decision: "revoke" })).statusCode).toBe(404);
    expect((await esAA.get("/api/gov/review-campaigns")).json().code).toBe("PERMISSION_DENIED");

    // The deadline passes (fixture): the unanswered items are listed, and the list marks it overdue.
    await env.ctx.db.update(reviewCampaigns).set({ deadline: addDays(chinaToday(), -1) }).where(eq(reviewCampaigns.id, id));
    const late = (await esPA.get(`/api/gov/review-campaigns/${id}`)).json();
    expect(late.campaign.pastDeadline).toBe(true);
    expect(late.unanswered.length).toBe(d.counts.items - 2);
    expect((await esPA.get("/api/gov/review-campaigns")).json().find((c: { id: number }) => c.id === id)).toMatchObject({ overdue: true, pending: d.counts.items - 2 });
    const closed = await esPA.post(`/api/gov/review-campaigns/${id}/close`);
    expect(closed.json()).toMatchObject({ status: "closed", unanswered: d.counts.items - 2 });
    expect((await esPA.post(`/api/gov/review-campaigns/${id}/items/${d.items[2].id}/decide`, { decision: "confirm" })).json().code).toBe("CAMPAIGN_CLOSED");
  });

  it("the 州 campaign covers the county permission admins' subsystems and 州 operators; a subsystem not held is refused", async () => {
    const r = await zPA.post("/api/gov/review-campaigns", { title: "州级年度权限复核", deadline: addDays(chinaToday(), 14) });
    expect(r.statusCode, r.body).toBe(200);
    const d = (await zPA.get(`/api/gov/review-campaigns/${r.json().id}`)).json();
    const kinds = new Set(d.items.map((i: { kind: string; roleKind: string; orgCode: string }) => `${i.kind}:${i.roleKind}:${i.orgCode.length === 6 && i.orgCode !== "422800" ? "county" : i.orgCode}`));
    expect(kinds).toEqual(new Set(["admin_subsystem:permission_admin:county", "position:operator:422800"]));
    const p = freshPerson("422801");
    const zAA = await env.login("州级账户管理员（A角）");
    const paId = (await zAA.post("/api/gov/accounts", { ...p, orgCode: "422801", roleKind: "permission_admin" })).json().id;
    await zPA.post(`/api/gov/accounts/${paId}/grants`, { kind: "admin_subsystem", subsystem: "CASES" });
    const casesOnly = await env.login({ ...p, label: p.name });
    expect((await casesOnly.post("/api/gov/review-campaigns", { title: "x", deadline: addDays(chinaToday(), 3), subsystem: "LABOR" })).json().code).toBe("SUBSYSTEM_NOT_HELD");
    expect((await esPA.post("/api/gov/review-campaigns", { title: "x", deadline: addDays(chinaToday(), -3) })).json().code).toBe("DEADLINE_PAST");
  });
});
