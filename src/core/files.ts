/**
 * File archive (X4, P11, R7): signed scans and policy documents, content-addressed by SHA-256. The type is decided
 * from the bytes (magic numbers), never from the name or the browser's claim. Stored on disk under FILES_DIR (the
 * embedded default, or a directory shared by several instances) or in the database when DATABASE_URL is set and no
 * FILES_DIR is given, so that no instance keeps a file another would need.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile, rename } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Queryable } from "./db/client.js";
import { fileBlobs, files } from "./db/schema.js";
import { AppError } from "./errors.js";

export type FileKind = "pdf" | "png" | "jpeg" | "xlsx" | "docx" | "doc";

export const MIME: Record<FileKind, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  doc: "application/msword",
};

export const KIND_NAMES: Record<FileKind, string> = { pdf: "PDF", png: "PNG", jpeg: "JPG", xlsx: "Excel", docx: "Word", doc: "Word" };

/** Recognise a file by its first bytes. Zip containers are told apart by their first entry names. */
export function sniff(buf: Buffer): FileKind | null {
  if (buf.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return "jpeg";
  if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return "doc";
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const head = buf.subarray(0, Math.min(buf.length, 64 * 1024)).toString("latin1");
    if (head.includes("xl/")) return "xlsx";
    if (head.includes("word/")) return "docx";
  }
  return null;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
  kind: FileKind;
}

export interface FileStoreOptions {
  dir: string;
  /** Keep bytes in the database (several instances without a shared directory). */
  inDatabase: boolean;
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Check type and size, then store once (the same bytes twice are one file). */
export async function storeFile(q: Queryable, opts: FileStoreOptions, buf: Buffer, allowed: readonly FileKind[], createdBy: number | null): Promise<StoredFile> {
  if (buf.length === 0) throw new AppError(400, "FILE_EMPTY", "上传的文件为空");
  if (buf.length > MAX_FILE_BYTES) throw new AppError(413, "FILE_TOO_LARGE", `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的限制`);
  const kind = sniff(buf);
  if (!kind || !allowed.includes(kind)) {
    throw new AppError(415, "FILE_TYPE_NOT_ALLOWED", `文件类型不符合要求：只接受 ${[...new Set(allowed.map((k) => KIND_NAMES[k]))].join("、")} 文件（按文件内容识别，而非扩展名）`);
  }
  const sha256 = createHash("sha256").update(buf).digest("hex");
  const [existing] = await q.select().from(files).where(eq(files.sha256, sha256));
  if (!existing) {
    if (opts.inDatabase) {
      await q.insert(fileBlobs).values({ sha256, data: buf.toString("base64") }).onConflictDoNothing();
    } else {
      const target = diskPath(opts.dir, sha256);
      if (!existsSync(target)) {
        await mkdir(path.dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.tmp`;
        await writeFile(tmp, buf);
        await rename(tmp, target);
      }
    }
    await q.insert(files).values({ sha256, size: buf.length, mime: MIME[kind], storage: opts.inDatabase ? "db" : "disk", createdBy }).onConflictDoNothing();
  }
  return { sha256, size: buf.length, mime: MIME[kind], kind };
}

export async function readStoredFile(q: Queryable, opts: FileStoreOptions, sha256: string): Promise<{ data: Buffer; mime: string }> {
  const [f] = await q.select().from(files).where(eq(files.sha256, sha256));
  if (!f) throw new AppError(404, "FILE_NOT_FOUND", "文件不存在");
  if (f.storage === "db") {
    const [b] = await q.select().from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
    if (!b) throw new AppError(500, "FILE_MISSING", "文件内容缺失，请联系运维");
    return { data: Buffer.from(b.data, "base64"), mime: f.mime };
  }
  try {
    return { data: await readFile(diskPath(opts.dir, sha256)), mime: f.mime };
  } catch {
    throw new AppError(500, "FILE_MISSING", "文件内容缺失，请联系运维");
  }
}

function diskPath(dir: string, sha256: string) {
  return path.join(dir, sha256.slice(0, 2), sha256.slice(2));
}
