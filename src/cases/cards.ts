/**
 * The clock's stored instants and the cards (S-CASES). `refreshDues` recomputes a case's due instants from its facts
 * (on every change: intake, a 特别程序 closed); `sweepCards` issues the cards whose moment has come and clears the ones
 * whose facts no longer hold, as set-based SQL over the stored instants (an indexed comparison against now), and
 * notifies the window's staff and leader. Rules: 预警 N working days before the 承诺时限, 黄牌 past it, 红牌 past the
 * 法定时限, a 特别程序 past its own limit gives a 黄牌 of its own; issued at once or after confirmation (per 事项).
 */
import { inArray, sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { WorkCalendar, addDays, chinaDate } from "../core/calendar.js";
import { notifyAccount } from "../core/notify.js";
import { caseSpecials, caseWarningRules, cases } from "./schema.js";
import { DEFAULT_RULE, caseClock, specialDue, storedDues, type ClockFacts, type WarnRule } from "./clock.js";

export interface RuleRow extends WarnRule {
  autoIssue: boolean;
}

/** Warning rules by 事项 code, '*' the global one (defaults when no row). */
export async function loadRules(q: Queryable): Promise<Map<string, RuleRow>> {
  const rows = await q.select().from(caseWarningRules);
  const m = new Map<string, RuleRow>(rows.map((r) => [r.serviceCode, { warnBefore: r.warnBefore, yellowOnPromise: r.yellowOnPromise, redOnLegal: r.redOnLegal, autoIssue: r.autoIssue }]));
  if (!m.has("*")) m.set("*", { ...DEFAULT_RULE, autoIssue: true });
  return m;
}

export function ruleFor(rules: Map<string, RuleRow>, serviceCode: string): RuleRow {
  return rules.get(serviceCode) ?? rules.get("*")!;
}

/** A calendar wide enough for any case accepted from `from` on, up to two years after `to`. */
export async function loadCalendar(q: Queryable, from: Date, to: Date): Promise<WorkCalendar> {
  return WorkCalendar.load(q, addDays(chinaDate(from), -5), addDays(chinaDate(to), 730));
}

type CaseRow = Pick<typeof cases.$inferSelect, "id" | "caseType" | "acceptedAt" | "promiseLimit" | "limitUnit" | "legalLimit" | "finishedAt" | "serviceCode">;

export function factsOf(c: CaseRow, specials: { startedAt: Date; endedAt: Date | null }[]): ClockFacts {
  return {
    caseType: c.caseType, acceptedAt: c.acceptedAt, promiseLimit: c.promiseLimit, limitUnit: c.limitUnit, legalLimit: c.legalLimit,
    finishedAt: c.finishedAt, pauses: specials.map((s) => ({ start: s.startedAt, end: s.endedAt })),
  };
}

/** Recompute and store the due instants of the given cases (and their 特别程序's own dues). */
export async function refreshDues(q: Queryable, caseIds: number[], now: Date, cal?: WorkCalendar, rules?: Map<string, RuleRow>): Promise<void> {
  if (!caseIds.length) return;
  const rows = await q.select({ id: cases.id, caseType: cases.caseType, acceptedAt: cases.acceptedAt, promiseLimit: cases.promiseLimit, limitUnit: cases.limitUnit, legalLimit: cases.legalLimit, finishedAt: cases.finishedAt, serviceCode: cases.serviceCode })
    .from(cases).where(inArray(cases.id, caseIds));
  const sps = await q.select({ id: caseSpecials.id, caseId: caseSpecials.caseId, startedAt: caseSpecials.startedAt, endedAt: caseSpecials.endedAt, limitDays: caseSpecials.limitDays })
    .from(caseSpecials).where(inArray(caseSpecials.caseId, caseIds));
  if (!rows.length) return;
  const minAccept = new Date(Math.min(...rows.map((r) => r.acceptedAt.getTime())));
  const c = cal ?? (await loadCalendar(q, minAccept, now));
  const rs = rules ?? (await loadRules(q));
  const byCase = new Map<number, typeof sps>();
  for (const s of sps) (byCase.get(s.caseId) ?? byCase.set(s.caseId, []).get(s.caseId)!).push(s);
  for (let i = 0; i < rows.length; i += 1000) {
    const tuples = rows.slice(i, i + 1000).map((r) => {
      const facts = factsOf(r, byCase.get(r.id) ?? []);
      const rule = ruleFor(rs, r.serviceCode);
      const d = storedDues(c, facts, now, rule);
      const used = r.finishedAt ? caseClock(c, facts, r.finishedAt, rule).used : null;
      return sql`(${r.id}::int, ${d.warnAt?.toISOString() ?? null}::timestamptz, ${d.promiseDueAt?.toISOString() ?? null}::timestamptz, ${d.legalDueAt?.toISOString() ?? null}::timestamptz, ${d.paused}::boolean, ${used}::real)`;
    });
    await q.execute(sql`update cases c set warn_at = v.w, promise_due_at = v.p, legal_due_at = v.l, paused = v.z, used_units = v.u from (values ${sql.join(tuples, sql`, `)}) v(id, w, p, l, z, u) where c.id = v.id`);
  }
  for (let i = 0; i < sps.length; i += 1000) {
    const tuples = sps.slice(i, i + 1000).map((s) => sql`(${s.id}::int, ${specialDue(c, s.startedAt, s.limitDays)?.toISOString() ?? null}::timestamptz)`);
    await q.execute(sql`update case_specials s set due_at = v.d from (values ${sql.join(tuples, sql`, `)}) v(id, d) where s.id = v.id`);
  }
}

export interface SweepResult {
  issued: number;
  pending: number;
  cleared: number;
}

/**
 * One pass over the stored instants at `now`: new cards (issued, or pending where the 事项 wants confirmation) for
 * every limit passed, and cards cleared whose case was withdrawn, finished in time after all, or paused from before
 * the card's moment (a 特别程序 reported late). Appealed and decided cards are left as they are.
 */
export async function sweepCards(q: Queryable, now: Date, caseIds?: number[]): Promise<SweepResult> {
  const at = now.toISOString();
  const only = caseIds ? sql`and c.id = any(${`{${caseIds.join(",")}}`}::int[])` : sql``;
  // The rule of each case's 事项 (or the global one), joined once rather than looked up per row.
  const inserted = await q.execute<{ id: number; status: string; case_id: number; level: string }>(sql`
    with g as (
      select coalesce((select auto_issue from case_warning_rules where service_code = '*'), true) auto,
             coalesce((select yellow_on_promise from case_warning_rules where service_code = '*'), true) y,
             coalesce((select red_on_legal from case_warning_rules where service_code = '*'), true) rd),
    late as (
      select c.id, c.division_code, c.window_code, c.promise_due_at, c.legal_due_at,
             coalesce(r.auto_issue, g.auto) auto, coalesce(r.yellow_on_promise, g.y) y, coalesce(r.red_on_legal, g.rd) rd
      from cases c cross join g left join case_warning_rules r on r.service_code = c.service_code
      where c.finished_at is null and c.deleted_at is null and c.promise_due_at < ${at}::timestamptz ${only})
    insert into case_cards (case_id, level, special_id, status, division_code, window_code, due_at, issued_at, issued_by)
    select x.case_id, x.level, x.special_id, case when x.auto then 'issued' else 'pending' end, x.division_code, x.window_code, x.due_at, ${at}::timestamptz, case when x.auto then 'auto' else null end
    from (
      select id case_id, 'yellow' level, null::int special_id, division_code, window_code, promise_due_at due_at, auto from late where y
      union all
      select id, 'red', null::int, division_code, window_code, legal_due_at, auto from late where rd and legal_due_at < ${at}::timestamptz
      union all
      select c.id, 'yellow', s.id, c.division_code, c.window_code, s.due_at, coalesce(r.auto_issue, g.auto)
        from case_specials s join cases c on c.id = s.case_id cross join g left join case_warning_rules r on r.service_code = c.service_code
        where s.ended_at is null and s.due_at < ${at}::timestamptz and c.finished_at is null and c.deleted_at is null ${only}
    ) x
    on conflict (case_id, level, (coalesce(special_id, 0))) do nothing
    returning id, status, case_id, level`);
  const newCards = rowsOf<{ id: number; status: string }>(inserted);
  const cleared = await q.execute<{ id: number }>(sql`
    update case_cards k set status = 'cleared', cleared_at = ${at}::timestamptz
    from cases c
    where c.id = k.case_id and k.status in ('pending', 'issued') ${only}
      and (c.deleted_at is not null
        or (k.special_id is null and not c.paused and coalesce(c.finished_at, ${at}::timestamptz) <= (case when k.level = 'red' then c.legal_due_at else c.promise_due_at end))
        or (k.special_id is null and c.paused and exists (select 1 from case_specials s where s.case_id = c.id and s.ended_at is null and s.started_at < k.due_at))
        or (k.special_id is not null and not exists (select 1 from case_specials s where s.id = k.special_id and s.ended_at is null)))
    returning k.id`);
  const issued = newCards.filter((c) => c.status === "issued");
  if (issued.length) await noticeCards(q, issued.map((c) => Number(c.id)));
  return { issued: issued.length, pending: newCards.length - issued.length, cleared: rowsOf(cleared).length };
}

export function rowsOf<T>(res: unknown): T[] {
  return ((res as { rows?: T[] }).rows ?? (res as T[])) as T[];
}

/**
 * Notices for issued cards: the window's staff member and its leader. Up to three cards per person are told one by one;
 * more (a first sweep over a large backlog) in one notice per person with the count.
 */
export async function noticeCards(q: Queryable, cardIds: number[]) {
  if (!cardIds.length) return;
  const list = rowsOf<{ id: number; level: string; projid: string; service_name: string; staff: number | null; leader: number | null; window_name: string | null }>(await q.execute(sql`
    select k.id, k.level, c.projid, c.service_name, w.staff_account_id staff, w.leader_account_id leader, w.name window_name
    from case_cards k join cases c on c.id = k.case_id left join case_windows w on w.code = k.window_code
    where k.id = any(${`{${cardIds.join(",")}}`}::int[])`));
  const byAccount = new Map<number, typeof list>();
  for (const c of list) for (const acc of new Set([c.staff, c.leader].filter((x): x is number => !!x))) (byAccount.get(acc) ?? byAccount.set(acc, []).get(acc)!).push(c);
  for (const [acc, cards] of byAccount) {
    if (cards.length > 3) {
      const red = cards.filter((c) => c.level === "red").length;
      await notifyAccount(q, acc, { kind: "cases.card", title: `本窗口新收到 ${cards.length} 张红黄牌（红牌 ${red} 张）`, body: "可在“红黄牌”页面查看或申诉。", link: "/cases/cards" });
      continue;
    }
    for (const c of cards) {
      const title = `${c.level === "red" ? "红牌" : "黄牌"}：办件 ${c.projid}（${c.service_name}）已超${c.level === "red" ? "法定" : "承诺"}时限`;
      await notifyAccount(q, acc, { kind: "cases.card", title, body: `${c.window_name ?? ""}收到${c.level === "red" ? "红牌" : "黄牌"}，可在“红黄牌”页面查看或申诉。`, link: "/cases/cards" });
    }
  }
}
