/**
 * Row checks in parallel for large imports (S-LABOR import): the main thread reads and parses the file and keeps the
 * whole-file work (duplicates, database lookups, error report, prepared chunks) while worker threads check the rows
 * (check.ts). Batches come back in file order; a few are kept in flight so that reading, checking and the database
 * overlap. Small files, and machines with one core, are checked in the main thread: a worker costs a start-up.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Queryable } from "../core/db/client.js";
import { orgNodes, villages } from "../core/db/schema.js";
import { eq } from "drizzle-orm";
import { checkRow, dataKeys, type CheckSetup, type CheckedRow } from "./check.js";
import { preparedLayout, type PreparedLayout } from "./store.js";
import type { ValidateContext } from "./record.js";
import type { SheetRow } from "./sheet.js";

/** Files from this size on are checked in worker threads (about 8 000 rows of a survey csv). */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const IN_FLIGHT_PER_WORKER = 4;

/** How many checking workers for a file: none for small files; one fewer than the cores, at most 3. */
export function workersFor(size: number, forced?: number): number {
  if (forced !== undefined) return forced;
  if (size < PARALLEL_MIN_BYTES) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Check the batches of rows in the main thread, in order. */
export async function* checkInline(batches: AsyncIterable<SheetRow[]>, setup: () => CheckSetup, vctx: ValidateContext): AsyncGenerator<CheckedRow[]> {
  let s: { mapping: CheckSetup["mapping"]; present: Set<string>; layout: PreparedLayout } | null = null;
  for await (const rows of batches) {
    if (!s) {
      const present = new Set(setup().present);
      s = { mapping: setup().mapping, present, layout: preparedLayout(dataKeys(present)) };
    }
    const { mapping, present, layout } = s;
    yield rows.map((r) => checkRow(r, mapping, present, vctx, layout));
  }
}

interface Pending {
  resolve: (out: CheckedRow[]) => void;
  reject: (e: Error) => void;
}

/**
 * Check the batches in `count` worker threads, yielding the results in file order. `setup` is read when the first
 * batch arrives (the header has been found by then). Workers end with the generator, also on error.
 */
export async function* checkInWorkers(db: Queryable, batches: AsyncIterable<SheetRow[]>, setup: () => CheckSetup, count: number): AsyncGenerator<CheckedRow[]> {
  const it = batches[Symbol.asyncIterator]();
  let first = await it.next();
  if (first.done) return;
  const villageRows = await db.select({ code: villages.code, name: villages.name, townshipCode: villages.townshipCode }).from(villages);
  const townshipRows = await db.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.level, "township"));
  const workerData = { module: new URL("./check-worker.ts", import.meta.url).href, setup: { ...setup(), villageRows, townshipRows } };
  const workers = Array.from({ length: count }, () => {
    const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData });
    const queue: Pending[] = [];
    const failAll = (e: Error) => {
      for (const p of queue.splice(0)) p.reject(e);
    };
    w.on("message", (m: { out: CheckedRow[] }) => queue.shift()?.resolve(m.out));
    w.on("error", failAll);
    w.on("exit", (code) => failAll(new Error(`导入校验线程意外退出（${code}）`)));
    return { w, queue };
  });
  const inflight: Promise<CheckedRow[]>[] = [];
  let seq = 0;
  let done = false;
  const post = (rows: SheetRow[]) => {
    const target = workers[seq % workers.length]!;
    const p = new Promise<CheckedRow[]>((resolve, reject) => target.queue.push({ resolve, reject }));
    // A rejection is handled where the promise is awaited; keep Node from reporting it earlier.
    p.catch(() => undefined);
    target.w.postMessage({ seq: seq++, rows });
    inflight.push(p);
  };
  try {
    post(first.value);
    first = undefined as never;
    for (;;) {
      while (!done && inflight.length < IN_FLIGHT_PER_WORKER * workers.length) {
        const r = await it.next();
        if (r.done) done = true;
        else post(r.value);
      }
      const next = inflight.shift();
      if (!next) break;
      yield await next;
    }
  } finally {
    for (const { w } of workers) {
      w.removeAllListeners("exit");
      await w.terminate();
    }
  }
}
