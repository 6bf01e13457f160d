/**
 * Issue 12, class 4: integers past the column's range answer 400, never 500 — in query strings (one id schema, Id),
 * in paths and in bodies (the error handler maps a database range refusal to 400 with a code, a safety net).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { databaseInputError } from "../http/input.js";
import { holderOf, holders, type Holder } from "../../test/route-kit.js";

let env: TestEnv;
let hs: Holder[];
beforeAll(async () => {
  env = await createTestEnv();
  hs = await holders(env);
});
afterAll(async () => env?.close());

const BIG = "9999999999";

describe("out-of-range integers (issue 12 class 4)", () => {
  it("query-string ids: requirement lists, stats, export; staff status", async () => {
    const cases: [string, string][] = [
      ["req.read", `/api/requirements?unitId=${BIG}`],
      ["req.read", `/api/requirements/overdue?unitId=${BIG}`],
      ["req.ledger.read", `/api/requirements/stats?unitId=${BIG}`],
      ["req.ledger.read", `/api/requirements/export?unitId=${BIG}`],
      ["gov.staff-status.manage", `/api/gov/staff-status?accountId=${BIG}`],
      ["gov.account.read", `/api/gov/accounts?unitId=${BIG}`],
    ];
    for (const [perm, url] of cases) {
      const h = holderOf(hs, perm);
      expect(h, perm).toBeDefined();
      const r = await h!.client.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().code, url).toBe("VALIDATION_FAILED");
    }
  });

  it("a path id and a body id past the range: 400 with a code", async () => {
    const h = holderOf(hs, "gov.account.manage")!;
    const path = await h.client.get(`/api/forms/99999999999`);
    expect(path.statusCode).toBe(400);
    const me = (await h.client.get("/api/session")).json().account;
    const body = await h.client.post(`/api/gov/accounts/${me.id + 1}/move`, { orgCode: "422801", unitId: 99999999999, reason: "调动" });
    expect(body.statusCode).toBeLessThan(500);
    expect(body.statusCode).toBeGreaterThanOrEqual(400);
  });

  it("the safety net maps PostgreSQL input refusals, wrapped or not", () => {
    expect(databaseInputError({ code: "22003" })?.code).toBe("INPUT_OUT_OF_RANGE");
    expect(databaseInputError({ message: "Failed query", cause: { code: "22P02" } })?.code).toBe("INPUT_INVALID_FORMAT");
    expect(databaseInputError({ cause: { code: "22001" } })?.code).toBe("INPUT_TOO_LONG");
    expect(databaseInputError({ cause: { code: "22021" } })?.statusCode).toBe(400);
    expect(databaseInputError(new Error("x"))).toBeNull();
  });
});
