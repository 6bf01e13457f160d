/**
 * Debian's Chromium for the browser suite (and the print benchmark's floor): nothing in the platform itself needs a
 * browser (printing is Typst, src/core/print.ts).
 */
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
/** The one line `npm run test:e2e` prints on a machine without the browser. */
export const CHROMIUM_MISSING = `The browser tests need Debian's Chromium at ${CHROMIUM_PATH} (or set CHROMIUM_PATH): apt-get install chromium fonts-noto-cjk`;

export const hasChromium = () => existsSync(CHROMIUM_PATH);
