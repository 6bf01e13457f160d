/**
 * The dependency rule of docs/architecture.md, read from the import graph:
 * - src/core/ (the kernel) imports no module folder;
 * - a module reaches another only through its exported functions, never its tables (no import of another module's
 *   schema.ts);
 * - src/modules.ts and src/web/modules.ts name the same modules, and every module folder is listed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MODULES } from "./modules.js";
import { WEB_MODULES } from "./web/modules.js";

const SRC = resolve(import.meta.dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

/** Every relative import of a file, as a path relative to src/ ("governance/schema.js"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)|import\s+["'](\.[^"']+)["']/g)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    out.push(relative(SRC, resolve(dirname(file), spec)));
  }
  return out;
}

const MODULE_DIRS = readdirSync(SRC).filter((n) => n !== "core" && n !== "web" && statSync(join(SRC, n)).isDirectory() && readdirSync(join(SRC, n)).includes("module.ts"));

describe("architecture (docs/architecture.md)", () => {
  it("the kernel imports no module", () => {
    const bad: string[] = [];
    for (const f of files(join(SRC, "core"))) {
      for (const i of importsOf(f)) {
        // The kernel's own integration tests run on the composed platform through the test kit.
        if (f.endsWith(".test.ts") && i.startsWith("test/")) continue;
        if (!i.startsWith("core/") && !i.startsWith("..")) bad.push(`${relative(SRC, f)} → ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("no module reads another module's tables", () => {
    const bad: string[] = [];
    for (const mod of MODULE_DIRS) {
      for (const f of files(join(SRC, mod))) {
        for (const i of importsOf(f)) {
          const [top, rest] = [i.split("/")[0]!, i.split("/").slice(1).join("/")];
          if (top !== mod && MODULE_DIRS.includes(top) && rest === "schema.js") bad.push(`${relative(SRC, f)} → ${i}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("no hand-written LIKE on a division code outside the scope helper (src/core/access/scope.ts, P9)", () => {
    const column = "(?:prefix|orgCode|org_code|division|villageCode|village_code|region_code|regionCode|township_code)";
    // `col like …` / `col not like …` in SQL text, and Drizzle's like(table.col, …) / ilike(…).
    const patterns = [new RegExp(`${column}[\\w.)}\\]"'\`]*\\s+(?:not\\s+)?i?like\\b`, "i"), new RegExp(`\\bi?like\\(\\s*[\\w.]*${column}`, "i")];
    const bad: string[] = [];
    for (const f of files(SRC)) {
      const rel = relative(SRC, f);
      if (rel.startsWith("core/access/") || /\.test\.tsx?$/.test(rel)) continue;
      readFileSync(f, "utf8").split("\n").forEach((line, i) => {
        if (patterns.some((re) => re.test(line))) bad.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("both composition roots list every module folder", () => {
    expect(MODULES.map((m) => m.name).sort()).toEqual([...MODULE_DIRS].sort());
    expect(WEB_MODULES.map((m) => m.name).sort()).toEqual([...MODULE_DIRS].sort());
  });
});
