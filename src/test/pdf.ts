/**
 * Checking printed PDFs in tests (X4). The structure is checked in plain JavaScript (a PDF, how many pages); the text
 * through poppler's pdftotext when the machine has it. `npm test` runs on a machine with Node alone: there only the
 * text assertions are skipped (`pdfText` answers null), never the printing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PDFTOTEXT = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].find((p) => existsSync(p)) ?? null;
export const HAS_PDFTOTEXT = PDFTOTEXT !== null && process.env.NO_PDFTOTEXT !== "1";

let dir: string | null = null;

/** The text of a PDF (pdftotext, `-layout` when asked), or null when pdftotext is not installed. */
export function pdfText(pdf: Buffer, opts: { layout?: boolean } = {}): string | null {
  if (!HAS_PDFTOTEXT) return null;
  dir ??= mkdtempSync(path.join(tmpdir(), "pdf-text-"));
  const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(PDFTOTEXT!, [...(opts.layout ? ["-layout"] : []), file, "-"]).toString("utf8");
}

/** Whether the buffer is a complete PDF (header and end-of-file marker). */
export function isPdf(pdf: Buffer): boolean {
  return pdf.subarray(0, 5).toString("latin1") === "%PDF-" && pdf.subarray(-32).toString("latin1").includes("%%EOF");
}

/** The page count of the PDF's page tree (the /Count of its root /Pages object). */
export function pdfPageCount(pdf: Buffer): number {
  let pages = 0;
  for (const obj of pdf.toString("latin1").split("endobj")) {
    if (!/\/Type\s*\/Pages\b/.test(obj)) continue;
    const m = /\/Count\s+(\d+)/.exec(obj);
    if (m) pages = Math.max(pages, Number(m[1]));
  }
  return pages;
}
