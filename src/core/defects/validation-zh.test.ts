/**
 * Issue 12, class 6: every validation message a person can see is Chinese and names the field in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { FIELD_LABELS } from "../http/zod-zh.js";
import { holderOf, holders, schemaFields, type Holder } from "../../test/route-kit.js";

let env: TestEnv;
let hs: Holder[];
beforeAll(async () => {
  env = await createTestEnv();
  hs = await holders(env);
});
afterAll(async () => env?.close());

const ENGLISH = /[A-Za-z]{3,}/;

describe("Chinese validation messages (issue 12 class 6)", () => {
  it("a 19-digit 身份证号 at account creation and at the registry answers in Chinese, naming 身份证号", async () => {
    const tooLong = "4228011990010112345";
    const gov = holderOf(hs, "gov.account.manage")!;
    const a = await gov.client.post("/api/gov/accounts", { name: "张三", idNumber: tooLong, orgCode: "422801", roleKind: "operator", reason: "新增" });
    const b = await holderOf(hs, "labor.person.create")!.client.post("/api/labor/persons", { idNumber: tooLong, name: "张三" });
    const c = await holderOf(hs, "labor.person.update")!.client.put("/api/labor/persons/1", { idNumber: tooLong, name: "张三" });
    for (const r of [a, b, c]) {
      expect(r.statusCode).toBe(400);
      const body = r.json() as { code: string; message: string; details?: { message: string }[] };
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(body.message).toMatch(/身份证号/);
      expect(body.message).not.toMatch(ENGLISH);
      for (const d of body.details ?? []) expect(d.message).not.toMatch(ENGLISH);
    }
  });

  it("type, range, enum and missing-field messages are Chinese", async () => {
    const gov = holderOf(hs, "gov.account.read")!;
    for (const url of ["/api/gov/accounts?unitId=abc", "/api/gov/accounts?lastLoginBefore=x", "/api/gov/accounts?roleKind=nobody", "/api/calendar"]) {
      const r = await gov.client.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().message, url).not.toMatch(ENGLISH);
      expect(r.json().message, url).toMatch(/^请求内容不符合要求：/);
    }
    const bad = await gov.client.request("POST", "/api/gov/accounts", "{not json", { "content-type": "application/json" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.replace("JSON", "")).not.toMatch(ENGLISH);
  });

  it("every body and query field of every route has a Chinese name", () => {
    const missing = new Set<string>();
    const labels: Record<string, string> = Object.assign({}, FIELD_LABELS, ...env.ctx.modules.map((m) => m.fieldLabels ?? {}));
    for (const r of env.app.declaredRoutes) {
      for (const part of [r.schema?.body, r.schema?.querystring]) {
        for (const f of schemaFields(part)) {
          const key = f.path.filter((p) => !/^\d+$/.test(p)).at(-1)!;
          if (!labels[key]) missing.add(`${key} (${r.method} ${r.url})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
