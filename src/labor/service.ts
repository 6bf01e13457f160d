/**
 * S-LABOR registry services: search and filter, record detail with change history, manual and survey entry (一户一表),
 * edit with history, audited reveal of 身份证号/phone (X2), data-quality checks per township. Every read and count is
 * limited by the caller's organisation scope (P9, scopeFilter on the 常住地 village code); every write is audited in
 * the same transaction (X1).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts } from "../core/db/schema.js";
import { audit, type Actor } from "../core/audit.js";
import { AppError, badRequest, conflict, notFound } from "../core/errors.js";
import { type Principal } from "../core/access/principal.js";
import { inScope, regionScope, scopeFilter, scopeOf, scopeSql } from "../core/access/scope.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { chinaDate } from "../core/calendar.js";
import { CODE_LISTS, EMPLOYED_STATUSES, codeName, type CodeList } from "./codes.js";
import { FIELDS, FIELD_BY_KEY, ageOn, fieldLabel, recordToRaw, validatePerson, type PersonRecord, type Problem, type RawValues } from "./record.js";
import { laborHouseholds, laborPersonChanges, laborPersons } from "./schema.js";
import { villageIndex } from "./import.js";

export type PersonRow = typeof laborPersons.$inferSelect;

// ---------------------------------------------------------------- search

export interface PersonFilter {
  region?: string;
  q?: string;
  status?: string[];
  sex?: string;
  education?: string;
  ethnicity?: string;
  transferDest?: string;
  transferChannel?: string;
  skill?: string;
  transfer?: boolean;
  returnee?: boolean;
  poverty?: boolean;
  monitored?: boolean;
  workingAge?: boolean;
  ageMin?: number;
  ageMax?: number;
  householdId?: number;
}

/** Birth-date bound for "at least `years` old on `today`" (same rule as SQL date - interval). */
function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const ty = y - years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${ty}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The WHERE of a registry search, scope first (P9). */
export function personConditions(p: Pick<Principal, "scopePrefix">, f: PersonFilter, today: string): SQL[] {
  const t = laborPersons;
  const conds: SQL[] = [scopeFilter(p, t.regionCode)];
  if (f.region) {
    const region = regionScope(p, f.region);
    if (region.scopePrefix !== p.scopePrefix) conds.push(scopeFilter(region, t.regionCode));
  }
  if (f.q) {
    const q = f.q.trim();
    if (/^\d{17}[\dXx]$/.test(q)) conds.push(eq(t.idNumber, q.toUpperCase()));
    else conds.push(sql`${t.name} like ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (f.status?.length) conds.push(f.status.length === 1 ? eq(t.employmentStatus, f.status[0]!) : inArray(t.employmentStatus, f.status));
  if (f.sex) conds.push(eq(t.sex, f.sex));
  if (f.education) conds.push(eq(t.education, f.education));
  if (f.ethnicity) conds.push(eq(t.ethnicity, f.ethnicity));
  if (f.transferDest) conds.push(eq(t.transferDest, f.transferDest));
  if (f.transferChannel) conds.push(eq(t.transferChannel, f.transferChannel));
  if (f.skill) conds.push(sql`${t.skills} @> array[${f.skill}]::text[]`);
  if (f.transfer !== undefined) conds.push(eq(t.isTransfer, f.transfer));
  if (f.returnee !== undefined) conds.push(eq(t.returnee, f.returnee));
  if (f.poverty !== undefined) conds.push(eq(t.poverty, f.poverty));
  if (f.monitored !== undefined) conds.push(eq(t.monitored, f.monitored));
  if (f.householdId !== undefined) conds.push(eq(t.householdId, f.householdId));
  if (f.workingAge !== undefined) {
    // S-LABOR working age: men 16–60, women 16–55 (from the 16th birthday to the day before the 60th/55th).
    const wa = sql`(${t.birthDate} <= ${yearsBefore(today, 16)} and ((${t.sex} = 'M' and ${t.birthDate} > ${yearsBefore(today, 60)}) or (${t.sex} = 'F' and ${t.birthDate} > ${yearsBefore(today, 55)})))`;
    conds.push(f.workingAge ? wa : sql`not ${wa}`);
  }
  if (f.ageMin !== undefined) conds.push(sql`${t.birthDate} <= ${yearsBefore(today, f.ageMin)}`);
  if (f.ageMax !== undefined) conds.push(sql`${t.birthDate} > ${yearsBefore(today, f.ageMax + 1)}`);
  return conds;
}

/** Columns of a list row: no clear 身份证号 or phone leaves this module except through reveal (X2). */
export const LIST_COLUMNS = {
  id: laborPersons.id, idNumber: laborPersons.idNumber, name: laborPersons.name, sex: laborPersons.sex, birthDate: laborPersons.birthDate,
  ethnicity: laborPersons.ethnicity, education: laborPersons.education, regionCode: laborPersons.regionCode,
  employmentStatus: laborPersons.employmentStatus, transferDest: laborPersons.transferDest, transferChannel: laborPersons.transferChannel,
  isTransfer: laborPersons.isTransfer, returnee: laborPersons.returnee, poverty: laborPersons.poverty, monitored: laborPersons.monitored,
  phone: laborPersons.phone, householdId: laborPersons.householdId, updatedAt: laborPersons.updatedAt,
};

export interface ListItem {
  id: number;
  name: string;
  idNumberMasked: string;
  sex: string;
  birthDate: string;
  age: number;
  ethnicity: string | null;
  education: string | null;
  regionCode: string;
  villageName: string | null;
  employmentStatus: string | null;
  transferDest: string | null;
  transferChannel: string | null;
  isTransfer: boolean;
  returnee: boolean;
  poverty: boolean;
  monitored: boolean;
  phoneMasked: string | null;
  householdId: number | null;
  updatedAt: Date;
}

/** The two statements of a search (page and total), so that the benchmark can run exactly what the API runs. */
export function searchQueries(db: Db, p: Pick<Principal, "scopePrefix">, f: PersonFilter, page: number, pageSize: number, today = chinaDate(new Date())) {
  const where = and(...personConditions(p, f, today));
  return {
    page: db.select(LIST_COLUMNS).from(laborPersons).where(where).orderBy(asc(laborPersons.regionCode), asc(laborPersons.id)).limit(pageSize).offset((page - 1) * pageSize),
    count: db.select({ n: sql<number>`count(*)::int` }).from(laborPersons).where(where),
  };
}

export async function searchPersons(db: Db, p: Principal, f: PersonFilter, page: number, pageSize: number): Promise<{ items: ListItem[]; total: number; page: number; pageSize: number }> {
  const today = chinaDate(new Date());
  const q = searchQueries(db, p, f, page, pageSize, today);
  const list = await q.page;
  const [c] = await q.count;
  const ix = await villageIndex(db);
  return { items: list.map((r) => toListItem(r, today, ix.codes.get(r.regionCode)?.name ?? null)), total: Number(c?.n ?? 0), page, pageSize };
}

export function toListItem(r: { [K in keyof typeof LIST_COLUMNS]: PersonRow[K] }, today: string, villageName: string | null): ListItem {
  const { idNumber, phone, ...rest } = r;
  return { ...rest, idNumberMasked: maskIdNumber(idNumber)!, phoneMasked: maskPhone(phone), age: ageOn(r.birthDate, today), villageName };
}

// ---------------------------------------------------------------- detail and history

async function personInScope(q: Queryable, p: Pick<Principal, "scopePrefix">, id: number, lock = false): Promise<PersonRow> {
  const base = q.select().from(laborPersons).where(and(eq(laborPersons.id, id), scopeFilter(p, laborPersons.regionCode)));
  const [row] = lock ? await base.for("update") : await base;
  if (!row) throw notFound("PERSON_NOT_FOUND", "人员不存在或不在您的数据范围内");
  return row;
}

/** A stored value as people read it: code names, 是/否, village names, masked 身份证号/phone (X2). */
export function displayValue(field: string, v: string | null, villageName: (code: string) => string | null): string | null {
  if (v === null || v === undefined || v === "") return null;
  const f = FIELD_BY_KEY.get(field as keyof PersonRecord);
  if (field === "idNumber") return maskIdNumber(v);
  if (field === "phone") return maskPhone(v);
  if (field === "regionCode" || field === "hukouCode") return villageName(v) ?? v;
  if (f?.kind === "bool") return v === "true" ? "是" : v === "false" ? "否" : v;
  if (f?.kind === "codes" && f.list) return v.split(",").map((c) => codeName(f.list as CodeList, c)).join("、");
  if (f?.list) return codeName(f.list, v);
  return v;
}

export async function personDetail(db: Db, p: Principal, id: number, actor: Actor) {
  const row = await personInScope(db, p, id);
  const today = chinaDate(new Date());
  const ix = await villageIndex(db);
  const vname = (c: string) => ix.codes.get(c)?.name ?? null;
  const household = row.householdId ? await householdWithMembers(db, p, row.householdId, today) : null;
  const history = await db.select().from(laborPersonChanges).where(eq(laborPersonChanges.personId, id)).orderBy(desc(laborPersonChanges.id)).limit(500);
  const names = await accountNames(db, [row.createdBy, row.updatedBy]);
  // X1: looking at a person's record is an access to personal data.
  await audit(db, actor, { event: "labor.person.view", objectType: "labor_person", objectId: id, detail: {} });
  const { idNumber, phone, ...rest } = row;
  return {
    person: {
      ...rest, idNumberMasked: maskIdNumber(idNumber)!, phoneMasked: maskPhone(phone), age: ageOn(row.birthDate, today),
      villageName: vname(row.regionCode), townshipCode: row.regionCode.slice(0, 9), hukouName: row.hukouCode ? vname(row.hukouCode) : null,
      createdByName: row.createdBy ? names.get(row.createdBy) ?? null : null, updatedByName: row.updatedBy ? names.get(row.updatedBy) ?? null : null,
    },
    household,
    history: history.map((h) => ({
      id: h.id, field: h.field, fieldName: fieldLabel(h.field), oldValue: displayValue(h.field, h.oldValue, vname), newValue: displayValue(h.field, h.newValue, vname),
      actorName: h.actorName, at: h.at, source: h.source, batchId: h.batchId,
    })),
  };
}

async function accountNames(db: Queryable, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => typeof x === "number"))];
  if (!list.length) return new Map();
  const rowsFound = await db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(inArray(accounts.id, list));
  return new Map(rowsFound.map((r) => [r.id, r.name]));
}

async function householdWithMembers(db: Queryable, p: Pick<Principal, "scopePrefix">, householdId: number, today: string) {
  const [h] = await db.select().from(laborHouseholds).where(eq(laborHouseholds.id, householdId));
  if (!h) return null;
  const members = await db.select({ id: laborPersons.id, name: laborPersons.name, idNumber: laborPersons.idNumber, sex: laborPersons.sex, birthDate: laborPersons.birthDate, relation: laborPersons.relation, employmentStatus: laborPersons.employmentStatus, regionCode: laborPersons.regionCode })
    .from(laborPersons).where(and(eq(laborPersons.householdId, householdId), scopeFilter(p, laborPersons.regionCode))).orderBy(asc(laborPersons.id));
  return {
    id: h.id, householdNo: h.householdNo, villageCode: h.villageCode, address: h.address, createdAt: h.createdAt,
    members: members.map(({ idNumber, ...m }) => ({ ...m, idNumberMasked: maskIdNumber(idNumber)!, age: ageOn(m.birthDate, today) })),
  };
}

/** A member as the household page shows it (JSON-safe: no dates as objects). */
export type HouseholdMember = NonNullable<Awaited<ReturnType<typeof householdWithMembers>>>["members"][number];

export async function householdDetail(db: Db, p: Principal, id: number) {
  const [h] = await db.select().from(laborHouseholds).where(and(eq(laborHouseholds.id, id), scopeFilter(p, laborHouseholds.villageCode)));
  if (!h) throw notFound("HOUSEHOLD_NOT_FOUND", "户不存在或不在您的数据范围内");
  const ix = await villageIndex(db);
  const d = await householdWithMembers(db, p, id, chinaDate(new Date()));
  return { ...d!, villageName: ix.codes.get(h.villageCode)?.name ?? null };
}

// ---------------------------------------------------------------- reveal (X2)

export async function revealPerson(db: Db, p: Principal, id: number, reason: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await personInScope(tx, p, id);
    await audit(tx, actor, { event: "labor.person.reveal", objectType: "labor_person", objectId: id, detail: { reason, fields: ["idNumber", "phone"], name: row.name } });
    return { id, idNumber: row.idNumber, phone: row.phone };
  });
}

// ---------------------------------------------------------------- create and edit

/** Input of manual entry: codes as stored (zod-checked at the route), text and numbers as typed. */
export type PersonInput = Partial<Omit<PersonRecord, "sex" | "birthDate">> & { sex?: string | null; birthDate?: string | null };

function personProblems(problems: Problem[]) {
  const errors = problems.filter((x) => x.severity === "error");
  const first = errors[0];
  return badRequest("PERSON_INVALID", first ? `${first.column}：${first.message}` : "人员信息不完整", { problems: errors.map((e) => ({ field: e.field, column: e.column, code: e.code, message: e.message })) });
}

/** Validate entry through the one rule set (record.ts); `present` = the fields the form carries. */
async function validateInput(db: Db, p: Pick<Principal, "scopePrefix">, input: PersonInput): Promise<{ record: PersonRecord; present: Set<string> }> {
  const raw: RawValues = recordToRaw(input as Partial<PersonRecord>);
  if (input.sex === null || input.sex === undefined) delete raw.sex;
  else raw.sex = input.sex === "M" ? "男" : input.sex === "F" ? "女" : input.sex;
  if (!input.birthDate) delete raw.birthDate;
  const present = new Set(Object.keys(raw));
  present.add("idNumber");
  present.add("name");
  present.add("regionCode");
  const { record, problems } = validatePerson(raw, present, { villages: await villageIndex(db), scopePrefix: p.scopePrefix, today: chinaDate(new Date()) });
  if (!record) throw personProblems(problems);
  return { record, present };
}

const STORED_KEYS = FIELDS.filter((f) => f.col && f.key !== "householdNo").map((f) => f.key as keyof PersonRecord);

function columnsOf(r: PersonRecord, present: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const k of STORED_KEYS) if (present.has(k)) out[k] = (r as unknown as Record<string, unknown>)[k] ?? null;
  if (present.has("skills")) out.skills = r.skills ?? [];
  for (const b of ["returnee", "poverty", "monitored"]) if (present.has(b)) out[b] = (r as unknown as Record<string, unknown>)[b] ?? false;
  return out;
}

async function householdIdFor(tx: Queryable, p: Pick<Principal, "scopePrefix">, householdNo: string | null | undefined, villageCode: string, actorId: number | null): Promise<number | null> {
  if (!householdNo) return null;
  const [h] = await tx.select().from(laborHouseholds).where(eq(laborHouseholds.householdNo, householdNo));
  if (h) {
    if (!inScope(p, h.villageCode)) throw badRequest("HOUSEHOLD_OUT_OF_SCOPE", "该户编号属于您数据范围以外的村（社区）");
    return h.id;
  }
  const [created] = await tx.insert(laborHouseholds).values({ householdNo, villageCode, createdBy: actorId }).returning({ id: laborHouseholds.id });
  return created!.id;
}

async function insertPerson(tx: Queryable, p: Pick<Principal, "scopePrefix">, record: PersonRecord, present: Set<string>, actor: Actor, householdId: number | null) {
  const [dup] = await tx.select({ id: laborPersons.id, regionCode: laborPersons.regionCode }).from(laborPersons).where(eq(laborPersons.idNumber, record.idNumber));
  if (dup) {
    if (inScope(p, dup.regionCode)) throw conflict("PERSON_EXISTS", "该身份证号已登记，请在原记录上修改", { id: dup.id });
    // Outside the caller's scope the answer says only that the row cannot be filed: where and by whom stays unsaid (issue 12, class 5).
    throw conflict("PERSON_NOT_REGISTRABLE", "该身份证号不能在您的数据范围内登记，请与上级或所在地核实");
  }
  const [row] = await tx.insert(laborPersons).values({
    ...(columnsOf(record, present) as Partial<PersonRow>),
    idNumber: record.idNumber, name: record.name, sex: record.sex, birthDate: record.birthDate, regionCode: record.regionCode,
    householdId, createdBy: actor.accountId, updatedBy: actor.accountId,
  }).returning();
  return row!;
}

export async function createPerson(db: Db, p: Principal, input: PersonInput, actor: Actor) {
  const { record, present } = await validateInput(db, p, input);
  return db.transaction(async (tx) => {
    const householdId = await householdIdFor(tx, p, record.householdNo, record.regionCode, actor.accountId);
    const row = await insertPerson(tx, p, record, present, actor, householdId);
    await audit(tx, actor, { event: "labor.person.create", objectType: "labor_person", objectId: row.id, detail: { regionCode: row.regionCode, householdId } });
    return { id: row.id, version: row.version };
  });
}

/** 一户一表: a household and its members entered together; all or nothing. */
export async function createHousehold(db: Db, p: Principal, input: { householdNo?: string | null; villageCode: string; address?: string | null; members: PersonInput[] }, actor: Actor) {
  if (!inScope(p, input.villageCode)) throw badRequest("OUT_OF_SCOPE", "该村（社区）不在您的数据范围内");
  const ix = await villageIndex(db);
  if (!ix.codes.has(input.villageCode)) throw badRequest("VILLAGE_UNKNOWN", "村（社区）区划代码不存在");
  if (!input.members.length) throw badRequest("HOUSEHOLD_EMPTY", "一户至少登记一名成员");
  const validated: { record: PersonRecord; present: Set<string> }[] = [];
  const memberProblems: { member: number; problems: unknown }[] = [];
  const ids = new Set<string>();
  for (const [i, m] of input.members.entries()) {
    try {
      const v = await validateInput(db, p, { ...m, regionCode: m.regionCode ?? input.villageCode });
      if (ids.has(v.record.idNumber)) throw badRequest("DUPLICATE_MEMBER", "同一户中身份证号重复");
      ids.add(v.record.idNumber);
      validated.push(v);
    } catch (e) {
      memberProblems.push({ member: i + 1, problems: (e as { details?: unknown; message: string }).details ?? (e as Error).message });
    }
  }
  if (memberProblems.length) throw badRequest("HOUSEHOLD_INVALID", `第 ${memberProblems[0]!.member} 名成员的信息有误`, { members: memberProblems });
  return db.transaction(async (tx) => {
    let householdNo = input.householdNo?.trim() || null;
    if (householdNo) {
      const [exists] = await tx.select({ id: laborHouseholds.id }).from(laborHouseholds).where(eq(laborHouseholds.householdNo, householdNo));
      if (exists) throw conflict("HOUSEHOLD_EXISTS", "该户编号已存在");
    } else {
      // 户编号 = village code + 4-digit sequence within the village.
      const [last] = await tx.select({ no: sql<string | null>`max(${laborHouseholds.householdNo})` }).from(laborHouseholds)
        .where(sql`${laborHouseholds.householdNo} between ${`${input.villageCode}0000`} and ${`${input.villageCode}9999`} and length(${laborHouseholds.householdNo}) = 16`);
      const seq = last?.no ? Number(last.no.slice(12)) + 1 : 1;
      householdNo = `${input.villageCode}${String(seq).padStart(4, "0")}`;
    }
    const [h] = await tx.insert(laborHouseholds).values({ householdNo, villageCode: input.villageCode, address: input.address ?? null, createdBy: actor.accountId }).returning();
    const created: number[] = [];
    for (const [i, v] of validated.entries()) {
      try {
        const row = await insertPerson(tx, p, { ...v.record, householdNo }, v.present, actor, h!.id);
        created.push(row.id);
      } catch (e) {
        // Already registered: say which member, so that the survey form can mark the row.
        if (e instanceof AppError && e.statusCode === 409) {
          throw conflict(e.code, `第 ${i + 1} 名成员（${v.record.name}）：${e.message}`, { ...(e.details as object | undefined), member: i + 1 });
        }
        throw e;
      }
    }
    await audit(tx, actor, { event: "labor.household.create", objectType: "labor_household", objectId: h!.id, detail: { householdNo, villageCode: input.villageCode, members: created } });
    return { id: h!.id, householdNo, members: created };
  });
}

function storedText(field: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.join(",");
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

/** Edit: the changed fields are validated together with the rest of the record; history rows only for real changes. */
export async function updatePerson(db: Db, p: Principal, id: number, version: number, input: PersonInput, actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await personInScope(tx, p, id, true);
    if (row.version !== version) throw conflict("PERSON_VERSION_CONFLICT", "该记录已被他人修改，请刷新后重试");
    const [hh] = row.householdId ? await tx.select({ no: laborHouseholds.householdNo }).from(laborHouseholds).where(eq(laborHouseholds.id, row.householdId)) : [];
    const current: PersonInput = {};
    for (const k of STORED_KEYS) (current as Record<string, unknown>)[k] = (row as unknown as Record<string, unknown>)[k];
    current.idNumber = row.idNumber;
    current.householdNo = hh?.no ?? null;
    const merged: PersonInput = { ...current, ...input };
    const { record, present } = await validateInput(db, p, merged);
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    for (const k of ["idNumber", ...STORED_KEYS, "householdNo"] as const) {
      const o = storedText(k, (current as Record<string, unknown>)[k]);
      const n = storedText(k, (record as unknown as Record<string, unknown>)[k] ?? (k === "skills" ? [] : ["returnee", "poverty", "monitored"].includes(k) ? false : null));
      if (o !== n && !(k === "skills" && (o ?? "") === (n ?? ""))) {
        before[k] = o;
        after[k] = n;
      }
    }
    const changed = Object.keys(after);
    if (!changed.length) return { id, version: row.version, changed: [] as string[] };
    if (after.idNumber !== undefined) {
      const [dup] = await tx.select({ id: laborPersons.id, regionCode: laborPersons.regionCode }).from(laborPersons).where(eq(laborPersons.idNumber, record.idNumber));
      if (dup && inScope(p, dup.regionCode)) throw conflict("PERSON_EXISTS", "新的身份证号已被其他记录使用");
      if (dup) throw conflict("PERSON_NOT_REGISTRABLE", "该身份证号不能在您的数据范围内登记，请与上级或所在地核实");
    }
    const householdId = changed.includes("householdNo") ? await householdIdFor(tx, p, record.householdNo, record.regionCode, actor.accountId) : row.householdId;
    const [updated] = await tx.update(laborPersons).set({
      ...(columnsOf(record, present) as Partial<PersonRow>),
      idNumber: record.idNumber, sex: record.sex, birthDate: record.birthDate, householdId,
      version: row.version + 1, updatedAt: new Date(), updatedBy: actor.accountId, updatedBatch: null,
    }).where(eq(laborPersons.id, id)).returning({ version: laborPersons.version });
    await tx.insert(laborPersonChanges).values(changed.map((field) => ({
      personId: id, field, oldValue: before[field] ?? null, newValue: after[field] ?? null, actorAccountId: actor.accountId, actorName: actor.name, source: "manual" as const,
    })));
    await audit(tx, actor, { event: "labor.person.update", objectType: "labor_person", objectId: id, detail: { fields: changed } });
    return { id, version: updated!.version, changed };
  });
}

// ---------------------------------------------------------------- data quality

export type QualityKind = "duplicate" | "age" | "missing" | "inconsistent";

const EMP_LIST = EMPLOYED_STATUSES.map((s) => `'${s}'`).join(",");
/** The conditions of the fix-list (S-LABOR 数据质量): one SQL expression per kind over labor_persons p. */
function qualityCond(kind: Exclude<QualityKind, "duplicate">, today: string): SQL {
  switch (kind) {
    case "age":
      return sql.raw(`(p.birth_date > ('${today}'::date - interval '16 years')::date or p.birth_date <= ('${today}'::date - interval '101 years')::date
        or (p.employment_status = 'retired' and p.birth_date > ('${today}'::date - interval '40 years')::date)
        or (p.employment_status = 'study' and p.birth_date <= ('${today}'::date - interval '36 years')::date))`);
    case "missing":
      return sql.raw(`(${FIELDS.filter((f) => f.survey).map((f) => `p.${f.col} is null`).join(" or ")})`);
    case "inconsistent":
      return sql.raw(`((p.transfer_dest is not null and coalesce(p.employment_status, '') not in (${EMP_LIST}, 'farm'))
        or (p.transfer_dest is null and (p.transfer_channel is not null or p.months_away is not null or p.left_date is not null))
        or (p.transfer_dest is not null and p.transfer_dest <> 'town' and p.months_away is null))`);
  }
}

function qualityReason(kind: QualityKind, r: Record<string, unknown>, today: string): string {
  if (kind === "duplicate") return `与其他 ${Number(r.dup_count) - 1} 条记录姓名、出生日期相同（身份证号不同），可能重复登记`;
  if (kind === "missing") {
    const missing = FIELDS.filter((f) => f.survey && (r[f.col!] === null || r[f.col!] === undefined)).map((f) => f.label);
    return `缺少入户调查必填项：${missing.join("、")}`;
  }
  if (kind === "age") {
    const age = ageOn(String(r.birth_date), today);
    if (age < 16) return `年龄 ${age} 岁，未满16周岁`;
    if (age > 100) return `年龄 ${age} 岁，请核实`;
    return `年龄 ${age} 岁与就业状态“${codeName(CODE_LISTS.employmentStatus, String(r.employment_status))}”不符`;
  }
  if (r.transfer_dest && !["emp", "flex", "self", "farm"].includes(String(r.employment_status ?? ""))) return "填写了转移就业去向，但就业状态不是就业";
  if (!r.transfer_dest) return "填写了外出方式、外出月数或外出时间，但没有转移就业去向";
  return "外出务工人员未填写外出月数";
}

/** Per-township summary of the fix-list inside the caller's scope (optionally one county or township). */
export async function qualitySummary(db: Db, p: Principal, region?: string) {
  const today = chinaDate(new Date());
  const scope = regionScope(p, region);
  const res = (await db.execute(sql`
    with p as (select * from labor_persons p where ${scopeSql(scope, sql.raw("p.region_code"))}),
    d as (select left(region_code, 9) as t, count(*) over (partition by name, birth_date) as c from p)
    select q.t as township_code, q.persons, q.age, q.missing, q.inconsistent, coalesce(dd.duplicate, 0) as duplicate from (
      select left(p.region_code, 9) as t, count(*)::int as persons,
        count(*) filter (where ${qualityCond("age", today)})::int as age,
        count(*) filter (where ${qualityCond("missing", today)})::int as missing,
        count(*) filter (where ${qualityCond("inconsistent", today)})::int as inconsistent
      from p group by 1
    ) q left join (select t, count(*)::int as duplicate from d where c > 1 group by t) dd on dd.t = q.t
    order by q.t`)) as unknown as { rows: { township_code: string; persons: number; age: number; missing: number; inconsistent: number; duplicate: number }[] };
  const names = await db.execute(sql`select code, name from org_nodes where level = 'township' and ${scopeSql({ scopePrefix: scope.scopePrefix.slice(0, 9) }, sql.raw("code"))}`) as unknown as { rows: { code: string; name: string }[] };
  const nameOf = new Map(names.rows.map((r) => [r.code, r.name]));
  return res.rows.map((r) => ({ townshipCode: r.township_code, townshipName: nameOf.get(r.township_code) ?? r.township_code, persons: Number(r.persons), duplicate: Number(r.duplicate), age: Number(r.age), missing: Number(r.missing), inconsistent: Number(r.inconsistent) }));
}

/** The fix-list of one township for one kind of problem. */
export async function qualityList(db: Db, p: Principal, townshipCode: string, kind: QualityKind, limit: number) {
  if (!/^\d{9}$/.test(townshipCode)) throw badRequest("TOWNSHIP_INVALID", "乡镇（街道）代码应为9位");
  if (!townshipCode.startsWith(p.scopePrefix) && !p.scopePrefix.startsWith(townshipCode)) throw notFound("OUT_OF_SCOPE", "该乡镇不在您的数据范围内");
  const today = chinaDate(new Date());
  const scope = sql`${scopeSql(scopeOf(townshipCode), sql.raw("p.region_code"))} and ${scopeSql(p, sql.raw("p.region_code"))}`;
  const cols = sql.raw(`p.id, p.name, p.id_number, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.region_code, p.employment_status, p.transfer_dest,
    ${FIELDS.filter((f) => f.survey).map((f) => `p.${f.col}`).join(", ")}`);
  const q = kind === "duplicate"
    ? sql`select * from (select ${cols}, count(*) over (partition by p.name, p.birth_date) as dup_count from labor_persons p where ${scope}) p where dup_count > 1 order by name, birth_date, id limit ${limit}`
    : sql`select ${cols} from labor_persons p where ${scope} and ${qualityCond(kind, today)} order by p.region_code, p.id limit ${limit}`;
  const res = (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
  const ix = await villageIndex(db);
  return res.rows.map((r) => ({
    id: Number(r.id), name: String(r.name), idNumberMasked: maskIdNumber(String(r.id_number))!, birthDate: String(r.birth_date).slice(0, 10),
    regionCode: String(r.region_code), villageName: ix.codes.get(String(r.region_code))?.name ?? null, kind, reason: qualityReason(kind, r, today),
  }));
}

