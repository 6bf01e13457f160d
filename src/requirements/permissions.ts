/**
 * REQ 业务需求运维管理 (R1–R14): the duties of the requirement measure as function codes, so positions can carry them.
 * Who may take which step is further bound to the account's unit kind (业务部门 / 信息中心 / 运维公司) and level.
 */
import { defineArea } from "../core/access/catalogue.js";

export const REQ_AREA = defineArea("REQ", [
  { code: "req.read", name: "查看业务需求" },
  { code: "req.submit", name: "提出和提交业务需求（业务部门）" },
  { code: "req.review", name: "审核业务需求（部门负责人、州级对口业务部门）" },
  { code: "req.manage", name: "需求管理（州信息中心：组织评估、开发、测试、发布）" },
  { code: "req.evaluate", name: "可行性评估与开发（运维公司）" },
  { code: "req.test", name: "测试确认（业务部门、信息中心）" },
  { code: "req.release", name: "发布上线（运维公司）" },
  { code: "req.ledger.read", name: "需求台账" },
] as const);
export const REQ_FUNCTIONS = REQ_AREA.functions;
export type ReqPermission = (typeof REQ_FUNCTIONS)[number]["code"];

declare module "../core/access/catalogue.js" {
  interface PermissionCodes extends Record<ReqPermission, true> {}
}
