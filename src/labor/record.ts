/**
 * The person record of S-LABOR: its fields (column, Chinese label, import header variants, code list) and the one
 * validation used by manual entry, survey entry and import. Sex and birth date always come from the 身份证号 (GB 11643)
 * and a 性别/出生日期 given beside it is cross-checked.
 */
import { parseIdNumber, ID_PROBLEM_TEXT } from "../core/idcard.js";
import {
  EDUCATION, EMPLOYMENT_STATUS, EMPLOYMENT_WISH, ETHNICITY, INDUSTRY, OCCUPATION, RELATION, SEX, SKILL_LEVEL, SKILLS,
  TRAINING_WISH, TRANSFER_CHANNEL, TRANSFER_DEST, EMPLOYED_STATUSES, codeName, toCode, type CodeList,
} from "./codes.js";

/** A validated person, as stored (codes, ISO dates). Optional fields absent = not given. */
export interface PersonRecord {
  idNumber: string;
  name: string;
  sex: "M" | "F";
  birthDate: string;
  regionCode: string;
  hukouCode?: string | null;
  ethnicity?: string | null;
  education?: string | null;
  householdNo?: string | null;
  relation?: string | null;
  employmentStatus?: string | null;
  transferDest?: string | null;
  transferChannel?: string | null;
  industry?: string | null;
  occupation?: string | null;
  monthlyIncome?: number | null;
  monthsAway?: number | null;
  leftDate?: string | null;
  workPlace?: string | null;
  skillLevel?: string | null;
  skills?: string[];
  certificates?: string | null;
  trainingWish?: string | null;
  employmentWish?: string | null;
  returnee?: boolean;
  poverty?: boolean;
  monitored?: boolean;
  phone?: string | null;
  remarks?: string | null;
}

/** The data fields written by an upsert (sex and birth date follow the 身份证号, which is the key). */
export type DataKey = Exclude<keyof PersonRecord, "idNumber" | "sex" | "birthDate">;

export type FieldKind = "id" | "text" | "name" | "code" | "codes" | "int" | "date" | "bool" | "village" | "phone" | "household" | "check-sex" | "check-birth" | "township";
export type SqlType = "text" | "int" | "smallint" | "date" | "boolean" | "text[]";

export interface FieldDef {
  key: keyof PersonRecord | "township";
  /** Database column (absent for the check-only and helper columns). */
  col?: string;
  sqlType?: SqlType;
  label: string;
  /** Header spellings accepted on import (after normalisation), besides the label itself. */
  headers: string[];
  kind: FieldKind;
  list?: CodeList;
  /** Import needs the column. */
  required?: boolean;
  /** The survey form asks for it: an empty value is a warning on import and an item of the data-quality fix-list. */
  survey?: boolean;
  maxLength?: number;
}

export const FIELDS: readonly FieldDef[] = [
  { key: "idNumber", col: "id_number", sqlType: "text", label: "身份证号", headers: ["公民身份号码", "身份证号码", "身份证", "证件号码", "居民身份证号码", "身份证件号码", "身份证编号"], kind: "id", required: true },
  { key: "name", col: "name", sqlType: "text", label: "姓名", headers: ["名字", "人员姓名", "劳动力姓名", "户成员姓名"], kind: "name", required: true },
  { key: "sex", label: "性别", headers: [], kind: "check-sex", list: SEX },
  { key: "birthDate", label: "出生日期", headers: ["出生年月", "出生年月日", "生日"], kind: "check-birth" },
  { key: "ethnicity", col: "ethnicity", sqlType: "text", label: "民族", headers: [], kind: "code", list: ETHNICITY, survey: true },
  { key: "education", col: "education", sqlType: "text", label: "文化程度", headers: ["学历", "受教育程度", "文化"], kind: "code", list: EDUCATION, survey: true },
  { key: "township", label: "乡镇", headers: ["乡镇（街道）", "乡镇街道", "所在乡镇", "常住地乡镇", "乡（镇）"], kind: "township" },
  { key: "regionCode", col: "region_code", sqlType: "text", label: "常住地", headers: ["常住地村代码", "常住地代码", "常住地址", "现居住地", "居住地", "所在村", "村（社区）", "村社区", "村代码", "常住地村", "所在村（社区）", "村"], kind: "village", required: true },
  { key: "hukouCode", col: "hukou_code", sqlType: "text", label: "户籍地", headers: ["户籍地村代码", "户籍地代码", "户籍所在地", "户籍地址", "户籍村", "户籍所在村"], kind: "village", survey: true },
  { key: "householdNo", col: "household_id", sqlType: "text", label: "户编号", headers: ["户号", "家庭户号", "户籍编号"], kind: "household", maxLength: 30 },
  { key: "relation", col: "relation", sqlType: "text", label: "与户主关系", headers: ["家庭关系", "与户主的关系"], kind: "code", list: RELATION },
  { key: "employmentStatus", col: "employment_status", sqlType: "text", label: "就业状态", headers: ["就业情况", "就业状况", "就业形式"], kind: "code", list: EMPLOYMENT_STATUS, survey: true },
  { key: "transferDest", col: "transfer_dest", sqlType: "text", label: "转移就业去向", headers: ["外出去向", "务工去向", "就业去向", "转移去向", "务工地域", "外出务工去向", "就业地域"], kind: "code", list: TRANSFER_DEST },
  { key: "transferChannel", col: "transfer_channel", sqlType: "text", label: "外出方式", headers: ["外出渠道", "转移方式", "转移渠道", "就业渠道", "外出务工方式"], kind: "code", list: TRANSFER_CHANNEL },
  { key: "industry", col: "industry", sqlType: "text", label: "务工行业", headers: ["行业", "从事行业", "就业行业", "所属行业"], kind: "code", list: INDUSTRY },
  { key: "occupation", col: "occupation", sqlType: "text", label: "职业", headers: ["工种", "从事职业", "职业类别", "职业（工种）"], kind: "code", list: OCCUPATION },
  { key: "monthlyIncome", col: "monthly_income", sqlType: "int", label: "月收入（元）", headers: ["月收入", "月均收入", "月工资", "务工月收入", "月均收入（元）"], kind: "int" },
  { key: "monthsAway", col: "months_away", sqlType: "smallint", label: "外出月数", headers: ["外出务工时间（月）", "务工时长（月）", "外出时长", "年外出务工月数", "外出务工月数", "外出时长（月）", "外出务工时长"], kind: "int" },
  { key: "leftDate", col: "left_date", sqlType: "date", label: "外出时间", headers: ["外出日期", "离乡时间", "外出务工日期", "外出务工时间"], kind: "date" },
  { key: "workPlace", col: "work_place", sqlType: "text", label: "务工地点", headers: ["务工地址", "就业地点", "工作地点", "务工单位", "就业单位"], kind: "text", maxLength: 100 },
  { key: "skillLevel", col: "skill_level", sqlType: "text", label: "技能等级", headers: ["职业技能等级", "技能水平", "技术等级"], kind: "code", list: SKILL_LEVEL },
  { key: "skills", col: "skills", sqlType: "text[]", label: "擅长技能", headers: ["技能", "技能特长", "专业技能", "特长"], kind: "codes", list: SKILLS },
  { key: "certificates", col: "certificates", sqlType: "text", label: "职业资格证书", headers: ["证书", "资格证书", "技能证书", "职业资格"], kind: "text", maxLength: 200 },
  { key: "trainingWish", col: "training_wish", sqlType: "text", label: "培训意愿", headers: ["培训需求"], kind: "code", list: TRAINING_WISH },
  { key: "employmentWish", col: "employment_wish", sqlType: "text", label: "就业意愿", headers: ["就业需求", "求职意向"], kind: "code", list: EMPLOYMENT_WISH },
  { key: "returnee", col: "returnee", sqlType: "boolean", label: "是否返乡", headers: ["返乡", "返乡人员", "是否返乡人员"], kind: "bool" },
  { key: "poverty", col: "poverty", sqlType: "boolean", label: "是否脱贫人口", headers: ["脱贫人口", "脱贫户", "是否脱贫户", "脱贫劳动力"], kind: "bool" },
  { key: "monitored", col: "monitored", sqlType: "boolean", label: "是否监测对象", headers: ["监测对象", "防返贫监测对象", "是否防返贫监测对象"], kind: "bool" },
  { key: "phone", col: "phone", sqlType: "text", label: "联系电话", headers: ["手机号", "手机号码", "电话", "联系方式", "电话号码", "手机"], kind: "phone", survey: true },
  { key: "remarks", col: "remarks", sqlType: "text", label: "备注", headers: ["说明"], kind: "text", maxLength: 500 },
];

export const FIELD_BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));
/** Fields written to labor_persons by an upsert, in column order. */
export const DATA_FIELDS = FIELDS.filter((f) => f.col && f.key !== "idNumber") as (FieldDef & { key: DataKey; col: string; sqlType: SqlType })[];
export const SURVEY_FIELDS = FIELDS.filter((f) => f.survey);

export function fieldLabel(key: string): string {
  return FIELD_BY_KEY.get(key as keyof PersonRecord)?.label ?? key;
}

/** Normalise a header cell: no spaces, no required-marks, half-width brackets. */
export function normHeader(h: string): string {
  return h.replace(/[\s*＊:：]/g, "").replace(/\(/g, "（").replace(/\)/g, "）");
}

const HEADER_INDEX = (() => {
  const m = new Map<string, FieldDef>();
  for (const f of FIELDS) for (const h of [f.label, ...f.headers]) m.set(normHeader(h), f);
  return m;
})();

/** The field a header names, trying it as written and then without a bracketed unit such as （元）. */
export function fieldForHeader(h: string): FieldDef | undefined {
  const n = normHeader(h);
  if (!n) return undefined;
  return HEADER_INDEX.get(n) ?? HEADER_INDEX.get(n.replace(/（[^）]*）$/, ""));
}

export interface Problem {
  field: string;
  column: string;
  code: string;
  message: string;
  severity: "error" | "warning";
  value?: string | null;
}

/** Villages and townships, to resolve 常住地/户籍地 written as a 12-digit code or as a name. */
export interface VillageIndex {
  codes: Map<string, { name: string; townshipCode: string }>;
  /** Short or full village name → codes. */
  byName: Map<string, string[]>;
  townshipByName: Map<string, string>;
}

function shortVillageName(n: string): string[] {
  const out = new Set<string>([n]);
  const s = n.replace(/村民委员会$/, "村").replace(/社区居民委员会$/, "社区").replace(/社区居委会$/, "社区").replace(/居民委员会$/, "社区").replace(/居委会$/, "社区");
  out.add(s);
  out.add(s.replace(/(村|社区)$/, ""));
  return [...out].filter(Boolean);
}

export function buildVillageIndex(villages: { code: string; name: string; townshipCode: string }[], townships: { code: string; name: string }[]): VillageIndex {
  const codes = new Map<string, { name: string; townshipCode: string }>();
  const byName = new Map<string, string[]>();
  const tName = new Map(townships.map((t) => [t.code, t.name]));
  const add = (k: string, code: string) => {
    const l = byName.get(k);
    if (!l) byName.set(k, [code]);
    else if (!l.includes(code)) l.push(code);
  };
  for (const v of villages) {
    codes.set(v.code, { name: v.name, townshipCode: v.townshipCode });
    const tn = tName.get(v.townshipCode) ?? "";
    for (const s of shortVillageName(v.name)) {
      add(s, v.code);
      if (tn) add(tn + s, v.code);
    }
  }
  const townshipByName = new Map<string, string>();
  for (const t of townships) {
    townshipByName.set(t.name, t.code);
    townshipByName.set(t.code, t.code);
  }
  return { codes, byName, townshipByName };
}

/** Resolve a village written as a code or a name; names are tried within the township column and the scope first. */
const VILLAGE_CODE = /^\d{12}$/;

export function resolveVillage(ix: VillageIndex, raw: string, scopePrefix: string, townshipCode?: string | null): { code: string } | { problem: "unknown" | "ambiguous" } {
  if (VILLAGE_CODE.test(raw)) return ix.codes.has(raw) ? { code: raw } : { problem: "unknown" };
  const s = raw.replace(/\s/g, "");
  if (/^\d{12}$/.test(s)) return ix.codes.has(s) ? { code: s } : { problem: "unknown" };
  let list = ix.byName.get(s) ?? [];
  if (townshipCode) list = list.filter((c) => c.startsWith(townshipCode));
  if (list.length > 1) {
    const inScope = list.filter((c) => c.startsWith(scopePrefix));
    if (inScope.length) list = inScope;
  }
  if (list.length === 1) return { code: list[0]! };
  return { problem: list.length ? "ambiguous" : "unknown" };
}

const TRUE_WORDS = new Set(["是", "y", "yes", "1", "√", "✓", "true", "有", "t"]);
const FALSE_WORDS = new Set(["否", "n", "no", "0", "×", "x", "false", "无", "f", "不是", "-", "—"]);

export function parseBool(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (s === "") return false;
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return undefined;
}

/** Dates as townships write them: 2023-03-01, 2023/3/1, 2023.3, 2023年3月(1日), 202303, 20230301. Month-only → the 1st. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseDate(raw: string): string | undefined {
  if (ISO_DATE.test(raw)) {
    // Fast path for the stored form: check the calendar without building a Date.
    const y = +raw.slice(0, 4), mo = +raw.slice(5, 7), d = +raw.slice(8, 10);
    if (y < 1900 || mo < 1 || mo > 12 || d < 1) return undefined;
    const dim = mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
    return d <= dim ? raw : undefined;
  }
  const s = raw.trim().replace(/\s/g, "");
  let m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})?$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = m[3] ? Number(m[3]) : 1;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}

const DIGITS = /^\d{1,9}$/;

function parseIntLoose(raw: string): number | undefined {
  if (DIGITS.test(raw)) return +raw;
  const s = raw.trim().replace(/[,，\s]/g, "").replace(/(元|个月|月|人民币|￥|¥)/g, "");
  if (!/^\d+(\.0+)?$/.test(s)) return undefined;
  return Number.parseInt(s, 10);
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function normPhone(raw: string): string | undefined {
  if (MOBILE.test(raw)) return raw;
  const s = raw.trim().replace(/[\s()（）]/g, "").replace(/^\+?86-?/, "");
  const digits = s.replace(/-/g, "");
  if (MOBILE.test(digits)) return digits;
  if (LANDLINE.test(s)) return s.includes("-") ? s : `${s.slice(0, s.startsWith("07") ? 4 : 3)}-${s.slice(s.startsWith("07") ? 4 : 3)}`;
  return undefined;
}

/** Age in full years on `today` (YYYY-MM-DD), the same rule as labor_working_age in SQL. */
export function ageOn(birth: string, today: string): number {
  const age = +today.slice(0, 4) - +birth.slice(0, 4);
  // Month-day compared as text (MM-DD): before the birthday this year, one year less.
  return today.slice(5, 10) < birth.slice(5, 10) ? age - 1 : age;
}

export interface ValidateContext {
  villages: VillageIndex;
  /** Data scope of the person entering or importing (P9): the 常住地 must lie inside. */
  scopePrefix: string;
  today: string;
}

export type RawValues = Partial<Record<FieldDef["key"], string | null | undefined>>;

/** A cell as trimmed text ("" when empty). */
function text(raw: RawValues, k: FieldDef["key"]): string {
  const v = raw[k];
  return v ? v.trim() : "";
}

function problem(problems: Problem[], severity: Problem["severity"], f: FieldDef, code: string, message: string, value?: string | null) {
  problems.push({ field: String(f.key), column: f.label, code, message, severity, value: value ?? null });
}

/**
 * Validate one person given as text (an import row, or a form converted to text). `present` lists the fields the
 * source carries: absent ones are left out of the record (an import keeps the stored value of a column it lacks).
 */
export function validatePerson(raw: RawValues, present: ReadonlySet<string>, ctx: ValidateContext): { record?: PersonRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const rec: Partial<PersonRecord> = {};

  // 身份证号 first: sex and birth date come from it.
  const idF = FIELD_BY_KEY.get("idNumber")!;
  const idRaw = text(raw, "idNumber").replace(/\s/g, "");
  if (!idRaw) problem(problems, "error", idF, "ID_MISSING", "身份证号不能为空");
  else {
    const p = parseIdNumber(idRaw);
    if (!p.ok) problem(problems, "error", idF, `ID_${p.problem.toUpperCase()}`, ID_PROBLEM_TEXT[p.problem], idRaw);
    else {
      rec.idNumber = p.info.idNumber;
      rec.sex = p.info.sex === "male" ? "M" : "F";
      rec.birthDate = p.info.birthDate;
      const age = ageOn(rec.birthDate, ctx.today);
      if (age < 16) problem(problems, "error", idF, "AGE_UNDER_16", `按身份证号计算年龄为${age}周岁，未满16周岁，不属于劳动力资源登记范围`, idRaw);
      else if (age > 100) problem(problems, "warning", idF, "AGE_OVER_100", `按身份证号计算年龄为${age}周岁，请核实`, idRaw);
    }
  }

  for (const f of FIELDS) {
    if (f.key === "idNumber" || !present.has(f.key)) continue;
    const v = text(raw, f.key);
    if (f.kind === "township") continue;
    if (v === "") {
      if (f.required) problem(problems, "error", f, "REQUIRED", `${f.label}不能为空`);
      else if (f.survey) problem(problems, "warning", f, "SURVEY_FIELD_EMPTY", `${f.label}未填写（入户调查必填项，可稍后补录）`);
      if (f.kind === "bool") (rec as Record<string, unknown>)[f.key] = false;
      else if (f.kind === "codes") rec.skills = [];
      else if (f.col) (rec as Record<string, unknown>)[f.key] = null;
      continue;
    }
    if (f.maxLength && v.length > f.maxLength) {
      problem(problems, "error", f, "TOO_LONG", `${f.label}不能超过${f.maxLength}个字`, v.slice(0, 60));
      continue;
    }
    switch (f.kind) {
      case "name": {
        const n = v.replace(/\s/g, "");
        if (n.length > 30 || !/^[\u3400-\u9fffA-Za-z·•.\u00b7]+$/.test(n)) problem(problems, "error", f, "NAME_INVALID", "姓名只能包含汉字、字母和间隔号“·”，不超过30个字", v);
        else rec.name = n.replace(/[•.]/g, "·");
        break;
      }
      case "check-sex": {
        const c = toCode(SEX, v);
        if (!c) problem(problems, "error", f, "CODE_UNKNOWN", `性别“${v}”无法识别，应为男或女`, v);
        else if (rec.sex && c !== rec.sex) problem(problems, "error", f, "SEX_MISMATCH", `性别“${v}”与身份证号不符（身份证号为${rec.sex === "M" ? "男" : "女"}性）`, v);
        break;
      }
      case "check-birth": {
        const d = parseDate(v);
        if (!d) problem(problems, "error", f, "DATE_INVALID", `出生日期“${v}”无法识别`, v);
        else if (rec.birthDate && !(d === rec.birthDate || (d.endsWith("-01") && /^\d{4}[-/.年]\d{1,2}月?$/.test(v) && d.slice(0, 7) === rec.birthDate.slice(0, 7)))) {
          problem(problems, "error", f, "BIRTH_MISMATCH", `出生日期“${v}”与身份证号中的出生日期（${rec.birthDate}）不符`, v);
        }
        break;
      }
      case "code": {
        const c = toCode(f.list!, v);
        if (!c) problem(problems, "error", f, "CODE_UNKNOWN", `${f.label}“${v}”不在代码表中`, v);
        else (rec as Record<string, unknown>)[f.key] = c;
        break;
      }
      case "codes": {
        const parts = v.split(/[,，、;；/\s]+/).filter(Boolean);
        const out: string[] = [];
        for (const p of parts) {
          const c = toCode(f.list!, p);
          if (!c) problem(problems, "error", f, "CODE_UNKNOWN", `${f.label}“${p}”不在代码表中`, v);
          else if (!out.includes(c)) out.push(c);
        }
        rec.skills = out;
        break;
      }
      case "int": {
        const n = parseIntLoose(v);
        if (n === undefined) problem(problems, "error", f, "NUMBER_INVALID", `${f.label}“${v}”应为整数`, v);
        else if (f.key === "monthsAway" && n > 12) problem(problems, "error", f, "MONTHS_RANGE", "外出月数应在0到12之间（一年内外出务工的月数）", v);
        else if (f.key === "monthlyIncome" && n > 1_000_000) problem(problems, "error", f, "INCOME_RANGE", "月收入超出合理范围，请核实（单位：元）", v);
        else (rec as Record<string, unknown>)[f.key] = n;
        break;
      }
      case "date": {
        const d = parseDate(v);
        if (!d) problem(problems, "error", f, "DATE_INVALID", `${f.label}“${v}”无法识别，应为如 2023-03-01 的日期`, v);
        else if (d > ctx.today) problem(problems, "error", f, "DATE_FUTURE", `${f.label}不能晚于今天`, v);
        else (rec as Record<string, unknown>)[f.key] = d;
        break;
      }
      case "bool": {
        const b = parseBool(v);
        if (b === undefined) problem(problems, "error", f, "BOOL_INVALID", `${f.label}“${v}”应填写“是”或“否”`, v);
        else (rec as Record<string, unknown>)[f.key] = b;
        break;
      }
      case "phone": {
        const p = normPhone(v);
        if (!p) problem(problems, "error", f, "PHONE_INVALID", "联系电话应为11位手机号或带区号的固定电话", v);
        else rec.phone = p;
        break;
      }
      case "household": {
        if (!/^[0-9A-Za-z-]+$/.test(v)) problem(problems, "error", f, "HOUSEHOLD_NO_INVALID", "户编号只能包含数字、字母和“-”", v);
        else rec.householdNo = v;
        break;
      }
      case "village": {
        const town = present.has("township") && text(raw, "township") ? ctx.villages.townshipByName.get(text(raw, "township").replace(/\s/g, "")) : null;
        if (present.has("township") && text(raw, "township") && !town) {
          problem(problems, "error", FIELD_BY_KEY.get("township")!, "TOWNSHIP_UNKNOWN", `乡镇“${text(raw, "township")}”不是恩施州的乡镇（街道）`, text(raw, "township"));
          break;
        }
        const r = resolveVillage(ctx.villages, v, ctx.scopePrefix, town);
        if ("problem" in r) {
          if (r.problem === "ambiguous") problem(problems, "error", f, "VILLAGE_AMBIGUOUS", `${f.label}“${v}”对应多个村（社区），请填写12位村级区划代码`, v);
          else problem(problems, "error", f, "VILLAGE_UNKNOWN", `${f.label}“${v}”不是恩施州的村（社区）名称或12位区划代码`, v);
        } else {
          if (f.key === "regionCode" && !r.code.startsWith(ctx.scopePrefix)) problem(problems, "error", f, "OUT_OF_SCOPE", `${f.label}不在您的数据范围内，不能登记或修改其他地区的人员`, v);
          else (rec as Record<string, unknown>)[f.key] = r.code;
        }
        break;
      }
      case "text":
        // Control characters other than tab and line breaks are dropped: they are never meant, and the import's
        // prepared chunks use one of them (RS) to separate rows.
        (rec as Record<string, unknown>)[f.key] = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
        break;
      default:
        break;
    }
  }

  // Consistency of the transfer-employment block (S-LABOR).
  const st = rec.employmentStatus;
  const hasTransfer = !!(rec.transferDest || rec.transferChannel || rec.monthsAway || rec.leftDate);
  if (hasTransfer && !rec.transferDest && present.has("transferDest")) {
    problem(problems, "error", FIELD_BY_KEY.get("transferDest")!, "TRANSFER_DEST_MISSING", "填写了外出方式、外出月数或外出时间，但未填写转移就业去向");
  }
  if (rec.transferDest && st && !(EMPLOYED_STATUSES as readonly string[]).includes(st) && st !== "farm") {
    problem(problems, "error", FIELD_BY_KEY.get("employmentStatus")!, "STATUS_TRANSFER_CONFLICT", `就业状态为“${codeName(EMPLOYMENT_STATUS, st)}”，不应填写转移就业去向`, codeName(EMPLOYMENT_STATUS, st));
  }
  if (rec.leftDate && rec.birthDate && ageOn(rec.birthDate, rec.leftDate) < 14) {
    problem(problems, "error", FIELD_BY_KEY.get("leftDate")!, "LEFT_DATE_TOO_EARLY", "外出时间早于本人14周岁，请核实", rec.leftDate);
  }
  if (problems.some((p) => p.severity === "error")) return { problems };
  return { record: rec as PersonRecord, problems };
}

/** The record as text values (for manual entry through the same validation, and for export). */
export function recordToRaw(r: Partial<PersonRecord>): RawValues {
  const out: RawValues = {};
  for (const f of FIELDS) {
    const v = (r as Record<string, unknown>)[f.key];
    if (v === undefined) continue;
    if (v === null) out[f.key] = "";
    else if (typeof v === "boolean") out[f.key] = v ? "是" : "否";
    else if (Array.isArray(v)) out[f.key] = v.join(",");
    else out[f.key] = String(v);
  }
  return out;
}
