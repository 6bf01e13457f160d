/**
 * Exchange files (S-CASES): csv (one table per file, named by its table: PRE_BASEINFO.csv …), xlsx (one sheet per table,
 * via exceljs) and json ({ "PRE_BASEINFO": [...], … }, or an array named by its file). All give one ExchangeSet; the
 * tables join by PROJID. Writing the same shapes back (xlsx) is used by the export and by the tests.
 */
import ExcelJS from "exceljs";
import { badRequest } from "../core/errors.js";
import { EXCHANGE_TABLES, tableOf, type ExchangeRow, type ExchangeSet, type ExchangeTable } from "./exchange.js";

/** RFC 4180 csv (quoted fields, doubled quotes, CRLF or LF), a BOM tolerated. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      row.push(field); field = "";
      if (row.length > 1 || row[0] !== "") out.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); out.push(row); }
  return out;
}

export function csvOf(columns: readonly string[], rows: ExchangeRow[]): string {
  const q = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => q(r[c])).join(","))].join("\n") + "\n";
}

function rowsFromMatrix(m: string[][]): ExchangeRow[] {
  const [head, ...body] = m;
  if (!head) return [];
  const cols = head.map((h) => h.trim().toUpperCase());
  return body.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? ""])));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return new Date(v.getTime()).toISOString().slice(0, 19).replace("T", " ");
  if (typeof v === "object") {
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return String(v.result ?? "");
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
  }
  return String(v);
}

export interface UploadedFile {
  name: string;
  data: Buffer;
}

/** Read uploaded files into one set; a file whose table cannot be told is refused. */
export async function readExchangeFiles(files: UploadedFile[]): Promise<ExchangeSet> {
  const set: ExchangeSet = {};
  const add = (t: ExchangeTable, rows: ExchangeRow[]) => (set[t] = [...(set[t] ?? []), ...rows]);
  for (const f of files) {
    const lower = f.name.toLowerCase();
    if (lower.endsWith(".json")) {
      let v: unknown;
      try {
        v = JSON.parse(f.data.toString("utf8"));
      } catch {
        throw badRequest("CASES_FILE_JSON", `文件 ${f.name} 不是有效的 JSON`);
      }
      if (Array.isArray(v)) {
        const t = tableOf(f.name);
        if (!t) throw badRequest("CASES_FILE_TABLE", `无法从文件名 ${f.name} 判断交换表（应含 PRE_BASEINFO 等表名）`);
        add(t, v as ExchangeRow[]);
      } else if (v && typeof v === "object") {
        for (const [k, rows] of Object.entries(v as Record<string, unknown>)) {
          const t = tableOf(k);
          if (t && Array.isArray(rows)) add(t, rows as ExchangeRow[]);
        }
      }
    } else if (lower.endsWith(".csv")) {
      const t = tableOf(f.name);
      if (!t) throw badRequest("CASES_FILE_TABLE", `无法从文件名 ${f.name} 判断交换表（应含 PRE_BASEINFO 等表名）`);
      add(t, rowsFromMatrix(parseCsv(f.data.toString("utf8"))));
    } else if (lower.endsWith(".xlsx")) {
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.load(f.data as unknown as ArrayBuffer);
      } catch {
        throw badRequest("CASES_FILE_XLSX", `文件 ${f.name} 不是有效的 xlsx 工作簿`);
      }
      for (const ws of wb.worksheets) {
        const t = tableOf(ws.name) ?? (wb.worksheets.length === 1 ? tableOf(f.name) : null);
        if (!t) continue;
        const m: string[][] = [];
        ws.eachRow({ includeEmpty: false }, (row) => {
          const vals: string[] = [];
          for (let c = 1; c <= row.cellCount; c++) vals.push(cellText(row.getCell(c).value));
          m.push(vals);
        });
        add(t, rowsFromMatrix(m));
      }
    } else {
      throw badRequest("CASES_FILE_TYPE", `文件 ${f.name} 的格式不支持（应为 csv、xlsx 或 json）`);
    }
  }
  if (!Object.keys(set).length) throw badRequest("CASES_FILE_EMPTY", "没有读到任何交换表数据");
  return set;
}

/** A workbook with one sheet per table of the set (the same shapes the intake reads). */
export async function exchangeWorkbook(set: ExchangeSet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const t of Object.keys(EXCHANGE_TABLES) as ExchangeTable[]) {
    const rows = set[t];
    if (!rows) continue;
    const ws = wb.addWorksheet(t);
    ws.addRow([...EXCHANGE_TABLES[t]]);
    for (const r of rows) ws.addRow(EXCHANGE_TABLES[t].map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
