/**
 * Issue 12, class 3: a NUL (another control character, a lone surrogate) in text is refused with 400 in one place for
 * every route, before it reaches the database; an audit write never fails on such text (X1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type Client, type TestEnv } from "../../test/harness.js";
import { audit, SYSTEM_ACTOR, verifyAuditChain } from "../audit.js";
import { rows, sql } from "../db/client.js";
import { findBadText } from "../http/input.js";

let env: TestEnv;
let admin: Client;
let selfId: number;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login("州级账户管理员（A角）");
  selfId = (await admin.get("/api/session")).json().account.id;
});
afterAll(async () => env?.close());

const raw = (c: Client, method: "POST" | "PUT", url: string, json: string) =>
  c.request(method, url, json, { "content-type": "application/json" });

describe("control characters in input (issue 12 class 3)", () => {
  it("an admin cancelling herself with a NUL in the reason: 400 with a code, not 500", async () => {
    const r = await admin.post(`/api/gov/accounts/${selfId}/cancel`, { reason: "离职\u0000" });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("INPUT_CONTROL_CHARACTER");
    expect(r.json().message).toMatch(/不允许的字符/);
    // Without the NUL it is the rule's refusal, audited.
    const ok = await admin.post(`/api/gov/accounts/${selfId}/cancel`, { reason: "离职" });
    expect(ok.statusCode).toBe(403);
    expect(ok.json().code).toBe("SELF_CHANGE_FORBIDDEN");
  });

  it("a lone surrogate, a control character, a NUL in a key or in the query string: 400", async () => {
    const a = await raw(admin, "POST", `/api/gov/accounts/${selfId}/cancel`, '{"reason":"离职\\ud800"}');
    expect(a.statusCode).toBe(400);
    expect(a.json().code).toBe("INPUT_CONTROL_CHARACTER");
    const b = await raw(admin, "POST", `/api/gov/accounts/${selfId}/cancel`, '{"reason":"离\\u0007职"}');
    expect(b.json().code).toBe("INPUT_CONTROL_CHARACTER");
    const c = await raw(admin, "POST", `/api/gov/accounts/${selfId}/cancel`, '{"reason":"离职","x\\u0000":1}');
    expect(c.json().code).toBe("INPUT_CONTROL_CHARACTER");
    const d = await admin.get("/api/gov/accounts?q=%00abc");
    expect(d.statusCode).toBe(400);
    expect(d.json().code).toBe("INPUT_CONTROL_CHARACTER");
    // Line breaks and tabs are text.
    expect(findBadText({ a: "第一行\n第二行\t备注\r\n", b: ["𠀀"] })).toBeNull();
  });

  it("an audit row with a NUL and a lone surrogate in any field is written and the chain verifies", async () => {
    await audit(env.ctx.db, { ...SYSTEM_ACTOR, name: "系\u0000统", ip: "1.2.3.4\u0000" }, {
      event: "test.nul\u0000",
      objectType: "x\ud800",
      objectId: "1\u0000",
      outcome: "failure",
      detail: { reason: "离职\u0000", nested: ["\udc00", { "k\u0000": "v" }] },
    });
    const [row] = await rows<{ detail: { reason: string }; event: string }>(env.ctx.db, sql`select detail, event from audit_log order by seq desc limit 1`);
    expect(row!.event).toBe("test.nul\ufffd");
    expect(row!.detail.reason).toBe("离职\ufffd");
    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
  });
});
