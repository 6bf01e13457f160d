/**
 * The fast write path of the registry (S-LABOR import, demo generator). A batch of validated records is first loaded
 * into a session-local staging table (COPY on PGlite; one JSON-parsed INSERT on a PostgreSQL server, where node-postgres
 * has no COPY stream), then written by ONE statement: a multi-row INSERT … ON CONFLICT (id_number) DO UPDATE whose WHERE
 * lets through only rows that really change and only rows inside the importer's data scope (P9), with the field-level
 * history rows written by the same statement from a snapshot of the old values. Households (户编号) of the batch are
 * created first. The statistics rollup follows through the statement-level triggers. Everything runs in the caller's
 * transaction, together with the batch's progress update and audit row.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { DATA_FIELDS, type DataKey, type PersonRecord } from "./record.js";

export interface UpsertOptions {
  /** Data fields the source carries; the others keep their stored value on update (and their default on insert). */
  present: ReadonlySet<DataKey>;
  scopePrefix: string;
  actorAccountId: number | null;
  actorName: string | null;
  batchId: number | null;
  source: "import" | "survey" | "manual";
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

/** Staging columns: every stored field, with the household number in place of the household id. */
const STAGE_COLS: { name: string; type: string; key: keyof PersonRecord | "rn" }[] = [
  { name: "rn", type: "integer", key: "rn" },
  { name: "id_number", type: "text", key: "idNumber" },
  { name: "sex", type: "text", key: "sex" },
  { name: "birth_date", type: "date", key: "birthDate" },
  ...DATA_FIELDS.map((f) => ({
    name: f.key === "householdNo" ? "household_no" : f.col,
    type: f.sqlType === "int" ? "integer" : f.sqlType === "text" && (f.key === "regionCode" || f.key === "hukouCode") ? 'text COLLATE "C"' : f.sqlType,
    key: f.key,
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
  where p.region_code like $1 and (${cmpOld}) is distinct from (${cmpNew})
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
  (select coalesce(json_agg(i.rn order by i.rn), '[]'::json) from labor_stage i join old o on o.id_number = i.id_number where not (o.region_code like $1)) as out_of_scope`;
  sqlCache.set(cacheKey, text);
  return text;
}

interface RawClient {
  query(text: string, params?: unknown[], opts?: { blob?: Blob }): Promise<{ rows: unknown[] }>;
  /** Present on a node-postgres pool client only. */
  release?: unknown;
}

/** The driver connection behind a Drizzle transaction (PGlite transaction or pg PoolClient), for COPY. */
function clientOf(tx: Queryable): RawClient {
  const c = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!c) throw new Error("labor store: no driver client behind the transaction");
  return c;
}

/** Load a batch into the session's staging table (created on first use, emptied for each batch). */
async function fillStage(tx: Queryable, rows: { rn: number; record: PersonRecord }[]) {
  const [exists] = await rawQuery<{ t: string | null }>(tx, "select to_regclass('pg_temp.labor_stage')::text as t");
  if (!exists?.t) await rawQuery(tx, STAGE_DDL);
  else await rawQuery(tx, "truncate labor_stage");
  const client = clientOf(tx);
  if (typeof client.release !== "function") {
    // PGlite: COPY from an in-memory blob, the fastest way in.
    const lines: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const { rn, record } = rows[i]!;
      const rec = record as unknown as Record<string, unknown>;
      let line = String(rn);
      for (let c = 1; c < STAGE_COLS.length; c++) line += "," + csvField(rec[STAGE_COLS[c]!.key]);
      lines[i] = line;
    }
    await client.query("copy labor_stage from '/dev/blob' with (format csv)", [], { blob: new Blob([lines.join("\n")]) });
  } else {
    // PostgreSQL server through node-postgres (no COPY stream without pg-copy-streams): one JSON-parsed INSERT.
    const json = JSON.stringify(rows.map(({ rn, record }) => {
      const rec = record as unknown as Record<string, unknown>;
      const o: Record<string, unknown> = { rn };
      for (const c of STAGE_COLS) if (c.key !== "rn" && rec[c.key] !== undefined && rec[c.key] !== null) o[c.name] = rec[c.key];
      return o;
    }));
    await rawQuery(tx, "insert into labor_stage select * from json_populate_recordset(null::labor_stage, $1::json)", [json]);
  }
}

/**
 * Upsert one batch (rows carry their source row number). Must run inside the caller's transaction. Duplicated
 * 身份证号 inside one batch are refused by the caller's validation (one statement cannot change a row twice).
 */
export async function upsertBatch(tx: Queryable, rows: { rn: number; record: PersonRecord }[], o: UpsertOptions): Promise<UpsertResult> {
  if (!rows.length) return { inserted: 0, updated: 0, unchanged: 0, historyRows: 0, outOfScope: [] };
  await fillStage(tx, rows);
  if (fieldsFor(o.present).some((f) => f.key === "householdNo")) {
    // 一户一表: households named in the batch are created in the village of their first member.
    await rawQuery(tx, `insert into labor_households (household_no, village_code, created_by)
      select distinct on (household_no) household_no, region_code, $1::integer from labor_stage
      where household_no is not null order by household_no, rn
      on conflict (household_no) do nothing`, [o.actorAccountId]);
  }
  const [res] = await rawQuery<{ inserted: number; updated: number; history: number; out_of_scope: number[] | string }>(tx, upsertSql(o.present), [
    `${o.scopePrefix}%`, o.actorAccountId, o.actorName, o.batchId, o.source,
  ]);
  const outOfScope = typeof res!.out_of_scope === "string" ? (JSON.parse(res!.out_of_scope) as number[]) : res!.out_of_scope;
  const inserted = Number(res!.inserted), updated = Number(res!.updated);
  return { inserted, updated, unchanged: rows.length - inserted - updated - outOfScope.length, historyRows: Number(res!.history), outOfScope };
}
