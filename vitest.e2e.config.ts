import { defineConfig } from "vitest/config";

// Browser end-to-end tests (e2e/**/*.e2e.ts): the real server in-process, Debian's Chromium driven by playwright-core.
// Run with `npm run test:e2e` (builds the web app first). One worker: a browser and a server are heavy on 2 cores.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    // Without Chromium: one line saying what to install (e2e/global-setup.ts).
    globalSetup: ["e2e/global-setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // A browser test that fails once under load (an antd animation outlasting a wait) gets one more try; a real
    // failure fails twice.
    retry: 1,
  },
});
