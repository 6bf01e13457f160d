/**
 * Reading the spreadsheets townships send (S-LABOR import): xlsx through the exceljs streaming reader, csv through a
 * streaming RFC 4180 parser (UTF-8 with or without BOM, or GB18030 as Excel saves "CSV" on Chinese Windows). Both yield
 * rows of cell texts with their spreadsheet row number, skip empty rows cheaply, and note cells that need a warning or
 * an error (formulas, numbers too long to be exact, Excel error values).
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createReadStream } from "node:fs";
import ExcelJS from "exceljs";
import { AppError } from "../core/errors.js";

export type SheetKind = "xlsx" | "csv";

export interface CellNote {
  col: number;
  kind: "formula" | "formula-no-result" | "imprecise-number" | "error-value";
}

export interface SheetRow {
  rowNo: number;
  cells: string[];
  notes?: CellNote[];
  /** Worksheet name (xlsx). */
  sheet?: string | null;
}

export interface SheetSource {
  path?: string;
  buffer?: Buffer;
}

function openStream(src: SheetSource): Readable {
  if (src.buffer) return Readable.from([src.buffer]);
  if (src.path) return createReadStream(src.path, { highWaterMark: 1 << 20 });
  throw new Error("sheet source has neither path nor buffer");
}

/** Decide the file type from its first bytes (and the name only to tell csv from other text). */
export function sniffKind(head: Buffer, fileName: string): SheetKind {
  if (head.length === 0) throw new AppError(400, "IMPORT_FILE_EMPTY", "上传的文件是空的");
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "xlsx";
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new AppError(400, "IMPORT_XLS_UNSUPPORTED", "不支持 Excel 97-2003 格式（.xls），请在 Excel 中“另存为” .xlsx 或 .csv 后再导入");
  }
  const lower = fileName.toLowerCase();
  const binary = head.subarray(0, Math.min(head.length, 8192)).includes(0);
  if (!binary && (lower.endsWith(".csv") || lower.endsWith(".txt"))) return "csv";
  throw new AppError(400, "IMPORT_FILE_TYPE", "文件类型不支持：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）");
}

/** Is this UTF-8? (Excel on Chinese Windows saves CSV as GB18030/GBK.) */
export function detectEncoding(head: Buffer): "utf-8" | "gb18030" {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  // Cut at a character boundary: drop a trailing partial UTF-8 sequence before the strict check.
  let end = Math.min(head.length, 64 * 1024);
  if (end < head.length) {
    let k = end - 1;
    while (k > end - 4 && k >= 0 && (head[k]! & 0xc0) === 0x80) k--;
    end = k;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

const EMPTY_LINE = /^[\s,]*$/;

/** Streaming CSV: quoted fields with "" escapes and line breaks, CRLF or LF. */
export class CsvParser {
  private buf = "";
  private record: string[] = [];
  private field = "";
  private inQuotes = false;
  private quotedField = false;
  private recordStartLine: number;
  private line: number;
  /** Data records found, as [line number of the record start, cells]. Empty lines are counted, not returned. */
  out: SheetRow[] = [];
  emptySkipped = 0;

  /** `startLine`: the line number of the text's first line (a block of a larger file). */
  constructor(startLine = 1) {
    this.line = startLine;
    this.recordStartLine = startLine;
  }

  push(text: string) {
    this.buf += text;
    this.run(false);
  }

  end() {
    this.run(true);
    if (this.field !== "" || this.record.length || this.quotedField) this.finishRecord();
  }

  private finishRecord() {
    this.record.push(this.field);
    this.field = "";
    this.quotedField = false;
    const cells = this.record;
    this.record = [];
    if (cells.every((c) => c.trim() === "")) this.emptySkipped++;
    else this.out.push({ rowNo: this.recordStartLine, cells });
    this.recordStartLine = this.line;
  }

  private run(final: boolean) {
    const s = this.buf;
    let i = 0;
    const n = s.length;
    while (i < n) {
      if (!this.inQuotes && this.field === "" && this.record.length === 0 && !this.quotedField) {
        // At a record start: take whole unquoted lines fast.
        const nl = s.indexOf("\n", i);
        if (nl < 0 && !final) break;
        const lineEnd = nl < 0 ? n : nl;
        let line = s.slice(i, lineEnd);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        if (!line.includes('"')) {
          this.line++;
          if (line.length === 0 || EMPTY_LINE.test(line)) this.emptySkipped++;
          else this.out.push({ rowNo: this.recordStartLine, cells: line.split(",") });
          this.recordStartLine = this.line;
          i = nl < 0 ? n : nl + 1;
          continue;
        }
      }
      const ch = s[i]!;
      if (this.inQuotes) {
        if (ch === '"') {
          if (i + 1 >= n && !final) break;
          if (s[i + 1] === '"') {
            this.field += '"';
            i += 2;
            continue;
          }
          this.inQuotes = false;
          i++;
          continue;
        }
        if (ch === "\n") this.line++;
        this.field += ch;
        i++;
        continue;
      }
      if (ch === '"' && this.field === "") {
        this.inQuotes = true;
        this.quotedField = true;
        i++;
      } else if (ch === ",") {
        this.record.push(this.field);
        this.field = "";
        this.quotedField = false;
        i++;
      } else if (ch === "\r") {
        i++;
      } else if (ch === "\n") {
        this.line++;
        i++;
        this.finishRecord();
      } else {
        this.field += ch;
        i++;
      }
    }
    this.buf = s.slice(i);
  }
}

/** Text of one exceljs cell value, and a note when the value needs one. */
function xlsxCellText(v: ExcelJS.CellValue, col: number, notes: CellNote[]): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isInteger(v) && Math.abs(v) >= 1e15) notes.push({ col, kind: "imprecise-number" });
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  }
  if (typeof v === "boolean") return v ? "是" : "否";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) {
      if (o.result === undefined || o.result === null || (typeof o.result === "object" && o.result !== null && "error" in (o.result as object))) {
        notes.push({ col, kind: "formula-no-result" });
        return "";
      }
      notes.push({ col, kind: "formula" });
      return xlsxCellText(o.result as ExcelJS.CellValue, col, []);
    }
    if ("richText" in o) return (o.richText as { text: string }[]).map((t) => t.text).join("");
    if ("text" in o) return String(o.text ?? "");
    if ("error" in o) {
      notes.push({ col, kind: "error-value" });
      return "";
    }
  }
  return String(v);
}

export interface ReadResult {
  kind: SheetKind;
  /** Bytes read so far (progress of a validation pass). */
  bytesRead: number;
  sheetName: string | null;
  size: number;
  sha256: string;
  emptySkipped: number;
}

/**
 * Iterate the non-empty rows of the file, in batches (one async step per batch, not per row). `result` is filled as
 * the stream is read (size and SHA-256 at the end). Every worksheet of an xlsx is read in order; the importer stops
 * after the sheet that holds the header.
 */
export async function* readSheet(src: SheetSource, kind: SheetKind, result: ReadResult): AsyncGenerator<SheetRow[]> {
  const stream = openStream(src);
  const hash = createHash("sha256");
  let size = 0;
  stream.on("data", (b: Buffer) => {
    hash.update(b);
    size += b.length;
    result.bytesRead = size;
  });
  const finish = () => {
    result.size = size;
    result.sha256 = hash.digest("hex");
  };
  if (kind === "csv") {
    const p = new CsvParser();
    let decoder: TextDecoder | null = null;
    let first = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) decoder = new TextDecoder(detectEncoding(chunk));
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      p.push(text);
      result.emptySkipped = p.emptySkipped;
      if (p.out.length) {
        const out = p.out;
        p.out = [];
        yield out;
      }
    }
    if (decoder) p.push(decoder.decode());
    p.end();
    result.emptySkipped = p.emptySkipped;
    if (p.out.length) yield p.out;
    finish();
    return;
  }
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore" });
  } catch {
    throw new AppError(400, "IMPORT_XLSX_INVALID", "无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式");
  }
  try {
    let batch: SheetRow[] = [];
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? null;
      result.sheetName = name;
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        // values[0] is unused by exceljs (columns start at 1).
        let any = false;
        for (let c = 1; c < values.length; c++) {
          const v = values[c];
          if (v !== null && v !== undefined && v !== "") {
            any = true;
            break;
          }
        }
        if (!any) {
          result.emptySkipped++;
          continue;
        }
        const notes: CellNote[] = [];
        const cells: string[] = new Array(Math.max(0, values.length - 1));
        for (let c = 1; c < values.length; c++) cells[c - 1] = xlsxCellText(values[c], c - 1, notes);
        batch.push({ rowNo: row.number, cells, notes: notes.length ? notes : undefined, sheet: name });
        if (batch.length >= 500) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length) yield batch;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(400, "IMPORT_XLSX_INVALID", `无法读取该 Excel 文件，文件可能已损坏：${(e as Error).message}`);
  }
  finish();
}
