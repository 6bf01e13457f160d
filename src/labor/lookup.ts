/**
 * S-LABOR lookups other modules may call (they never read the registry's tables): the registered person behind a
 * 身份证号, with their 常住地 and skills, so that a module showing a person (S-GIG 零工) links to the registry
 * instead of keeping a second copy of the person.
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { villages } from "../core/db/schema.js";
import { laborPersons } from "./schema.js";
import { CODE_LISTS, codeName } from "./codes.js";

export interface RegisteredPerson {
  personId: number;
  name: string;
  /** 常住地 (12-digit village code) and its name. */
  regionCode: string;
  regionName: string | null;
  /** Skill codes of the registry's 技能 code table, with their names. */
  skills: { code: string; name: string }[];
  skillLevel: string | null;
  employmentStatus: string | null;
}

/** The person registered under this 身份证号, or null. The caller applies its own data scope to what it shows. */
export async function findRegisteredPerson(q: Queryable, idNumber: string): Promise<RegisteredPerson | null> {
  const [row] = await q
    .select({ id: laborPersons.id, name: laborPersons.name, regionCode: laborPersons.regionCode, regionName: villages.name, skills: laborPersons.skills, skillLevel: laborPersons.skillLevel, employmentStatus: laborPersons.employmentStatus })
    .from(laborPersons)
    .leftJoin(villages, eq(villages.code, laborPersons.regionCode))
    .where(eq(laborPersons.idNumber, idNumber.trim().toUpperCase()))
    .limit(1);
  if (!row) return null;
  return {
    personId: row.id,
    name: row.name,
    regionCode: row.regionCode,
    regionName: row.regionName,
    skills: (row.skills ?? []).map((c) => ({ code: c, name: codeName(CODE_LISTS.skills, c) ?? c })),
    skillLevel: row.skillLevel ? codeName(CODE_LISTS.skillLevel, row.skillLevel) : null,
    employmentStatus: row.employmentStatus ? codeName(CODE_LISTS.employmentStatus, row.employmentStatus) : null,
  };
}
