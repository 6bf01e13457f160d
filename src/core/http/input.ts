/**
 * Text input is checked in one place for every route before it reaches a service or the database (issue 12, class 3):
 * a NUL, another control character (other than tab, line feed and carriage return) or a lone UTF-16 surrogate in any
 * string of the body, query string or path parameters is refused as 400 INPUT_CONTROL_CHARACTER. PostgreSQL refuses
 * NUL in text and jsonb; a lone surrogate cannot be stored as UTF-8; neither belongs in a person's input.
 *
 * The database errors that bad input can still cause (a value out of a column's range, text too long, an unknown
 * reference) are mapped to 400 answers by `databaseInputError`, a safety net behind the route schemas (class 4).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

/** C0 controls except \t \n \r, DEL, and the C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function badTextReason(s: string): "control" | "surrogate" | null {
  if (CONTROL.test(s)) return "control";
  if (LONE_SURROGATE.test(s)) return "surrogate";
  return null;
}

/** The path of the first string (value or key) holding a refused character, or null. Bounded depth. */
export function findBadText(value: unknown, path = "", depth = 0): { path: string; reason: "control" | "surrogate" } | null {
  if (depth > 32) return null;
  if (typeof value === "string") {
    const reason = badTextReason(value);
    return reason ? { path: path || "(根)", reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${path}/${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const reason = badTextReason(k);
      if (reason) return { path: `${path}/${k}`, reason };
      const found = findBadText(v, `${path}/${k}`, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** preValidation hook: refuse control characters and lone surrogates in params, query and JSON body. */
export async function refuseBadText(req: FastifyRequest, _reply: FastifyReply) {
  for (const [where, value] of [["params", req.params], ["query", req.query], ["body", req.body]] as const) {
    const found = findBadText(value);
    if (found) {
      throw new AppError(400, "INPUT_CONTROL_CHARACTER", `输入内容含有不允许的字符（${found.reason === "control" ? "控制字符" : "无效的 Unicode 字符"}），请删除后重试`, {
        in: where,
        path: found.path,
      });
    }
  }
}

/** Clean a string for storage where it must never fail (the audit log): NUL and lone surrogates become U+FFFD. */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000/g, "\ufffd").replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}

/** Deep copy with every string (and key) cleaned by cleanText. */
export function cleanDeep<T>(value: T, depth = 0): T {
  if (typeof value === "string") return cleanText(value) as T;
  if (depth > 32 || value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[cleanText(k)] = cleanDeep(v, depth + 1);
  return out as T;
}

const INPUT_ERRORS: Record<string, { code: string; message: string }> = {
  "22003": { code: "INPUT_OUT_OF_RANGE", message: "输入的数值超出允许范围" },
  "22P02": { code: "INPUT_INVALID_FORMAT", message: "输入内容格式不正确" },
  "22001": { code: "INPUT_TOO_LONG", message: "输入内容过长" },
  "22021": { code: "INPUT_INVALID_CHARACTER", message: "输入内容含有不允许的字符" },
  "22007": { code: "INPUT_INVALID_FORMAT", message: "输入的日期或时间格式不正确" },
  "22008": { code: "INPUT_OUT_OF_RANGE", message: "输入的日期或时间超出允许范围" },
  "22P05": { code: "INPUT_INVALID_CHARACTER", message: "输入内容含有不允许的字符" },
  "23503": { code: "REFERENCE_NOT_FOUND", message: "所引用的记录不存在" },
};

const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"]);
const UNAVAILABLE_TEXT = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|terminating connection|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

/** The error and its causes (Drizzle wraps driver errors in DrizzleQueryError with `cause`). */
function* chain(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && typeof e === "object" && i < 5; i++) {
    yield e;
    e = e.cause as typeof e;
  }
}

/** A database refusal of bad input (class 4), as a 400 answer, or null. */
export function databaseInputError(err: unknown): AppError | null {
  for (const e of chain(err)) {
    const hit = typeof e.code === "string" ? INPUT_ERRORS[e.code] : undefined;
    if (hit) return new AppError(400, hit.code, hit.message);
  }
  return null;
}

/** The database is away (connection ended, server restarting, refused) — class 9: 503, never a crash. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_TEXT.test(e.message)) return true;
  }
  return false;
}

export const DATABASE_UNAVAILABLE = () => new AppError(503, "DATABASE_UNAVAILABLE", "数据库暂时不可用，请稍后重试");
