/** The five subsystems (P1) and what each contains (SPEC S-…), for the menu, the login page and the home page. */
import type { BusinessSubsystem } from "./types.js";

export interface SubsystemInfo {
  code: BusinessSubsystem;
  /** Menu label. */
  short: string;
  /** Name in the notice (第二条). */
  name: string;
  spec: string;
  summary: string;
  features: string[];
}

export const SUBSYSTEM_INFO: Record<BusinessSubsystem, SubsystemInfo> = {
  LABOR: {
    code: "LABOR",
    short: "劳动力资源信息库",
    name: "劳动力资源信息库",
    spec: "S-LABOR",
    summary: "全州劳动力资源“一人一档”，由乡镇、村通过入户调查（一户一表）采集并持续更新。",
    features: [
      "人员档案：身份证号（GB 11643 校验）、姓名、性别、民族、文化程度、户籍地与常住地（到村）、联系方式",
      "就业状态与转移就业：就业/灵活就业/失业/务农/在校/退休，外出地域、外出方式、务工行业、职业、月收入",
      "技能等级与职业资格、培训意愿、就业意愿、返乡、脱贫人口与监测对象标识",
      "每条记录的变更历史（何人、何时、原值 → 新值）",
      "按乡镇实际报送的 xlsx/csv 表格批量导入，逐行报告错误；导出、检索与筛选",
      "按州、县、乡、村统计劳动年龄人口（男16–60岁、女16–55岁）与转移劳动力",
    ],
  },
  SHARE: {
    code: "SHARE",
    short: "共享用工",
    name: "共享用工子系统",
    spec: "S-SHARE",
    summary: "企业之间调剂富余与短缺用工，人社部门居间撮合，劳动关系保留在原企业。",
    features: [
      "企业申报富余人员或缺工需求",
      "人社部门撮合对接",
      "出借与借用企业签订共享用工协议（人数、期限不超过劳动合同剩余期限、岗位、工时、报酬、社保、劳动保护），逐人征得劳动者同意",
      "人员回流与争议处理",
      "共享用工统计",
    ],
  },
  GIG: {
    code: "GIG",
    short: "零工驿站",
    name: "零工驿站子系统",
    spec: "S-GIG",
    summary: "县、乡零工驿站（总站/分站/基层站）服务零工人员与用工主体，发布、匹配零工岗位。",
    features: [
      "驿站管理：总站、分站、基层站",
      "零工人员登记：技能、求职意向、日薪区间、可工作时间与区域，困难零工标识（待工长、低收入、残疾、大龄）",
      "用工主体登记（企业凭营业执照或个人），零工岗位发布前审核",
      "岗位匹配与推荐，报名与录用（待确认/已录用/已完成/已取消），到岗签到、离岗签退",
      "工资结算与劳动维权投诉，评价与信用",
      "登记、发布、就业人次统计",
    ],
  },
  ANALYTICS: {
    code: "ANALYTICS",
    short: "人社数据分析",
    name: "人社数据分析子系统",
    spec: "S-ANALYTICS",
    summary: "人社业务数据的综合分析看板，支持州 → 县 → 乡逐级下钻。",
    features: [
      "劳动力资源、就业状态总览",
      "转移就业按去向与渠道分析，返乡人员分析，脱贫人口务工分析",
      "零工驿站与共享用工业务量",
      "年度目标任务完成进度（完成率）",
      "图表展示与数据导出",
    ],
  },
  CASES: {
    code: "CASES",
    short: "办件分析预警",
    name: "人社政务服务办件分析预警子系统",
    spec: "S-CASES",
    summary: "对接政务服务平台的办件数据，按法定工作日计算办理时限并预警。",
    features: [
      "办件信息：办件编号、事项名称、办理类型、申请人、受理时间、承诺办结时间（工作日）、受理部门/窗口/人员、办理环节",
      "特别程序暂停计时，办结时间与办结结果，“好差评”五级满意度",
      "从政务服务平台交换库导入办件",
      "预警：到期前一个工作日黄色预警，超期红色预警；差评 15 个工作日内整改回访",
      "按部门、事项、窗口、时段统计",
    ],
  },
};

/** Display name of any area (the five subsystems and REQ), from the server's catalogue. */
export { SUBSYSTEM_NAMES as AREA_NAMES } from "../core/access/areas.js";
