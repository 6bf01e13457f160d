/**
 * Readable records (X1, X2, P8(4), issue 15): every audit event the code writes has a Chinese name and a category;
 * every object type a link or at least a name; the audit log filters by category, and 个人信息查看/导出 lists who
 * exported personal data, with a link to the object, within the admin's scope.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../test/harness.js";
import { auditNames, categoryOf, objectLink } from "./audit-names.js";

const SRC = fileURLToPath(new URL("../", import.meta.url));
const files = (d: string): string[] => readdirSync(d).flatMap((n) => {
  const p = join(d, n);
  return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("every audit event and object type has a Chinese name (X1)", () => {
  // The composed platform's modules, as the server has them (the kernel's tests reach modules only through the kit).
  const names = () => auditNames(env.ctx.modules);
  const source = files(SRC).map((f) => readFileSync(f, "utf8")).join("\n");
  it("names every literal event code written by the code", () => {
    const codes = [...new Set([...source.matchAll(/event: "([a-z][a-z_.-]+)"/g)].map((m) => m[1]!))];
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((c) => !names().events[c])).toEqual([]);
  });
  it("names every object type", () => {
    const types = [...new Set([...source.matchAll(/objectType: "([a-z_]+)"/g)].map((m) => m[1]!))];
    expect(types.filter((t) => !names().objects[t])).toEqual([]);
  });
  it("links objects to their pages; personal-data events fall under 个人信息查看/导出", () => {
    const n = names();
    expect(objectLink(n, "request_form", "12")).toBe("/forms/12");
    expect(objectLink(n, "labor_person", "20009")).toBe("/labor/persons/20009");
    expect(objectLink(n, "account", "7")).toBe("/gov/accounts/7");
    expect(objectLink(n, "account", "x")).toBeNull();
    expect(categoryOf(n, "labor.person.view")).toBe("personal");
    expect(categoryOf(n, "gig.worker.reveal")).toBe("personal");
    expect(categoryOf(n, "form.sign")).toBe("form");
    expect(categoryOf(n, "gig.posting.create")).toBe("data");
  });
});

describe("the audit log by category (X1, X2, P8(4))", () => {
  it("lists who exported personal data, with Chinese names; other categories hold their events only", async () => {
    const aa = await env.login("恩施市账户管理员（A角）");
    expect((await aa.get("/api/forms/ledger.xlsx")).statusCode).toBe(200);
    const personal = (await aa.get("/api/audit/events?category=personal")).json().items;
    const mine = personal.find((x: { event: string }) => x.event === "form.ledger.export");
    expect(mine).toMatchObject({ eventName: "导出申请台账（含个人信息）", categoryName: "个人信息查看/导出", actorOrgName: "恩施市" });
    for (const x of personal) expect(x.category).toBe("personal");
    const logins = (await aa.get("/api/audit/events?category=login")).json().items;
    expect(logins.length).toBeGreaterThan(0);
    for (const x of logins) expect(x).toMatchObject({ category: "login", categoryName: "登录" });
    const accounts = (await aa.get("/api/audit/events?category=account&limit=500")).json().items;
    const created = accounts.find((x: { event: string }) => x.event === "account.create");
    expect(created.objectLink).toMatch(/^\/gov\/accounts\/\d+$/);
    expect(created.objectTypeName).toBe("账户");
  });

  it("an admin of another county does not see 恩施市's events (P9)", async () => {
    const lc = await env.login("利川市账户管理员（A角）");
    const personal = (await lc.get("/api/audit/events?category=personal")).json().items;
    expect(personal.filter((x: { actorOrgName: string }) => x.actorOrgName === "恩施市")).toEqual([]);
    expect((await (await env.login("舞阳坝街道信息采集员")).get("/api/audit/events")).statusCode).toBe(403);
  });
});
