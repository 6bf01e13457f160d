/**
 * The row check of the import's validation pass, in a worker thread (S-LABOR import): the main thread reads the file
 * and keeps everything that needs the whole file or the database (duplicates, lookups, the error report, the prepared
 * chunks); the rules of one row, the most expensive part, run here in parallel. Started by check-pool.ts through
 * worker-boot.mjs.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildVillageIndex } from "./record.js";
import { checkRow, dataKeys, type CheckSetup, type CheckedRow } from "./check.js";
import { preparedLayout } from "./store.js";
import type { SheetRow } from "./sheet.js";

const setup = workerData.setup as CheckSetup & { villageRows: Parameters<typeof buildVillageIndex>[0]; townshipRows: Parameters<typeof buildVillageIndex>[1] };
const vctx = { villages: buildVillageIndex(setup.villageRows, setup.townshipRows), scopePrefix: setup.scopePrefix, today: setup.today };
const present = new Set(setup.present);
const layout = preparedLayout(dataKeys(present));

parentPort!.on("message", (m: { seq: number; rows: SheetRow[] }) => {
  const out: CheckedRow[] = new Array(m.rows.length);
  for (let i = 0; i < m.rows.length; i++) out[i] = checkRow(m.rows[i]!, setup.mapping, present, vctx, layout);
  parentPort!.postMessage({ seq: m.seq, out });
});
