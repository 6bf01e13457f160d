/**
 * The screenshots of every printed form (docs/screenshots/print-*.png, X4): each template typeset from the fixed
 * sample data of bench/print-samples.ts, then rendered by poppler (`pdftoppm -png -r 80`). Run: `npx tsx
 * scripts/print-screens.ts` (needs poppler-utils for the PNGs; the PDFs are written in any case).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { printPdf } from "../src/core/print.js";
import { TEMPLATES as FORMS } from "../src/forms/pdf.js";
import { TEMPLATES as REQS } from "../src/requirements/pdf.js";
import { sampleApplication, sampleAttachment1, sampleAttachment2, sampleRelease } from "../bench/print-samples.js";

const out = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const tmp = path.join(out, "..", "..", "e2e", "artifacts", "print");
mkdirSync(tmp, { recursive: true });

const jobs: [string, URL, unknown][] = [
  ["print-attachment1", FORMS.admin, await sampleAttachment1(3)],
  ["print-attachment2", FORMS.operator, await sampleAttachment2(3)],
  ["print-attachment2-rows", FORMS.operator, await sampleAttachment2(40)],
  ["print-requirement-application", REQS.application, await sampleApplication()],
  ["print-requirement-release", REQS.release, await sampleRelease()],
];
for (const [name, template, data] of jobs) {
  const pdf = path.join(tmp, `${name}.pdf`);
  writeFileSync(pdf, printPdf(template, data));
  execFileSync("pdftoppm", ["-png", "-r", "80", pdf, path.join(out, name)]);
  console.log(name);
}
