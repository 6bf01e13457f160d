/**
 * S-LABOR bulk import, in two phases (P9 scope on every row, X1 audit, X2 masking in reports):
 *  1. validate: read the file (xlsx or csv, streamed), find the header row and map its columns (common variants of each
 *     header are accepted), validate every row, report duplicated 身份证号 inside the file, look up which rows are new
 *     and which update a registered person, and keep a row/column/reason error report. Nothing in the registry changes.
 *     The valid rows are kept, normalised, as prepared lines in labor_import_chunks (the file itself is not kept).
 *  2. commit: write the prepared rows in batches, each batch one transaction with its progress row (rows done / total,
 *     last committed row) and audit row: rows found new by COPY straight into the registry, registered ones by the upsert
 *     with change detection and history (store.ts). A crash leaves the batch in status 'committing' with the last
 *     committed row: visible in the progress endpoint and resumable — never half in without saying so.
 *
 * The commit does not validate again: every rule that depends on the date (age under 16, dates in the future) can only
 * turn an invalid row valid as days pass, never a valid one invalid, so a row valid at validation is valid at commit.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db, Queryable } from "../core/db/client.js";
import { orgNodes, villages } from "../core/db/schema.js";
import { audit, type Actor } from "../core/audit.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { chinaDate } from "../core/calendar.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter } from "../core/access/scope.js";
import { CODE_LISTS } from "./codes.js";
import {
  FIELDS, FIELD_BY_KEY, buildVillageIndex, fieldForHeader, type FieldDef, type PersonRecord, type Problem, type VillageIndex,
} from "./record.js";
import { CsvParser, detectEncoding, readSheet, sniffKind, type ReadResult, type SheetKind, type SheetRow } from "./sheet.js";
import { laborImportBatches, laborImportChunks, laborImportErrors, type ImportStatus } from "./schema.js";
import { LINE_SEPARATOR, copyCsv, csvField, flaggedRowNo, rawQuery, writePrepared } from "./store.js";
import { dataKeys, presentOf, type CheckSetup, type CheckedRow, type MappedColumn } from "./check.js";
import { checkCsvInWorkers, checkInline, csvBlocks, workersFor, type VillageRows } from "./check-pool.js";

/** Web uploads stop at 20 MB (the multipart limit); the CLI takes files of any size. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** A committing batch whose heartbeat is older than this is considered interrupted and may be resumed. */
export const STALE_AFTER_MS = 60_000;
const HEADER_SCAN_ROWS = 20;
const LOOKUP_CHUNK = 5000;
const ERROR_FLUSH = 2000;

export interface ImportContext {
  db: Db;
}

/** Who imports: the account (audit) and its organisation scope (P9). */
export interface Importer extends Actor {
  orgCode: string;
  scopePrefix: string;
}

export function importerOf(p: Principal, ip: string | null): Importer {
  if (!p.permissions.has("labor.import")) throw forbidden("PERMISSION_DENIED", "您没有批量导入的权限");
  return { accountId: p.accountId, name: p.name, ip, orgCode: p.orgCode, scopePrefix: p.scopePrefix };
}

export interface ImportFile {
  fileName: string;
  path?: string;
  buffer?: Buffer;
}

const villageIndexes = new WeakMap<object, VillageIndex>();

/** The villages and townships of the reference tables, as the village index (and the checking workers) build on. */
async function villageRows(db: Queryable): Promise<VillageRows> {
  const vs = await db.select({ code: villages.code, name: villages.name, townshipCode: villages.townshipCode }).from(villages);
  const ts = await db.select({ code: orgNodes.code, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.level, "township"));
  return { villages: vs, townships: ts };
}

/** Villages and townships from the reference tables (loaded once per database handle). */
export async function villageIndex(db: Queryable): Promise<VillageIndex> {
  const hit = villageIndexes.get(db);
  if (hit) return hit;
  const rows = await villageRows(db);
  const ix = buildVillageIndex(rows.villages, rows.townships);
  villageIndexes.set(db, ix);
  return ix;
}

/** Find the header row among the first rows and map its columns; file-level errors stop the import here. */
function mapHeader(row: SheetRow): { mapping: MappedColumn[]; recognised: number } {
  const mapping: MappedColumn[] = [];
  const seen = new Set<string>();
  let recognised = 0;
  row.cells.forEach((h, column) => {
    const header = (h ?? "").trim();
    if (!header) return;
    const f = fieldForHeader(header);
    if (f && !seen.has(String(f.key))) {
      seen.add(String(f.key));
      mapping.push({ header, column, field: String(f.key) });
      recognised++;
    } else mapping.push({ header, column, field: "" });
  });
  return { mapping, recognised };
}

function requiredMissing(mapping: MappedColumn[]): FieldDef[] {
  const have = new Set(mapping.map((m) => m.field));
  return FIELDS.filter((f) => f.required && !have.has(String(f.key)));
}

/** Error-report rows in one statement (a report can have hundreds of thousands of rows). */
async function insertProblems(q: Queryable, list: (typeof laborImportErrors.$inferInsert)[]) {
  if (!list.length) return;
  // By COPY: a file with many warnings has tens of thousands of them.
  const text = list.map((e) => `${e.batchId},${e.rowNo},${csvField(e.column)},${csvField(e.value)},${csvField(e.code)},${csvField(e.message)},${e.severity},${e.phase ?? "validate"}`).join("\n");
  await q.transaction((tx) => copyCsv(tx, "labor_import_errors", ["batch_id", "row_no", '"column"', "value", "code", "message", "severity", "phase"], text));
}

/** Report values: 身份证号 and phone stay masked in reports (X2); long values are cut. */
function reportValue(p: Problem): string | null {
  if (p.value === null || p.value === undefined) return null;
  if (p.field === "idNumber") return p.value.length >= 8 ? maskIdNumber(p.value) : p.value;
  if (p.field === "phone") return maskPhone(p.value);
  return p.value.slice(0, 100);
}

/**
 * The header of a file, if this row is it: title rows above the header ("XX镇劳动力资源调查表") are skipped; the header
 * is the first row naming ≥ 3 fields, and it must name every required field.
 */
function headerOf(row: SheetRow): MappedColumn[] | null {
  const { mapping, recognised } = mapHeader(row);
  if (recognised < 3) return null;
  const missing = requiredMissing(mapping);
  if (missing.length) {
    throw badRequest("IMPORT_MISSING_COLUMNS", `文件缺少必需的列：${missing.map((f) => f.label).join("、")}（可用的列名如：${missing.map((f) => [f.label, ...f.headers.slice(0, 2)].join("/")).join("；")}）`, {
      missing: missing.map((f) => f.label),
      found: mapping.map((m) => m.header),
    });
  }
  return mapping;
}

const NO_HEADER_IN_20 = () => badRequest("IMPORT_NO_HEADER", "在文件前 20 行中没有找到表头：请使用导入模板，或确认表头含有“身份证号”“姓名”“常住地”等列");

/** Walk the file: header first (file-level errors), then the data rows in batches. */
async function* dataRows(file: ImportFile, kind: SheetKind, result: ReadResult, onHeader: (h: { mapping: MappedColumn[]; headerRow: number; sheet: string | null }) => Promise<void>): AsyncGenerator<SheetRow[]> {
  let header: MappedColumn[] | null = null;
  let headerSheet: string | null | undefined;
  let scanned = 0;
  for await (const batch of readSheet(file, kind, result)) {
    let start = 0;
    if (!header) {
      for (; start < batch.length && !header; start++) {
        const row = batch[start]!;
        header = headerOf(row);
        if (header) {
          headerSheet = row.sheet;
          await onHeader({ mapping: header, headerRow: row.rowNo, sheet: row.sheet ?? null });
        } else if (++scanned >= HEADER_SCAN_ROWS) throw NO_HEADER_IN_20();
      }
      if (!header) continue;
    }
    // Only the sheet with the header is read (other sheets such as 填写说明 are ignored).
    let end = start;
    while (end < batch.length && batch[end]!.sheet === headerSheet) end++;
    if (end > start) yield start === 0 && end === batch.length ? batch : batch.slice(start, end);
    if (end < batch.length) break;
  }
  if (!header) {
    throw badRequest("IMPORT_NO_HEADER", scanned === 0 ? "文件中没有任何数据" : "没有找到表头：请使用导入模板，或确认表头含有“身份证号”“姓名”“常住地”等列");
  }
}

/**
 * The header of a csv file found in its first bytes, with the byte offset and line number where its data starts (for
 * the parallel check, which splits the rest of the file into blocks). Null when the first bytes do not hold the whole
 * header: the file is then read in one thread.
 */
function csvHeaderIn(head: Buffer, encoding: "utf-8" | "gb18030", complete: boolean): { mapping: MappedColumn[]; headerRow: number; dataStart: number; dataLine: number } | null {
  const p = new CsvParser();
  let text = new TextDecoder(encoding).decode(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  p.push(text);
  if (complete) p.end();
  let scanned = 0;
  for (const row of p.out) {
    const mapping = headerOf(row);
    if (mapping) {
      // The header ends on the line where it starts, plus the line breaks inside its quoted cells.
      const lastLine = row.rowNo + row.cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      let at = -1;
      for (let line = 0; line < lastLine; line++) {
        at = head.indexOf(10, at + 1);
        if (at < 0) return null;
      }
      return { mapping, headerRow: row.rowNo, dataStart: at + 1, dataLine: lastLine + 1 };
    }
    if (++scanned >= HEADER_SCAN_ROWS) throw NO_HEADER_IN_20();
  }
  return null;
}

/** Existing registrations (身份证号 → 常住地) for a list of numbers, in one query. */
async function lookupPersons(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rowsFound = await rawQuery<{ id_number: string; region_code: string }>(q,
    "select id_number, region_code from labor_persons where id_number in (select json_array_elements_text($1::json))", [JSON.stringify(ids)]);
  return new Map(rowsFound.map((r) => [r.id_number, r.region_code]));
}

async function lookupHouseholds(q: Queryable, nos: string[]): Promise<Map<string, string>> {
  if (!nos.length) return new Map();
  const found = await rawQuery<{ household_no: string; village_code: string }>(q,
    "select household_no, village_code from labor_households where household_no in (select json_array_elements_text($1::json))", [JSON.stringify(nos)]);
  return new Map(found.map((r) => [r.household_no, r.village_code]));
}

export interface ValidateOptions {
  source: "upload" | "cli";
  /** Called as the file is read (bytes read of total) and rows are checked. */
  onProgress?: (p: { phase: "validate"; bytesRead: number; size: number; rows: number }) => void;
  /** Size of the file when known (progress; large files are checked in worker threads). */
  size?: number;
  /** Number of checking worker threads (default: by file size and cores, see check-pool.ts); 0 checks in this thread. */
  workers?: number;
  /** Size of the blocks a csv file is cut into for the workers (tests use small blocks to get many). */
  blockBytes?: number;
}

/** Phase 1: validate a file into a new batch (status 'validated'); throws a file-level AppError and writes nothing. */
export async function validateImport(ictx: ImportContext, who: Importer, file: ImportFile, opts: ValidateOptions): Promise<BatchView> {
  const { db } = ictx;
  const head = file.buffer ? file.buffer.subarray(0, 65536) : await readHead(file.path!);
  let kind: SheetKind;
  try {
    kind = sniffKind(head, file.fileName);
  } catch (e) {
    await auditRefusal(db, who, file, e as AppError);
    throw e;
  }
  const today = chinaDate(new Date());
  const vctx = { villages: await villageIndex(db), scopePrefix: who.scopePrefix, today };
  const result: ReadResult = { kind, sheetName: null, size: 0, sha256: "", emptySkipped: 0, bytesRead: 0 };

  let batchId = 0;
  let mapping: MappedColumn[] = [];
  let present = new Set<string>();
  const counters = { total: 0, errorRows: 0, warnings: 0, newRows: 0, existingRows: 0 };
  const errorRows = new Set<number>();
  // 身份证号 → first row number × 4 + state (0 waiting for lookup, 1 new, 2 registered, 3 flagged as duplicated).
  const seen = new Map<string, number>();
  let pending: { rowNo: number; idNumber: string; householdNo: string | null; line: string }[] = [];
  let errBuf: (typeof laborImportErrors.$inferInsert)[] = [];
  // Prepared lines of the valid rows, written as one chunk per lookup round (see laborImportChunks).
  let chunkLines: string[] = [];
  let chunkSeq = 0;
  let rowsInChunks = 0;
  let lastDataRow = 0;
  const writeChunk = async () => {
    if (counters.total === rowsInChunks) return;
    // By COPY: a chunk is a megabyte of text, which a bound parameter would make the driver copy and encode again.
    const row = `${batchId},${++chunkSeq},${lastDataRow},${counters.total - rowsInChunks},${csvField(chunkLines.join(LINE_SEPARATOR))}`;
    await db.transaction((tx) => copyCsv(tx, "labor_import_chunks", ["batch_id", "seq", "last_row", "rows", "lines"], row));
    rowsInChunks = counters.total;
    chunkLines = [];
  };

  const flushErrors = async () => {
    if (!errBuf.length) return;
    const chunk = errBuf;
    errBuf = [];
    await insertProblems(db, chunk);
  };
  const addProblems = (rowNo: number, problems: Problem[]) => {
    for (const p of problems) {
      errBuf.push({ batchId, rowNo, column: p.column, value: reportValue(p), code: p.code, message: p.message, severity: p.severity, phase: "validate" });
      if (p.severity === "warning") counters.warnings++;
    }
    if (problems.some((p) => p.severity === "error") && !errorRows.has(rowNo)) {
      errorRows.add(rowNo);
      counters.errorRows++;
    }
  };
  const resolvePending = async () => {
    if (!pending.length) return;
    const list = pending;
    pending = [];
    const persons = await lookupPersons(db, list.map((r) => r.idNumber));
    const hhNos = [...new Set(list.map((r) => r.householdNo).filter((x): x is string => !!x))];
    const households = await lookupHouseholds(db, hhNos);
    for (const record of list) {
      const { rowNo } = record;
      const key = seen.get(record.idNumber)!;
      if (key % 4 === 3 || errorRows.has(rowNo)) continue;
      const region = persons.get(record.idNumber);
      const problems: Problem[] = [];
      if (region !== undefined && !region.startsWith(who.scopePrefix)) {
        problems.push({ field: "idNumber", column: "身份证号", code: "ID_NOT_REGISTRABLE", message: "该身份证号不能在您的数据范围内登记，请与上级或所在地核实，未导入", severity: "error", value: record.idNumber });
      }
      const hhVillage = record.householdNo ? households.get(record.householdNo) : undefined;
      if (hhVillage !== undefined && !hhVillage.startsWith(who.scopePrefix)) {
        problems.push({ field: "householdNo", column: "户编号", code: "HOUSEHOLD_OUT_OF_SCOPE", message: "该户编号属于您数据范围以外的村（社区）", severity: "error", value: record.householdNo ?? null });
      }
      if (problems.length) {
        addProblems(rowNo, problems);
        continue;
      }
      if (region !== undefined) counters.existingRows++;
      else counters.newRows++;
      seen.set(record.idNumber, rowNo * 4 + (region !== undefined ? 2 : 1));
      // A row refused later as a duplicate of a later row stays in its chunk; the commit skips the rows with errors.
      chunkLines.push(region !== undefined ? `E${record.line.slice(1)}` : record.line);
    }
    await writeChunk();
  };

  try {
    const startBatch = async (h: { mapping: MappedColumn[]; headerRow: number; sheet: string | null }) => {
      mapping = h.mapping;
      present = presentOf(mapping);
      const [b] = await db.insert(laborImportBatches).values({
        accountId: who.accountId, actorName: who.name, orgCode: who.orgCode, scopePrefix: who.scopePrefix, source: opts.source,
        fileName: file.fileName.slice(0, 200), fileKind: kind, fileSize: opts.size ?? file.buffer?.length ?? 0, fileSha256: "",
        storedPath: file.path ?? null, status: "validating", mapping, headerRow: h.headerRow, sheetName: h.sheet,
      }).returning({ id: laborImportBatches.id });
      batchId = b!.id;
    };
    const setup = (): CheckSetup => ({ mapping, present: [...present], scopePrefix: who.scopePrefix, today });
    // A large csv file on disk is checked in worker threads when its header lies in its first bytes (check-pool.ts).
    const workers = kind === "csv" && file.path ? workersFor(opts.size ?? 0, opts.workers) : 0;
    const encoding = detectEncoding(head);
    const csvHead = workers > 0 ? csvHeaderIn(head, encoding, head.length < 65536) : null;
    let checked: AsyncGenerator<CheckedRow[]>;
    if (csvHead) {
      await startBatch({ mapping: csvHead.mapping, headerRow: csvHead.headerRow, sheet: null });
      checked = checkCsvInWorkers(await villageRows(db), csvBlocks(file.path!, csvHead.dataStart, csvHead.dataLine, result, opts.blockBytes), encoding, setup(), workers, result);
    } else {
      checked = checkInline(dataRows(file, kind, result, startBatch), setup, vctx);
    }
    for await (const rows of checked) for (const out of rows) {
      counters.total++;
      lastDataRow = out.rowNo;
      if (out.ok) {
        const prev = seen.get(out.ok.idNumber);
        if (prev !== undefined) {
          const firstRow = Math.floor(prev / 4);
          addProblems(out.rowNo, [...out.problems, { field: "idNumber", column: "身份证号", code: "DUPLICATE_IN_FILE", message: `身份证号与第 ${firstRow} 行重复：同一人在文件中只能出现一次，请核对后保留一行`, severity: "error", value: out.ok.idNumber }]);
          if (prev % 4 !== 3) {
            // The first occurrence is refused too: which of the two rows is right is for the township to say.
            const state = prev % 4;
            if (state === 1) counters.newRows--;
            if (state === 2) counters.existingRows--;
            seen.set(out.ok.idNumber, firstRow * 4 + 3);
            addProblems(firstRow, [{ field: "idNumber", column: "身份证号", code: "DUPLICATE_IN_FILE", message: `身份证号与第 ${out.rowNo} 行重复：同一人在文件中只能出现一次，请核对后保留一行`, severity: "error", value: out.ok.idNumber }]);
          }
        } else {
          seen.set(out.ok.idNumber, out.rowNo * 4);
          if (out.problems.length) addProblems(out.rowNo, out.problems);
          pending.push({ rowNo: out.rowNo, idNumber: out.ok.idNumber, householdNo: out.ok.householdNo, line: out.ok.line });
          if (pending.length >= LOOKUP_CHUNK) await resolvePending();
        }
      } else addProblems(out.rowNo, out.problems);
      if (errBuf.length >= ERROR_FLUSH) await flushErrors();
      if (opts.onProgress && counters.total % 2000 === 0) opts.onProgress({ phase: "validate", bytesRead: result.bytesRead, size: opts.size ?? 0, rows: counters.total });
    }
    await resolvePending();
    await writeChunk();
    await flushErrors();
  } catch (e) {
    if (batchId) {
      await db.delete(laborImportErrors).where(eq(laborImportErrors.batchId, batchId));
      await db.delete(laborImportChunks).where(eq(laborImportChunks.batchId, batchId));
      await db.delete(laborImportBatches).where(eq(laborImportBatches.id, batchId));
    }
    if (e instanceof AppError) await auditRefusal(db, who, file, e);
    throw e;
  }
  const validRows = counters.total - counters.errorRows;
  await db.transaction(async (tx) => {
    await tx.update(laborImportBatches).set({
      status: "validated", fileSize: result.size, fileSha256: result.sha256, totalRows: counters.total, validRows,
      errorRows: counters.errorRows, warningCount: counters.warnings, emptyRowsSkipped: result.emptySkipped,
      newRows: counters.newRows, existingRows: counters.existingRows,
    }).where(eq(laborImportBatches.id, batchId));
    await audit(tx, who, {
      event: "labor.import.validate", objectType: "labor_import_batch", objectId: batchId,
      detail: { fileName: file.fileName, sha256: result.sha256, kind, totalRows: counters.total, validRows, errorRows: counters.errorRows, newRows: counters.newRows, existingRows: counters.existingRows },
    });
  });
  opts.onProgress?.({ phase: "validate", bytesRead: result.size, size: result.size, rows: counters.total });
  return batchView(db, batchId);
}

async function readHead(p: string): Promise<Buffer> {
  const { open } = await import("node:fs/promises");
  const fh = await open(p, "r");
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function auditRefusal(db: Db, who: Importer, file: ImportFile, e: AppError) {
  await audit(db, who, { event: "labor.import.validate", outcome: "failure", objectType: "labor_import_file", objectId: null, detail: { fileName: file.fileName, code: e.code, message: e.message } });
}

export interface CommitOptions {
  batchSize?: number;
  onProgress?: (p: { phase: "commit"; rowsDone: number; total: number; inserted: number; updated: number; unchanged: number }) => void;
  /** Tests only: throw after this many rows were committed, as if the process died (the batch stays 'committing'). */
  crashAfterRows?: number;
  /** Tests only: keep the per-row foreign-key triggers (store.ts UpsertOptions). */
  perRowKeyChecks?: boolean;
}

export class SimulatedCrash extends Error {}

/** Take the batch for committing: a validated batch, a failed one, or one whose committer stopped (stale heartbeat). */
async function claim(db: Queryable, batchId: number, worker: string): Promise<typeof laborImportBatches.$inferSelect | null> {
  const [b] = await db.update(laborImportBatches).set({ status: "committing", worker, heartbeatAt: new Date(), commitStartedAt: sql`coalesce(${laborImportBatches.commitStartedAt}, now())`, message: null })
    .where(and(eq(laborImportBatches.id, batchId), sql`(${laborImportBatches.status} in ('validated', 'failed') or (${laborImportBatches.status} = 'committing' and (${laborImportBatches.heartbeatAt} is null or ${laborImportBatches.heartbeatAt} < now() - make_interval(secs => ${STALE_AFTER_MS / 1000}))))`))
    .returning();
  return b ?? null;
}

/**
 * Phase 2 (and resume): commit the valid rows of a validated batch. Rows already committed (row number ≤ last_row_no)
 * are skipped, so a resumed commit continues where the interrupted one stopped.
 */
export async function commitImport(ictx: ImportContext, who: Actor, batchId: number, opts: CommitOptions = {}): Promise<BatchView> {
  const started = await beginCommit(ictx, who, batchId, opts);
  return started.done;
}

/**
 * Claim the batch (errors such as "already committed" are thrown here) and start committing; `done` settles when the
 * commit ends. The web route answers after the claim and lets the browser follow the progress endpoint.
 */
export async function beginCommit(ictx: ImportContext, who: Actor, batchId: number, opts: CommitOptions = {}): Promise<{ done: Promise<BatchView> }> {
  const { db } = ictx;
  const worker = randomBytes(8).toString("hex");
  const b = await db.transaction(async (tx) => {
    const claimed = await claim(tx, batchId, worker);
    if (claimed) {
      await audit(tx, who, { event: claimed.lastRowNo > 0 ? "labor.import.resume" : "labor.import.commit.start", objectType: "labor_import_batch", objectId: batchId, detail: { fromRow: claimed.lastRowNo, validRows: claimed.validRows } });
    }
    return claimed;
  });
  if (!b) {
    const [cur] = await db.select().from(laborImportBatches).where(eq(laborImportBatches.id, batchId));
    if (!cur) throw notFound("IMPORT_NOT_FOUND", "导入批次不存在");
    if (cur.status === "committed") throw conflict("IMPORT_ALREADY_COMMITTED", "该批次已经导入完成");
    if (cur.status === "cancelled") throw conflict("IMPORT_CANCELLED", "该批次已取消");
    if (cur.status === "committing") throw conflict("IMPORT_IN_PROGRESS", "该批次正在导入中，请查看进度");
    throw conflict("IMPORT_NOT_READY", "该批次尚未完成校验");
  }
  return { done: runCommit(ictx, who, b, worker, opts) };
}

async function runCommit(ictx: ImportContext, who: Actor, b: typeof laborImportBatches.$inferSelect, worker: string, opts: CommitOptions): Promise<BatchView> {
  const { db } = ictx;
  const batchId = b.id;
  // About 20 steps for the progress bar, within 2 000–50 000 rows per transaction (fewer, larger statements are faster).
  const size = opts.batchSize ?? Math.max(2_000, Math.min(50_000, Math.ceil(b.validRows / 20)));
  const errorRowsList = await db.selectDistinct({ rowNo: laborImportErrors.rowNo }).from(laborImportErrors)
    .where(and(eq(laborImportErrors.batchId, batchId), eq(laborImportErrors.severity, "error")));
  const skip = new Set(errorRowsList.map((r) => r.rowNo));
  const keys = dataKeys(presentOf(b.mapping as MappedColumn[]));
  const state = { rowsDone: b.rowsDone, inserted: b.inserted, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected, history: b.historyRows };
  // The transaction being filled: prepared lines, the file rows they account for, the last of those rows.
  let buf: string[] = [];
  let bufRows = 0;
  let bufLast = b.lastRowNo;

  const flush = async () => {
    if (!bufRows) return;
    const lines = buf;
    const counted = bufRows;
    const upTo = bufLast;
    buf = [];
    bufRows = 0;
    await db.transaction(async (tx) => {
      const res = await writePrepared(tx, lines, { present: keys, scopePrefix: b.scopePrefix, actorAccountId: who.accountId, actorName: who.name, batchId, source: "import", perRowKeyChecks: opts.perRowKeyChecks });
      const errs = res.outOfScope.map((rn): typeof laborImportErrors.$inferInsert => ({
        batchId, rowNo: rn, column: "身份证号", value: null, code: "ID_NOT_REGISTRABLE", message: "该身份证号不能在您的数据范围内登记，请与上级或所在地核实，未导入", severity: "error", phase: "commit",
      }));
      await insertProblems(tx, errs);
      state.rowsDone += counted;
      state.inserted += res.inserted;
      state.updated += res.updated;
      state.unchanged += res.unchanged;
      state.rejected += errs.length;
      state.history += res.historyRows;
      const upd = await tx.update(laborImportBatches).set({
        rowsDone: state.rowsDone, lastRowNo: upTo, inserted: state.inserted, updated: state.updated, unchanged: state.unchanged,
        rejected: state.rejected, historyRows: state.history, heartbeatAt: new Date(),
      }).where(and(eq(laborImportBatches.id, batchId), eq(laborImportBatches.worker, worker))).returning({ id: laborImportBatches.id });
      if (!upd.length) throw conflict("IMPORT_TAKEN_OVER", "该批次已由其他进程接手导入");
      await audit(tx, who, {
        event: "labor.import.batch", objectType: "labor_import_batch", objectId: batchId,
        detail: { toRow: upTo, rows: lines.length, inserted: res.inserted, updated: res.updated, unchanged: res.unchanged, historyRows: res.historyRows, rejected: errs.length },
      });
    });
    opts.onProgress?.({ phase: "commit", rowsDone: state.rowsDone, total: b.totalRows, inserted: state.inserted, updated: state.updated, unchanged: state.unchanged });
    if (opts.crashAfterRows !== undefined && state.rowsDone >= opts.crashAfterRows && state.rowsDone < b.totalRows) throw new SimulatedCrash("simulated crash");
  };

  try {
    const chunks = await db.select({ seq: laborImportChunks.seq, lastRow: laborImportChunks.lastRow, rows: laborImportChunks.rows })
      .from(laborImportChunks).where(eq(laborImportChunks.batchId, batchId)).orderBy(asc(laborImportChunks.seq));
    const chunkRows = chunks.reduce((n, c) => n + c.rows, 0);
    if (chunkRows !== b.totalRows) throw conflict("IMPORT_PREPARED_GONE", "该批次校验后的数据不完整或已被清理，请重新上传文件校验后再导入");
    // Rows of the chunk a resumed commit stopped in that were already counted.
    let counted = b.rowsDone - chunks.filter((c) => c.lastRow <= b.lastRowNo).reduce((n, c) => n + c.rows, 0);
    for (const c of chunks) {
      if (c.lastRow <= b.lastRowNo) continue;
      const [{ lines }] = (await db.select({ lines: laborImportChunks.lines }).from(laborImportChunks)
        .where(and(eq(laborImportChunks.batchId, batchId), eq(laborImportChunks.seq, c.seq)))) as [{ lines: string }];
      if (lines) for (const line of lines.split(LINE_SEPARATOR)) {
        const rn = flaggedRowNo(line);
        if (rn <= b.lastRowNo) continue;
        counted++;
        bufRows++;
        bufLast = rn;
        if (!skip.has(rn)) buf.push(line);
        if (buf.length >= size) await flush();
      }
      // The chunk's rows with errors (no prepared line) are counted at its end.
      bufRows += c.rows - counted;
      bufLast = c.lastRow;
      counted = 0;
    }
    await flush();
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    const msg = e instanceof AppError ? e.message : `导入中断：${(e as Error).message}`;
    await db.transaction(async (tx) => {
      await tx.update(laborImportBatches).set({ status: "failed", message: msg, heartbeatAt: new Date() }).where(and(eq(laborImportBatches.id, batchId), eq(laborImportBatches.worker, worker)));
      await audit(tx, who, { event: "labor.import.commit", outcome: "failure", objectType: "labor_import_batch", objectId: batchId, detail: { message: msg, committedUpToRow: state.rowsDone } });
    });
    throw e;
  }
  await db.transaction(async (tx) => {
    await tx.update(laborImportBatches).set({ status: "committed", finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(laborImportBatches.id, batchId));
    await tx.delete(laborImportChunks).where(eq(laborImportChunks.batchId, batchId));
    await audit(tx, who, {
      event: "labor.import.commit", objectType: "labor_import_batch", objectId: batchId,
      detail: { inserted: state.inserted, updated: state.updated, unchanged: state.unchanged, rejected: state.rejected, historyRows: state.history },
    });
  });
  // Fresh planner statistics after a bulk change (PGlite has no autovacuum; on a server this only helps).
  if (state.inserted + state.updated > 10_000) await rawQuery(db, "analyze labor_persons");
  return batchView(db, batchId);
}

export async function cancelImport(ictx: ImportContext, who: Actor, batch: typeof laborImportBatches.$inferSelect): Promise<BatchView> {
  if (batch.status !== "validated") throw conflict("IMPORT_NOT_CANCELLABLE", batch.status === "committing" ? "正在导入的批次不能取消" : "只有已校验、尚未导入的批次可以取消");
  await ictx.db.transaction(async (tx) => {
    await tx.update(laborImportBatches).set({ status: "cancelled", finishedAt: new Date() }).where(eq(laborImportBatches.id, batch.id));
    await tx.delete(laborImportChunks).where(eq(laborImportChunks.batchId, batch.id));
    await audit(tx, who, { event: "labor.import.cancel", objectType: "labor_import_batch", objectId: batch.id, detail: { fileName: batch.fileName } });
  });
  return batchView(ictx.db, batch.id);
}

export interface BatchView {
  id: number;
  status: ImportStatus;
  /** A 'committing' batch whose committer stopped answering: resumable. */
  interrupted: boolean;
  fileName: string;
  fileKind: string;
  sheetName: string | null;
  headerRow: number;
  source: string;
  actorName: string | null;
  orgCode: string;
  mapping: { header: string; column: number; field: string; label: string | null }[];
  totalRows: number;
  validRows: number;
  errorRows: number;
  warningCount: number;
  emptyRowsSkipped: number;
  newRows: number;
  existingRows: number;
  rowsDone: number;
  lastRowNo: number;
  /** 0–1, for the progress bar. */
  progress: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  historyRows: number;
  message: string | null;
  createdAt: Date;
  commitStartedAt: Date | null;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
  firstErrors: ImportProblem[];
}

export interface ImportProblem {
  rowNo: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
  severity: string;
  phase: string;
}

export function toView(b: typeof laborImportBatches.$inferSelect, firstErrors: ImportProblem[]): BatchView {
  const interrupted = b.status === "committing" && (!b.heartbeatAt || Date.now() - b.heartbeatAt.getTime() > STALE_AFTER_MS);
  return {
    id: b.id, status: b.status, interrupted, fileName: b.fileName, fileKind: b.fileKind, sheetName: b.sheetName, headerRow: b.headerRow,
    source: b.source, actorName: b.actorName, orgCode: b.orgCode,
    mapping: (b.mapping as MappedColumn[]).map((m) => ({ ...m, label: m.field ? FIELD_BY_KEY.get(m.field as keyof PersonRecord)?.label ?? null : null })),
    totalRows: b.totalRows, validRows: b.validRows, errorRows: b.errorRows, warningCount: b.warningCount, emptyRowsSkipped: b.emptyRowsSkipped,
    newRows: b.newRows, existingRows: b.existingRows, rowsDone: b.rowsDone, lastRowNo: b.lastRowNo,
    progress: b.status === "committed" ? 1 : b.totalRows ? Math.min(1, b.rowsDone / b.totalRows) : 0,
    inserted: b.inserted, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected, historyRows: b.historyRows, message: b.message,
    createdAt: b.createdAt, commitStartedAt: b.commitStartedAt, heartbeatAt: b.heartbeatAt, finishedAt: b.finishedAt, firstErrors,
  };
}

export async function batchView(db: Queryable, id: number, firstErrorCount = 20): Promise<BatchView> {
  const [b] = await db.select().from(laborImportBatches).where(eq(laborImportBatches.id, id));
  if (!b) throw notFound("IMPORT_NOT_FOUND", "导入批次不存在");
  const errs = firstErrorCount ? await importProblems(db, id, { limit: firstErrorCount, offset: 0 }) : { items: [] };
  return toView(b, errs.items);
}

/** A batch the principal may see: made inside their organisation subtree (P9). */
export async function batchInScope(db: Queryable, p: Principal, id: number) {
  const [b] = await db.select().from(laborImportBatches).where(and(eq(laborImportBatches.id, id), scopeFilter(p, laborImportBatches.orgCode)));
  if (!b) throw notFound("IMPORT_NOT_FOUND", "导入批次不存在或不在您的数据范围内");
  return b;
}

export async function listBatches(db: Queryable, p: Principal, limit = 50) {
  const list = await db.select().from(laborImportBatches).where(scopeFilter(p, laborImportBatches.orgCode)).orderBy(desc(laborImportBatches.id)).limit(limit);
  return list.map((b) => toView(b, []));
}

export async function importProblems(db: Queryable, batchId: number, o: { limit: number; offset: number; severity?: "error" | "warning" }) {
  const conds: SQL[] = [eq(laborImportErrors.batchId, batchId)];
  if (o.severity) conds.push(eq(laborImportErrors.severity, o.severity));
  const items = await db.select({
    rowNo: laborImportErrors.rowNo, column: laborImportErrors.column, value: laborImportErrors.value, code: laborImportErrors.code,
    message: laborImportErrors.message, severity: laborImportErrors.severity, phase: laborImportErrors.phase,
  }).from(laborImportErrors).where(and(...conds)).orderBy(asc(laborImportErrors.rowNo), asc(laborImportErrors.id)).limit(o.limit).offset(o.offset);
  const [t] = await db.select({ n: sql<number>`count(*)::int` }).from(laborImportErrors).where(and(...conds));
  return { items, total: Number(t?.n ?? 0) };
}

/** The error report as a workbook: 行号, 列, 值, 问题, 类别 — rows sorted as in the file. */
export async function problemsWorkbook(db: Queryable, b: typeof laborImportBatches.$inferSelect): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  const ws = wb.addWorksheet("错误报告");
  ws.columns = [
    { header: "行号", key: "rowNo", width: 8 },
    { header: "列", key: "column", width: 16 },
    { header: "值", key: "value", width: 24 },
    { header: "问题", key: "message", width: 70 },
    { header: "类别", key: "severity", width: 8 },
    { header: "代码", key: "code", width: 26 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  let offset = 0;
  for (;;) {
    const page = await importProblems(db, b.id, { limit: 5000, offset });
    for (const p of page.items) ws.addRow({ ...p, severity: p.severity === "error" ? "错误" : "提示" });
    offset += page.items.length;
    if (page.items.length < 5000) break;
  }
  const info = wb.addWorksheet("批次信息");
  info.addRows([
    ["文件", b.fileName], ["数据行", b.totalRows], ["可导入", b.validRows], ["有错误的行", b.errorRows], ["提示", b.warningCount],
    ["说明", "“行号”为文件中的行号（含表头行）。身份证号、联系电话在报告中已脱敏。修改原文件中的错误行后可重新导入：已导入的行再次导入不会重复登记，只记录真正变化的字段。"],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The import template: Chinese headers (required ones marked), an example row, code lists with drop-downs. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "恩施州劳动力资源信息平台";
  const ws = wb.addWorksheet("劳动力资源调查表");
  const cols = FIELDS.filter((f) => f.key !== "township");
  ws.columns = cols.map((f) => ({ header: f.required ? `*${f.label}` : f.label, key: String(f.key), width: Math.max(10, f.label.length * 2 + 4) }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  cols.forEach((f, i) => {
    if (f.required) header.getCell(i + 1).font = { bold: true, color: { argb: "FFC00000" } };
    // 身份证号, phone and codes as text, so that Excel keeps every digit.
    ws.getColumn(i + 1).numFmt = "@";
  });
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const codes = wb.addWorksheet("代码表");
  let c = 1;
  const listRange = new Map<string, string>();
  for (const [name, list] of Object.entries(CODE_LISTS)) {
    const f = FIELDS.find((x) => x.list === list);
    const names = Object.values(list.items);
    codes.getCell(1, c).value = f?.label ?? name;
    codes.getCell(1, c).font = { bold: true };
    names.forEach((n, k) => (codes.getCell(k + 2, c).value = n));
    const letter = codes.getColumn(c).letter;
    listRange.set(name, `代码表!$${letter}$2:$${letter}$${names.length + 1}`);
    codes.getColumn(c).width = 18;
    c++;
  }
  const listFor: Record<string, string> = {
    sex: "sex", ethnicity: "ethnicity", education: "education", relation: "relation", employmentStatus: "employmentStatus", transferDest: "transferDest",
    transferChannel: "transferChannel", industry: "industry", occupation: "occupation", skillLevel: "skillLevel", trainingWish: "trainingWish", employmentWish: "employmentWish",
  };
  cols.forEach((f, i) => {
    const letter = ws.getColumn(i + 1).letter;
    const range = listFor[String(f.key)] ? listRange.get(listFor[String(f.key)]!) : f.kind === "bool" ? '"是,否"' : undefined;
    if (!range) return;
    (ws as unknown as { dataValidations: { add(ref: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}5000`, {
      type: "list", allowBlank: true, formulae: [range], showErrorMessage: true, errorTitle: "输入有误", error: `请从下拉列表中选择${f.label}`,
    });
  });
  const guide = wb.addWorksheet("填写说明");
  guide.getColumn(1).width = 18;
  guide.getColumn(2).width = 90;
  guide.addRow(["项目", "说明"]).font = { bold: true };
  const notes: [string, string][] = [
    ["必填列", "身份证号、姓名、常住地（带 * 号）。缺少这些列的文件不能导入。"],
    ["身份证号", "18位居民身份证号码（GB 11643），最后一位可为 X。性别、出生日期由身份证号确定；如另填“性别”“出生日期”，须与身份证号一致。请将该列设为文本格式，避免 Excel 把号码变成科学计数法。"],
    ["常住地 / 户籍地", "填写12位村（社区）区划代码，或村（社区）名称（如“大坪村”；本人数据范围内有重名的村时请改填12位区划代码）。常住地须在本人的数据范围内。"],
    ["户编号", "一户一表：同一户的成员填写相同的户编号，第一次出现时自动建户。"],
    ["转移就业", "外出务工人员填写去向（乡内/县内乡外/省内县外/省外/国外）、外出方式、行业、职业、月收入、外出月数和外出时间。外出乡镇以外满6个月的计为转移劳动力。"],
    ["是否类列", "填写“是”或“否”，空白按“否”处理。"],
    ["重复导入", "按身份证号更新：已登记的人员只更新文件中有的列，并记录发生变化的字段；文件中没有的列保持原值。"],
    ["文件要求", ".xlsx 或 .csv（UTF-8 或 GBK 编码），网页上传不超过 20 MB；公式单元格按计算结果读取并提示。"],
  ];
  for (const n of notes) guide.addRow(n).alignment = { wrapText: true, vertical: "top" };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
