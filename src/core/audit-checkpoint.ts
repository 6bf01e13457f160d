/**
 * X1, issue 12 class 8: the audit chain anchored outside the database. A checkpoint is the chain head (seq, hash) and
 * the time, signed with an Ed25519 key kept outside the database (a key file under the data directory's parent, or
 * AUDIT_CHECKPOINT_KEY_FILE), appended as one JSON line to a file outside the database (AUDIT_CHECKPOINT_FILE). A job
 * writes one every hour (and logs it: the daily report line), `cli audit-checkpoint` on demand. Verification checks
 * the chain and then every checkpoint: the row at the checkpoint's seq must exist with the checkpoint's hash. A tail cut
 * (rows removed, head moved back) and a rewrite (every later hash recomputed) are both named. What this does and does
 * not protect against: docs/security.md.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "./db/client.js";
import { auditHead, auditLog } from "./db/schema.js";
import { canonical, verifyAuditChain, type ChainCheck } from "./audit.js";
import type { JobDef } from "./jobs.js";

/** config.auditCheckpoint: the append-only JSON-lines file, and the Ed25519 private key (PEM, pkcs8, created on first use, mode 0600). */
export interface CheckpointConfig {
  file: string;
  keyFile: string;
}

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  /** base64url Ed25519 signature over canonical({seq, hash, at}). */
  sig: string;
  /** The public key (SPKI DER, base64url), so that an auditor can check a line without the private key. */
  pub: string;
}

function loadKey(keyFile: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!existsSync(keyFile)) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600, flag: "wx" });
  }
  const privateKey = createPrivateKey(readFileSync(keyFile));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const body = (c: Pick<Checkpoint, "seq" | "hash" | "at">) => Buffer.from(canonical({ seq: c.seq, hash: c.hash, at: c.at }));

/** Sign the chain head now and append it to the checkpoint file. */
export async function writeCheckpoint(db: Db, cfg: CheckpointConfig, now = new Date()): Promise<Checkpoint> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (!head) throw new Error("audit_head row missing: migrations not applied");
  const { privateKey, publicKey } = loadKey(cfg.keyFile);
  const cp = { seq: head.seq, hash: head.hash, at: now.toISOString() };
  const line: Checkpoint = {
    ...cp,
    sig: sign(null, body(cp), privateKey).toString("base64url"),
    pub: (publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64url"),
  };
  mkdirSync(path.dirname(cfg.file), { recursive: true });
  appendFileSync(cfg.file, `${JSON.stringify(line)}\n`, { mode: 0o640 });
  return line;
}

/** The checkpoints of the file, each with whether its signature is good under the key in the key file. */
export function readCheckpoints(cfg: CheckpointConfig): { checkpoints: Checkpoint[]; badLines: number[] } {
  if (!existsSync(cfg.file)) return { checkpoints: [], badLines: [] };
  const expectedPub = existsSync(cfg.keyFile) ? (loadKey(cfg.keyFile).publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64url") : null;
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  readFileSync(cfg.file, "utf8").split("\n").forEach((text, i) => {
    if (!text.trim()) return;
    try {
      const c = JSON.parse(text) as Checkpoint;
      const pub = createPublicKey({ key: Buffer.from(c.pub, "base64url"), format: "der", type: "spki" });
      const good = (!expectedPub || c.pub === expectedPub) && verify(null, body(c), pub, Buffer.from(c.sig, "base64url"));
      if (good && Number.isInteger(c.seq) && typeof c.hash === "string") checkpoints.push(c);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { checkpoints, badLines };
}

export interface CheckpointCheck {
  /** Checkpoints read and checked against the database. */
  checked: number;
  last: { seq: number; hash: string; at: string } | null;
  /** The first checkpoint the database does not match: rows cut (tail_cut) or a different hash at its seq (rewritten). */
  broken?: { seq: number; at: string; reason: "tail_cut" | "rewritten" };
  /** Lines of the file whose signature does not verify (edited or forged). */
  badLines: number[];
}

/** Check the database against every checkpoint of the file. */
export async function checkCheckpoints(db: Db, cfg: CheckpointConfig): Promise<CheckpointCheck> {
  const { checkpoints, badLines } = readCheckpoints(cfg);
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const headSeq = head?.seq ?? 0;
  const out: CheckpointCheck = { checked: checkpoints.length, last: checkpoints.at(-1) ? { seq: checkpoints.at(-1)!.seq, hash: checkpoints.at(-1)!.hash, at: checkpoints.at(-1)!.at } : null, badLines };
  for (let i = 0; i < checkpoints.length; i += 1000) {
    const part = checkpoints.slice(i, i + 1000).filter((c) => c.seq > 0);
    const seqs = [...new Set(part.map((c) => c.seq))];
    const found = seqs.length ? await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(inArray(auditLog.seq, seqs)) : [];
    const bySeq = new Map(found.map((r) => [Number(r.seq), r.hash]));
    for (const c of part) {
      const h = bySeq.get(c.seq);
      if (h === undefined || c.seq > headSeq) return { ...out, broken: { seq: c.seq, at: c.at, reason: "tail_cut" } };
      if (h !== c.hash) return { ...out, broken: { seq: c.seq, at: c.at, reason: "rewritten" } };
    }
  }
  return out;
}

export interface AnchoredCheck extends ChainCheck {
  checkpoint: CheckpointCheck;
}

/** The chain (verifyAuditChain) and its anchors (checkCheckpoints): ok only when both hold. */
export async function verifyAnchoredChain(db: Db, cfg: CheckpointConfig): Promise<AnchoredCheck> {
  const chain = await verifyAuditChain(db);
  const checkpoint = await checkCheckpoints(db, cfg);
  if (!chain.ok) return { ...chain, checkpoint };
  if (checkpoint.broken) {
    // Named with the chain's own reasons: a cut tail is a head that does not match, a rewrite a hash that does not.
    return { ok: false, rows: chain.rows, firstBroken: { seq: checkpoint.broken.seq, reason: checkpoint.broken.reason === "tail_cut" ? "head_mismatch" : "hash_mismatch" }, checkpoint };
  }
  if (checkpoint.badLines.length) return { ok: false, rows: chain.rows, checkpoint };
  return { ...chain, checkpoint };
}

/** The line the job logs (the daily report's line; with syslog forwarding it leaves the machine, docs/operations.md). */
export function checkpointLogLine(c: Checkpoint): string {
  return `审计检查点 audit-checkpoint seq=${c.seq} hash=${c.hash} at=${c.at} sig=${c.sig}`;
}

/** The hourly checkpoint job (run by the database job runner on one instance). */
export function auditCheckpointJob(cfg: CheckpointConfig, log: (line: string) => void = console.log): JobDef {
  return {
    name: "audit.checkpoint",
    next: (now) => new Date(now.getTime() + 3600_000),
    leaseMs: 5 * 60_000,
    retryMs: 5 * 60_000,
    run: async (db, now) => {
      const c = await writeCheckpoint(db, cfg, now);
      log(checkpointLogLine(c));
      return { seq: c.seq };
    },
  };
}
