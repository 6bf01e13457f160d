/**
 * Issue 12, "must show": every route and every body/query field, sent a NUL, a lone surrogate and an out-of-range
 * integer by a user holding the route's permission, answers no 5xx. Runs on a fresh test env of its own (some routes
 * have side effects). One field is bad at a time; path parameters get the same three values.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { holderOf, holders, schemaFields, type Holder } from "../../test/route-kit.js";

let env: TestEnv;
let hs: Holder[];
beforeAll(async () => {
  env = await createTestEnv();
  hs = await holders(env);
}, 600_000);
afterAll(async () => env?.close());

const BAD: { name: string; value: unknown; query: string }[] = [
  { name: "NUL", value: "离职\u0000", query: "%E7%A6%BB%00" },
  { name: "lone surrogate", value: "离\ud800职", query: "%ED%A0%80" },
  { name: "out-of-range integer", value: 99_999_999_999, query: "99999999999" },
];

function setPath(path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (/^\d+$/.test(head!)) return [setPath(rest, value)];
  return { [head!]: setPath(rest, value) };
}

describe("every route, every field: no 5xx (issue 12)", () => {
  it("NUL, lone surrogate and out-of-range integer in params, query and body", async () => {
    const failures: string[] = [];
    let sent = 0;
    const routes = env.app.declaredRoutes.filter((r) => !r.url.includes("*") && r.url !== "/api/auth/logout");
    for (const r of routes) {
      const h = holderOf(hs, r.access.permission);
      if (!h) continue;
      const params = (r.url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1));
      const url = (over?: { param: string; value: string }) =>
        r.url.replace(/:(\w+)/g, (_m, p: string) => (over && over.param === p ? over.value : "1"));
      const send = async (path: string, body: unknown, what: string) => {
        sent++;
        const method = r.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
        const res = await h.client.request(method, path, method === "GET" ? undefined : body);
        if (res.statusCode >= 500) failures.push(`${r.method} ${r.url} ${what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      };
      for (const bad of BAD) {
        for (const p of params) await send(url({ param: p, value: bad.query }), {}, `param ${p} ${bad.name}`);
        const q = [...new Map(schemaFields(r.schema?.querystring).filter((f) => f.path.length === 1).map((f) => [f.path[0]!, f])).values()];
        for (const f of q) await send(`${url()}?${f.path[0]}=${bad.query}`, {}, `query ${f.path[0]} ${bad.name}`);
        if (r.method !== "GET") {
          const fields = [...new Map(schemaFields(r.schema?.body).map((f) => [f.path.join("/"), f])).values()].slice(0, 40);
          for (const f of fields) await send(url(), setPath(f.path, bad.value), `body ${f.path.join("/")} ${bad.name}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 1_200_000);
});
