/** Every /api route declares its permission and data scope; a route without one cannot even be registered. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../test/harness.js";
import { requireAccessDeclared } from "./access.js";
import { ADMIN_POWERS, businessFunction } from "../access/catalogue.js";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
});
afterAll(async () => env?.close());

describe("route declarations (X5 least privilege, P9)", () => {
  it("every /api route declares a known permission and a data scope", () => {
    const routes = env.app.declaredRoutes;
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      expect(r.access, `${r.method} ${r.url}`).toBeDefined();
      expect(["none", "self", "org", "reference"]).toContain(r.access.scope);
      const p = r.access.permission;
      const known = p === "public" || p === "authenticated" || p in ADMIN_POWERS || !!businessFunction(p);
      expect(known, `${r.method} ${r.url} declares unknown permission ${p}`).toBe(true);
    }
  });

  it("only the login, health, OpenAPI, form verification and demo simulator routes are public", () => {
    const publicOnes = env.app.declaredRoutes.filter((r) => r.access.permission === "public").map((r) => r.url);
    // The QR on a printed form checks its authenticity without a login (no personal data in the answer).
    // A worker's consent to a 共享用工 agreement is the e-SSC channel's signed answer, verified like a login answer.
    for (const url of publicOnes) expect(url).toMatch(/^\/api\/(health|openapi\.json|auth\/qr|auth\/essc\/callback|essc-sim\/|forms\/verify\/|share\/essc\/consent-answer$|share\/essc-sim\/)/);
  });

  it("every non-public route answers 401 without a session", async () => {
    for (const r of env.app.declaredRoutes.filter((x) => x.access.permission !== "public")) {
      const url = r.url.replace(/:(\w+)/g, "1");
      const res = await env.app.inject({ method: r.method as "GET", url });
      expect(res.statusCode, `${r.method} ${url}`).toBe(401);
    }
  });

  it("a route without a declaration is refused at start-up", () => {
    expect(() => requireAccessDeclared("/api/anything", undefined)).toThrow(/declares no access/);
    expect(() => requireAccessDeclared("/api/anything", { permission: "public", scope: "none" })).not.toThrow();
  });

  it("serves the OpenAPI document generated from the Zod schemas", async () => {
    const doc = (await env.app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/gov/accounts");
    expect(doc.paths["/api/gov/accounts"].post.requestBody).toBeDefined();
  });
});
