/**
 * S-SHARE request shapes (Zod): the routes validate with them, the services take their inferred types, so a field's
 * rule and its Chinese message live in one place.
 */
import { z } from "zod";
import { BodyId, IsoDate, Text } from "../core/http/schemas.js";

const sha = z.string().regex(/^[0-9a-f]{64}$/, "请先上传签字扫描件");
const yuan = (label: string) => z.number({ error: `${label}应为数字` }).int(`${label}应为整数元`).min(0, `${label}不能为负数`).max(10_000_000, `${label}过大`);
const need = (max: number, label: string) => Text(max, label).min(1, `请填写${label}`);

export const EnterpriseInput = z.object({
  creditCode: z.string().trim().min(1, "请填写统一社会信用代码").max(18, "统一社会信用代码应为18位"),
  name: need(100, "企业名称"),
  legalRep: need(30, "法定代表人"),
  industry: need(30, "所属行业"),
  regionCode: z.string().regex(/^\d{9}$/, "所在地应为9位乡镇（街道）区划代码"),
  address: Text(200, "地址").optional(),
  contactName: need(30, "联系人姓名"),
  contactIdNumber: z.string().trim().min(15, "联系人身份证号格式不正确").max(18, "联系人身份证号格式不正确"),
  contactPhone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, "联系电话格式不正确"),
});
export type EnterpriseInput = z.infer<typeof EnterpriseInput>;

export const ReviewInput = z.object({ decision: z.enum(["approve", "reject"]), note: Text(500, "审核意见").optional() });
export type ReviewInput = z.infer<typeof ReviewInput>;

export const DeclaredWorkerInput = z.object({
  name: need(30, "职工姓名"),
  idNumber: z.string().trim().min(15, "职工身份证号格式不正确").max(18, "职工身份证号格式不正确"),
  phone: z.string().trim().regex(/^1\d{10}$/, "职工手机号格式不正确").optional(),
  contractEnd: IsoDate,
});

export const DeclarationInput = z.object({
  enterpriseId: BodyId,
  kind: z.enum(["surplus", "shortage"]),
  post: need(50, "岗位"),
  skills: z.array(Text(30, "技能").min(1)).max(20).default([]),
  headcount: z.number().int("人数应为整数").min(1, "人数至少为1").max(10_000, "人数过大"),
  dateFrom: IsoDate,
  dateTo: IsoDate,
  payMonthly: yuan("月薪酬").optional(),
  hours: Text(200, "工作时间").optional(),
  conditions: Text(500, "工作条件").optional(),
  /** 富余 only: the workers offered, with their labor contract end dates. */
  workers: z.array(DeclaredWorkerInput).max(1000).default([]),
});
export type DeclarationInput = z.infer<typeof DeclarationInput>;

export const ProposalInput = z.object({
  surplusId: BodyId,
  shortageId: BodyId,
  headcount: z.number().int().min(1, "人数至少为1").max(10_000),
  note: Text(500, "说明").optional(),
});
export type ProposalInput = z.infer<typeof ProposalInput>;

/** An enterprise's decision on a proposal, recorded by the operator with the signed paper archived. */
export const DecisionInput = z.object({
  side: z.enum(["lender", "borrower"]),
  decision: z.enum(["accept", "decline"]),
  reason: Text(500, "理由").optional(),
  fileSha256: sha,
});
export type DecisionInput = z.infer<typeof DecisionInput>;

export const AgreementInput = z.object({
  proposalId: BodyId,
  /** Declared worker ids (from the 富余 declaration). */
  workerIds: z.array(BodyId).min(1, "请选择共享的职工").max(1000),
  headcount: z.number().int().min(1, "人数至少为1").max(10_000),
  headcountRule: need(300, "人数调整方式"),
  dateFrom: IsoDate,
  dateTo: IsoDate,
  workPlace: need(200, "工作地点"),
  post: need(50, "岗位"),
  hoursRest: need(300, "工作时间和休息休假"),
  payMonthly: yuan("劳动报酬").refine((v) => v > 0, "劳动报酬应大于0"),
  payDay: z.number().int().min(1, "结算日应在1至28日之间").max(28, "结算日应在1至28日之间"),
  /** 向职工收取的费用: must be 0 (no fee to the worker). */
  workerFee: yuan("向职工收取的费用").default(0),
  socialInsurance: need(500, "社会保险"),
  protection: need(500, "劳动保护"),
  injuryLiability: need(500, "工伤责任"),
});
export type AgreementInput = z.infer<typeof AgreementInput>;

export const ConsentInput = z.object({
  decision: z.enum(["confirmed", "refused"]),
  way: z.enum(["scan"]).default("scan"),
  fileSha256: sha,
  note: Text(300, "说明").optional(),
});
export type ConsentInput = z.infer<typeof ConsentInput>;

export const AmendmentInput = z.object({
  newHeadcount: z.number().int().min(1).max(10_000).optional(),
  newDateTo: IsoDate.optional(),
  reason: need(300, "变更原因"),
});
export type AmendmentInput = z.infer<typeof AmendmentInput>;

export const SettlementInput = z.object({
  workerId: BodyId,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份格式应为 YYYY-MM"),
  borrowerPaid: yuan("调入企业支付金额"),
  borrowerPaidOn: IsoDate,
  lenderPaid: yuan("调出企业发放金额"),
  lenderPaidOn: IsoDate,
  workerFee: yuan("向职工收取的费用").default(0),
});
export type SettlementInput = z.infer<typeof SettlementInput>;

export const EarlyReturnInput = z.object({ workerIds: z.array(BodyId).min(1).max(1000), date: IsoDate, reason: need(300, "提前返岗原因") });
export type EarlyReturnInput = z.infer<typeof EarlyReturnInput>;

export const DisputeInput = z.object({
  agreementId: BodyId,
  workerId: BodyId.optional(),
  raisedBy: z.enum(["lender", "borrower", "worker"]),
  subject: need(500, "争议事项"),
});
export type DisputeInput = z.infer<typeof DisputeInput>;

export const SubsidyRuleInput = z.object({
  perWorker: yuan("每人补贴标准").refine((v) => v > 0, "每人补贴标准应大于0"),
  minDays: z.number().int().min(1).max(366),
  cap: yuan("每家企业补贴上限").refine((v) => v > 0, "补贴上限应大于0"),
});
export type SubsidyRuleInput = z.infer<typeof SubsidyRuleInput>;
