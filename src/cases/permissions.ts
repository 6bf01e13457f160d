/** CASES 人社政务服务办件分析预警子系统: the function codes its positions are made of (P1, P12, S-CASES). */
import { defineArea } from "../core/access/catalogue.js";

export const CASES_AREA = defineArea("CASES", [
  { code: "cases.case.read", name: "查询办件" },
  { code: "cases.case.reveal-id", name: "查看申请人完整证件号码" },
  { code: "cases.import", name: "导入办件交换数据" },
  { code: "cases.warning.handle", name: "预警处置" },
  { code: "cases.card.appeal", name: "红黄牌申诉" },
  { code: "cases.review.followup", name: "差评回访整改" },
  { code: "cases.review.signoff", name: "差评整改领导签字" },
  { code: "cases.stats.read", name: "办件统计分析" },
] as const);
export const CASES_FUNCTIONS = CASES_AREA.functions;
export type CasesPermission = (typeof CASES_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<CasesPermission, true> {}
}
