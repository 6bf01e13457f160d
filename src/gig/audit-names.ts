/** Chinese names and categories of the 零工驿站 audit events and objects, and of its request fields (X1; src/core/audit-names.ts). */
import type { AuditEventName, AuditObjectName } from "../core/module.js";

export const GIG_AUDIT_EVENTS: Record<string, AuditEventName> = {
  "gig.station.create": { name: "登记零工驿站", category: "data" },
  "gig.station.confirm": { name: "确认驿站信息（季度）", category: "data" },
  "gig.skill.create": { name: "新增零工技能代码", category: "system" },
  "gig.worker.register": { name: "零工登记", category: "data" },
  "gig.worker.register.proxy": { name: "代办零工登记", category: "data" },
  "gig.worker.update": { name: "修改零工信息", category: "data" },
  "gig.worker.update.proxy": { name: "代办修改零工信息", category: "data" },
  "gig.worker.view": { name: "查看零工详情", category: "personal" },
  "gig.worker.reveal": { name: "查看零工完整身份证号、联系电话", category: "personal" },
  "gig.employer.create": { name: "登记用工主体", category: "data" },
  "gig.employer.verify": { name: "核验用工主体", category: "data" },
  "gig.employer.blacklist": { name: "用工主体列入黑名单", category: "data" },
  "gig.employer.blacklist.lift": { name: "用工主体移出黑名单", category: "data" },
  "gig.posting.create": { name: "发布零工岗位", category: "data" },
  "gig.posting.submit": { name: "提交零工岗位审核", category: "data" },
  "gig.posting.review": { name: "审核零工岗位", category: "data" },
  "gig.posting.close": { name: "关闭零工岗位", category: "data" },
  "gig.posting.expire": { name: "零工岗位到期关闭", category: "data" },
  "gig.application.create": { name: "推荐零工报名", category: "data" },
  "gig.application.hire": { name: "录用零工", category: "data" },
  "gig.application.cancel": { name: "取消零工录用", category: "data" },
  "gig.attendance.check_in": { name: "零工签到", category: "data" },
  "gig.attendance.check_out": { name: "零工签退", category: "data" },
  "gig.settlement.create": { name: "零工完工结算", category: "data" },
  "gig.payment.record": { name: "登记零工工资支付", category: "data" },
  "gig.rating.create": { name: "零工用工评价", category: "data" },
  "gig.complaint.accept": { name: "受理劳动维权投诉", category: "data" },
  "gig.complaint.step": { name: "办理劳动维权投诉", category: "data" },
  "gig.stats.export": { name: "导出零工统计表", category: "data" },
};

export const GIG_AUDIT_OBJECTS: Record<string, AuditObjectName> = {
  gig_station: { name: "零工驿站", link: "/gig/stations" },
  gig_skill: { name: "零工技能代码" },
  gig_worker: { name: "零工", link: "/gig/workers/:id" },
  gig_employer: { name: "用工主体", link: "/gig/employers" },
  gig_posting: { name: "零工岗位", link: "/gig/postings/:id" },
  gig_application: { name: "零工录用" },
  gig_settlement: { name: "零工工资结算", link: "/gig/settlements" },
  gig_complaint: { name: "劳动维权投诉", link: "/gig/complaints" },
  gig_stats: { name: "零工统计", link: "/gig/stats" },
};

/** Chinese names of the request fields of /api/gig that the kernel table (src/core/http/zod-zh.ts) does not name. */
export const GIG_FIELD_LABELS: Record<string, string> = {
  amountFen: "金额（分）", applicationId: "录用记录", areaTownships: "可接受工作乡镇", at: "时间", availableDays: "可工作日",
  channel: "支付渠道", complaintChannel: "投诉渠道", confirmedBy: "确认方", contactIdNumber: "联系人身份证号", creditCode: "统一社会信用代码",
  direction: "评价方向", employerId: "用工主体", endDate: "结束日期", endMin: "结束时间", fromDate: "起始日期", hardship: "就业困难情形",
  headcount: "招用人数", hours: "服务时间", legalRep: "法定代表人", minLevel: "最低技能等级", mode: "登记方式", optionalServices: "可选服务",
  paidOn: "支付日期", payFen: "报酬（分）", payUnit: "计酬方式", payWithinDays: "工资支付周期（天）", pieces: "计件数量", reference: "支付凭证号",
  requiredServices: "必备服务", requirements: "岗位要求", role: "职务", score: "评分", skillCode: "技能", source: "来源", staff: "驻站人员",
  startMin: "开始时间", stationId: "驿站", step: "办理环节", submit: "是否提交审核", untilDate: "截止日期", verification: "核验结果",
  wageMaxFen: "期望日薪上限（分）", wageMinFen: "期望日薪下限（分）", wantedWork: "求职意向", workerId: "零工",
};
