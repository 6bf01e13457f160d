/**
 * X1 audit core: an append-only table whose rows are hash-chained. Each row's hash is SHA-256 over a canonical
 * JSON form of its fields and the previous row's hash. Appends lock the chain head row, so the chain is linear
 * even with several instances on one PostgreSQL server. Callers pass their own transaction so that the audit row
 * and the change it records commit or fail together.
 */
import { createHash } from "node:crypto";
import { asc, eq, gt } from "drizzle-orm";
import { auditHead, auditLog } from "./db/schema.js";
import type { Db, Queryable } from "./db/client.js";
import { cleanDeep, cleanText } from "./http/input.js";

export interface AuditEntry {
  actorAccountId?: number | null;
  actorName?: string | null;
  event: string;
  objectType?: string | null;
  objectId?: string | number | null;
  outcome?: "success" | "failure";
  sourceIp?: string | null;
  detail?: Record<string, unknown>;
}

/** Who does something and from where; every service call that changes data takes one. */
export interface Actor {
  accountId: number | null;
  name: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, name: "系统", ip: null };

/** Canonical JSON: keys sorted at every depth, no whitespace. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

type Row = typeof auditLog.$inferSelect;

export function rowHash(r: Omit<Row, "hash">): string {
  const body = canonical({
    seq: r.seq,
    at: r.at.toISOString(),
    actorAccountId: r.actorAccountId,
    actorName: r.actorName,
    event: r.event,
    objectType: r.objectType,
    objectId: r.objectId,
    outcome: r.outcome,
    sourceIp: r.sourceIp,
    detail: r.detail,
    prevHash: r.prevHash,
  });
  return createHash("sha256").update(body).digest("hex");
}

/** Append one audit row inside the caller's transaction (or a transaction of its own when given the database). */
export async function audit(q: Queryable, actor: Actor, e: Omit<AuditEntry, "actorAccountId" | "actorName" | "sourceIp">) {
  return appendAudit(q, {
    ...e,
    actorAccountId: actor.accountId,
    actorName: actor.name,
    sourceIp: actor.ip,
  });
}

export async function appendAudit(q: Queryable, e: AuditEntry): Promise<number> {
  const write = async (tx: Queryable) => {
    const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for("update");
    if (!head) throw new Error("audit_head row missing: migrations not applied");
    // Milliseconds only: both drivers round-trip timestamptz at microsecond precision, JS Dates at millisecond.
    const at = new Date(Math.floor(Date.now()));
    const row = {
      seq: head.seq + 1,
      at,
      actorAccountId: e.actorAccountId ?? null,
      // An audit write is never what fails (issue 12, class 3): NUL and lone surrogates, which PostgreSQL refuses in
      // text and jsonb, are replaced by U+FFFD in every field before the row is hashed and written.
      actorName: e.actorName == null ? null : cleanText(e.actorName),
      event: cleanText(e.event),
      objectType: e.objectType == null ? null : cleanText(e.objectType),
      objectId: e.objectId === undefined || e.objectId === null ? null : cleanText(String(e.objectId)),
      outcome: e.outcome ?? "success",
      sourceIp: e.sourceIp == null ? null : cleanText(e.sourceIp),
      detail: cleanDeep(JSON.parse(canonical(e.detail ?? {})) as Record<string, unknown>),
      prevHash: head.hash,
    };
    const hash = rowHash(row);
    await tx.insert(auditLog).values({ ...row, hash });
    await tx.update(auditHead).set({ seq: row.seq, hash }).where(eq(auditHead.id, 1));
    return row.seq;
  };
  // A Tx has no .transaction in the Drizzle typings; the database itself does. Nested calls use savepoints.
  return (q as Db).transaction(write);
}

export interface ChainCheck {
  ok: boolean;
  rows: number;
  /** First row whose hash or link does not match, with the reason. */
  firstBroken?: { seq: number; reason: "hash_mismatch" | "link_mismatch" | "seq_gap" | "head_mismatch" };
}

/** Walk the whole chain in batches and name the first broken row (X1). */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<ChainCheck> {
  let prevHash = "GENESIS";
  let expectedSeq = 1;
  let count = 0;
  let after = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(batch);
    for (const r of page) {
      if (r.seq !== expectedSeq) return { ok: false, rows: count, firstBroken: { seq: r.seq, reason: "seq_gap" } };
      if (r.prevHash !== prevHash) return { ok: false, rows: count, firstBroken: { seq: r.seq, reason: "link_mismatch" } };
      const { hash, ...rest } = r;
      if (rowHash(rest) !== hash) return { ok: false, rows: count, firstBroken: { seq: r.seq, reason: "hash_mismatch" } };
      prevHash = hash;
      expectedSeq++;
      count++;
      after = r.seq;
    }
    if (page.length < batch) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (head && (head.seq !== count || head.hash !== prevHash)) {
    return { ok: false, rows: count, firstBroken: { seq: count + 1, reason: "head_mismatch" } };
  }
  return { ok: true, rows: count };
}

/**
 * Run a write; when it is refused (a 4xx AppError) append the refusal to the chain as a failure in a write of its own —
 * the change itself rolled back and changed nothing. For refusals the measure counts as security events: sign-offs by
 * the wrong person (P5, P10, R7, R8), access failures (X1, 等保 安全审计).
 */
export async function auditRefusals<T>(
  db: Queryable,
  actor: Actor,
  what: { event: string; objectType: string; objectId?: string | number | null; detail?: Record<string, unknown> },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as { statusCode?: unknown; code?: unknown; message?: unknown };
    if (typeof err?.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500 && typeof err.code === "string") {
      await audit(db, actor, {
        event: what.event,
        objectType: what.objectType,
        objectId: what.objectId ?? null,
        outcome: "failure",
        detail: { ...(what.detail ?? {}), code: err.code, message: String(err.message ?? "") },
      });
    }
    throw e;
  }
}
