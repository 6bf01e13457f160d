/**
 * The route contract (docs/architecture.md, "A subsystem is"), checked over every declared route:
 * - every operation of /api/openapi.json has a 2xx response schema (JSON or a binary file);
 * - an id past the integer range, in a path (:id, :itemId, …) or in a known query or body field (unitId, accountId,
 *   positionId, applicantUnitId), answers 400 with a code — never 500 — to a caller holding the route's permission.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type Client, type TestEnv } from "../../test/harness.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
}, 300_000);
afterAll(async () => env?.close());

const TOO_BIG = "99999999999";
const ID_FIELDS = ["unitId", "accountId", "positionId", "applicantUnitId"] as const;
const isIdParam = (name: string) => name === "id" || name === "seq" || /Id$/.test(name);

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** Callers by permission: demo identities are logged in one by one until one holds the permission asked for. */
function callers() {
  const byIdentity: { client: Client; permissions: Set<string> }[] = [];
  let next = 0;
  return async (permission: string): Promise<Client> => {
    const held = byIdentity.find((c) => permission === "authenticated" || permission === "public" || c.permissions.has(permission));
    if (held) return held.client;
    while (next < env.identities.length) {
      // Some demo cards are people without a staff account (citizens of the labor registry): skipped.
      const client = await env.login(env.identities[next++]!).catch(() => null);
      if (!client) continue;
      const permissions = new Set<string>((await client.get("/api/session")).json().permissions);
      byIdentity.push({ client, permissions });
      if (permission === "authenticated" || permission === "public" || permissions.has(permission)) return client;
    }
    throw new Error(`no demo identity holds ${permission}`);
  };
}

describe("route contract", () => {
  it("every operation in /api/openapi.json declares a 2xx response schema", async () => {
    const doc = (await env.app.inject("/api/openapi.json")).json() as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    let n = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        n++;
        const ok = Object.entries(op.responses ?? {}).some(([code, r]) => /^2\d\d$/.test(code) && Object.values(r.content ?? {}).some((c) => !!c.schema));
        if (!ok) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("an out-of-range id answers 400 with a code on every route that takes one (path, query or body)", async () => {
    const doc = (await env.app.inject("/api/openapi.json")).json() as { paths: Record<string, Record<string, Operation>> };
    const as = callers();
    const bad: string[] = [];
    let checked = 0;
    for (const r of env.app.declaredRoutes) {
      if (r.access.permission === "public") continue;
      const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const op = doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
      const queryIds = (op?.parameters ?? []).filter((x) => x.in === "query" && (ID_FIELDS as readonly string[]).includes(x.name)).map((x) => x.name);
      const bodyProps = op?.requestBody?.content?.["application/json"]?.schema?.properties ?? {};
      const bodyIds = ID_FIELDS.filter((f) => f in bodyProps);
      const tries: { url: string; body?: unknown; what: string }[] = [];
      if (names.some(isIdParam)) tries.push({ url: r.url.replace(/:(\w+)/g, (_, n: string) => (isIdParam(n) ? TOO_BIG : "1")), what: "path" });
      const plain = r.url.replace(/:(\w+)/g, "1");
      for (const q of queryIds) tries.push({ url: `${plain}?${q}=${TOO_BIG}`, what: `query ${q}` });
      for (const b of bodyIds) tries.push({ url: plain, body: { [b]: Number(TOO_BIG) }, what: `body ${b}` });
      if (!tries.length) continue;
      const client = await as(r.access.permission);
      for (const t of tries) {
        checked++;
        const res = await client.request(r.method as "GET", t.url, t.body);
        const code = res.statusCode === 400 ? res.json().code : undefined;
        if (res.statusCode !== 400 || typeof code !== "string") bad.push(`${r.method} ${t.url} (${t.what}) → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(bad).toEqual([]);
  }, 300_000);
});
