/**
 * Printing (X4): official forms and reports are typeset in-process by Typst (@myriaddreamin/typst-ts-node-compiler,
 * installed by `npm ci`, no browser, no system package), with Noto Serif SC (regular and bold) from an npm font package.
 *
 * Template conventions (every module that prints follows them):
 *
 * - One `.typ` file per form or report, in a `print/` folder beside its module (`src/forms/print/attachment2.typ`),
 *   readable and editable by a person. The module calls `printPdf(new URL("./print/x.typ", import.meta.url), data)`.
 * - The template reads its data as JSON from the `data` input: `#let d = json(bytes(sys.inputs.data))`. All text is
 *   prepared by the module (dates already written as 2026年3月2日, masked 身份证号, names); the template only lays out.
 *   Strings from the data are inserted as text (`#d.name`), never evaluated as markup, so user input cannot change the
 *   layout.
 * - Paths inside a template are relative to the template, or absolute from the repository root: the shared pieces of
 *   every official form (page, numbering 第 x 页 共 y 页, title, 编号 and QR, bordered tables, opinion boxes with the
 *   签字/盖章 and 日期 lines, the platform's signing notes) are in `src/core/print/official.typ`:
 *   `#import "/src/core/print/official.typ": *` and `#show: official.with(d)` (see that file for the data it reads).
 * - The verification QR code is an SVG string made by `qrSvg(url)` and passed in the data (`qr`); the template places
 *   it with `image(bytes(d.qr), format: "svg")`.
 * - The same data gives the same PDF, byte for byte: templates take every date from the record (never "now"), the
 *   document date is not written (`set document(date: none)` in official.typ, and no creation timestamp here), fonts
 *   are the two files named in FONT_PATHS and nothing from the system.
 *
 * The compiler is created once per process (fonts loaded once); it keeps no state another instance would need.
 * `printPdf` is synchronous (a one-page form takes a few milliseconds).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import QRCode from "qrcode";

const require = createRequire(import.meta.url);
const FONT_PACKAGE = dirname(require.resolve("@expo-google-fonts/noto-serif-sc/package.json"));
/** The weights the templates use: regular and bold. */
export const FONT_PATHS = [join(FONT_PACKAGE, "400Regular"), join(FONT_PACKAGE, "700Bold")];
/** The font family templates set: `#set text(font: "Noto Serif SC")`. */
export const PRINT_FONT = "Noto Serif SC";
/** The Typst workspace: the repository root, so `/src/core/print/official.typ` names the shared file. */
export const PRINT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

let compiler: NodeCompiler | null = null;
function getCompiler(): NodeCompiler {
  compiler ??= NodeCompiler.create({ workspace: PRINT_ROOT, fontArgs: [{ fontPaths: FONT_PATHS }] });
  return compiler;
}

export class PrintError extends Error {}

/** Typeset a template (a .typ file, given as a URL or path) with its data; returns the PDF. Throws PrintError. */
export function printPdf(template: URL | string, data: unknown): Buffer {
  const path = resolve(typeof template === "string" ? template : fileURLToPath(template));
  const inside = !relative(PRINT_ROOT, path).startsWith("..") && !isAbsolute(relative(PRINT_ROOT, path));
  const rel = inside ? relative(PRINT_ROOT, path) : path;
  const c = getCompiler();
  try {
    const inputs = { data: JSON.stringify(data ?? null) };
    // A template under the repository is compiled in place (its relative imports work); one elsewhere (a test's
    // temporary file) is compiled from its text, with absolute imports still resolved from the repository root.
    const result = c.compile(inside ? { mainFilePath: path, inputs } : { mainFileContent: readTemplate(path), inputs });
    const err = result.takeError();
    if (err) throw new PrintError(`typesetting ${rel} failed: ${describe(c, err)}`);
    const doc = result.result;
    if (!doc) throw new PrintError(`typesetting ${rel} gave no document`);
    return Buffer.from(c.pdf(doc));
  } catch (e) {
    if (e instanceof PrintError) throw e;
    throw new PrintError(`typesetting ${rel} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    c.evictCache(10);
  }
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new PrintError(`template ${path} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function describe(c: NodeCompiler, err: Parameters<NodeCompiler["fetchDiagnostics"]>[0]): string {
  try {
    return c
      .fetchDiagnostics(err)
      .map((d: { message?: string; path?: string; range?: string }) => `${d.path ?? ""}${d.range ? ` ${d.range}` : ""}: ${d.message ?? JSON.stringify(d)}`)
      .join("; ");
  } catch {
    return err.shortDiagnostics ? JSON.stringify(err.shortDiagnostics) : "unknown error";
  }
}

/** The verification QR code of a printed record, as an SVG string for the template (`image(bytes(d.qr), format: "svg")`). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
}

/** A date as printed on official forms: 2026年3月2日 (China time for instants; date strings as they are). */
export function chinaYmd(d: Date | string | null | undefined): string {
  if (!d) return "";
  const s = typeof d === "string" ? d : new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
}

/** An instant as printed in the platform's signing notes: 2026年3月2日 10:15 (China time). */
export function chinaYmdHm(d: Date | null | undefined): string {
  if (!d) return "";
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${chinaYmd(s.slice(0, 10))} ${s.slice(11, 16)}`;
}
