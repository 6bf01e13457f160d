/**
 * Row checks in parallel for large csv imports (S-LABOR import). The main thread reads the file once — hashing it,
 * cutting it into blocks of about 1 MB at line breaks outside quotes, and counting the lines so that every block knows
 * the file line it starts on (the hash and the line count are why the main thread reads it) — and keeps the whole-file work (duplicates, database lookups, error report, prepared
 * chunks). Worker threads decode, parse and check the blocks (check-worker.ts, the same CsvParser and checkRow as the
 * main-thread path). Results come back in file order; two blocks per worker are kept in flight.
 *
 * Small files, web uploads (≤ 20 MB, in memory), xlsx workbooks and machines with one core are checked in the main
 * thread (checkInline): a worker costs a start-up, and an xlsx stream cannot be cut into blocks.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkRow, dataKeys, type CheckSetup, type CheckedRow } from "./check.js";
import { preparedLayout, type PreparedLayout } from "./store.js";
import type { Problem, ValidateContext, buildVillageIndex } from "./record.js";
import type { ReadResult, SheetRow } from "./sheet.js";

/** Files from this size on are checked in worker threads (about 8 000 rows of a survey csv). */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const BLOCK_BYTES = 1 << 20;
const IN_FLIGHT_PER_WORKER = 2;

/** How many checking workers for a file of this size: none for small files; as many as the cores, at most 4. */
export function workersFor(size: number, forced?: number): number {
  if (forced !== undefined) return forced;
  if (size < PARALLEL_MIN_BYTES) return 0;
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(4, cores);
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

/** A block of the file: whole lines, starting at a record boundary. */
export interface CsvBlock {
  bytes: Uint8Array;
  firstLine: number;
}

/** A worker's answer for one block, compact: per data row its flagged prepared line, 身份证号 and 户编号 ("" when none). */
export interface BlockResult {
  seq: number;
  rowNos: number[];
  lines: string[];
  idNumbers: string[];
  householdNos: string[];
  problems: [number, Problem[]][];
  emptySkipped: number;
}

/**
 * Read a csv file from `dataStart` (the byte after its header) and cut it into blocks at line breaks outside quoted
 * fields. A quote (0x22) or line feed (0x0a) byte never occurs inside a multi-byte character in UTF-8 or GB18030, so
 * the cut is made on bytes. The whole file is hashed on the way (result.sha256, result.size).
 */
export async function* csvBlocks(path: string, dataStart: number, dataLine: number, result: ReadResult, blockBytes = BLOCK_BYTES): AsyncGenerator<CsvBlock> {
  const fh = await open(path, "r");
  const hash = createHash("sha256");
  let carry: Uint8Array = new Uint8Array(0);
  let inQuotes = false;
  let carryLines = 0;
  let firstLine = dataLine;
  let pos = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(blockBytes);
      const { bytesRead } = await fh.read(buf, 0, blockBytes, pos);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      const skip = Math.max(0, Math.min(bytesRead, dataStart - pos));
      pos += bytesRead;
      const data = chunk.subarray(skip);
      // Scan for the last line break outside quotes, counting every line break (a quoted cell may hold some).
      // (indexOf is native: most survey files have no quote at all.)
      let cut = -1;
      let lines = carryLines;
      let linesAtCut = 0;
      let q = data.indexOf(34);
      let nl = data.indexOf(10);
      while (nl >= 0) {
        if (q >= 0 && q < nl) {
          inQuotes = !inQuotes;
          q = data.indexOf(34, q + 1);
          continue;
        }
        lines++;
        if (!inQuotes) {
          cut = nl + 1;
          linesAtCut = lines;
        }
        nl = data.indexOf(10, nl + 1);
      }
      // Quotes after the last line break still count for the next read.
      while (q >= 0) {
        inQuotes = !inQuotes;
        q = data.indexOf(34, q + 1);
      }
      if (cut >= 0 && carry.length + cut >= blockBytes / 2) {
        const block = new Uint8Array(carry.length + cut);
        block.set(carry, 0);
        block.set(data.subarray(0, cut), carry.length);
        yield { bytes: block, firstLine };
        firstLine += linesAtCut;
        carry = Uint8Array.prototype.slice.call(data, cut);
        carryLines = lines - linesAtCut;
      } else {
        const next = new Uint8Array(carry.length + data.length);
        next.set(carry, 0);
        next.set(data, carry.length);
        carry = next;
        carryLines = lines;
      }
    }
    if (carry.length) yield { bytes: carry, firstLine };
  } finally {
    await fh.close();
  }
  result.size = pos;
  result.sha256 = hash.digest("hex");
}

/** The reference rows a worker builds its village index from (buildVillageIndex). */
export interface VillageRows {
  villages: Parameters<typeof buildVillageIndex>[0];
  townships: Parameters<typeof buildVillageIndex>[1];
}

const NO_PROBLEMS: Problem[] = [];

interface Pending {
  resolve: (r: BlockResult) => void;
  reject: (e: Error) => void;
}

/**
 * Check csv blocks in `count` worker threads, yielding the checked rows in file order; result.emptySkipped and
 * result.bytesRead follow the blocks checked. Workers end with the generator, also on error.
 */
export async function* checkCsvInWorkers(rows: VillageRows, blocks: AsyncIterable<CsvBlock>, encoding: string, setup: CheckSetup, count: number, result: ReadResult): AsyncGenerator<CheckedRow[]> {
  const workerData = { module: new URL("./check-worker.ts", import.meta.url).href, encoding, setup, villages: rows };
  const workers = Array.from({ length: count }, () => {
    // A larger young generation: checking allocates many short-lived strings, and the default one is scavenged too often.
    const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    const queue: Pending[] = [];
    const failAll = (e: Error) => {
      for (const p of queue.splice(0)) p.reject(e);
    };
    w.on("message", (m: BlockResult) => queue.shift()?.resolve(m));
    w.on("error", failAll);
    w.on("exit", (code) => failAll(new Error(`导入校验线程意外退出（${code}）`)));
    return { w, queue };
  });
  const it = blocks[Symbol.asyncIterator]();
  const inflight: { size: number; result: Promise<BlockResult> }[] = [];
  let seq = 0;
  let done = false;
  try {
    for (;;) {
      while (!done && inflight.length < IN_FLIGHT_PER_WORKER * workers.length) {
        const r = await it.next();
        if (r.done) {
          done = true;
          break;
        }
        const target = workers[seq % workers.length]!;
        const p = new Promise<BlockResult>((resolve, reject) => target.queue.push({ resolve, reject }));
        // A rejection is handled where the promise is awaited; keep Node from reporting it earlier.
        p.catch(() => undefined);
        target.w.postMessage({ seq: seq++, bytes: r.value.bytes, firstLine: r.value.firstLine }, [r.value.bytes.buffer as ArrayBuffer]);
        inflight.push({ size: r.value.bytes.length, result: p });
      }
      const next = inflight.shift();
      if (!next) break;
      const b = await next.result;
      result.emptySkipped += b.emptySkipped;
      result.bytesRead += next.size;
      const problemsAt = new Map(b.problems);
      const out: CheckedRow[] = new Array(b.rowNos.length);
      for (let i = 0; i < b.rowNos.length; i++) {
        const line = b.lines[i]!;
        out[i] = { rowNo: b.rowNos[i]!, problems: problemsAt.get(i) ?? NO_PROBLEMS, ok: line ? { idNumber: b.idNumbers[i]!, householdNo: b.householdNos[i] || null, line } : null };
      }
      yield out;
    }
  } finally {
    for (const { w } of workers) {
      w.removeAllListeners("exit");
      await w.terminate();
    }
  }
}
