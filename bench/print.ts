/**
 * X4 print benchmark: `BENCH print_form value=<ms per PDF of a 20-row 附件2, Typst> floor=<ms per PDF of the same form
 * as HTML through Chromium> ratio=<value/floor>`. Both are the steady state (mean over the runs after a warm-up; the
 * first Typst PDF, which loads the fonts, and Chromium's start are printed to stderr). Without Chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium) the line has the value alone. Run alone: `npx tsx bench/print.ts`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printPdf } from "../src/core/print.js";
import { TEMPLATES } from "../src/forms/pdf.js";
import { sampleAttachment2 } from "./print-samples.js";
import { attachment2Html } from "./print-html.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium.js";

const ROWS = 20;
const log = (s: string) => process.stderr.write(`print: ${s}\n`);
const round = (x: number) => Math.round(x * 100) / 100;

async function mean(n: number, f: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return (performance.now() - t) / n;
}

export async function benchPrint(opts: { runs?: number; chromiumRuns?: number } = {}): Promise<{ value: number; floor: number | null }> {
  const runs = opts.runs ?? 40;
  const data = await sampleAttachment2(ROWS);
  // Each run prints a different record (another number), so no run is a cache hit of the one before.
  const record = (i: number) => ({ ...data, number: `CZY-422801-2026-${String(i).padStart(4, "0")}` });
  let t = performance.now();
  const first = printPdf(TEMPLATES.operator, record(0));
  log(`first Typst PDF (fonts loaded) ${round(performance.now() - t)} ms, ${first.length} bytes`);
  await mean(15, (i) => printPdf(TEMPLATES.operator, record(1000 + i)));
  const value = await mean(runs, (i) => printPdf(TEMPLATES.operator, record(i + 1)));

  let floor: number | null = null;
  if (existsSync(CHROMIUM_PATH)) {
    const { chromium } = await import("playwright-core");
    t = performance.now();
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    log(`Chromium started in ${round(performance.now() - t)} ms`);
    try {
      const once = async (i: number) => {
        const html = await attachment2Html(record(i), `https://lfp.enshi.example/forms/verify/${i}`);
        const page = await browser.newPage();
        try {
          await page.setContent(html, { waitUntil: "load" });
          return await page.pdf({ format: "A4", printBackground: true, margin: { top: "18mm", bottom: "16mm", left: "16mm", right: "16mm" } });
        } finally {
          await page.close();
        }
      };
      await mean(2, (i) => once(2000 + i));
      floor = await mean(opts.chromiumRuns ?? 10, (i) => once(i + 1));
    } finally {
      await browser.close();
    }
  } else {
    log(`no Chromium at ${CHROMIUM_PATH}: value only`);
  }
  console.log(
    floor === null
      ? `BENCH print_form value=${round(value)} unit=ms`
      : `BENCH print_form value=${round(value)} unit=ms floor=${round(floor)} ratio=${(value / floor).toFixed(3)}`,
  );
  return { value, floor };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchPrint();
