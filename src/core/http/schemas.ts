/**
 * The shared pieces of every route contract (Zod): ids, dates, text, paging, a page of T, and the error answer.
 * Every route declares params, query, body and response with these, so validation, the OpenAPI document and the
 * web's types come from one place. Out-of-range ids are refused as 400 here, never reach the database.
 */
import { z } from "zod";
import { getTableColumns, type Column, type Table } from "drizzle-orm";
import "./zod-zh.js";

/** The largest value of a PostgreSQL integer column. */
export const INT_MAX = 2_147_483_647;

/** A row id: a positive integer within the integer column's range (in paths and query strings, coerced from text). */
export const Id = z.coerce.number({ error: "编号应为数字" }).int("编号应为整数").positive("编号应为正整数").max(INT_MAX, "编号超出范围");
/** An id inside a JSON body (not coerced). */
export const BodyId = z.number({ error: "编号应为数字" }).int("编号应为整数").positive("编号应为正整数").max(INT_MAX, "编号超出范围");
/** `/:id` path parameters. */
export const IdParams = z.object({ id: Id });

/** A calendar day, YYYY-MM-DD (a real date). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "日期无效");

/** A point in time (ISO 8601 with offset), as the API answers it. */
export const IsoDateTime = z.string().describe("ISO 8601 时间");
/** Dates leave the API as ISO strings; in response schemas accept both the Date the handler has and the string. */
export const Timestamp = z.union([z.date(), z.string()]).describe("ISO 8601 时间");

/** Free text of at most `max` characters (trimmed). */
export const Text = (max: number, label = "内容") => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);

/** page (1-based) and pageSize (1–200, default 20) in a query string. */
export const Paging = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A page of T: the answer of every paged list. */
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** The error answer of every route: a stable code for programs and Chinese text for people. */
export const ErrorAnswer = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

/** `{ ok: true }`, the answer of writes that return nothing else. */
export const Ok = z.object({ ok: z.literal(true) });

/**
 * The response schema of a table's rows, from its Drizzle columns (exact: every column, nullable where the column
 * is, dates as Timestamp). `rowOf(table).extend({...})` for answers that add fields; `.pick`/`.omit` for part of a row.
 */
export function rowOf<T extends Table>(table: T): z.ZodObject<{ [K in keyof T["$inferSelect"]]: z.ZodType<Wire<T["$inferSelect"][K]>> }> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, col] of Object.entries(getTableColumns(table)) as [string, Column][]) {
    let s: z.ZodType;
    switch (col.dataType) {
      case "number": s = z.number(); break;
      case "boolean": s = z.boolean(); break;
      case "date": s = Timestamp; break;
      case "json": s = z.unknown(); break;
      case "array": s = z.array(z.unknown()); break;
      case "bigint": s = z.union([z.bigint(), z.number(), z.string()]); break;
      // numeric columns come back as text from pg and as numbers from PGlite
      default: s = col.columnType === "PgNumeric" ? z.union([z.string(), z.number()]) : z.string();
    }
    shape[key] = col.notNull ? s : s.nullable();
  }
  return z.object(shape) as never;
}

/** A value as it is on the wire (JSON): dates become ISO strings. */
export type Wire<T> = T extends Date ? string | Date : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** A file answer (PDF, xlsx, a stored scan): declared as binary in the OpenAPI document; the payload is a Buffer. */
export const binary = (mime: string, description: string) => ({
  description,
  content: { [mime]: { schema: z.any().meta({ type: "string", format: "binary" }) } },
});

/** A raw SQL row (counts and sums as the database returns them: numbers, or text for bigint on pg). */
export const Count = z.union([z.number(), z.string()]);

/**
 * An answer whose named fields are checked and whose further fields pass as they are (for service answers that
 * carry whole rows). Prefer an exact z.object or rowOf(table); use this where the answer is a wide, joined shape.
 */
export const answer = <S extends z.core.$ZodLooseShape>(shape: S): z.ZodObject<S> => z.looseObject(shape) as unknown as z.ZodObject<S>;
/** Any JSON object (a summary whose keys are data, e.g. counts per status). */
export const anyObject = z.looseObject({}) as unknown as z.ZodType<object>;

/** A server type as the browser receives it (JSON): dates are ISO strings. Web pages use `Json<ServerType>` (type-only imports). */
export type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
