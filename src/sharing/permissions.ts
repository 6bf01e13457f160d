/** SHARE 共享用工子系统: the function codes its positions are made of (P1, P12, S-SHARE). */
import { defineArea } from "../core/access/catalogue.js";

export const SHARE_AREA = defineArea("SHARE", [
  { code: "share.enterprise.read", name: "查询企业富余、缺工信息" },
  { code: "share.enterprise.manage", name: "登记企业富余、缺工信息" },
  { code: "share.review", name: "审核企业及富余、缺工申报" },
  { code: "share.match.manage", name: "对接撮合" },
  { code: "share.agreement.manage", name: "共享用工协议管理" },
  { code: "share.dispute.manage", name: "返岗与争议处理" },
  { code: "share.subsidy.manage", name: "共享用工补贴审批" },
  { code: "share.stats.read", name: "共享用工统计" },
] as const);
export const SHARE_FUNCTIONS = SHARE_AREA.functions;
export type SharePermission = (typeof SHARE_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<SharePermission, true> {}
}
