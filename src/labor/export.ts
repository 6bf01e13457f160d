/**
 * S-LABOR export of the filtered list to xlsx: the template's columns with code names, 身份证号 and phone masked (X2:
 * clear values are only ever shown one record at a time through the audited reveal). Streamed page by page in region
 * order, so a county-sized export does not sit in memory; the export itself is audited with its filter and row count.
 */
import { PassThrough } from "node:stream";
import { and, asc, gt, or, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db } from "../core/db/client.js";
import { audit, type Actor } from "../core/audit.js";
import { badRequest } from "../core/errors.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { chinaDate } from "../core/calendar.js";
import type { Principal } from "../core/access/principal.js";
import { laborHouseholds, laborPersons } from "./schema.js";
import { personConditions, displayValue, type PersonFilter } from "./service.js";
import { FIELDS, ageOn } from "./record.js";
import { villageIndex } from "./import.js";

export const EXPORT_MAX_ROWS = 200_000;
const PAGE = 5000;

const COLUMNS = FIELDS.filter((f) => f.key !== "township" && f.key !== "birthDate" && f.key !== "sex");

export async function exportPersons(db: Db, p: Principal, f: PersonFilter, actor: Actor): Promise<{ stream: PassThrough; rows: number; fileName: string }> {
  const today = chinaDate(new Date());
  const conds = personConditions(p, f, today);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(laborPersons).where(and(...conds));
  const total = Number(c?.n ?? 0);
  if (total > EXPORT_MAX_ROWS) throw badRequest("EXPORT_TOO_LARGE", `符合条件的人员有 ${total} 人，超过单次导出上限 ${EXPORT_MAX_ROWS} 人，请缩小筛选范围`);
  await audit(db, actor, { event: "labor.export", objectType: "labor_person", objectId: null, detail: { filter: f, rows: total, masked: true } });
  const ix = await villageIndex(db);
  const vname = (code: string) => ix.codes.get(code)?.name ?? null;
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet("劳动力资源信息");
  ws.columns = [
    ...COLUMNS.map((x) => ({ header: x.key === "idNumber" ? "身份证号（已脱敏）" : x.key === "phone" ? "联系电话（已脱敏）" : x.label, key: String(x.key), width: Math.max(10, x.label.length * 2 + 4) })),
    { header: "性别", key: "sexName", width: 6 },
    { header: "出生日期", key: "birthDate", width: 12 },
    { header: "年龄", key: "age", width: 6 },
    { header: "转移劳动力", key: "isTransfer", width: 10 },
  ];
  const write = async () => {
    let after: { region: string; id: number } | null = null;
    for (;;) {
      const page: { p: typeof laborPersons.$inferSelect; householdNo: string | null }[] = await db.select({ p: laborPersons, householdNo: laborHouseholds.householdNo }).from(laborPersons)
        .leftJoin(laborHouseholds, eq(laborHouseholds.id, laborPersons.householdId))
        .where(and(...conds, ...(after ? [or(gt(laborPersons.regionCode, after.region), and(eq(laborPersons.regionCode, after.region), gt(laborPersons.id, after.id)))!] : [])))
        .orderBy(asc(laborPersons.regionCode), asc(laborPersons.id)).limit(PAGE);
      for (const { p: r, householdNo } of page) {
        const out: Record<string, unknown> = {};
        for (const col of COLUMNS) {
          const v = col.key === "householdNo" ? householdNo : (r as unknown as Record<string, unknown>)[col.key];
          const text = v === null || v === undefined ? null : Array.isArray(v) ? v.join(",") : typeof v === "boolean" ? (v ? "true" : "false") : String(v);
          out[String(col.key)] = col.key === "idNumber" ? maskIdNumber(text) : col.key === "phone" ? maskPhone(text) : displayValue(String(col.key), text, vname);
        }
        out.sexName = r.sex === "M" ? "男" : "女";
        out.birthDate = r.birthDate;
        out.age = ageOn(r.birthDate, today);
        out.isTransfer = r.isTransfer ? "是" : "否";
        ws.addRow(out).commit();
      }
      if (page.length < PAGE) break;
      const last: typeof laborPersons.$inferSelect = page[page.length - 1]!.p;
      after = { region: last.regionCode, id: last.id };
    }
    await ws.commit();
    await wb.commit();
  };
  write().catch((e) => stream.destroy(e as Error));
  return { stream, rows: total, fileName: `劳动力资源信息_${today}.xlsx` };
}
