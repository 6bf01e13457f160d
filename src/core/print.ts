/**
 * Printing (X4): official forms and reports are typeset in-process by Typst (@myriaddreamin/typst-ts-node-compiler,
 * installed by `npm ci`, no browser, no system package), with Noto Serif SC from an npm font package.
 *
 * A template is a `.typ` file beside its module (one per form or report, readable and editable by a person). It reads
 * its data as JSON from the `data` input:
 *
 *   #let d = json(bytes(sys.inputs.data))
 *
 * The compiler is created once per process (fonts loaded once); it keeps no state another instance would need.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";

const require = createRequire(import.meta.url);
const FONT_PACKAGE = dirname(require.resolve("@expo-google-fonts/noto-serif-sc/package.json"));
/** The weights the templates use: regular and bold. */
export const FONT_PATHS = [join(FONT_PACKAGE, "400Regular"), join(FONT_PACKAGE, "700Bold")];
/** The font family templates set: `#set text(font: "Noto Serif SC")`. */
export const PRINT_FONT = "Noto Serif SC";

let compiler: NodeCompiler | null = null;
function getCompiler(): NodeCompiler {
  compiler ??= NodeCompiler.create({ fontArgs: [{ fontPaths: FONT_PATHS }] });
  return compiler;
}

export class PrintError extends Error {}

/** Typeset a template (a .typ file, given as a URL or path) with its data; returns the PDF. */
export function printPdf(template: URL | string, data: unknown): Buffer {
  const path = typeof template === "string" ? template : fileURLToPath(template);
  const c = getCompiler();
  try {
    const pdf = c.pdf({ mainFileContent: readFileSync(path, "utf8"), inputs: { data: JSON.stringify(data ?? null) } });
    return Buffer.from(pdf);
  } catch (e) {
    throw new PrintError(`typesetting ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    c.evictCache(10);
  }
}
