/**
 * A worker thread of the parallel import check (check-pool.ts): decodes a block of a csv file, parses it with the
 * same CsvParser and checks every row with the same checkRow as the main-thread path, and answers compactly — per row
 * its prepared line, 身份证号 and 户编号 ("" for a row with errors) — and the problems of the rows that have some.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildVillageIndex } from "./record.js";
import { checkRow, dataKeys, type CheckSetup } from "./check.js";
import { preparedLayout } from "./store.js";
import { CsvParser } from "./sheet.js";
import type { BlockResult, VillageRows } from "./check-pool.js";

const setup = workerData.setup as CheckSetup;
const rows = workerData.villages as VillageRows;
const decoder = new TextDecoder(workerData.encoding as string);
const vctx = { villages: buildVillageIndex(rows.villages, rows.townships), scopePrefix: setup.scopePrefix, today: setup.today };
const present = new Set(setup.present);
const layout = preparedLayout(dataKeys(present));

parentPort!.on("message", (m: { seq: number; bytes: Uint8Array; firstLine: number }) => {
  const parser = new CsvParser(m.firstLine);
  parser.push(decoder.decode(m.bytes));
  parser.end();
  const rows = parser.out;
  const n = rows.length;
  const out: BlockResult = { seq: m.seq, rowNos: new Array(n), lines: new Array(n), idNumbers: new Array(n), householdNos: new Array(n), problems: [], emptySkipped: parser.emptySkipped };
  for (let i = 0; i < n; i++) {
    const c = checkRow(rows[i]!, setup.mapping, present, vctx, layout);
    out.rowNos[i] = c.rowNo;
    out.lines[i] = c.ok ? c.ok.line : "";
    out.idNumbers[i] = c.ok ? c.ok.idNumber : "";
    out.householdNos[i] = c.ok?.householdNo ?? "";
    if (c.problems.length) out.problems.push([i, c.problems]);
  }
  parentPort!.postMessage(out);
});
