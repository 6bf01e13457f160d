/** Chinese names of the 共享用工 request fields the kernel's FIELD_LABELS does not name (validation messages). */
export const SHARE_FIELD_LABELS: Readonly<Record<string, string>> = {
  creditCode: "统一社会信用代码", legalRep: "法定代表人", contactIdNumber: "联系人身份证号",
  enterpriseId: "企业", surplusId: "富余申报", shortageId: "缺工申报", proposalId: "对接方案", agreementId: "共享用工协议",
  workerId: "职工", workerIds: "职工", workers: "职工", post: "岗位", headcount: "人数", dateFrom: "开始日期", dateTo: "结束日期",
  payMonthly: "月劳动报酬", hours: "工作时间", conditions: "工作条件", contractEnd: "劳动合同终止日期",
  side: "企业一方", fileSha256: "签字扫描件", headcountRule: "人数调整方式", hoursRest: "工作时间和休息休假", payDay: "结算日",
  workerFee: "向职工收取的费用", socialInsurance: "社会保险", protection: "劳动保护", injuryLiability: "工伤责任", way: "确认方式",
  newHeadcount: "变更后人数", newDateTo: "变更后结束日期", borrowerPaid: "调入企业支付金额", borrowerPaidOn: "调入企业支付日期",
  lenderPaid: "调出企业发放金额", lenderPaidOn: "调出企业发放日期", raisedBy: "提出方", subject: "争议事项", resolution: "处理结果",
  perWorker: "每人补贴标准", minDays: "最少共享天数", cap: "每家企业补贴上限",
};
