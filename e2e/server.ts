/**
 * Starts the real platform in-process for the browser tests: demo mode (e-SSC simulator), a PGlite data directory in
 * a temporary folder, the built web app from dist/web (run `vite build` first: `npm run test:e2e` does), a free port.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/core/config.js";
import { openContext } from "../src/core/context.js";
import { buildApp, WEB_DIST } from "../src/core/http/app.js";
import { MODULES } from "../src/modules.js";
import { seedDemo } from "../src/demo/seed.js";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  if (!existsSync(path.join(WEB_DIST, "index.html"))) {
    throw new Error(`The web app is not built (${WEB_DIST}/index.html missing): run \`npx vite build\` or \`npm run test:e2e\`.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "enshi-e2e-"));
  const config = loadConfig(
    { ...process.env, DATA_DIR: path.join(dir, "pglite"), FILES_DIR: path.join(dir, "files"), DATABASE_URL: "", PORT: "0", MODE: "demo" },
    { mode: "demo", esscChannel: "simulator", host: "127.0.0.1", port: 0 },
  );
  const { ctx, database } = await openContext(config, { modules: MODULES });
  await seedDemo(ctx.db);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
