/**
 * Working-day clocks of the requirement steps (X3, R10): each state entered gets a due date counted in working days
 * (the start day does not count), shorter for 紧急 requirements; defaults live in the settings (key req.deadlines)
 * and the 信息中心 may change them. The sweep sends a reminder the working day before the due date and, once overdue,
 * a notice to the holders with an escalation to the 州信息中心. It may run on several instances at once: a notice is
 * sent only by the transaction whose insert of the (step, kind) row succeeded (unique key), so nothing is sent twice.
 */
import { and, eq, isNull, lte, lt, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "../core/db/client.js";
import { settings } from "../core/db/schema.js";
import { chinaDate } from "../core/time.js";
import { notifyAccount } from "../core/notify.js";
import { audit, type Actor } from "../core/audit.js";
import { DEADLINE_KEYS, DEFAULT_DEADLINES, FINAL_STATUSES, STATUS_NAMES, holdersOf, type DeadlineKey, type DeadlineSettings } from "./lifecycle.js";
import { requirementDeadlineNotices, requirements, requirementSteps, type ReqStatus } from "./schema.js";
import { accountsWithDuty, infoCenterUnit } from "./org.js";

export const DEADLINE_SETTINGS_KEY = "req.deadlines";

const KEYS = Object.keys(DEFAULT_DEADLINES.normal) as DeadlineKey[];
const dayCount = z.number().int().min(1).max(250);
export const DeadlineSettingsSchema = z.object({
  normal: z.object(Object.fromEntries(KEYS.map((k) => [k, dayCount])) as Record<DeadlineKey, typeof dayCount>),
  urgent: z.object(Object.fromEntries(KEYS.map((k) => [k, dayCount])) as Record<DeadlineKey, typeof dayCount>),
});

export async function loadDeadlineSettings(q: Queryable): Promise<DeadlineSettings> {
  const [row] = await q.select().from(settings).where(eq(settings.key, DEADLINE_SETTINGS_KEY));
  const stored = (row?.value ?? {}) as Partial<DeadlineSettings>;
  return {
    normal: { ...DEFAULT_DEADLINES.normal, ...(stored.normal ?? {}) },
    urgent: { ...DEFAULT_DEADLINES.urgent, ...(stored.urgent ?? {}) },
  };
}

export async function saveDeadlineSettings(db: Db, actor: Actor & { accountId: number }, value: DeadlineSettings) {
  const parsed = DeadlineSettingsSchema.parse(value);
  return db.transaction(async (tx) => {
    const before = await loadDeadlineSettings(tx);
    await tx
      .insert(settings)
      .values({ key: DEADLINE_SETTINGS_KEY, value: parsed, updatedBy: actor.accountId })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed, updatedBy: actor.accountId, updatedAt: new Date() } });
    await audit(tx, actor, { event: "req.settings.deadlines", objectType: "settings", objectId: DEADLINE_SETTINGS_KEY, detail: { before, after: parsed } });
    return parsed;
  });
}

// Due dates and reminder days of each step are the kernel's (src/core/deadlines.ts): N working days after the step
// starts (X3: the start day does not count), or a given day (the release plan's end, R12).
export { dueAfterWorkdays, dueOnDay, type Due } from "../core/deadlines.js";

/** Working days the state gets, for this urgency; development may carry the 信息中心's own figure (R10). */
export function workdaysFor(status: ReqStatus, urgency: "normal" | "urgent", s: DeadlineSettings, devWorkdays?: number | null): number | null {
  if (status === "developing" && devWorkdays) return devWorkdays;
  const key = (DEADLINE_KEYS as Partial<Record<ReqStatus, DeadlineKey>>)[status];
  return key ? s[urgency][key] : null;
}

interface Candidate {
  requirementId: number;
  stepId: number;
  dueDate: string;
}

async function candidates(db: Db, kind: "remind" | "overdue", today: string, limit: number): Promise<Candidate[]> {
  const dateCond = kind === "remind" ? lte(requirementSteps.remindOn, today) : lt(requirementSteps.dueDate, today);
  return db
    .select({ requirementId: requirements.id, stepId: requirementSteps.id, dueDate: sql<string>`${requirementSteps.dueDate}::text` })
    .from(requirements)
    .innerJoin(requirementSteps, eq(requirementSteps.id, requirements.currentStepId))
    .leftJoin(requirementDeadlineNotices, and(eq(requirementDeadlineNotices.stepId, requirementSteps.id), eq(requirementDeadlineNotices.kind, kind)))
    .where(and(notInArray(requirements.status, [...FINAL_STATUSES, "draft"]), dateCond, isNull(requirementDeadlineNotices.id)))
    .orderBy(requirementSteps.id)
    .limit(limit);
}

/**
 * One sweep (call it periodically, e.g. every 30 minutes from the jobs runner): reminders the working day before each
 * current step's deadline, overdue notices to the holders and an escalation to the 州信息中心 (R4). Idempotent.
 */
export async function sweepRequirementDeadlines(db: Db, now: Date = new Date(), batch = 200): Promise<{ reminded: number; overdue: number }> {
  const today = chinaDate(now);
  const center = await infoCenterUnit(db);
  const centerManagers = await accountsWithDuty(db, center.id, ["req.manage"]);
  const result = { reminded: 0, overdue: 0 };
  for (const kind of ["remind", "overdue"] as const) {
    const seen = new Set<number>();
    for (;;) {
      const list = (await candidates(db, kind, today, batch)).filter((c) => !seen.has(c.stepId));
      if (!list.length) break;
      for (const c of list) {
        seen.add(c.stepId);
        const sent = await db.transaction(async (tx) => {
          const [claimed] = await tx
            .insert(requirementDeadlineNotices)
            .values({ requirementId: c.requirementId, stepId: c.stepId, kind, sentAt: now })
            .onConflictDoNothing()
            .returning({ id: requirementDeadlineNotices.id });
          if (!claimed) return false;
          const [r] = await tx.select().from(requirements).where(eq(requirements.id, c.requirementId));
          // The step moved on between the listing and the claim: the marker stays, nothing is sent.
          if (!r || r.currentStepId !== c.stepId) return false;
          const holders = holdersOf(r, center.id);
          const recipients = new Set<number>();
          for (const h of holders) for (const a of await accountsWithDuty(tx, h.unitId, [h.duty])) recipients.add(a);
          const label = `${r.number ?? `#${r.id}`}「${r.title}」`;
          const stepName = STATUS_NAMES[r.status];
          const link = `/requirements/${r.id}`;
          const urgent = r.urgency === "urgent";
          if (kind === "remind") {
            for (const a of recipients) {
              await notifyAccount(tx, a, { kind: "req.deadline.remind", title: `【临期提醒】业务需求${label}「${stepName}」环节将于 ${c.dueDate} 到期`, body: "请在期限内办理（按工作日计算）。", link }, { sms: urgent });
            }
          } else {
            for (const a of recipients) {
              await notifyAccount(tx, a, { kind: "req.deadline.overdue", title: `【已逾期】业务需求${label}「${stepName}」环节已超过期限 ${c.dueDate}`, body: "请尽快办理，逾期情况已报州信息中心。", link }, { sms: true });
            }
            for (const a of centerManagers) {
              if (recipients.has(a)) continue;
              await notifyAccount(tx, a, { kind: "req.deadline.escalation", title: `【逾期督办】业务需求${label}「${stepName}」环节逾期（期限 ${c.dueDate}）`, body: "请督促当前办理单位尽快办理（第五条）。", link });
              recipients.add(a);
            }
          }
          await tx.update(requirementDeadlineNotices).set({ recipients: recipients.size }).where(eq(requirementDeadlineNotices.id, claimed.id));
          await audit(tx, { accountId: null, name: "系统（期限提醒）", ip: null }, {
            event: kind === "remind" ? "req.deadline.remind" : "req.deadline.overdue",
            objectType: "requirement",
            objectId: r.id,
            detail: { stepId: c.stepId, status: r.status, dueDate: c.dueDate, recipients: recipients.size },
          });
          return true;
        });
        if (sent) result[kind === "remind" ? "reminded" : "overdue"]++;
      }
      if (list.length < batch) break;
    }
  }
  return result;
}
