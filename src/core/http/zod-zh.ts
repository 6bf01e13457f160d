/**
 * Every validation message a person can see is Chinese (issue 12, class 6): one global Zod error map, in plain words of
 * the forms ("不能超过 18 个字", "应为数字", "必填"), for every schema that does not give its own message. The error
 * handler puts the field's Chinese name in front (fieldLabel below).
 */
import { z } from "zod";

const TYPE_NAMES: Record<string, string> = {
  string: "文字", number: "数字", int: "整数", bigint: "整数", boolean: "是或否", array: "列表", object: "一组内容",
  date: "日期", null: "空值", undefined: "空值", nan: "数字", file: "文件", record: "一组内容", enum: "选项", literal: "指定值",
};
const FORMAT_NAMES: Record<string, string> = {
  regex: "格式不正确", email: "应为电子邮箱地址", url: "应为网址", uuid: "应为 UUID", date: "应为日期（YYYY-MM-DD）",
  datetime: "应为日期时间（ISO 8601）", time: "应为时间", ipv4: "应为 IPv4 地址", ipv6: "应为 IPv6 地址",
  base64: "应为 base64 编码", base64url: "应为 base64url 编码", json_string: "应为 JSON 文本", starts_with: "开头不正确",
  ends_with: "结尾不正确", includes: "内容不正确", lowercase: "应为小写", uppercase: "应为大写",
};
const SIZE_UNITS: Record<string, string> = { string: "个字", array: "项", set: "项", map: "项", file: "字节" };

function shown(v: unknown): string {
  return typeof v === "string" ? `“${v}”` : String(v);
}

/** The Chinese message of one Zod issue. */
export function chineseIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "必填";
      return `应为${TYPE_NAMES[issue.expected as string] ?? "正确的类型"}`;
    case "invalid_value":
      // The allowed values are codes for programs (they stay in the answer's details), not words for people.
      if (issue.values.length === 1 && typeof issue.values[0] !== "string") return `应为 ${shown(issue.values[0])}`;
      return "取值无效，请从给出的选项中选择";
    case "too_big": {
      const unit = SIZE_UNITS[issue.origin as string];
      const max = String(issue.maximum);
      if (unit) return `不能超过 ${max} ${unit}`;
      if (issue.origin === "date") return "日期太晚";
      return issue.inclusive ? `不能大于 ${max}` : `应小于 ${max}`;
    }
    case "too_small": {
      const unit = SIZE_UNITS[issue.origin as string];
      const min = String(issue.minimum);
      if (unit) return Number(issue.minimum) <= 1 && issue.inclusive !== false ? (issue.origin === "string" ? "不能为空" : "至少 1 项") : `至少 ${min} ${unit}`;
      if (issue.origin === "date") return "日期太早";
      return issue.inclusive ? `不能小于 ${min}` : `应大于 ${min}`;
    }
    case "invalid_format":
      return FORMAT_NAMES[issue.format] ?? "格式不正确";
    case "not_multiple_of":
      return `应为 ${String(issue.divisor)} 的倍数`;
    case "unrecognized_keys":
      return `含有不认识的项：${issue.keys.join("、")}`;
    case "invalid_key":
      return "名称无效";
    case "invalid_union":
      return "格式不正确";
    case "invalid_element":
      return "内容无效";
    default:
      return "内容无效";
  }
}

z.config({ customError: (issue) => chineseIssue(issue) });

/**
 * Chinese names of the fields of request bodies and query strings (the last named segment of an issue's path). A test
 * (src/core/defects/validation-zh.test.ts) checks that every field of every route has one.
 */
export const FIELD_LABELS: Record<string, string> = {
  // people and accounts
  idNumber: "身份证号", name: "姓名", phone: "联系电话", sex: "性别", birthDate: "出生日期", accountId: "账户",
  accountIds: "账户", roleKind: "账户类型", abSlot: "A/B角", orgCode: "所属组织", unitId: "单位", unitName: "单位名称",
  reason: "原因", formRef: "表单编号", status: "状态", level: "层级", q: "查询内容", lastLoginBefore: "最后登录早于",
  neverLoggedIn: "从未登录", open: "是否未结束", kind: "类别", note: "备注", remark: "备注", comment: "意见",
  // positions and grants
  positionId: "岗位", positionIds: "岗位", permissions: "权限", permission: "权限", subsystem: "子系统", subsystems: "子系统",
  grantId: "授权", expiresAt: "到期时间", validUntil: "有效期至", validFrom: "有效期自", duty: "职责", signerAccountId: "签字人",
  // forms
  stage: "签字环节", decision: "意见", rows: "表格行", row: "表格行", seq: "行号", action: "操作", result: "执行结果",
  formType: "表单类型", type: "类型", applicantUnitId: "申请单位", number: "编号", opinion: "意见", year: "年份",
  month: "月份", handoverTo: "交接人", fromAccountId: "交出人", toAccountId: "接收人", scan: "扫描件",
  // requirements
  title: "标题", content: "内容", description: "说明", urgency: "紧急程度", feasibility: "可行性", expectedDate: "期望完成日期",
  attachmentId: "附件", vendorUnitId: "承建单位", dueDate: "完成时限", plan: "方案", summary: "摘要",
  // labor registry
  villageCode: "所在村（社区）", townshipCode: "乡镇（街道）", countyCode: "县市", township: "乡镇（街道）", householdId: "户编号",
  householdNo: "户编号", relation: "与户主关系", education: "文化程度", employment: "就业状态", employmentStatus: "就业状态",
  industry: "从业行业", skills: "技能", hukou: "户籍地", residence: "常住地", workPlace: "务工地点", ageMin: "最小年龄",
  ageMax: "最大年龄", batchId: "批次号", file: "文件", confirm: "确认",
  // labor registry fields (the registry's own names, src/labor/record.ts)
  ethnicity: "民族", regionCode: "常住地", hukouCode: "户籍地", transferDest: "转移就业去向", transferChannel: "外出方式",
  occupation: "职业", monthlyIncome: "月收入（元）", monthsAway: "外出月数", leftDate: "外出时间", skillLevel: "技能等级",
  certificates: "职业资格证书", trainingWish: "培训意愿", employmentWish: "就业意愿", returnee: "是否返乡",
  poverty: "是否脱贫人口", monitored: "是否监测对象", remarks: "备注", version: "版本", address: "住址", members: "家庭成员",
  region: "地区", area: "区域", offset: "起始位置", severity: "级别", wait: "是否等待完成", workingAge: "劳动年龄",
  // governance and oversight
  actorId: "操作人", adminSubsystems: "管理的子系统", anomaly: "异常", category: "类别", end: "结束", endedDate: "结束日期",
  findings: "发现的问题", idleDays: "闲置天数", isWorkday: "是否工作日", levelCode: "层级代码", massGrantThreshold: "批量授权阈值",
  normal: "正常", outcome: "结论", periodFrom: "起始期间", periodTo: "截止期间", reviewPeriodDays: "复核周期（天）",
  scope: "范围", start: "开始", startDate: "开始日期", staffChangeId: "人员变动", successorAccountId: "接替人", todo: "待办",
  unread: "未读", verifiers: "核验人", formId: "表单", signature: "签名", payload: "内容",
  // requirements
  applyDate: "申请日期", attachmentIds: "附件", centerDecision: "信息中心意见", centerIntake: "信息中心受理",
  contactName: "联系人", contactPhone: "联系电话", counterpartUnitId: "对口单位", deadline: "时限", deadlines: "时限",
  deptReview: "部门审核", devWorkdays: "开发工作日", development: "开发", estimatedWorkdays: "预计工作日",
  evaluation: "评价", expectedEndDate: "期望完成日期", lead: "负责人", prefectureReview: "州级审核",
  releasePlanning: "上线计划", releasedAt: "上线时间", requirement: "需求", resubmit: "重新提交", skill: "技能",
  testDate: "测试日期", testing: "测试", transfer: "转交", urgencyReason: "紧急原因", urgent: "是否紧急", vendorAccept: "承建单位受理",
  // shared
  id: "编号", ids: "编号", page: "页码", pageSize: "每页条数", from: "起始日期", to: "截止日期", date: "日期", day: "日期",
  event: "事件", actor: "操作人", limit: "条数", beforeSeq: "序号", overdue: "是否逾期", keys: "设置项", value: "值", days: "天数",
  qrContent: "二维码内容", identity: "身份", code: "代码", label: "名称", enabled: "是否启用",
};

/** The Chinese name of the field an issue is about ("/rows/0/idNumber" → 身份证号), or null when unknown. */
export function fieldLabel(path: string, moduleLabels?: Readonly<Record<string, string>>): string | null {
  const parts = path.split(/[/.]/).filter((p) => p && !/^\d+$/.test(p));
  const last = parts.at(-1);
  if (!last) return null;
  return moduleLabels?.[last] ?? FIELD_LABELS[last] ?? null;
}
