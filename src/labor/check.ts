/**
 * The check of one import row (S-LABOR import, X2): the header mapping applied to the row's cells, every rule of
 * validatePerson, the notes the sheet reader left (formulas, numbers that lost digits, error values), and — for a
 * valid row — its prepared line for the commit (store.ts). The same function runs in the main thread for small files
 * and in worker threads for large ones (check-pool.ts).
 */
import { FIELDS, FIELD_BY_KEY, validatePerson, type DataKey, type FieldDef, type PersonRecord, type Problem, type RawValues, type ValidateContext } from "./record.js";
import { preparedLine, type PreparedLayout } from "./store.js";
import type { SheetRow } from "./sheet.js";

export interface MappedColumn {
  header: string;
  column: number;
  /** Field key, or "" for a column the importer does not use. */
  field: string;
}

/** What a worker needs to check rows: the mapping, the importer's scope and the day of the validation. */
export interface CheckSetup {
  mapping: MappedColumn[];
  present: string[];
  scopePrefix: string;
  today: string;
}

/**
 * A checked row: its problems and, when it has no error, the key values and the prepared line flagged "F," (new). The
 * validation pass turns the flag into "E," for a row it finds registered (see writePrepared).
 */
export interface CheckedRow {
  rowNo: number;
  problems: Problem[];
  ok: { idNumber: string; householdNo: string | null; line: string } | null;
}

export function presentOf(mapping: MappedColumn[]): Set<string> {
  return new Set(mapping.filter((m) => m.field).map((m) => m.field));
}

/** The data fields (stored columns other than 身份证号) a source with these fields carries. */
export function dataKeys(present: ReadonlySet<string>): Set<DataKey> {
  const out = new Set<DataKey>();
  for (const f of FIELDS) if (f.col && f.key !== "idNumber" && present.has(String(f.key))) out.add(f.key as DataKey);
  return out;
}

const NOTE_PROBLEMS = {
  formula: (f: FieldDef, v: string): Problem => ({ field: String(f.key), column: f.label, code: "FORMULA_VALUE", message: `“${f.label}”是公式，已按其计算结果“${v}”读取，请核对`, severity: "warning", value: v }),
  "formula-no-result": (f: FieldDef): Problem => ({ field: String(f.key), column: f.label, code: "FORMULA_NO_RESULT", message: `“${f.label}”是公式且没有保存计算结果，请在 Excel 中把公式转换为数值后再导入`, severity: "error", value: null }),
  "imprecise-number": (f: FieldDef, v: string): Problem | null => f.key === "idNumber"
    ? { field: "idNumber", column: f.label, code: "ID_STORED_AS_NUMBER", message: "身份证号被存成了数字，末几位已经丢失：请把该列设为“文本”格式后重新填写", severity: "error", value: v }
    : null,
  "error-value": (f: FieldDef): Problem => ({ field: String(f.key), column: f.label, code: "CELL_ERROR_VALUE", message: `“${f.label}”单元格是 Excel 错误值（如 #N/A、#VALUE!）`, severity: "error", value: null }),
};

/** Check one data row under the mapping. */
export function checkRow(row: SheetRow, mapping: MappedColumn[], present: ReadonlySet<string>, ctx: ValidateContext, layout: PreparedLayout): CheckedRow {
  const raw: RawValues = {};
  for (const m of mapping) if (m.field) raw[m.field as keyof RawValues] = row.cells[m.column] ?? "";
  const { record, problems } = validatePerson(raw, present, ctx);
  if (row.notes) {
    for (const n of row.notes) {
      const m = mapping.find((x) => x.column === n.col && x.field);
      if (!m) continue;
      const f = FIELD_BY_KEY.get(m.field as keyof PersonRecord)!;
      const p = NOTE_PROBLEMS[n.kind](f, row.cells[n.col] ?? "");
      if (p) problems.push(p);
    }
  }
  if (!record || problems.some((p) => p.severity === "error")) return { rowNo: row.rowNo, problems, ok: null };
  const line = `F,${preparedLine(row.rowNo, record, layout)}`;
  return { rowNo: row.rowNo, problems, ok: { idNumber: record.idNumber, householdNo: record.householdNo ?? null, line } };
}
