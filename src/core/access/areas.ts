/**
 * Areas of the permission measure (P1): the five business subsystems, and REQ — the duties of the
 * 业务需求运维管理暂行办法 (submit, review, manage, evaluate, test, release), which positions carry like any other.
 * These codes are kernel data, as division codes are: positions and grants name one area each. What an area
 * contains (its function codes, routes and pages) is brought by its module (src/modules.ts).
 */
export const SUBSYSTEMS = ["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES"] as const;
export const AREAS = [...SUBSYSTEMS, "REQ"] as const;
/** An area code: a business subsystem (P1) or REQ. */
export type Subsystem = (typeof AREAS)[number];
export type BusinessSubsystem = (typeof SUBSYSTEMS)[number];

/** The names the notice gives (第二条), and the measure's own name for REQ. */
export const SUBSYSTEM_NAMES: Record<Subsystem, string> = {
  LABOR: "劳动力资源信息库",
  SHARE: "共享用工子系统",
  GIG: "零工驿站子系统",
  ANALYTICS: "人社数据分析子系统",
  CASES: "人社政务服务办件分析预警子系统",
  REQ: "业务需求运维管理",
};
