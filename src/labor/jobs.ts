/**
 * S-LABOR daily job (X2: personal data kept no longer than needed): an import validated but neither committed nor
 * discarded within IMPORT_KEEP_DAYS is discarded — its prepared rows (unmasked 身份证号 and phones) are deleted, the
 * batch shows as cancelled with the reason, and the discard is audited. Batches being committed, failed or
 * interrupted are kept: they are resumable and show in the import list until someone resumes them.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { audit, SYSTEM_ACTOR } from "../core/audit.js";
import { nextDailyChinaTime, type JobDef } from "../core/jobs.js";
import { laborImportBatches, laborImportChunks } from "./schema.js";

export const IMPORT_KEEP_DAYS = 7;
export const DISCARD_STALE_IMPORTS_JOB = "labor.import.discard-stale";

export async function discardStaleImports(db: Db, now: Date): Promise<{ discarded: number }> {
  const cutoff = new Date(now.getTime() - IMPORT_KEEP_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const stale = await tx.update(laborImportBatches)
      .set({ status: "cancelled", finishedAt: now, message: `校验后 ${IMPORT_KEEP_DAYS} 天内未导入，已自动作废并删除暂存数据，请重新上传` })
      .where(and(eq(laborImportBatches.status, "validated"), lt(laborImportBatches.createdAt, cutoff)))
      .returning({ id: laborImportBatches.id, fileName: laborImportBatches.fileName });
    for (const b of stale) {
      await tx.delete(laborImportChunks).where(eq(laborImportChunks.batchId, b.id));
      await audit(tx, SYSTEM_ACTOR, {
        event: "labor.import.discard", objectType: "labor_import_batch", objectId: b.id, detail: { fileName: b.fileName, keepDays: IMPORT_KEEP_DAYS },
      });
    }
    return { discarded: stale.length };
  });
}

export const LABOR_JOBS: readonly JobDef[] = [
  { name: DISCARD_STALE_IMPORTS_JOB, next: (now) => nextDailyChinaTime(now, 2, 20), run: (db: Db, now: Date) => discardStaleImports(db, now) },
];
