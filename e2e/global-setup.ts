/**
 * vitest globalSetup of the browser suite: without Chromium, say in one line what to install, instead of a stack
 * trace from every test file.
 */
import { pathToFileURL } from "node:url";
import { CHROMIUM_MISSING, hasChromium } from "./chromium.js";

export default function setup() {
  if (!hasChromium()) {
    console.error(CHROMIUM_MISSING);
    process.exit(1);
  }
}

// `tsx e2e/global-setup.ts` (first thing `npm run test:e2e` does, before building the web app).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) setup();
