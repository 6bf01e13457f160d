/**
 * The fast write path of the registry (S-LABOR import, manual entry, survey, demo generator). Validated rows travel as
 * prepared lines of COPY csv (preparedLine). Households (户编号) named by the rows are created first. Then:
 *  - rows known to be new are copied straight into labor_persons (COPY from a blob on PGlite, pg-copy-streams on a
 *    PostgreSQL server), in 身份证号 order; if one was registered meanwhile, they take the next path instead;
 *  - other rows are copied into a session-local staging table and written by ONE statement: a multi-row INSERT … ON
 *    CONFLICT (id_number) DO UPDATE whose WHERE lets through only rows that really change and only rows inside the
 *    importer's data scope (P9), with the field-level history rows written by the same statement from a snapshot of
 *    the old values.
 * The statistics rollup follows through the statement-level triggers. Everything runs in the caller's transaction,
 * together with the batch's progress update and audit row.
 *
 * Key checks of the bulk statements (docs/decisions.md D12): where the session may set session_replication_role, the
 * COPY of new rows and the insert of new households run with it set to `replica` for that one statement, which turns
 * off the per-row foreign-key triggers (常住地, 户籍地, 户 village → villages: one lookup per row and key, 40 % of a
 * COPY). The same guarantee is then given once per statement: the villages the new rows name are locked FOR KEY SHARE,
 * as the key triggers would, and every one must exist, or the statement fails. The statistics and household triggers
 * are ENABLE ALWAYS (migration 0019) and fire either way.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql, type SQL } from "drizzle-orm";
import { from as copyFrom } from "pg-copy-streams";
import type { Queryable } from "../core/db/client.js";
import { AppError } from "../core/errors.js";
import { scopeParam, scopePattern } from "../core/access/scope.js";
import { DATA_FIELDS, type DataKey, type PersonRecord } from "./record.js";

export interface UpsertOptions {
  /** Data fields the source carries; the others keep their stored value on update (and their default on insert). */
  present: ReadonlySet<DataKey>;
  scopePrefix: string;
  actorAccountId: number | null;
  actorName: string | null;
  batchId: number | null;
  source: "import" | "survey" | "manual";
  /** Tests: keep the per-row foreign-key triggers even where the set-based key check is allowed. */
  perRowKeyChecks?: boolean;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  historyRows: number;
  /** Source row numbers whose 身份证号 is registered outside the scope: left untouched, reported per row. */
  outOfScope: number[];
}

/** Run one statement on either driver with positional parameters ($n may repeat). */
export async function rawQuery<T>(q: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) chunks.push(i % 2 === 0 ? sql.raw(parts[i]!) : sql`${params[Number(parts[i]) - 1] ?? null}`);
  const res = (await q.execute(sql.join(chunks))) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * The staging table: row number, 户编号 and every stored field. Validated rows reach it (and labor_persons) as lines of
 * COPY csv whose first three fields are the row number, the 户编号 and the 常住地, then 身份证号, sex, birth date and the
 * data fields the source carries (see preparedLayout).
 */
const STAGE_COLS: { name: string; type: string }[] = [
  { name: "rn", type: "integer" },
  { name: "household_no", type: "text" },
  { name: "region_code", type: 'text COLLATE "C"' },
  { name: "id_number", type: "text" },
  { name: "sex", type: "text" },
  { name: "birth_date", type: "date" },
  ...DATA_FIELDS.filter((f) => f.key !== "householdNo" && f.key !== "regionCode").map((f) => ({
    name: f.col,
    type: f.sqlType === "int" ? "integer" : f.key === "hukouCode" ? 'text COLLATE "C"' : f.sqlType!,
  })),
];

const STAGE_DDL = `create temp table labor_stage (${STAGE_COLS.map((c) => `${c.name} ${c.type}`).join(", ")})`;

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.length ? `"{${v.join(",")}}"` : `"{}"`;
  if (typeof v === "boolean") return v ? "t" : "f";
  const s = String(v);
  if (s === "") return '""';
  return /[",\n\r\\]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Text form of a stored value, for history rows (dates ISO, booleans true/false, arrays comma-joined). */
function asText(expr: string, t: string): string {
  if (t === "date") return `to_char(${expr}, 'YYYY-MM-DD')`;
  if (t === "text[]") return `array_to_string(${expr}, ',')`;
  if (t === "text") return expr;
  return `${expr}::text`;
}

function fieldsFor(present: ReadonlySet<DataKey>) {
  return DATA_FIELDS.filter((f) => present.has(f.key) || f.key === "name" || f.key === "regionCode");
}

const sqlCache = new Map<string, string>();

/**
 * The batch upsert statement for a set of present fields (built once). Reads labor_stage. Parameters: $1 scope LIKE
 * pattern, $2 actor id, $3 actor name, $4 batch id, $5 source.
 */
export function upsertSql(present: ReadonlySet<DataKey>): string {
  const fields = fieldsFor(present);
  const cacheKey = fields.map((f) => f.key).join(",");
  const hit = sqlCache.get(cacheKey);
  if (hit) return hit;
  const hasHousehold = fields.some((f) => f.key === "householdNo");
  const insCols = ["id_number", "sex", "birth_date", ...fields.map((f) => f.col), "created_by", "created_batch", "updated_by", "updated_batch"];
  const newExpr = (f: (typeof fields)[number]) =>
    f.key === "householdNo" ? "(select h.id from labor_households h where h.household_no = i.household_no)" : f.sqlType === "boolean" ? `coalesce(i.${f.col}, false)` : f.sqlType === "text[]" ? `coalesce(i.${f.col}, '{}'::text[])` : `i.${f.col}`;
  const insVals = ["i.id_number", "i.sex", "i.birth_date", ...fields.map(newExpr), "$2::integer", "$4::integer", "$2::integer", "$4::integer"];
  const setCols = fields.map((f) => `${f.col} = excluded.${f.col}`);
  const cmpOld = fields.map((f) => `p.${f.col}`).join(", ");
  const cmpNew = fields.map((f) => `excluded.${f.col}`).join(", ");
  const hist = fields.map((f) => {
    if (f.key === "householdNo") return `('householdNo', o.old_household_no, i.household_no)`;
    const n = f.sqlType === "boolean" ? `coalesce(i.${f.col}, false)` : f.sqlType === "text[]" ? `coalesce(i.${f.col}, '{}'::text[])` : `i.${f.col}`;
    return `('${f.key}', ${asText(`o.${f.col}`, f.sqlType)}, ${asText(n, f.sqlType)})`;
  });
  const text = `
with old as (
  -- One index probe per staged row (OFFSET 0 keeps the lookup per row: the batch never hashes a registry of millions).
  select p.*, ${hasHousehold ? "(select oh.household_no from labor_households oh where oh.id = p.household_id)" : "null::text"} as old_household_no
  from labor_stage i cross join lateral (select * from labor_persons x where x.id_number = i.id_number offset 0) p
),
up as (
  insert into labor_persons as p (${insCols.join(", ")})
  select ${insVals.join(", ")} from labor_stage i
  on conflict (id_number) do update set ${setCols.join(", ")},
    version = p.version + 1, updated_at = now(), updated_by = excluded.updated_by, updated_batch = excluded.updated_batch
  where ${scopeParam("p.region_code", 1)} and (${cmpOld}) is distinct from (${cmpNew})
  returning p.id, p.id_number, (p.xmax = 0) as inserted
),
hist as (
  insert into labor_person_changes (person_id, field, old_value, new_value, actor_account_id, actor_name, source, batch_id)
  select up.id, f.field, f.o, f.n, $2::integer, $3::text, $5::text, $4::integer
  from up
  join old o on o.id_number = up.id_number
  join labor_stage i on i.id_number = up.id_number
  cross join lateral (values ${hist.join(", ")}) as f(field, o, n)
  where not up.inserted and f.o is distinct from f.n
  returning 1
)
select
  (select count(*) from up where inserted)::int as inserted,
  (select count(*) from up where not inserted)::int as updated,
  (select count(*) from hist)::int as history,
  (select coalesce(json_agg(i.rn order by i.rn), '[]'::json) from labor_stage i join old o on o.id_number = i.id_number where not (${scopeParam("o.region_code", 1)})) as out_of_scope`;
  sqlCache.set(cacheKey, text);
  return text;
}

interface RawClient {
  query(text: unknown, params?: unknown[], opts?: { blob?: Blob }): unknown;
  /** Present on a node-postgres pool client only. */
  release?: unknown;
}

/** The driver connection behind a Drizzle transaction (PGlite transaction or pg PoolClient), for COPY. */
function clientOf(tx: Queryable): RawClient {
  const c = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!c) throw new Error("labor store: no driver client behind the transaction");
  return c;
}

/**
 * COPY csv text into a table, inside the caller's transaction: from an in-memory blob on PGlite, through the COPY
 * protocol (pg-copy-streams) on a PostgreSQL server. Returns the number of rows copied.
 */
export async function copyCsv(tx: Queryable, table: string, columns: readonly string[], text: string): Promise<number> {
  if (!text) return 0;
  const client = clientOf(tx);
  const statement = `copy ${table} (${columns.join(", ")}) from ${typeof client.release === "function" ? "stdin" : "'/dev/blob'"} with (format csv)`;
  if (typeof client.release !== "function") {
    const res = (await client.query(statement, [], { blob: new Blob([text]) })) as { affectedRows?: number };
    return res.affectedRows ?? 0;
  }
  const stream = client.query(copyFrom(statement)) as ReturnType<typeof copyFrom>;
  await pipeline(Readable.from([Buffer.from(text)]), stream);
  return Number(stream.rowCount ?? 0);
}

/**
 * Prepared lines are kept in a chunk separated by this character (ASCII record separator): a line may hold line breaks
 * inside a quoted cell (a 备注 of several lines), and validation removes control characters from free text.
 */
export const LINE_SEPARATOR = "\u001e";

/** The column layout of prepared lines for a set of present fields (built once per set). */
export interface PreparedLayout {
  /** Data fields after 身份证号, sex and birth date (常住地 and 户编号 excluded: they lead the line). */
  fields: typeof DATA_FIELDS;
  household: boolean;
  /** Index of 户籍地 in `fields`, -1 when the source has none. */
  hukouField: number;
  /** COPY columns of a line without its flag, into labor_stage. */
  stageColumns: string[];
}

const layoutCache = new Map<string, PreparedLayout>();

export function preparedLayout(present: ReadonlySet<DataKey>): PreparedLayout {
  const all = fieldsFor(present);
  const key = all.map((f) => f.key).join(",");
  const hit = layoutCache.get(key);
  if (hit) return hit;
  const fields = all.filter((f) => f.key !== "householdNo" && f.key !== "regionCode");
  const layout = {
    fields,
    household: all.some((f) => f.key === "householdNo"),
    hukouField: fields.findIndex((f) => f.key === "hukouCode"),
    stageColumns: ["rn", "household_no", "region_code", "id_number", "sex", "birth_date", ...fields.map((f) => f.col)],
  };
  layoutCache.set(key, layout);
  return layout;
}

/**
 * One validated row as a line of COPY csv without its flag: row number, 户编号, 常住地, 身份证号, sex, birth date, then
 * the layout's fields. Absent booleans and lists are written as their stored defaults (false, empty), as an insert would.
 */
export function preparedLine(rn: number, record: PersonRecord, layout: PreparedLayout): string {
  const rec = record as unknown as Record<string, unknown>;
  // 户编号 is [0-9A-Za-z-] and the codes are digits: none of the leading fields needs quoting.
  let line = `${rn},${layout.household ? (record.householdNo ?? "") : ""},${record.regionCode},${record.idNumber},${record.sex},${record.birthDate}`;
  for (const f of layout.fields) {
    const v = rec[f.key];
    line += "," + (v === null || v === undefined ? (f.sqlType === "boolean" ? "f" : f.sqlType === "text[]" ? '"{}"' : "") : csvField(v));
  }
  return line;
}

/** The leading fields of a prepared line (see lineHead). */
export interface LineHead {
  rn: number;
  householdNo: string;
  region: string;
  idNumber: string;
  /** Index in the line of the comma that ends the 户编号: the rest of the line (常住地 on) starts there. */
  afterHousehold: number;
}

/**
 * The leading fields of a prepared line: row number, 户编号 ("" when none), 常住地 and 身份证号. `from` is where the
 * prepared line starts in `line` (2 behind a flag "F," or "E,"); indexes are of `line`.
 */
export function lineHead(line: string, from = 0): LineHead {
  const a = line.indexOf(",", from);
  const b = line.indexOf(",", a + 1);
  const c = line.indexOf(",", b + 1);
  const d = line.indexOf(",", c + 1);
  return { rn: Number(line.slice(from, a)), householdNo: line.slice(a + 1, b), region: line.slice(b + 1, c), idNumber: line.slice(c + 1, d), afterHousehold: b };
}

/** The row number of a flagged prepared line ("F,12,…"). */
export function flaggedRowNo(line: string): number {
  return Number(line.slice(2, line.indexOf(",", 2)));
}

/** The field at `index` (0-based) of csv text that starts at `start`, unquoted. */
export function csvFieldAt(text: string, start: number, index: number): string {
  let i = start;
  for (let f = 0; ; f++) {
    let end: number;
    if (text.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) { j = text.length; break; }
        if (text.charCodeAt(q + 1) === 34) { j = q + 2; continue; }
        j = q + 1;
        break;
      }
      end = j;
      if (f === index) return text.slice(i + 1, end - 1).replace(/""/g, '"');
    } else {
      end = text.indexOf(",", i);
      if (end < 0) end = text.length;
      if (f === index) return text.slice(i, end);
    }
    if (end >= text.length) return "";
    i = end + 1;
  }
}

/** Create the session's staging table on first use, empty it otherwise. */
async function resetStage(tx: Queryable) {
  const [exists] = await rawQuery<{ t: string | null }>(tx, "select to_regclass('pg_temp.labor_stage')::text as t");
  if (!exists?.t) await rawQuery(tx, STAGE_DDL);
  else await rawQuery(tx, "truncate labor_stage");
}

/**
 * Whether this session may run a statement with session_replication_role = replica: a superuser (PGlite always), or a
 * role given `GRANT SET ON PARAMETER session_replication_role` (PostgreSQL 15+). Otherwise the per-row key triggers run.
 */
async function setBasedKeyChecks(tx: Queryable, o: UpsertOptions): Promise<boolean> {
  if (o.perRowKeyChecks) return false;
  const [r] = await rawQuery<{ ok: boolean }>(tx,
    "select (current_setting('is_superuser') = 'on' or has_parameter_privilege('session_replication_role', 'SET')) as ok");
  return !!r?.ok;
}

/**
 * Run one COPY of new rows in a savepoint — with the per-row key triggers off when `setBased` (ENABLE ALWAYS triggers
 * still fire; the caller has locked and checked the villages the rows refer to, lockVillages). A duplicate key (another
 * session registered the same 身份证号 or 户编号 meanwhile) rolls it back and answers false.
 */
async function copyNewRows(tx: Queryable, table: string, columns: readonly string[], text: string, setBased: boolean): Promise<boolean> {
  try {
    await (tx as unknown as { transaction<T>(f: (sp: Queryable) => Promise<T>): Promise<T> }).transaction(async (sp) => {
      if (setBased) await rawQuery(sp, "set local session_replication_role = replica");
      await copyCsv(sp, table, columns, text);
      if (setBased) await rawQuery(sp, "set local session_replication_role = origin");
    });
    return true;
  } catch (e) {
    if (sqlState(e) === "23505") return false;
    throw e;
  }
}

/** The SQLSTATE of a database error on either driver (Drizzle wraps it as the cause). */
function sqlState(e: unknown): string | undefined {
  return (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
}

/**
 * The foreign keys to villages of rows copied without row triggers: lock the villages FOR KEY SHARE, as the key
 * triggers would (a concurrent delete of one waits for this transaction, then fails on the new rows), and require
 * every one to exist.
 */
async function lockVillages(tx: Queryable, codes: Iterable<string>) {
  const list = [...codes];
  if (!list.length) return;
  const found = await rawQuery<{ code: string }>(tx,
    "select code from villages where code in (select json_array_elements_text($1::json)) for key share", [JSON.stringify(list)]);
  if (found.length !== list.length) {
    const have = new Set(found.map((r) => r.code));
    const missing = list.filter((c) => !have.has(c));
    throw new AppError(409, "VILLAGE_NOT_FOUND", `村（社区）代码不存在或已被删除：${missing.slice(0, 5).join("、")}`, { missing });
  }
}

/**
 * 一户一表: the households named by the lines are created in the village of their first member (lines in row order).
 * Returns the id of every household the lines name.
 */
async function createHouseholds(tx: Queryable, heads: readonly LineHead[], o: UpsertOptions, setBased: boolean): Promise<Map<string, number>> {
  const first = new Map<string, string>();
  for (const { householdNo, region } of heads) if (householdNo && !first.has(householdNo)) first.set(householdNo, region);
  const ids = new Map<string, number>();
  if (!first.size) return ids;
  const lookup = async (nos: string[]) => {
    const found = await rawQuery<{ household_no: string; id: number }>(tx,
      "select household_no, id from labor_households where household_no in (select json_array_elements_text($1::json))", [JSON.stringify(nos)]);
    for (const r of found) ids.set(r.household_no, Number(r.id));
  };
  await lookup([...first.keys()]);
  const fresh = [...first].filter(([no]) => !ids.has(no));
  if (!fresh.length) return ids;
  if (setBased) {
    // New households by COPY, their ids taken from the identity sequence in one statement (one row per id would cost
    // more than the COPY). A household created meanwhile by another session sends them through the insert below.
    const [{ ids: taken }] = (await rawQuery<{ ids: number[] }>(tx,
      "select array_agg(nextval('labor_households_id_seq'))::int[] as ids from generate_series(1, $1::int)", [fresh.length])) as [{ ids: number[] }];
    await lockVillages(tx, new Set(fresh.map(([, village]) => village)));
    const text = fresh.map(([no, village], i) => `${taken[i]},${no},${village},${o.actorAccountId ?? ""}`).join("\n");
    if (await copyNewRows(tx, "labor_households", ["id", "household_no", "village_code", "created_by"], text, true)) {
      fresh.forEach(([no], i) => ids.set(no, taken[i]!));
      return ids;
    }
  }
  const created = await rawQuery<{ household_no: string; id: number }>(tx, `insert into labor_households (household_no, village_code, created_by)
    select t.no, t.village, $2::integer from json_to_recordset($1::json) as t(no text, village text)
    on conflict (household_no) do nothing
    returning household_no, id`, [JSON.stringify(fresh.map(([no, village]) => ({ no, village }))), o.actorAccountId]);
  for (const r of created) ids.set(r.household_no, Number(r.id));
  if (ids.size < first.size) await lookup(fresh.filter(([no]) => !ids.has(no)).map(([no]) => no));
  return ids;
}

/**
 * Upsert rows that may be registered already: stage them, then one INSERT … ON CONFLICT with change detection and
 * history (upsertSql). Lines are prepared lines without their flag.
 */
async function upsertLines(tx: Queryable, lines: readonly string[], layout: PreparedLayout, o: UpsertOptions): Promise<UpsertResult> {
  if (!lines.length) return { inserted: 0, updated: 0, unchanged: 0, historyRows: 0, outOfScope: [] };
  await resetStage(tx);
  await copyCsv(tx, "labor_stage", layout.stageColumns, lines.join("\n"));
  const [res] = await rawQuery<{ inserted: number; updated: number; history: number; out_of_scope: number[] | string }>(tx, upsertSql(o.present), [
    scopePattern(o), o.actorAccountId, o.actorName, o.batchId, o.source,
  ]);
  const outOfScope = typeof res!.out_of_scope === "string" ? (JSON.parse(res!.out_of_scope) as number[]) : res!.out_of_scope;
  const inserted = Number(res!.inserted), updated = Number(res!.updated);
  return { inserted, updated, unchanged: lines.length - inserted - updated - outOfScope.length, historyRows: Number(res!.history), outOfScope };
}

/**
 * Insert rows known to be new (the validation pass found no registration) by COPY straight into labor_persons — the
 * fastest way in, with the table's keys (or their set-based check), statistics trigger and indexes. `fresh` holds the
 * flagged lines ("F,…") with their heads. Returns false, with nothing written, when one of them was registered in the
 * meantime (unique 身份证号): the caller upserts them instead.
 */
async function insertNewLines(tx: Queryable, fresh: readonly { line: string; head: LineHead }[], layout: PreparedLayout, households: Map<string, number>, o: UpsertOptions, setBased: boolean): Promise<boolean> {
  if (!fresh.length) return true;
  // In 身份证号 order: the unique index is then filled leaf after leaf instead of at random (the numbers are unique here).
  const sorted = [...fresh].sort((p, q) => (p.head.idNumber < q.head.idNumber ? -1 : 1));
  const tail = `,${o.actorAccountId ?? ""},${o.batchId ?? ""},${o.actorAccountId ?? ""},${o.batchId ?? ""}`;
  // Drop the row number; the 户编号 becomes the household id (or goes, when the source has no 户编号 column).
  const out = sorted.map(({ line, head }) => layout.household
    ? `${head.householdNo ? households.get(head.householdNo)! : ""}${line.slice(head.afterHousehold)}${tail}`
    : `${line.slice(head.afterHousehold + 1)}${tail}`);
  const columns = [...(layout.household ? ["household_id"] : []), "region_code", "id_number", "sex", "birth_date", ...layout.fields.map((f) => f.col), "created_by", "created_batch", "updated_by", "updated_batch"];
  if (setBased) {
    // The villages of 常住地 and 户籍地 (the line after its 户编号: 常住地, 身份证号, sex, birth date, then the fields).
    const villages = new Set<string>();
    for (const { line, head } of fresh) {
      villages.add(head.region);
      if (layout.hukouField >= 0) {
        const hukou = csvFieldAt(line, head.afterHousehold + 1, 4 + layout.hukouField);
        if (hukou) villages.add(hukou);
      }
    }
    await lockVillages(tx, villages);
  }
  return copyNewRows(tx, "labor_persons", columns, out.join("\n"), setBased);
}

/**
 * Write prepared lines (each "F," for a row the validation found new or "E," for a registered one, then the prepared
 * line) in the caller's transaction: households first, new rows by COPY, registered rows by the upsert with history.
 */
export async function writePrepared(tx: Queryable, lines: readonly string[], o: UpsertOptions): Promise<UpsertResult> {
  const layout = preparedLayout(o.present);
  const all = lines.map((line) => ({ line, head: lineHead(line, 2) }));
  const fresh = all.filter((x) => x.line.charCodeAt(0) === 70 /* F */);
  const known = all.filter((x) => x.line.charCodeAt(0) !== 70).map((x) => x.line.slice(2));
  const setBased = await setBasedKeyChecks(tx, o);
  const households = layout.household ? await createHouseholds(tx, all.map((x) => x.head), o, setBased) : new Map<string, number>();
  let inserted = 0;
  if (await insertNewLines(tx, fresh, layout, households, o, setBased)) inserted = fresh.length;
  else known.push(...fresh.map((x) => x.line.slice(2)));
  const res = await upsertLines(tx, known, layout, o);
  return { ...res, inserted: res.inserted + inserted };
}

/**
 * Upsert one batch of records (manual entry, 一户一表 survey, demo generator). Must run inside the caller's transaction.
 * Duplicated 身份证号 inside one batch are refused by the caller's validation (one statement cannot change a row twice).
 */
export async function upsertBatch(tx: Queryable, rows: { rn: number; record: PersonRecord }[], o: UpsertOptions): Promise<UpsertResult> {
  if (!rows.length) return { inserted: 0, updated: 0, unchanged: 0, historyRows: 0, outOfScope: [] };
  const layout = preparedLayout(o.present);
  const lines = rows.map(({ rn, record }) => preparedLine(rn, record, layout));
  if (layout.household) await createHouseholds(tx, lines.map((l) => lineHead(l)), o, await setBasedKeyChecks(tx, o));
  return upsertLines(tx, lines, layout, o);
}
