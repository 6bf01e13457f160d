/**
 * A realistic generator of the registry (S-LABOR): households (一户一表) in the real villages of Enshi, valid 身份证号
 * (GB 11643), plausible distributions of age, sex, ethnicity (土家族/汉族/苗族/侗族 …), education, employment and
 * transfer employment (about 30 %, mostly 省外 and 自发). Deterministic for a seed. Used by demo mode (tens of thousands,
 * through the fast import path), the benchmark (millions) and tests (xlsx/csv files with a chosen share of bad rows).
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";
import { makeIdNumber } from "../core/idcard.js";
import { divisionData } from "../core/org.js";
import { rng, personName, mobile, type Rng } from "../core/people.js";
import type { Db } from "../core/db/client.js";
import { SYSTEM_ACTOR, audit, type Actor } from "../core/audit.js";
import { codeName, EDUCATION, EMPLOYMENT_STATUS, EMPLOYMENT_WISH, ETHNICITY, INDUSTRY, OCCUPATION, RELATION, SKILL_LEVEL, SKILLS, TRAINING_WISH, TRANSFER_CHANNEL, TRANSFER_DEST } from "./codes.js";
import { ageOn, DATA_FIELDS, FIELDS, type DataKey, type PersonRecord } from "./record.js";
import { upsertBatch } from "./store.js";
import { laborImportBatches } from "./schema.js";
import { eq, sql } from "drizzle-orm";
import { PREFECTURE_PREFIX } from "../core/access/scope.js";
import { chinaDate } from "../core/time.js";

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Only villages whose code starts with this prefix (a county or township). */
  regionPrefix?: string;
  /** "Today" for ages (YYYY-MM-DD); defaults to the China date now. */
  today?: string;
}

interface Village {
  code: string;
  name: string;
  townshipCode: string;
  weight: number;
}

const W = <T>(...pairs: [T, number][]) => pairs as readonly (readonly [T, number])[];

const ETHNIC_MIX = W<string>(["15", 45], ["01", 40], ["06", 8], ["12", 5], ["14", 0.8], ["03", 0.4], ["02", 0.3], ["37", 0.2], ["97", 0.3]);
const AGE_BANDS = W<[number, number]>([[16, 19], 5], [[20, 29], 16], [[30, 39], 18], [[40, 49], 22], [[50, 59], 21], [[60, 69], 13], [[70, 79], 5]);
const EDU_YOUNG = W<string>(["10", 0.8], ["20", 11], ["30", 15], ["40", 12], ["60", 17], ["70", 38], ["80", 5.5], ["90", 0.7]);
const EDU_MIDDLE = W<string>(["10", 0.2], ["20", 3], ["30", 5], ["40", 7], ["60", 14], ["70", 48], ["80", 20], ["90", 2.8]);
const EDU_OLD = W<string>(["20", 0.5], ["30", 1], ["40", 2], ["60", 8], ["70", 32], ["80", 45], ["90", 11.5]);
const DEST = W<string>(["outside", 56], ["province", 20], ["county", 14], ["town", 8], ["abroad", 2]);
const CHANNEL = W<string>(["self", 75], ["gov", 12], ["agency", 6], ["enterprise", 7]);
const INDUSTRY_MIX = W<string>(["C", 34], ["E", 24], ["H", 10], ["F", 8], ["G", 7], ["O", 8], ["A", 3], ["Q", 2], ["I", 1.5], ["L", 1.5], ["R", 1]);
const OCC_BY_INDUSTRY: Record<string, string> = { C: "6", E: "6", H: "4", F: "4", G: "4", O: "4", A: "5", Q: "2", I: "2", L: "3", R: "4" };
const PLACES: Record<string, readonly string[]> = {
  outside: ["广东省深圳市", "广东省东莞市", "广东省广州市", "浙江省宁波市", "浙江省杭州市", "江苏省苏州市", "上海市", "福建省厦门市", "福建省泉州市", "北京市"],
  province: ["湖北省武汉市", "湖北省宜昌市", "湖北省襄阳市", "湖北省荆州市", "湖北省十堰市"],
  abroad: ["新加坡", "日本", "阿联酋迪拜", "马来西亚"],
};
const SKILLS_BY_INDUSTRY: Record<string, readonly string[]> = {
  C: ["machinery", "welding", "electrician", "sewing"], E: ["construction", "masonry", "carpentry", "electrician", "welding"],
  H: ["cooking"], F: ["ecommerce"], G: ["driving", "logistics"], O: ["housekeeping", "eldercare", "childcare", "repair", "beauty"],
  A: ["tea", "planting", "breeding"], Q: ["eldercare"], I: ["ecommerce"], L: ["other"], R: ["tourism"],
};
const CERTS: Record<string, string> = {
  electrician: "低压电工作业证", welding: "焊工证", driving: "机动车驾驶证（B2）", cooking: "中式烹调师", eldercare: "养老护理员",
  childcare: "育婴员", housekeeping: "家政服务员", tea: "茶叶加工工", beauty: "美发师", ecommerce: "电子商务师", machinery: "叉车司机证",
};

let villageCache: Village[] | null = null;
function villages(prefix?: string): Village[] {
  if (!villageCache) {
    villageCache = divisionData().villages.map((v) => ({ ...v, weight: /社区/.test(v.name) ? 1.6 : 1 }));
  }
  const list = prefix ? villageCache.filter((v) => v.code.startsWith(prefix)) : villageCache;
  if (!list.length) throw new Error(`no village under ${prefix}`);
  return list;
}

function chinaToday(): string {
  return chinaDate(new Date());
}

function pad(n: number, w: number) {
  return String(n).padStart(w, "0");
}

/** Cumulative-weight picker over villages (fast for millions of draws). */
function villagePicker(list: Village[]) {
  const cum: number[] = [];
  let t = 0;
  for (const v of list) cum.push((t += v.weight));
  return (r: Rng) => {
    const x = r.next() * t;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]!;
  };
}

/**
 * Persons household by household. 身份证号 sequence numbers are counted per (region, birth date) so that millions of
 * generated numbers never collide (random sequence numbers would, by the birthday paradox).
 */
export function* generatePersons(o: GenerateOptions): Generator<PersonRecord> {
  const r = rng(o.seed ?? 20230914);
  const today = o.today ?? chinaToday();
  const ty = Number(today.slice(0, 4));
  const list = villages(o.regionPrefix);
  const pickVillage = villagePicker(list);
  const seqs = new Map<string, number>();
  const householdSeq = new Map<string, number>();
  let made = 0;

  const idFor = (region: string, birth: string, sex: "M" | "F"): string => {
    for (;;) {
      const key = region + birth;
      const n = seqs.get(key) ?? r.int(0, 40);
      seqs.set(key, n + 1);
      const seq = n * 2 + (sex === "M" ? 1 : 0);
      if (seq <= 999) return makeIdNumber(region, birth.replaceAll("-", ""), seq);
      region = region === "422801" ? "422802" : "422801";
    }
  };
  const birthFor = (age: number): string => {
    // Birthday strictly before today's month-day when age is reached, so the age is exactly `age` today.
    const y = ty - age - (r.next() < 0.5 ? 1 : 0);
    const m = r.int(1, 12), d = r.int(1, 28);
    const b = `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    return ageOn(b, today) >= 16 ? b : `${ty - 17}-${pad(m, 2)}-${pad(d, 2)}`;
  };

  while (made < o.count) {
    const v = pickVillage(r);
    const hseq = (householdSeq.get(v.code) ?? 0) + 1;
    householdSeq.set(v.code, hseq);
    const householdNo = `${v.code}${pad(hseq, 4)}`;
    const size = r.weighted(W([1, 12], [2, 34], [3, 30], [4, 18], [5, 6]));
    const headAge = r.weighted(AGE_BANDS);
    const headAgeN = Math.max(22, r.int(headAge[0], headAge[1]));
    const headSex: "M" | "F" = r.next() < 0.82 ? "M" : "F";
    const ethnicHome = r.weighted(ETHNIC_MIX);
    const poorHousehold = r.next() < 0.17;
    const monitoredHousehold = !poorHousehold && r.next() < 0.025;
    const county = v.code.slice(0, 6);
    const hukouVillage = r.next() < 0.9 ? v.code : pickVillage(r).code;
    for (let k = 0; k < size && made < o.count; k++) {
      let relation: string, sex: "M" | "F", age: number;
      if (k === 0) { relation = "head"; sex = headSex; age = headAgeN; }
      else if (k === 1 && size > 1 && r.next() < 0.8) { relation = "spouse"; sex = headSex === "M" ? "F" : "M"; age = Math.max(18, headAgeN + r.int(-5, 4)); }
      else if (headAgeN >= 40 && r.next() < 0.75) { relation = "child"; sex = r.next() < 0.52 ? "M" : "F"; age = Math.max(16, headAgeN - r.int(20, 32)); }
      else if (headAgeN < 50 && r.next() < 0.6) { relation = "parent"; sex = r.next() < 0.45 ? "M" : "F"; age = Math.min(79, headAgeN + r.int(22, 32)); }
      else { relation = r.next() < 0.5 ? "sibling" : "other"; sex = r.next() < 0.5 ? "M" : "F"; age = Math.max(16, headAgeN + r.int(-10, 10)); }
      const birth = birthFor(age);
      const realAge = ageOn(birth, today);
      const region = r.next() < 0.96 ? county : r.pick(["420500", "420100", "500101", "433101", "422801"]);
      const idNumber = idFor(region, birth, sex);
      const working = realAge >= 16 && realAge < (sex === "M" ? 60 : 55);
      const ethnicity = r.next() < 0.85 ? ethnicHome : r.weighted(ETHNIC_MIX);
      const education = r.weighted(realAge < 35 ? EDU_YOUNG : realAge < 55 ? EDU_MIDDLE : EDU_OLD);
      const rec: PersonRecord = {
        idNumber, name: personName(r, sex === "M" ? "male" : "female"), sex, birthDate: birth, regionCode: v.code,
        hukouCode: hukouVillage, ethnicity, education, householdNo, relation,
        employmentStatus: null, transferDest: null, transferChannel: null, industry: null, occupation: null,
        monthlyIncome: null, monthsAway: null, leftDate: null, workPlace: null, skillLevel: "none", skills: [],
        certificates: null, trainingWish: "none", employmentWish: "none", returnee: false, poverty: poorHousehold,
        monitored: monitoredHousehold, phone: r.next() < 0.92 ? mobile(r) : null, remarks: null,
      };
      // Employment, by age.
      let status: string;
      if (realAge < 23 && r.next() < 0.55) status = "study";
      else if (working) {
        status = r.weighted(W(["emp", 52], ["flex", 12], ["self", 4], ["farm", 21], ["unemp", 3], ["none", 7], ["unable", 1]));
      } else {
        status = r.weighted(W(["farm", 46], ["retired", 20], ["none", 18], ["emp", 9], ["flex", 6], ["unable", 1]));
      }
      rec.employmentStatus = status;
      const transfer = (status === "emp" || status === "flex" || status === "self") && r.next() < (working ? 0.62 : 0.3);
      if (transfer) {
        const dest = r.weighted(DEST);
        rec.transferDest = dest;
        rec.transferChannel = r.weighted(CHANNEL);
        const ind = r.weighted(INDUSTRY_MIX);
        rec.industry = ind;
        rec.occupation = OCC_BY_INDUSTRY[ind] ?? "8";
        const base = dest === "abroad" ? 9000 : dest === "outside" ? 6200 : dest === "province" ? 5000 : 3800;
        rec.monthlyIncome = Math.round((base * (0.6 + r.next() * 0.9)) / 100) * 100;
        rec.monthsAway = dest === "town" ? r.int(0, 12) : r.weighted(W([12, 45], [11, 12], [10, 12], [9, 8], [8, 6], [6, 6], [4, 5], [3, 6]));
        const leftYear = Math.max(Number(birth.slice(0, 4)) + 17, ty - r.int(0, 12));
        rec.leftDate = `${Math.min(leftYear, ty - (r.next() < 0.5 ? 1 : 0))}-${pad(r.int(1, 12), 2)}-01`;
        if (rec.leftDate > today) rec.leftDate = `${ty - 1}-03-01`;
        rec.workPlace = dest === "outside" || dest === "province" || dest === "abroad" ? r.pick(PLACES[dest]!) : dest === "county" ? "县城" : "本乡镇";
        const pool = SKILLS_BY_INDUSTRY[ind] ?? ["other"];
        if (r.next() < 0.55) rec.skills = [r.pick(pool)];
        if (r.next() < 0.12) rec.skills = [...new Set([...(rec.skills ?? []), r.pick(pool)])];
      } else if (status === "emp" || status === "flex" || status === "self") {
        const ind = r.weighted(INDUSTRY_MIX);
        rec.industry = ind;
        rec.occupation = OCC_BY_INDUSTRY[ind] ?? "8";
        rec.monthlyIncome = Math.round((3200 * (0.6 + r.next() * 0.8)) / 100) * 100;
        if (r.next() < 0.18) rec.returnee = true;
        if (r.next() < 0.4) rec.skills = [r.pick(SKILLS_BY_INDUSTRY[ind] ?? ["other"])];
      } else if (status === "farm") {
        if (r.next() < 0.06) rec.returnee = true;
        if (r.next() < 0.35) rec.skills = [r.pick(["tea", "planting", "breeding"])];
      }
      if ((rec.skills?.length ?? 0) > 0 && r.next() < 0.45) {
        rec.skillLevel = r.weighted(W(["5", 55], ["4", 30], ["3", 11], ["2", 3], ["1", 1]));
        rec.certificates = CERTS[rec.skills![0]!] ?? null;
      }
      if (working && status !== "study") {
        rec.trainingWish = r.weighted(W(["none", 50], ["skill", 30], ["guide", 8], ["startup", 5], ["upgrade", 7]));
        rec.employmentWish = status === "unemp" || status === "none"
          ? r.weighted(W(["local", 45], ["out", 35], ["public", 12], ["startup", 4], ["flex", 4]))
          : status === "farm" ? r.weighted(W(["none", 55], ["local", 30], ["out", 10], ["startup", 5])) : "none";
      }
      made++;
      yield rec;
    }
  }
}

/** Column order of generated spreadsheets: the template's (Chinese headers). */
const FILE_FIELDS = FIELDS.filter((f) => f.key !== "township");

/** The cell text a township would write for a field (Chinese names for codes, 是/否 for flags). */
export function cellText(rec: PersonRecord, key: string, villageAs: "code" | "name" = "code"): string {
  const v = (rec as unknown as Record<string, unknown>)[key];
  if (key === "sex") return rec.sex === "M" ? "男" : "女";
  if (v === null || v === undefined) return "";
  switch (key) {
    case "ethnicity": return codeName(ETHNICITY, v as string) ?? "";
    case "education": return codeName(EDUCATION, v as string) ?? "";
    case "relation": return codeName(RELATION, v as string) ?? "";
    case "employmentStatus": return codeName(EMPLOYMENT_STATUS, v as string) ?? "";
    case "transferDest": return codeName(TRANSFER_DEST, v as string) ?? "";
    case "transferChannel": return codeName(TRANSFER_CHANNEL, v as string) ?? "";
    case "industry": return codeName(INDUSTRY, v as string) ?? "";
    case "occupation": return codeName(OCCUPATION, v as string) ?? "";
    case "skillLevel": return codeName(SKILL_LEVEL, v as string) ?? "";
    case "skills": return (v as string[]).map((s) => codeName(SKILLS, s)).join("、");
    case "trainingWish": return codeName(TRAINING_WISH, v as string) ?? "";
    case "employmentWish": return codeName(EMPLOYMENT_WISH, v as string) ?? "";
    case "returnee": case "poverty": case "monitored": return v ? "是" : "否";
    case "regionCode": case "hukouCode": {
      if (villageAs === "code") return v as string;
      const vil = villages().find((x) => x.code === v);
      return vil ? vil.name.replace(/村民委员会$/, "村").replace(/社区居委会$/, "社区") : (v as string);
    }
    default: return String(v);
  }
}

export interface FileOptions extends GenerateOptions {
  /** Share of rows made invalid on purpose (0–1); each bad row carries one realistic mistake. */
  badFraction?: number;
  villageAs?: "code" | "name";
}

/** One realistic mistake in a row of cells (by column index), returning its kind. */
function spoil(r: Rng, cells: string[], col: (k: string) => number, previousIds: string[]): string {
  const kind = r.pick(["check_digit", "village", "status", "name", "phone", "sex", "duplicate", "months"] as const);
  switch (kind) {
    case "check_digit": { const id = cells[col("idNumber")]!; cells[col("idNumber")] = id.slice(0, 17) + (id[17] === "0" ? "1" : "0"); break; }
    case "village": cells[col("regionCode")] = "422899999999"; break;
    case "status": cells[col("employmentStatus")] = "打零工吧"; break;
    case "name": cells[col("name")] = ""; break;
    case "phone": cells[col("phone")] = "1380013"; break;
    case "sex": cells[col("sex")] = cells[col("sex")] === "男" ? "女" : "男"; break;
    case "duplicate": if (previousIds.length) cells[col("idNumber")] = r.pick(previousIds); else cells[col("name")] = ""; break;
    case "months": cells[col("monthsAway")] = "15"; cells[col("transferDest")] ||= "省外"; cells[col("employmentStatus")] = "就业"; break;
  }
  return kind;
}

/** Rows of cells (header first) for a generated file. */
export function* generateRows(o: FileOptions): Generator<string[]> {
  const r = rng((o.seed ?? 1) * 7919);
  const headers = FILE_FIELDS.map((f) => f.label);
  yield headers;
  const col = (k: string) => FILE_FIELDS.findIndex((f) => f.key === k);
  const recent: string[] = [];
  for (const rec of generatePersons(o)) {
    const cells = FILE_FIELDS.map((f) => cellText(rec, f.key as string, o.villageAs));
    if (o.badFraction && r.next() < o.badFraction) spoil(r, cells, col, recent);
    if (recent.length < 50) recent.push(cells[col("idNumber")]!);
    yield cells;
  }
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write a generated CSV (UTF-8 with BOM, as Excel saves it). Returns the number of data rows. */
export async function writeCsvFile(path: string, o: FileOptions): Promise<number> {
  const out = createWriteStream(path);
  out.write("\ufeff");
  let buf = "";
  let n = -1;
  for (const cells of generateRows(o)) {
    buf += cells.map(csvCell).join(",") + "\r\n";
    n++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
  return n;
}

/** Write a generated xlsx (streaming writer; 身份证号 and phone as text cells). Returns the number of data rows. */
export async function writeXlsxFile(path: string, o: FileOptions & { sheetTitle?: string }): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("劳动力资源调查表");
  let n = -1;
  if (o.sheetTitle) ws.addRow([o.sheetTitle]).commit();
  for (const cells of generateRows(o)) {
    ws.addRow(cells).commit();
    n++;
  }
  await ws.commit();
  await wb.commit();
  return n;
}

/** Fields every generated record carries. */
export const GENERATED_FIELDS: ReadonlySet<DataKey> = new Set(DATA_FIELDS.map((f) => f.key));

/**
 * Demo mode: seed the registry through the fast import path (one import batch of source 'generator', upserted in
 * batches with progress and audit rows). Idempotent per seed: a second run changes nothing.
 */
export async function seedLaborDemo(db: Db, count: number, opts: { seed?: number; actor?: Actor; batchSize?: number } = {}): Promise<{ batchId: number; inserted: number }> {
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const size = opts.batchSize ?? 5000;
  const [batch] = await db.insert(laborImportBatches).values({
    accountId: actor.accountId, actorName: actor.name, orgCode: "422800", scopePrefix: PREFECTURE_PREFIX, source: "generator",
    fileName: `演示数据（${count}人）`, fileKind: "records", fileSize: 0, fileSha256: "", status: "committing", mapping: [],
    totalRows: count, validRows: count, commitStartedAt: new Date(), heartbeatAt: new Date(),
  }).returning({ id: laborImportBatches.id });
  const batchId = batch!.id;
  let buf: { rn: number; record: PersonRecord }[] = [];
  let rn = 1, inserted = 0, done = 0;
  const flush = async () => {
    const rows = buf;
    buf = [];
    await db.transaction(async (tx) => {
      const res = await upsertBatch(tx, rows, { present: GENERATED_FIELDS, scopePrefix: PREFECTURE_PREFIX, actorAccountId: actor.accountId, actorName: actor.name, batchId, source: "import" });
      inserted += res.inserted;
      done += rows.length;
      await tx.update(laborImportBatches).set({ rowsDone: done, lastRowNo: rows[rows.length - 1]!.rn, inserted, heartbeatAt: new Date() }).where(eq(laborImportBatches.id, batchId));
      await audit(tx, actor, { event: "labor.import.batch", objectType: "labor_import_batch", objectId: batchId, detail: { fromRow: rows[0]!.rn, toRow: rows[rows.length - 1]!.rn, inserted: res.inserted, updated: res.updated } });
    });
  };
  for (const rec of generatePersons({ count, seed: opts.seed })) {
    buf.push({ rn: ++rn, record: rec });
    if (buf.length >= size) await flush();
  }
  if (buf.length) await flush();
  await db.transaction(async (tx) => {
    await tx.update(laborImportBatches).set({ status: "committed", finishedAt: new Date() }).where(eq(laborImportBatches.id, batchId));
    await audit(tx, actor, { event: "labor.import.commit", objectType: "labor_import_batch", objectId: batchId, detail: { source: "generator", rows: count, inserted } });
  });
  await db.execute(sql`analyze labor_persons`);
  return { batchId, inserted };
}
