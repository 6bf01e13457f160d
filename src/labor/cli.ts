/**
 * CLI import of a township spreadsheet (S-LABOR): `import-labor <file> --as <身份证号 of an operator>` validates the file,
 * commits the valid rows with a progress bar on stderr, and writes the error report next to the file; `--resume <batch>`
 * continues an interrupted import; `--dry-run` only validates. The operator's permissions and data scope apply (P9),
 * and every step is audited under the operator's name, as in the browser.
 */
import { writeFile, stat } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { AppContext } from "../core/http/context.js";
import { accounts } from "../core/db/schema.js";
import { loadPrincipal } from "../core/access/principal.js";
import { AppError } from "../core/errors.js";
import { beginCommit, importerOf, problemsWorkbook, validateImport, type ImportContext } from "./import.js";
import { laborImportBatches } from "./schema.js";

export interface ImportLaborArgs {
  file?: string;
  /** 身份证号 of the operator the import runs as. */
  as: string;
  resume?: number;
  dryRun?: boolean;
  /** Where to write the error report (default: <file>.错误报告.xlsx when there are errors). */
  errorsOut?: string;
  batchSize?: number;
}

/** A text progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastTenth = -1;
  return {
    update(done: number, total: number, extra = "") {
      const f = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const full = Math.round(f * width);
      const secs = (Date.now() - started) / 1000;
      const rate = secs > 0 ? Math.round(done / secs) : 0;
      const line = `${label} [${"█".repeat(full)}${"░".repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate} 行/秒 ${extra}`;
      if (stream.isTTY) stream.write(`\r${line}`);
      else if (Math.floor(f * 10) > lastTenth) {
        lastTenth = Math.floor(f * 10);
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}

export async function importLaborCommand(ctx: AppContext, args: ImportLaborArgs): Promise<number> {
  const idNumber = args.as.trim().toUpperCase();
  const [acc] = await ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, idNumber));
  if (!acc) throw new AppError(400, "ACCOUNT_NOT_FOUND", "没有以该身份证号登记的平台账户（--as 应为操作员本人的身份证号）");
  const p = await loadPrincipal(ctx.db, acc.id);
  if (!p) throw new AppError(403, "ACCOUNT_NOT_ACTIVE", "该账户未处于正常状态");
  const who = importerOf(p, null);
  const ictx: ImportContext = { db: ctx.db };
  let batchId = args.resume;
  let reportBase = args.file;
  if (!batchId) {
    if (!args.file) throw new AppError(400, "BAD_ARGUMENT", "请指定要导入的文件");
    const file = path.resolve(args.file);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new AppError(400, "FILE_NOT_FOUND", `文件不存在：${file}`);
    const bar = progressBar("校验");
    const view = await validateImport(ictx, who, { fileName: path.basename(file), path: file }, {
      source: "cli", size: st.size, onProgress: (x) => bar.update(x.bytesRead, x.size, `（${x.rows} 行）`),
    });
    bar.end();
    batchId = view.id;
    console.log(`批次 ${view.id}：数据 ${view.totalRows} 行，可导入 ${view.validRows} 行（新增 ${view.newRows}，更新 ${view.existingRows}），有错误 ${view.errorRows} 行，提示 ${view.warningCount} 条，跳过空行 ${view.emptyRowsSkipped} 行`);
    for (const e of view.firstErrors.slice(0, 10)) console.log(`  第 ${e.rowNo} 行 ${e.column ?? ""}：${e.message}`);
    if (view.errorRows > 0 || view.warningCount > 0) await writeReport(ctx, view.id, args.errorsOut ?? `${file}.错误报告.xlsx`);
    if (args.dryRun) return 0;
  } else {
    const [b] = await ctx.db.select().from(laborImportBatches).where(eq(laborImportBatches.id, batchId));
    if (!b) throw new AppError(404, "IMPORT_NOT_FOUND", `导入批次 ${batchId} 不存在`);
    if (!b.scopePrefix.startsWith(p.scopePrefix)) throw new AppError(403, "OUT_OF_SCOPE", "该批次不在您的数据范围内");
    reportBase = b.storedPath ?? `batch-${b.id}`;
    console.log(`继续导入批次 ${b.id}（${b.fileName}）：已提交到第 ${b.lastRowNo} 行，${b.rowsDone}/${b.totalRows} 行`);
  }
  const bar = progressBar("导入");
  const { done } = await beginCommit(ictx, who, batchId, {
    batchSize: args.batchSize,
    onProgress: (x) => bar.update(x.rowsDone, x.total, `新增 ${x.inserted} 更新 ${x.updated} 未变 ${x.unchanged}`),
  });
  const result = await done.finally(() => bar.end());
  console.log(`导入完成：新增 ${result.inserted} 人，更新 ${result.updated} 人（变更记录 ${result.historyRows} 条），未变化 ${result.unchanged} 人，拒绝 ${result.rejected} 行`);
  if (result.rejected > 0) await writeReport(ctx, result.id, args.errorsOut ?? `${reportBase}.错误报告.xlsx`);
  return 0;
}

async function writeReport(ctx: AppContext, batchId: number, out: string) {
  const [b] = await ctx.db.select().from(laborImportBatches).where(eq(laborImportBatches.id, batchId));
  await writeFile(out, await problemsWorkbook(ctx.db, b!));
  console.log(`错误报告：${out}`);
}
