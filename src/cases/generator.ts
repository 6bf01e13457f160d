/**
 * A generator of realistic cases in the exchange-table shapes (S-CASES): real 人社 事项, each county's hall windows,
 * acceptance on working days in office hours of the real calendar, steps, some 特别程序 (open or closed), mostly on time
 * with some late, and 好差评 with a few 差评. For the demo, the tests and the benchmarks; deterministic for a given rng.
 */
import { WorkCalendar, addDays, chinaDate } from "../core/calendar.js";
import { idNumberFor, mobile, personName, type Rng } from "../core/people.js";
import { SERVICE_ITEMS, hallWindows, type HallWindow } from "./catalogue.js";
import { chinaMidnight, clockStart, instantAfter } from "./clock.js";
import { exchangeTime, type ExchangeRow, type ExchangeSet } from "./exchange.js";

export interface GenerateOptions {
  /** Cases to make. */
  count: number;
  /** The last instant a case may be accepted at (and "now" for open ones). */
  now: Date;
  /** How many calendar days back acceptance may go. */
  days: number;
  /** Counties (6-digit) to spread the cases over; all when omitted. */
  counties?: string[];
  /** Share of cases left open whatever their age (to fill the board); default 0.15. */
  openShare?: number;
  /** PROJID sequence start (to make several disjoint batches). */
  seqStart?: number;
  cal: WorkCalendar;
  /** Leave out the child tables (for the intake benchmark's base-only pass). */
  baseOnly?: boolean;
}

const OFFICE_MIN = [[8 * 60 + 30, 12 * 60], [14 * 60, 17 * 60 + 30]] as const;
const OPINIONS = ["材料齐全，同意受理", "经审核符合条件", "同意", "审核通过", "予以办结"];
const SPECIAL_FOR: Record<string, string> = { 劳动能力鉴定申请: "鉴定", 工伤认定申请: "检验", 创业担保贷款申请: "专家评审", 养老保险待遇核定: "公示" };
const BAD_CONTENT = ["等待时间太长", "工作人员态度不好", "材料要求反复变化，跑了好几趟", "办理超过了承诺时间"];

function officeInstant(r: Rng, day: string): Date {
  const [a, b] = r.pick(OFFICE_MIN);
  return new Date(chinaMidnight(day) + r.int(a, b - 30) * 60_000 + r.int(0, 59) * 1000);
}

export function generateCases(r: Rng, o: GenerateOptions): ExchangeSet {
  const windows = hallWindows().filter((w) => !o.counties || o.counties.includes(w.divisionCode));
  const byCountyKind = new Map<string, HallWindow>(windows.map((w) => [`${w.divisionCode}:${w.deptKind}`, w]));
  const counties = [...new Set(windows.map((w) => w.divisionCode))];
  const staff = new Map<string, string>();
  const staffOf = (w: HallWindow) => {
    if (!staff.has(w.code)) staff.set(w.code, personName(r, r.next() < 0.5 ? "male" : "female"));
    return staff.get(w.code)!;
  };
  const base: ExchangeRow[] = [], process: ExchangeRow[] = [], special: ExchangeRow[] = [], evaluation: ExchangeRow[] = [];
  const today = chinaDate(o.now);
  const workdays: string[] = [];
  for (let d = addDays(today, -o.days); d <= today; d = addDays(d, 1)) if (o.cal.isWorkday(d)) workdays.push(d);
  const nowMs = o.now.getTime();
  let seq = o.seqStart ?? 1;
  for (let i = 0; i < o.count; i++) {
    const county = counties[i % counties.length]!;
    const item = r.pick(SERVICE_ITEMS);
    const w = byCountyKind.get(`${county}:${item.dept}`)!;
    const day = workdays[Math.min(workdays.length - 1, Math.floor(Math.pow(r.next(), 0.7) * workdays.length))]!;
    let accepted = officeInstant(r, day);
    if (accepted.getTime() > nowMs) accepted = new Date(nowMs - r.int(60, 3600) * 1000);
    const u = item.unit === "工作日" ? 86_400_000 : 3_600_000;
    const start = clockStart(accepted, item.unit);
    const limit = item.type === "即办件" ? 0 : item.promise;
    const due = item.type === "即办件" ? chinaMidnight(addDays(chinaDate(accepted), 1)) : instantAfter(o.cal, start, limit * u, item.unit, []).getTime();
    const sexMale = r.next() < 0.5;
    const name = personName(r, sexMale ? "male" : "female");
    const projid = `${county}${day.replace(/-/g, "").slice(2)}${String(seq++).padStart(7, "0")}`;
    // Open: a share of all cases, plus those whose clock could not have run out yet.
    const keepOpen = r.next() < (o.openShare ?? 0.15) || (due > nowMs && r.next() < 0.6);
    let finished: number | null = null;
    if (!keepOpen) {
      const late = r.next() < 0.08;
      const span = Math.max(3600_000, due - accepted.getTime());
      finished = late ? due + r.int(1, 5) * 86_400_000 : accepted.getTime() + Math.floor(span * (0.15 + 0.8 * r.next()));
      if (finished > nowMs) finished = null;
    }
    // A 特别程序 on one case in ten (some still open).
    let sp: { start: number; end: number | null } | null = null;
    if (!o.baseOnly && r.next() < 0.1) {
      const s = accepted.getTime() + r.int(2, 30) * 3600_000;
      if (s < (finished ?? nowMs)) {
        const e = s + r.int(1, 6) * 86_400_000;
        sp = { start: s, end: finished !== null ? Math.min(e, finished - 60_000) : e < nowMs && r.next() < 0.6 ? e : null };
        if (sp.end !== null && sp.end <= sp.start) sp.end = sp.start + 3600_000;
        special.push({ PROJID: projid, SEQ: 1, SPTYPE: SPECIAL_FOR[item.name] ?? "补正材料", APPROVER: staffOf(w), REASON: SPECIAL_FOR[item.name] ? "依法需要" + SPECIAL_FOR[item.name] : "申请材料不全，一次性告知补正", STARTTIME: exchangeTime(new Date(s)), ENDTIME: sp.end === null ? "" : exchangeTime(new Date(sp.end)), SPLIMIT: r.int(3, 10) });
        if (finished !== null && sp.end !== null) finished = Math.max(finished, sp.end + 3600_000);
        if (finished !== null && finished > nowMs) finished = null;
      }
    }
    const grade = finished !== null && r.next() < 0.75 ? r.weighted([[1, 60], [2, 24], [3, 9], [4, 4], [5, 3]] as const) : null;
    base.push({
      PROJID: projid, VERSION: 1, FLAG: "I", SERVICECODE: item.code, IMPLCODE: `${item.code}${county}${item.implSuffix}`, SERVICENAME: item.name, PROJECTTYPE: item.type,
      APPLYNAME: name, APPLYCARDTYPE: "身份证", APPLYCARDNUMBER: idNumberFor(r, county, sexMale ? "male" : "female", 1960, 2004), CONTACTMAN: name, TELPHONE: mobile(r),
      DEPTCODE: w.departmentCode, DEPTNAME: w.departmentName, WINDOWCODE: w.code, ACCEPTMAN: staffOf(w), AREACODE: county, ACCEPTTIME: exchangeTime(accepted),
      PROMISEVALUE: item.promise, PROMISETYPE: item.unit, LEGALVALUE: item.legal ?? "", FINISHTIME: finished === null ? "" : exchangeTime(new Date(finished)),
      RESULT: finished === null ? "" : r.next() < 0.95 ? "准予许可" : "不予许可", SATISFACTION: grade === null ? "" : ["非常满意", "满意", "基本满意", "不满意", "非常不满意"][grade - 1],
    });
    if (o.baseOnly) continue;
    const end = finished ?? nowMs;
    const n = finished === null ? Math.max(1, Math.ceil(item.steps.length / 2)) : item.steps.length;
    for (let k = 0; k < n; k++) {
      const a = accepted.getTime() + Math.floor(((end - accepted.getTime()) * k) / item.steps.length);
      const b = k === n - 1 && finished === null ? null : accepted.getTime() + Math.floor(((end - accepted.getTime()) * (k + 1)) / item.steps.length);
      process.push({ PROJID: projid, SEQ: k + 1, NODENAME: item.steps[k]!, HANDLEUSER: staffOf(w), OPINION: b === null ? "" : r.pick(OPINIONS), STARTTIME: exchangeTime(new Date(a)), ENDTIME: b === null ? "" : exchangeTime(new Date(b)) });
    }
    if (grade !== null) {
      evaluation.push({
        PROJID: projid, EVALID: `E${projid}`, EVALLEVEL: grade, CHANNEL: r.pick(["窗口评价器", "二维码", "鄂汇办APP", "短信"]), ACTIVE: r.next() < 0.8 ? 1 : 0, REALNAME: grade >= 4 ? (r.next() < 0.9 ? 1 : 0) : 1,
        CONTENT: grade >= 4 ? r.pick(BAD_CONTENT) : "", EVALTIME: exchangeTime(new Date(Math.min(nowMs, finished! + r.int(5, 600) * 60_000))),
      });
    }
  }
  return o.baseOnly ? { PRE_BASEINFO: base } : { PRE_BASEINFO: base, PRE_PROCESS: process, PRE_SPECIALPROCEDURE: special, PRE_EVALUATION: evaluation };
}
