/**
 * Issue 12, class 2: the default mode is production. Demo only when asked for; production without a configured e-SSC
 * channel refuses to start and names what to set; the simulator never answers in production; the mode is announced.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, productionReadiness } from "../config.js";
import { createTestEnv, type TestEnv } from "../../test/harness.js";

describe("default mode (issue 12 class 2)", () => {
  it("is production without MODE; demo only when asked for", () => {
    expect(loadConfig({}).mode).toBe("production");
    expect(loadConfig({}).esscChannel).toBe("national");
    expect(loadConfig({ MODE: "demo" }).mode).toBe("demo");
    expect(loadConfig({ MODE: "demo" }).esscChannel).toBe("simulator");
    expect(() => loadConfig({ ESSC_CHANNEL: "simulator" })).toThrow(/模拟器/);
    expect(loadConfig({ MODE: "anything-else" }).mode).toBe("production");
  });

  it("production without a channel names what to set, in Chinese and English", () => {
    const msg = productionReadiness(loadConfig({}), {});
    expect(msg).toMatch(/ESSC_CHANNEL_URL/);
    expect(msg).toMatch(/电子社保卡/);
    expect(msg).toMatch(/Refusing to start/);
    expect(msg).toMatch(/npm run demo/);
    expect(productionReadiness(loadConfig({ MODE: "demo" }), {})).toBeNull();
  });

  it("`serve` on a fresh data directory without configuration refuses before touching it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "els-mode-"));
    const dataDir = path.join(dir, "pglite");
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: "0" };
    const res = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = execFile(path.resolve("node_modules/.bin/tsx"), ["src/cli.ts", "serve"], { env, timeout: 60_000 }, (_e, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }));
    });
    expect(res.code).toBe(78);
    expect(res.stderr).toMatch(/ESSC_CHANNEL_URL/);
    expect(res.stderr).toMatch(/ESSC_APP_ID/);
    expect(existsSync(dataDir)).toBe(false);
  }, 70_000);
});

describe("production over HTTP: no simulator, the mode is said", () => {
  let env: TestEnv;
  const saved = { ...process.env };
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "els-essc-"));
    const pem = path.join(dir, "channel.pem");
    writeFileSync(pem, generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString());
    Object.assign(process.env, { ESSC_CHANNEL_URL: "http://127.0.0.1:9/", ESSC_APP_ID: "test", ESSC_CHANNEL_PUBLIC_KEY: pem });
    env = await createTestEnv({ demo: false, config: { mode: "production", esscChannel: "national" } });
  });
  afterAll(async () => {
    await env?.close();
    for (const k of ["ESSC_CHANNEL_URL", "ESSC_APP_ID", "ESSC_CHANNEL_PUBLIC_KEY"]) if (saved[k] === undefined) delete process.env[k];
  });

  it("answers 404 on every simulator route and says production on /api/health", async () => {
    for (const url of ["/api/essc-sim/scan", "/api/essc-sim/confirm", "/api/essc-sim/cancel"]) {
      const r = await env.app.inject({ method: "POST", url, payload: { qrContent: "esscqr://login?app=enshi-labor&t=a&n=b", identity: { name: "王娜", idNumber: "x" } } });
      expect(r.statusCode).toBe(404);
    }
    expect((await env.app.inject({ method: "GET", url: "/api/essc-sim/identities" })).statusCode).toBe(404);
    expect((await env.app.inject({ method: "GET", url: "/api/health" })).json().mode).toBe("production");
    expect(env.app.declaredRoutes.some((r) => r.url.startsWith("/api/essc-sim"))).toBe(false);
  });
});
