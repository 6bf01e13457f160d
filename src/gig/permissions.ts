/** GIG 零工驿站子系统: the function codes its positions are made of (P1, P12, S-GIG). */
import { defineArea } from "../core/access/catalogue.js";

export const GIG_AREA = defineArea("GIG", [
  { code: "gig.station.manage", name: "驿站管理" },
  { code: "gig.worker.read", name: "查询零工信息" },
  { code: "gig.worker.manage", name: "零工登记" },
  { code: "gig.worker.reveal-id", name: "查看零工完整身份证号、联系电话", sensitive: true },
  { code: "gig.employer.manage", name: "用工主体登记" },
  { code: "gig.posting.review", name: "岗位信息审核" },
  { code: "gig.match.manage", name: "匹配推荐与录用" },
  { code: "gig.settlement.manage", name: "工资结算与劳动维权" },
  { code: "gig.stats.read", name: "零工统计" },
] as const);
export const GIG_FUNCTIONS = GIG_AREA.functions;
export type GigPermission = (typeof GIG_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<GigPermission, true> {}
}
