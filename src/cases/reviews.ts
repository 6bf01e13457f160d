/**
 * 好差评 follow-up (国办发〔2019〕51号, GB/T 39734-2020, 39735-2020; S-CASES): every 差评 (不满意, 非常不满意) goes
 * pre-review → malicious-rating check → verify → rectify (or explain) → leader sign-off → callback → reply, within a
 * working-day deadline (15 by default, configurable) kept by the kernel deadline engine: a reminder to the window's staff
 * and leader the working day before, escalation to the leader when late. The callback records the evaluator's
 * satisfaction with the fix. Each step is audited in the same transaction.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { audit } from "../core/audit.js";
import { closeDeadline, openDeadline, type DeadlineHandler } from "../core/deadlines.js";
import { notifyAccount } from "../core/notify.js";
import { badRequest, forbidden, notFound } from "../core/errors.js";
import { requireInScope } from "../core/access/scope.js";
import type { Principal } from "../core/access/principal.js";
import { caseEvaluations, caseFollowups, caseSettings, caseWindows, cases, FOLLOWUP_STAGES } from "./schema.js";

export type Stage = (typeof FOLLOWUP_STAGES)[number];
export const FOLLOWUP_OBJECT = "cases.followup";
export const DEFAULT_FOLLOWUP_DAYS = 15;

export const STAGE_NAMES: Record<Stage, string> = {
  pre_review: "预审",
  malice_check: "恶意差评核查",
  verify: "核实",
  rectify: "整改或解释说明",
  signoff: "领导签字",
  callback: "回访",
  reply: "答复",
  closed: "已办结",
  malicious: "认定为恶意差评",
};

const NEXT: Partial<Record<Stage, Stage>> = { pre_review: "malice_check", malice_check: "verify", verify: "rectify", rectify: "signoff", signoff: "callback", callback: "reply", reply: "closed" };

export async function followupDays(q: Queryable): Promise<number> {
  const [r] = await q.select({ v: caseSettings.value }).from(caseSettings).where(eq(caseSettings.key, "followup"));
  return Number((r?.v as { workdays?: number } | undefined)?.workdays ?? DEFAULT_FOLLOWUP_DAYS);
}

/** Open the follow-up of each new 差评 (in the intake's transaction). */
export async function openFollowups(tx: Queryable, evaluationIds: number[]): Promise<void> {
  if (!evaluationIds.length) return;
  const days = await followupDays(tx);
  const list = await tx
    .select({ id: caseEvaluations.id, caseId: caseEvaluations.caseId, at: caseEvaluations.evaluatedAt, division: caseEvaluations.divisionCode, windowCode: cases.windowCode })
    .from(caseEvaluations).innerJoin(cases, eq(cases.id, caseEvaluations.caseId))
    .where(inArray(caseEvaluations.id, evaluationIds));
  for (const e of list) {
    const [f] = await tx.insert(caseFollowups).values({ evaluationId: e.id, caseId: e.caseId, divisionCode: e.division, windowCode: e.windowCode, dueDate: "", createdAt: e.at }).onConflictDoNothing().returning({ id: caseFollowups.id });
    if (!f) continue;
    const due = await openDeadline(tx, { objectType: FOLLOWUP_OBJECT, objectId: f.id, kind: "rectify", start: e.at, workdays: days, orgCode: e.division });
    await tx.update(caseFollowups).set({ dueDate: due.dueDate }).where(eq(caseFollowups.id, f.id));
  }
}

export interface AdvanceInput {
  note: string;
  /** At malice_check: true when the rating is found malicious (the follow-up ends there). */
  malicious?: boolean;
  /** At rectify. */
  outcome?: "整改" | "解释说明";
  /** At callback: the evaluator's satisfaction with the fix, 1 (非常满意) … 5. */
  satisfaction?: number;
}

/** One step of a follow-up, by a person holding the stage's function, within scope. */
export async function advanceFollowup(db: Db, p: Principal, id: number, input: AdvanceInput, ip: string | null, now = new Date()) {
  return db.transaction(async (tx) => {
    const [f] = await tx.select().from(caseFollowups).where(eq(caseFollowups.id, id)).for("update");
    if (!f) throw notFound("CASES_FOLLOWUP_NOT_FOUND", "差评整改记录不存在");
    requireInScope(p, f.divisionCode, "该差评整改记录");
    const stage = f.stage as Stage;
    const next = NEXT[stage];
    if (!next) throw badRequest("CASES_FOLLOWUP_CLOSED", "该差评整改已结束");
    if (stage === "signoff" && !p.permissions.has("cases.review.signoff")) throw forbidden("CASES_SIGNOFF_REQUIRED", "领导签字须由具有“差评整改领导签字”权限的负责人办理");
    if (stage !== "signoff" && !p.permissions.has("cases.review.followup")) throw forbidden("CASES_FOLLOWUP_FORBIDDEN", "您没有差评回访整改权限");
    if (!input.note.trim()) throw badRequest("CASES_NOTE_REQUIRED", `请填写${STAGE_NAMES[stage]}意见`);
    const set: Partial<typeof caseFollowups.$inferInsert> = {};
    let to: Stage = next;
    if (stage === "malice_check" && input.malicious) to = "malicious";
    if (stage === "rectify") {
      if (!input.outcome) throw badRequest("CASES_OUTCOME_REQUIRED", "请选择整改或解释说明");
      set.outcome = input.outcome;
    }
    if (stage === "callback") {
      if (!input.satisfaction || input.satisfaction < 1 || input.satisfaction > 5) throw badRequest("CASES_SATISFACTION_REQUIRED", "请记录评价人对整改的满意程度");
      set.fixSatisfaction = input.satisfaction;
      set.calledBackAt = now;
    }
    if (to === "closed") set.repliedAt = now;
    if (to === "closed" || to === "malicious") set.closedAt = now;
    const log = [...f.log, { stage, by: p.accountId, byName: p.name, at: now.toISOString(), note: input.note.trim(), extra: { malicious: input.malicious, outcome: input.outcome, satisfaction: input.satisfaction } }];
    await tx.update(caseFollowups).set({ ...set, stage: to, log }).where(eq(caseFollowups.id, id));
    if (to === "closed" || to === "malicious") await closeDeadline(tx, FOLLOWUP_OBJECT, id, "rectify", now);
    await audit(tx, { accountId: p.accountId, name: p.name, ip }, { event: "cases.followup.advance", objectType: "case_followup", objectId: id, detail: { from: stage, to, outcome: input.outcome ?? null, satisfaction: input.satisfaction ?? null } });
    return { id, stage: to };
  });
}

async function windowPeople(q: Queryable, windowCode: string | null) {
  if (!windowCode) return { staff: null, leader: null };
  const [w] = await q.select({ staff: caseWindows.staffAccountId, leader: caseWindows.leaderAccountId }).from(caseWindows).where(eq(caseWindows.code, windowCode));
  return { staff: w?.staff ?? null, leader: w?.leader ?? null };
}

/** The deadline engine's handler: remind staff and leader the day before; escalate to the leader when late. */
export const FOLLOWUP_DEADLINE: DeadlineHandler = {
  async remind(tx, d) {
    const [f] = await tx.select({ windowCode: caseFollowups.windowCode, stage: caseFollowups.stage }).from(caseFollowups).where(eq(caseFollowups.id, d.objectId));
    if (!f) return;
    const w = await windowPeople(tx, f.windowCode);
    for (const a of new Set([w.staff, w.leader].filter((x): x is number => !!x))) {
      await notifyAccount(tx, a, { kind: "cases.followup.due", title: `差评整改将于 ${d.dueDate} 到期`, body: `当前环节：${STAGE_NAMES[f.stage as Stage]}`, link: `/cases/reviews?id=${d.objectId}` });
    }
  },
  async escalate(tx, d) {
    const [f] = await tx.select({ windowCode: caseFollowups.windowCode }).from(caseFollowups).where(and(eq(caseFollowups.id, d.objectId)));
    if (!f) return;
    const w = await windowPeople(tx, f.windowCode);
    if (w.leader) await notifyAccount(tx, w.leader, { kind: "cases.followup.overdue", title: `差评整改已超期（应于 ${d.dueDate} 前完成）`, body: "请督促窗口尽快完成整改、回访和答复。", link: `/cases/reviews?id=${d.objectId}` }, { sms: true });
  },
};
