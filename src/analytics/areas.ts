/** Chinese names of the areas indicators are grouped by (server and report side; the web has its own twin). */
import type { Subsystem } from "../core/access/areas.js";

export const AREA_TITLES: Record<Subsystem, string> = {
  LABOR: "劳动力资源",
  GIG: "零工驿站",
  SHARE: "共享用工",
  CASES: "政务服务办件",
  ANALYTICS: "数据分析",
  REQ: "两项措施（权限申请表与业务需求）",
};

export const AREA_ORDER: Subsystem[] = ["LABOR", "GIG", "SHARE", "CASES", "REQ", "ANALYTICS"];

/** The key figures of a dashboard: labor's headline numbers first, then the first few of every other area. */
const LABOR_KEYS = ["labor.persons", "labor.laborForce", "labor.employed", "labor.transfer", "labor.returnee", "labor.povertyEmployed", "labor.monitoredEmployed"];

export function keyIndicatorCodes(all: { code: string; area: Subsystem }[], perArea = 3): string[] {
  const out = LABOR_KEYS.filter((c) => all.some((i) => i.code === c));
  for (const area of AREA_ORDER) {
    if (area === "LABOR") continue;
    out.push(...all.filter((i) => i.area === area).slice(0, perArea).map((i) => i.code));
  }
  return out;
}
