/**
 * Command line of the platform.
 *   serve [--demo]              start the server (PORT, DATA_DIR, DATABASE_URL); --demo seeds demo staff on first start
 *   bootstrap --account-admin 姓名,身份证号[,电话] --account-admin … --permission-admin 姓名,身份证号[,电话]
 *                               create the first 州 admins (A/B account admins and one permission admin)
 *   audit-verify                verify the audit hash chain (X1) and its signed checkpoints; exit code 1 when broken
 *   audit-checkpoint            sign the chain head now and append it to the checkpoint file (outside the database)
 *   migrate                     apply migrations and reference data, then exit
 *   import-labor <file> --as <身份证号> [--dry-run] [--errors 报告.xlsx] | import-labor --resume <批次号> --as <身份证号>
 *                               import a labor registry spreadsheet (xlsx/csv) as that operator, with a progress bar
 */
import { parseArgs } from "node:util";
import { loadConfig, MODE_TEXT, productionReadiness } from "./core/config.js";
import { openContext } from "./core/context.js";
import { buildApp } from "./core/http/app.js";
import { auditCheckpointJob, checkpointLogLine, verifyAnchoredChain, writeCheckpoint } from "./core/audit-checkpoint.js";
import { bootstrapPrefectureAdmins, type NewAccountLite } from "./governance/accounts.js";
import { seedDemo } from "./demo/seed.js";
import { MODULES } from "./modules.js";
import { importLaborCommand } from "./labor/cli.js";
import { AppError } from "./core/errors.js";
import { startJobLoop } from "./core/jobs.js";

function person(spec: string): NewAccountLite {
  const [name, idNumber, phone] = spec.split(/[,，]/).map((s) => s.trim());
  if (!name || !idNumber) throw new AppError(400, "BAD_ARGUMENT", `参数应为“姓名,身份证号[,电话]”：${spec}`);
  return { name, idNumber, phone: phone || null };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      demo: { type: "boolean", default: false },
      "account-admin": { type: "string", multiple: true },
      "permission-admin": { type: "string" },
      as: { type: "string" },
      resume: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      errors: { type: "string" },
    },
    allowPositionals: true,
  });
  const config = loadConfig(process.env, values.demo ? { mode: "demo", esscChannel: "simulator" } : {});
  switch (command) {
    case "serve": {
      const refusal = productionReadiness(config);
      if (refusal) {
        console.error(refusal);
        process.exitCode = 78;
        return;
      }
      console.log(`运行模式：${MODE_TEXT[config.mode]}`);
      const { ctx, database } = await openContext(config, { modules: MODULES, channel: "required" });
      if (config.mode === "demo") {
        const seeded = await seedDemo(ctx.db, { scale: "demo" });
        if (seeded.created) console.log(`演示数据已生成：${seeded.accounts} 个账户`);
      }
      const app = await buildApp(ctx, { logger: true });
      // Recurring jobs (idle scan P7(4), 脱岗 sweep P13, form drafts and deadline reminders X3): rows in the
      // database, claimed by any instance.
      // The audit checkpoint (X1, issue 12 class 8): hourly, to the file outside the database, and logged.
      const stopJobs = startJobLoop(ctx.db, MODULES, { onError: (e) => app.log.error(e), kernelJobs: [auditCheckpointJob(config.auditCheckpoint, (line) => app.log.info(line))] });
      const close = async () => {
        await stopJobs();
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.on("SIGINT", close);
      process.on("SIGTERM", close);
      await app.listen({ port: config.port, host: config.host });
      console.log(`恩施州劳动力资源信息平台已启动：http://${config.host}:${config.port}/ （数据库：${ctx.dbKind}，${MODE_TEXT[config.mode]}）`);
      return;
    }
    case "bootstrap": {
      const aas = values["account-admin"] ?? [];
      if (aas.length !== 2 || !values["permission-admin"]) {
        throw new AppError(400, "BAD_ARGUMENT", "需要两名账户管理员（A/B角）和一名权限管理员：--account-admin 姓名,身份证号 --account-admin 姓名,身份证号 --permission-admin 姓名,身份证号");
      }
      const { ctx, database } = await openContext(config, { modules: MODULES, channel: "optional" });
      const created = await bootstrapPrefectureAdmins(ctx.db, {
        accountAdmins: [person(aas[0]!), person(aas[1]!)],
        permissionAdmin: person(values["permission-admin"]),
      });
      for (const a of created) console.log(`已创建 ${a.name}（${a.roleKind}${a.abSlot ? `，${a.abSlot}角` : ""}），账户编号 ${a.id}`);
      await database.close();
      return;
    }
    case "audit-verify": {
      const { ctx, database } = await openContext(config, { modules: MODULES, channel: "optional" });
      const res = await verifyAnchoredChain(ctx.db, config.auditCheckpoint);
      await database.close();
      const cp = res.checkpoint;
      const cpText = cp.last ? `对照 ${cp.checked} 个签名检查点（最近：第 ${cp.last.seq} 条，${cp.last.at}）` : "尚无签名检查点（请运行 audit-checkpoint 或启动服务）";
      if (res.ok) console.log(`审计日志完整：共 ${res.rows} 条，哈希链校验通过；${cpText}`);
      else if (cp.broken) console.log(`审计日志被篡改：第 ${cp.broken.seq} 条与 ${cp.broken.at} 的检查点不符（${cp.broken.reason === "tail_cut" ? "末尾被截断" : "被整体改写"}）；${cpText}`);
      else if (res.firstBroken) console.log(`审计日志被篡改：第 ${res.firstBroken.seq} 条校验失败（${res.firstBroken.reason}），此前 ${res.rows} 条完好`);
      else console.log(`检查点文件被改动：第 ${cp.badLines.join("、")} 行签名无效`);
      process.exitCode = res.ok ? 0 : 1;
      return;
    }
    case "audit-checkpoint": {
      const { ctx, database } = await openContext(config, { modules: MODULES, channel: "optional" });
      try {
        const c = await writeCheckpoint(ctx.db, config.auditCheckpoint);
        console.log(checkpointLogLine(c));
        console.log(`已写入 ${config.auditCheckpoint.file}`);
      } finally {
        await database.close();
      }
      return;
    }
    case "migrate": {
      const { database } = await openContext(config, { modules: MODULES, channel: "optional" });
      await database.close();
      console.log("数据库迁移完成");
      return;
    }
    case "import-labor": {
      if (!values.as) throw new AppError(400, "BAD_ARGUMENT", "请用 --as 指定导入人（操作员）的身份证号");
      const { ctx, database } = await openContext(config, { modules: MODULES, channel: "optional" });
      try {
        process.exitCode = await importLaborCommand(ctx, { file: positionals[0], as: values.as, resume: values.resume ? Number(values.resume) : undefined, dryRun: values["dry-run"], errorsOut: values.errors });
      } finally {
        await database.close();
      }
      return;
    }
    default:
      console.log("用法：tsx src/cli.ts serve [--demo] | bootstrap … | audit-verify | audit-checkpoint | migrate | import-labor <文件> --as <身份证号>");
      process.exitCode = command ? 2 : 0;
  }
}

main().catch((e) => {
  if (e instanceof AppError) console.error(`错误 ${e.code}：${e.message}`);
  else console.error(e);
  process.exit(1);
});
