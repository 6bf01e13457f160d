/**
 * Demo: the people of the requirement measure (R2–R6) — 州信息中心需求管理员, 运维公司项目负责人, the 州 departments'
 * submitters and section heads, a county 就业局's submitter and leader in charge — created by the account admins and
 * given REQ positions by the permission admins, all through the governed services; then a few requirements taken
 * through the real lifecycle service into various states (closed, in development, awaiting decision, rejected, stuck
 * in county review and overdue). The history is dated back over the last weeks so the ledger has days to show.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { loadPrincipal, type Principal } from "../core/access/principal.js";
import { createAccount } from "../governance/accounts.js";
import { createPosition, grantPosition } from "../governance/grants.js";
import { positions } from "../core/db/schema.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { idNumberFor, mobile, personName, rng, type Rng } from "../core/people.js";
import { PREFECTURE_CODE } from "../core/org.js";
import { createRequirement, performAction, type ActionInput, type RequirementInput } from "./service.js";
import type { Action } from "./lifecycle.js";

const IP = "127.0.0.1";

type PositionKey = "submitter" | "reviewer" | "manager" | "vendor";
const POSITION_DEFS: Record<PositionKey, { name: string; description: string; permissions: string[] }> = {
  submitter: { name: "业务需求提出人", description: "提出、提交业务需求，参与测试确认（第四条、第六条）", permissions: ["req.read", "req.submit", "req.test"] },
  reviewer: { name: "业务需求审核人", description: "科室（单位）负责人、分管领导或州级对口业务部门审核业务需求，组织测试确认", permissions: ["req.read", "req.review", "req.test"] },
  manager: { name: "业务需求管理员", description: "州信息中心：组织评估、开发、测试、发布，管理需求台账（第五条）", permissions: ["req.read", "req.manage", "req.test", "req.ledger.read"] },
  vendor: { name: "运维项目负责人", description: "运维公司：评估、开发与内部测试、发布上线，汇总记录实施情况（第七条）", permissions: ["req.read", "req.evaluate", "req.release", "req.ledger.read"] },
};

export async function seedRequirementsDemo(db: Db, r: Rng = rng(4230)): Promise<SimIdentity[]> {
  const [done] = await db.select({ id: positions.id }).from(positions).where(and(eq(positions.orgCode, PREFECTURE_CODE), eq(positions.subsystem, "REQ"))).limit(1);
  if (done) return [];
  const out: SimIdentity[] = [];
  const principal = async (id: number): Promise<Principal> => (await loadPrincipal(db, id))!;
  const admin = async (orgCode: string, roleKind: "account_admin" | "permission_admin") => {
    const conds = [eq(accounts.orgCode, orgCode), eq(accounts.roleKind, roleKind), eq(accounts.status, "active")];
    if (roleKind === "account_admin") conds.push(eq(accounts.abSlot, "A"));
    const [a] = await db.select({ id: accounts.id }).from(accounts).where(and(...conds)).limit(1);
    if (!a) throw new Error(`demo: no ${roleKind} at ${orgCode}`);
    return principal(a.id);
  };
  const unitByName = async (orgCode: string, name: string) => {
    const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.name, name)));
    if (!u) throw new Error(`demo: no unit ${name}`);
    return u.id;
  };
  const unitByKind = async (orgCode: string, kind: "info_center" | "vendor" | "agency") => {
    const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.kind, kind))).limit(1);
    if (!u) throw new Error(`demo: no ${kind} unit at ${orgCode}`);
    return u.id;
  };

  // Positions (P12) defined by each level's permission admin in the REQ area.
  const positionsAt = async (orgCode: string, keys: PositionKey[]) => {
    const pa = await admin(orgCode, "permission_admin");
    const m = new Map<PositionKey, number>();
    for (const k of keys) m.set(k, (await createPosition(db, pa, { orgCode, subsystem: "REQ", ...POSITION_DEFS[k] }, IP)).id);
    return { pa, m };
  };
  const zPos = await positionsAt(PREFECTURE_CODE, ["submitter", "reviewer", "manager", "vendor"]);

  const person = (region: string) => {
    const sex = r.next() < 0.5 ? ("male" as const) : ("female" as const);
    return { name: personName(r, sex), idNumber: idNumberFor(r, region, sex, 1970, 1995), phone: mobile(r) };
  };
  /** An operator created by the level's account admin and given one REQ position by its permission admin. */
  const staff = async (orgCode: string, unitId: number, pos: { pa: Principal; m: Map<PositionKey, number> }, key: PositionKey, label: string) => {
    const aa = await admin(orgCode, "account_admin");
    const p = person(orgCode === PREFECTURE_CODE ? "422801" : orgCode);
    const acc = await createAccount(db, aa, { ...p, orgCode, unitId, roleKind: "operator" }, { ip: IP });
    await grantPosition(db, pos.pa, acc.id, pos.m.get(key)!, { ip: IP, reason: "业务需求运维管理岗位（演示）" });
    out.push({ name: p.name, idNumber: p.idNumber, label });
    return principal(acc.id);
  };

  const center = await unitByKind(PREFECTURE_CODE, "info_center");
  const vendor = await unitByKind(PREFECTURE_CODE, "vendor");
  const employment = await unitByName(PREFECTURE_CODE, "州人社局就业促进科");
  const services = await unitByName(PREFECTURE_CODE, "州人社局政务服务科");
  const mgr = await staff(PREFECTURE_CODE, center, zPos, "manager", "州信息中心需求管理员");
  const ven = await staff(PREFECTURE_CODE, vendor, zPos, "vendor", "运维公司项目负责人");
  const empSub = await staff(PREFECTURE_CODE, employment, zPos, "submitter", "州人社局就业促进科需求提出人");
  const empHead = await staff(PREFECTURE_CODE, employment, zPos, "reviewer", "州人社局就业促进科科长（需求审核）");
  await staff(PREFECTURE_CODE, services, zPos, "reviewer", "州人社局政务服务科科长（需求审核）");

  const esPos = await positionsAt("422801", ["submitter", "reviewer"]);
  const esAgency = await unitByKind("422801", "agency");
  const esSub = await staff("422801", esAgency, esPos, "submitter", "恩施市就业局需求提出人");
  const esLead = await staff("422801", esAgency, esPos, "reviewer", "恩施市就业局分管领导（需求审核）");
  const lcPos = await positionsAt("422802", ["submitter", "reviewer"]);
  const lcAgency = await unitByKind("422802", "agency");
  const lcSub = await staff("422802", lcAgency, lcPos, "submitter", "利川市就业局需求提出人");
  const lcLead = await staff("422802", lcAgency, lcPos, "reviewer", "利川市就业局分管领导（需求审核）");

  // Requirements through the real lifecycle, dated back so the ledger shows time spent in each step.
  const base = Date.now();
  const at = (daysAgo: number, hour = 10) => {
    const d = new Date(base - daysAgo * 86_400_000);
    d.setUTCHours(hour - 8, 0, 0, 0);
    return d;
  };
  const run = async (id: number, steps: [Principal, Action, ActionInput, number][]) => {
    for (const [p, action, input, daysAgo] of steps) await performAction(db, p, IP, id, action, input, at(daysAgo));
  };
  const create = async (p: Principal, input: RequirementInput, daysAgo: number) => (await createRequirement(db, p, IP, input, at(daysAgo, 9))).id;

  // 1. 州: from 申请表 to 关闭.
  const r1 = await create(empSub, {
    title: "劳动力资源信息库增加返乡人员筛选条件",
    subsystem: "LABOR",
    contactName: empSub.name,
    contactPhone: "0718-8221234",
    type: "change",
    urgency: "normal",
    description: "在人员查询页面增加“返乡时间”“返乡原因”筛选条件，并支持按乡镇导出返乡人员清单。\n\n依据：《关于做好返乡入乡人员就业创业服务工作的通知》。",
  }, 48);
  await run(r1, [
    [empSub, "submit", {}, 47],
    [empHead, "dept_approve", { opinion: "同意提交。" }, 46],
    [mgr, "dispatch", { opinion: "请运维公司评估。" }, 45],
    [ven, "accept", {}, 44],
    [ven, "evaluate", { feasibility: "feasible", plan: "第1周完成查询条件与导出开发，第2周内部测试。", estimatedWorkdays: 8, opinion: "需求明确，可实施。" }, 41],
    [mgr, "approve", { devWorkdays: 10, opinion: "同意实施，10个工作日内完成开发。" }, 40],
    [ven, "internal_test", { testDate: at(30).toISOString().slice(0, 10), summary: "筛选与导出功能内部测试通过（用例 12 个）。", verifiers: ven.name }, 30],
    [mgr, "test_pass", { testDate: at(28).toISOString().slice(0, 10), summary: "功能符合需求。", verifiers: mgr.name }, 28],
    [empSub, "test_pass", { testDate: at(27).toISOString().slice(0, 10), summary: "业务测试通过，筛选结果与台账一致。", verifiers: empSub.name }, 27],
    [ven, "release_plan", { scope: "劳动力资源信息库人员查询、导出功能", start: at(25, 20).toISOString(), end: at(25, 22).toISOString(), lead: ven.name }, 26],
    [ven, "release_result", { outcome: "success", releasedAt: at(25, 21).toISOString(), note: "已按计划发布上线，运行正常。" }, 24],
  ]);

  // 2. 县 via the counterpart 州 department, now in development.
  const r2 = await create(esSub, {
    title: "零工驿站按乡镇统计零工日薪水平",
    subsystem: "GIG",
    contactName: esSub.name,
    contactPhone: "13907181234",
    type: "new",
    urgency: "normal",
    description: "零工驿站统计页面增加按乡镇（街道）统计零工平均日薪、最高/最低日薪，按月汇总。",
    counterpartUnitId: employment,
  }, 30);
  await run(r2, [
    [esSub, "submit", {}, 29],
    [esLead, "dept_approve", { opinion: "同意，报州就业促进科审核。" }, 28],
    [empHead, "prefecture_approve", { opinion: "同意，全州零工驿站统一适用。" }, 26],
    [mgr, "dispatch", {}, 25],
    [ven, "accept", {}, 24],
    [ven, "evaluate", { feasibility: "feasible", plan: "利用结算数据按乡镇汇总，约 15 个工作日。", estimatedWorkdays: 15, opinion: "可实施。" }, 20],
    [mgr, "approve", { devWorkdays: 15, opinion: "同意实施。" }, 18],
  ]);

  // 3. 州 政务服务: evaluated, awaiting the 信息中心's decision.
  const r3 = await create(empSub, {
    title: "办件超期预警短信提醒窗口负责人",
    subsystem: "CASES",
    contactName: empSub.name,
    contactPhone: "0718-8225678",
    type: "new",
    urgency: "urgent",
    urgencyReason: "省厅要求本季度起办件超期率纳入考核，须尽快上线提醒。",
    description: "办件在承诺办结时限前1个工作日自动短信提醒受理窗口负责人；超期后每日提醒，直至办结。",
  }, 6);
  await run(r3, [
    [empSub, "submit", {}, 6],
    [empHead, "dept_approve", { opinion: "情况紧急，同意提交。" }, 5],
    [mgr, "dispatch", {}, 5],
    [ven, "accept", {}, 4],
    [ven, "evaluate", { feasibility: "partly", plan: "短信通道复用平台短信网关；每日提醒需与政务服务科确认频次。", estimatedWorkdays: 5, opinion: "部分可实施：每日提醒频次建议改为每两个工作日。" }, 3],
  ]);

  // 4. 州: rejected after evaluation.
  const r4 = await create(empSub, {
    title: "人社数据分析大屏接入全省就业实时数据",
    subsystem: "ANALYTICS",
    contactName: empSub.name,
    contactPhone: "0718-8221234",
    type: "new",
    urgency: "normal",
    description: "数据分析大屏实时展示全省各市州就业数据。",
  }, 20);
  await run(r4, [
    [empSub, "submit", {}, 20],
    [empHead, "dept_approve", {}, 19],
    [mgr, "dispatch", {}, 18],
    [ven, "accept", {}, 18],
    [ven, "evaluate", { feasibility: "infeasible", plan: "无全省数据接口授权，暂不具备实施条件。", opinion: "不可实施：需省厅开放数据接口。" }, 15],
    [mgr, "reject", { opinion: "暂无省级数据接口，不予实施；接口开放后重新提出。" }, 14],
  ]);

  // 5. 县, urgent, waiting for the counterpart 州 department's review and overdue.
  const r5 = await create(lcSub, {
    title: "共享用工协议到期前提醒企业续签或回流",
    subsystem: "SHARE",
    contactName: lcSub.name,
    contactPhone: "13807182345",
    type: "new",
    urgency: "urgent",
    urgencyReason: "春节后共享用工集中到期，需在到期前提醒出借、借用企业办理续签或人员回流。",
    description: "共享用工协议到期前5个工作日，向出借企业、借用企业联系人发送提醒。",
    counterpartUnitId: employment,
  }, 12);
  await run(r5, [
    [lcSub, "submit", {}, 11],
    [lcLead, "dept_approve", { opinion: "同意，请州就业促进科审核。" }, 10],
  ]);

  // 6. A draft in 恩施市 (not yet submitted).
  await create(esSub, {
    title: "劳动力资源采集表增加技能培训意愿细项",
    subsystem: "LABOR",
    contactName: esSub.name,
    contactPhone: "13907181234",
    type: "change",
    urgency: "normal",
    description: "入户调查表“培训意愿”增加培训工种、培训时间偏好。",
    counterpartUnitId: employment,
  }, 1);
  return out;
}
