/**
 * Intake of the exchange tables (S-CASES): files (csv, xlsx, json) and the push API give the same ExchangeSet.
 * - Idempotent by PROJID and VERSION: a base row whose version is not newer than the stored one changes nothing; child
 *   rows (steps, 特别程序) replace the case's set only when their content differs (a hash); evaluations are keyed by EVALID.
 * - FLAG I/U/D: insert, update (the old → new of every changed field goes to case_history), delete (the case is
 *   withdrawn: kept, marked deleted, its open cards cleared).
 * - Row-level report: a broken row is reported with its table, row number, PROJID and field; the case it belongs to is
 *   left out whole (all-or-nothing per case) and the rest goes in. Cases are written in chunks, one transaction each
 *   with its audit row; a chunk that fails in the database is retried case by case.
 * - Every write recomputes the case's due instants (the live clock) and sweeps its cards; a 差评 opens its follow-up.
 */
import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { audit, type Actor } from "../core/audit.js";
import { parseIdNumber } from "../core/idcard.js";
import { inScope, type Scoped } from "../core/access/scope.js";
import { caseEvaluations, caseHistory, caseSpecials, caseSteps, cases, CASE_TYPES, LIMIT_UNITS, RATING_LEVELS, SPECIAL_KINDS } from "./schema.js";
import { EXCHANGE_TABLES, parseExchangeTime, type ExchangeRow, type ExchangeSet, type ExchangeTable } from "./exchange.js";
import { loadCalendar, loadRules, refreshDues, sweepCards } from "./cards.js";
import { openFollowups } from "./reviews.js";

export interface IntakeProblem {
  table: ExchangeTable;
  /** 1-based row number within its table (the header is row 0 in a file). */
  row: number;
  projid: string | null;
  field: string | null;
  message: string;
}

export interface IntakeReport {
  rows: number;
  cases: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  rejected: number;
  evaluations: number;
  problems: IntakeProblem[];
}

type NewCase = typeof cases.$inferInsert;
interface Step { seq: number; name: string; handler: string | null; opinion: string | null; startedAt: Date; endedAt: Date | null }
interface Special { seq: number; kind: (typeof SPECIAL_KINDS)[number]; approver: string | null; reason: string | null; startedAt: Date; endedAt: Date | null; limitDays: number | null }
interface Evaluation { evalId: string; level: number; channel: string; active: boolean; realName: boolean; content: string | null; evaluatedAt: Date }

interface Group {
  projid: string;
  base?: { flag: "I" | "U" | "D"; version: number; row: NewCase | null };
  steps?: Step[];
  specials?: Special[];
  evaluations?: Evaluation[];
  bad: boolean;
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim());
const opt = (v: unknown) => str(v) || null;
function int(v: unknown): number | null | undefined {
  const s = str(v);
  if (!s) return null;
  if (!/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}

/** The fields of a case compared for history (old → new). */
const TRACKED = ["serviceCode", "implCode", "serviceName", "caseType", "applicantName", "applicantCardType", "applicantCardNo", "contactName", "contactPhone", "departmentCode", "departmentName", "windowCode", "acceptStaff", "divisionCode", "acceptedAt", "promiseLimit", "limitUnit", "legalLimit", "finishedAt", "result", "satisfaction"] as const;
/** Fields whose old and new values are personal data: history keeps the fact of the change, masked. */
const PERSONAL = new Set(["applicantCardNo", "contactPhone"]);

/** Validate and group the rows by PROJID. */
export function parseSet(set: ExchangeSet, scope: Scoped): { groups: Map<string, Group>; problems: IntakeProblem[]; rows: number } {
  const groups = new Map<string, Group>();
  const problems: IntakeProblem[] = [];
  let rows = 0;
  const group = (projid: string) => groups.get(projid) ?? groups.set(projid, { projid, bad: false }).get(projid)!;
  const check = (table: ExchangeTable, rowNo: number, r: ExchangeRow, fn: (fail: (field: string | null, message: string) => void, projid: string) => void) => {
    rows++;
    const projid = str(r.PROJID);
    const found: IntakeProblem[] = [];
    const fail = (field: string | null, message: string) => found.push({ table, row: rowNo, projid: projid || null, field, message });
    if (!projid) fail("PROJID", "办件编号为空");
    else if (!/^[A-Za-z0-9_-]{6,64}$/.test(projid)) fail("PROJID", "办件编号格式不正确");
    else fn(fail, projid);
    if (found.length) {
      problems.push(...found);
      if (projid) group(projid).bad = true;
      return false;
    }
    return true;
  };
  const time = (fail: (f: string, m: string) => void, r: ExchangeRow, field: string, required: boolean) => {
    const t = parseExchangeTime(r[field]);
    if (t === undefined) fail(field, "时间格式应为 YYYY-MM-DD HH:mm:ss");
    else if (t === null && required) fail(field, "不能为空");
    return t ?? null;
  };
  (set.PRE_BASEINFO ?? []).forEach((r, i) => {
    check("PRE_BASEINFO", i + 1, r, (fail, projid) => {
      const flag = (str(r.FLAG) || "I").toUpperCase();
      const version = int(r.VERSION) ?? 1;
      if (flag !== "I" && flag !== "U" && flag !== "D") return fail("FLAG", "操作标志应为 I、U 或 D");
      if (version === undefined || version < 1) return fail("VERSION", "版本号应为正整数");
      const g = group(projid);
      if (g.base) return fail("PROJID", "同一批数据中办件编号重复");
      if (flag === "D") {
        g.base = { flag, version, row: null };
        return;
      }
      const need = (f: string, label: string) => {
        if (!str(r[f])) fail(f, `${label}不能为空`);
        return str(r[f]);
      };
      const serviceCode = need("SERVICECODE", "事项编码");
      const serviceName = need("SERVICENAME", "事项名称");
      const caseType = str(r.PROJECTTYPE) || "承诺件";
      if (!(CASE_TYPES as readonly string[]).includes(caseType)) fail("PROJECTTYPE", "办件类型应为即办件、承诺件、联办件或上报件");
      const applicantName = need("APPLYNAME", "申请人姓名");
      const cardType = str(r.APPLYCARDTYPE) || "身份证";
      const cardNo = need("APPLYCARDNUMBER", "证件号码").toUpperCase();
      if (cardNo && cardType === "身份证" && !parseIdNumber(cardNo).ok) fail("APPLYCARDNUMBER", "身份证号码不正确");
      const departmentCode = need("DEPTCODE", "受理部门编码");
      const departmentName = need("DEPTNAME", "受理部门名称");
      const area = str(r.AREACODE);
      if (!/^\d{6}$/.test(area)) fail("AREACODE", "行政区划代码应为6位");
      else if (!inScope(scope, area) && !(area === "422800" && scope.scopePrefix === "4228")) fail("AREACODE", "行政区划不在您的数据范围内");
      const acceptedAt = time(fail, r, "ACCEPTTIME", true);
      const promise = int(r.PROMISEVALUE);
      if (promise === undefined || (promise !== null && promise < 0)) fail("PROMISEVALUE", "承诺时限应为非负整数");
      const unit = str(r.PROMISETYPE) || "工作日";
      if (!(LIMIT_UNITS as readonly string[]).includes(unit)) fail("PROMISETYPE", "时限单位应为工作日或工作小时");
      const legal = int(r.LEGALVALUE);
      if (legal === undefined || (legal !== null && legal < 0)) fail("LEGALVALUE", "法定时限应为非负整数");
      const finishedAt = time(fail, r, "FINISHTIME", false);
      if (acceptedAt && finishedAt && finishedAt < acceptedAt) fail("FINISHTIME", "办结时间早于受理时间");
      const satisfaction = opt(r.SATISFACTION);
      if (satisfaction && !(RATING_LEVELS as readonly string[]).includes(satisfaction)) fail("SATISFACTION", "满意度应为非常满意、满意、基本满意、不满意或非常不满意");
      if (caseType !== "即办件" && (promise ?? 0) <= 0 && caseType) fail("PROMISEVALUE", "承诺件应填写承诺时限");
      g.base = {
        flag, version,
        row: {
          projid, version, serviceCode, implCode: opt(r.IMPLCODE), serviceName, caseType: caseType as NewCase["caseType"], applicantName, applicantCardType: cardType, applicantCardNo: cardNo,
          contactName: opt(r.CONTACTMAN), contactPhone: opt(r.TELPHONE), departmentCode, departmentName, windowCode: opt(r.WINDOWCODE), acceptStaff: opt(r.ACCEPTMAN),
          divisionCode: area, acceptedAt: acceptedAt!, promiseLimit: promise ?? 0, limitUnit: unit as NewCase["limitUnit"], legalLimit: legal ?? null,
          finishedAt, result: opt(r.RESULT), satisfaction,
        },
      };
    });
  });
  (set.PRE_PROCESS ?? []).forEach((r, i) => {
    check("PRE_PROCESS", i + 1, r, (fail, projid) => {
      const seq = int(r.SEQ);
      if (seq === undefined || seq === null || seq < 1 || seq > 999) return fail("SEQ", "环节序号应为1–999的整数");
      const name = str(r.NODENAME);
      if (!name) fail("NODENAME", "环节名称不能为空");
      const startedAt = time(fail, r, "STARTTIME", true);
      const endedAt = time(fail, r, "ENDTIME", false);
      if (startedAt && endedAt && endedAt < startedAt) fail("ENDTIME", "结束时间早于开始时间");
      if (!name || !startedAt) return;
      (group(projid).steps ??= []).push({ seq, name, handler: opt(r.HANDLEUSER), opinion: opt(r.OPINION), startedAt, endedAt });
    });
  });
  (set.PRE_SPECIALPROCEDURE ?? []).forEach((r, i) => {
    check("PRE_SPECIALPROCEDURE", i + 1, r, (fail, projid) => {
      const seq = int(r.SEQ) ?? 1;
      const kind = str(r.SPTYPE);
      if (!(SPECIAL_KINDS as readonly string[]).includes(kind)) fail("SPTYPE", `特别程序种类应为${SPECIAL_KINDS.join("、")}之一`);
      const startedAt = time(fail, r, "STARTTIME", true);
      const endedAt = time(fail, r, "ENDTIME", false);
      if (startedAt && endedAt && endedAt < startedAt) fail("ENDTIME", "结束时间早于开始时间");
      const limit = int(r.SPLIMIT);
      if (limit === undefined || (limit !== null && limit < 0)) fail("SPLIMIT", "特别程序时限应为非负整数");
      if (seq === undefined || !startedAt || !(SPECIAL_KINDS as readonly string[]).includes(kind) || limit === undefined) return;
      (group(projid).specials ??= []).push({ seq, kind: kind as Special["kind"], approver: opt(r.APPROVER), reason: opt(r.REASON), startedAt, endedAt, limitDays: limit });
    });
  });
  (set.PRE_EVALUATION ?? []).forEach((r, i) => {
    check("PRE_EVALUATION", i + 1, r, (fail, projid) => {
      const evalId = str(r.EVALID);
      if (!evalId) fail("EVALID", "评价编号不能为空");
      const raw = str(r.EVALLEVEL);
      const level = /^[1-5]$/.test(raw) ? Number(raw) : RATING_LEVELS.indexOf(raw as (typeof RATING_LEVELS)[number]) + 1;
      if (level < 1) fail("EVALLEVEL", "评价等级应为1–5或非常满意…非常不满意");
      const evaluatedAt = time(fail, r, "EVALTIME", true);
      if (!evalId || level < 1 || !evaluatedAt) return;
      const flag01 = (v: unknown, dflt: boolean) => (str(v) === "" ? dflt : ["1", "是", "true", "Y"].includes(str(v)));
      (group(projid).evaluations ??= []).push({ evalId, level, channel: str(r.CHANNEL) || "窗口", active: flag01(r.ACTIVE, true), realName: flag01(r.REALNAME, true), content: opt(r.CONTENT), evaluatedAt });
    });
  });
  return { groups, problems, rows };
}

const hash = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 16);

function diff(old: Record<string, unknown>, nu: NewCase): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of TRACKED) {
    const a = old[k] instanceof Date ? (old[k] as Date).toISOString() : (old[k] ?? null);
    const bRaw = (nu as Record<string, unknown>)[k];
    const b = bRaw instanceof Date ? bRaw.toISOString() : (bRaw ?? null);
    if (a !== b) out[k] = PERSONAL.has(k) ? { old: "（已变更，敏感信息不记录）", new: "（已变更）" } : { old: a, new: b };
  }
  return out;
}

/** The stored hash pair of a group's child sets (steps:specials), each side kept from `previous` when absent. */
function childHashOf(g: Group, previous: string): string {
  const [hs, hp] = previous.split(":");
  return `${g.steps ? hash([...g.steps].sort((a, b) => a.seq - b.seq)) : (hs ?? "")}:${g.specials ? hash([...g.specials].sort((a, b) => a.seq - b.seq)) : (hp ?? "")}`;
}

interface Outcome { inserted: number; updated: number; deleted: number; unchanged: number; evaluations: number }

/** Write one chunk of valid groups in the caller's transaction. */
async function writeGroups(tx: Queryable, actor: Actor, list: Group[], now: Date, source: string): Promise<Outcome> {
  const out: Outcome = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, evaluations: 0 };
  const existing = await tx.select().from(cases).where(inArray(cases.projid, list.map((g) => g.projid)));
  const byProj = new Map(existing.map((c) => [c.projid, c]));
  const touched = new Set<number>();
  const freshIds = new Set<number>();
  const changedProj = new Set<string>();
  const changed = changedProj;
  const idOf = new Map<string, number>();
  // 1. Base rows: new cases in one insert, updates and deletes one by one.
  const fresh = list.filter((g) => g.base && g.base.row && !byProj.has(g.projid));
  if (fresh.length) {
    // A new case carries the hash of its child sets from the start (no second write per case).
    const ins = await tx.insert(cases).values(fresh.map((g) => ({ ...g.base!.row!, childHash: childHashOf(g, ":") }))).returning({ id: cases.id, projid: cases.projid });
    for (const r of ins) freshIds.add(r.id);
    for (const r of ins) {
      idOf.set(r.projid, r.id);
      touched.add(r.id);
      changed.add(r.projid);
    }
    out.inserted += ins.length;
  }
  const history: (typeof caseHistory.$inferInsert)[] = [];
  for (const g of list) {
    const old = byProj.get(g.projid);
    if (old) idOf.set(g.projid, old.id);
    if (!g.base || !old) continue;
    if (g.base.version <= old.version) continue;
    changed.add(g.projid);
    if (g.base.flag === "D") {
      if (old.deletedAt) continue;
      await tx.update(cases).set({ deletedAt: now, version: g.base.version, updatedAt: now }).where(eq(cases.id, old.id));
      history.push({ caseId: old.id, version: g.base.version, source, changes: { deletedAt: { old: null, new: now.toISOString() } }, byAccountId: actor.accountId });
      touched.add(old.id);
      out.deleted++;
      continue;
    }
    const changes = diff(old as unknown as Record<string, unknown>, g.base.row!);
    if (old.deletedAt) changes.deletedAt = { old: old.deletedAt.toISOString(), new: null };
    await tx.update(cases).set({ ...g.base.row!, deletedAt: null, updatedAt: now }).where(eq(cases.id, old.id));
    history.push({ caseId: old.id, version: g.base.version, source, changes, byAccountId: actor.accountId });
    touched.add(old.id);
    out.updated++;
  }
  if (history.length) await tx.insert(caseHistory).values(history);
  // 2. Child sets: replaced when their content differs from what was last written.
  const hashes = new Map(existing.map((c) => [c.id, c.childHash ?? ":"]));
  const steps: (typeof caseSteps.$inferInsert)[] = [];
  const specials: (typeof caseSpecials.$inferInsert)[] = [];
  const evals: { g: Group; e: Evaluation; caseId: number }[] = [];
  let childChangedOnly = 0;
  for (const g of list) {
    const id = idOf.get(g.projid);
    if (id === undefined) continue;
    let [hs, hp] = (hashes.get(id) ?? ":").split(":");
    let changed = false;
    const changedSet = changedProj;
    if (g.steps) {
      const h = hash([...g.steps].sort((a, b) => a.seq - b.seq));
      if (h !== hs) {
        if (hashes.has(id)) await tx.delete(caseSteps).where(eq(caseSteps.caseId, id));
        steps.push(...g.steps.map((s) => ({ ...s, caseId: id })));
        hs = h;
        changed = true;
      }
    }
    if (g.specials) {
      const h = hash([...g.specials].sort((a, b) => a.seq - b.seq));
      if (h !== hp) {
        if (hashes.has(id)) await tx.delete(caseSpecials).where(eq(caseSpecials.caseId, id));
        specials.push(...g.specials.map((s) => ({ ...s, caseId: id })));
        hp = h;
        changed = true;
      }
    }
    if (changed) {
      changedSet.add(g.projid);
      if (!freshIds.has(id)) await tx.update(cases).set({ childHash: `${hs ?? ""}:${hp ?? ""}` }).where(eq(cases.id, id));
      if (!touched.has(id)) {
        childChangedOnly++;
        await tx.insert(caseHistory).values({ caseId: id, version: byProj.get(g.projid)?.version ?? 1, source, changes: { ...(g.steps ? { steps: { old: "（原环节）", new: `${g.steps.length} 个环节` } } : {}), ...(g.specials ? { specials: { old: "（原特别程序）", new: `${g.specials.length} 个特别程序` } } : {}) }, byAccountId: actor.accountId });
      }
      touched.add(id);
    }
    for (const e of g.evaluations ?? []) evals.push({ g, e, caseId: id });
  }
  out.updated += childChangedOnly;
  for (let i = 0; i < steps.length; i += 2000) await tx.insert(caseSteps).values(steps.slice(i, i + 2000));
  for (let i = 0; i < specials.length; i += 2000) await tx.insert(caseSpecials).values(specials.slice(i, i + 2000));
  // 3. Evaluations, keyed by EVALID; a 差评 opens its follow-up.
  if (evals.length) {
    const divisions = new Map<number, string>();
    for (const g of list) {
      const id = idOf.get(g.projid);
      if (id !== undefined) divisions.set(id, g.base?.row?.divisionCode ?? byProj.get(g.projid)?.divisionCode ?? "");
    }
    const ins = await tx.insert(caseEvaluations)
      .values(evals.map(({ e, caseId }) => ({ ...e, caseId, divisionCode: divisions.get(caseId)! })))
      .onConflictDoNothing()
      .returning({ id: caseEvaluations.id, level: caseEvaluations.level, caseId: caseEvaluations.caseId });
    out.evaluations += ins.length;
    const projOf = new Map([...idOf].map(([k, v]) => [v, k]));
    for (const e of ins) changedProj.add(projOf.get(e.caseId)!);
    await openFollowups(tx, ins.filter((e) => e.level >= 4).map((e) => e.id));
  }
  out.unchanged = list.length - changedProj.size;
  // 4. The clock: due instants recomputed, cards swept, for every case touched.
  const ids = [...touched];
  if (ids.length) {
    await refreshDues(tx, ids, now);
    await sweepCards(tx, now, ids);
  }
  await audit(tx, actor, { event: "cases.intake", objectType: "case_batch", detail: { source, cases: list.length, ...out } });
  return out;
}

export interface IntakeOptions {
  source: "file" | "push" | "demo" | "bench";
  now?: Date;
  /** Cases per transaction. */
  chunk?: number;
}

/** Take in one exchange set (files or push). */
export async function intakeSet(db: Db, actor: Actor, scope: Scoped, set: ExchangeSet, opts: IntakeOptions): Promise<IntakeReport> {
  const now = opts.now ?? new Date();
  const { groups, problems, rows } = parseSet(set, scope);
  const report: IntakeReport = { rows, cases: groups.size, inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0, evaluations: 0, problems };
  // Children of a case neither in this set nor stored are refused; rows of a case outside the scope too.
  const orphans = [...groups.values()].filter((g) => !g.bad && (!g.base || !g.base.row));
  if (orphans.length) {
    const known = new Map<string, string>();
    for (let i = 0; i < orphans.length; i += 1000) {
      const part = orphans.slice(i, i + 1000).map((g) => g.projid);
      for (const r of await db.select({ projid: cases.projid, division: cases.divisionCode }).from(cases).where(inArray(cases.projid, part))) known.set(r.projid, r.division);
    }
    for (const g of orphans) {
      const div = known.get(g.projid);
      if (div === undefined) {
        if (g.base?.flag === "D") continue;
        g.bad = true;
        problems.push({ table: g.steps ? "PRE_PROCESS" : g.specials ? "PRE_SPECIALPROCEDURE" : "PRE_EVALUATION", row: 0, projid: g.projid, field: "PROJID", message: "办件编号不存在（基本信息表中没有该办件）" });
      } else if (!inScope(scope, div)) {
        g.bad = true;
        problems.push({ table: g.base ? "PRE_BASEINFO" : "PRE_PROCESS", row: 0, projid: g.projid, field: "PROJID", message: "该办件不在您的数据范围内" });
      }
    }
  }
  const good = [...groups.values()].filter((g) => !g.bad);
  report.rejected = groups.size - good.length;
  const size = opts.chunk ?? 500;
  const add = (o: Outcome) => {
    report.inserted += o.inserted; report.updated += o.updated; report.deleted += o.deleted; report.unchanged += o.unchanged; report.evaluations += o.evaluations;
  };
  for (let i = 0; i < good.length; i += size) {
    const part = good.slice(i, i + size);
    try {
      add(await db.transaction((tx) => writeGroups(tx, actor, part, now, opts.source)));
    } catch {
      // One case at a time, so that one case's failure keeps only that case out.
      for (const g of part) {
        try {
          add(await db.transaction((tx) => writeGroups(tx, actor, [g], now, opts.source)));
        } catch (e) {
          report.rejected++;
          problems.push({ table: "PRE_BASEINFO", row: 0, projid: g.projid, field: null, message: `写入失败：${(e as Error).message.slice(0, 120)}` });
        }
      }
    }
  }
  return report;
}

/** Every table's rows of a set, for a file export of the same shapes. */
export function tableColumns(t: ExchangeTable): readonly string[] {
  return EXCHANGE_TABLES[t];
}
