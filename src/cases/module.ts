/**
 * 人社政务服务办件分析预警子系统 (S-CASES): cases from the exchange tables, the live working-day clock with 特别程序,
 * warning cards with appeals, 好差评 follow-up, analysis and ratings of windows.
 */
import { and, eq, isNull, min, sql } from "drizzle-orm";
import { defineModule, type InboxItem } from "../core/module.js";
import { scopeFilter } from "../core/access/scope.js";
import { sweepDeadlines } from "../core/deadlines.js";
import { chinaDate } from "../core/calendar.js";
import { CASES_AREA } from "./permissions.js";
import { casesRoutes } from "./routes.js";
import { caseCards, caseFollowups } from "./schema.js";
import { FOLLOWUP_DEADLINE, FOLLOWUP_OBJECT } from "./reviews.js";
import { sweepAll } from "./service.js";
import { CASES_INDICATORS } from "./stats.js";
import { seedCasesDemo } from "./demo.js";
import { CASES_AUDIT_EVENTS, CASES_AUDIT_OBJECTS } from "./audit-names.js";

const DEADLINES = { [FOLLOWUP_OBJECT]: FOLLOWUP_DEADLINE };
const mineSql = (accountId: number, col: typeof caseCards.windowCode | typeof caseFollowups.windowCode) =>
  sql`${col} in (select code from case_windows where staff_account_id = ${accountId} or leader_account_id = ${accountId})`;

export default defineModule({
  name: "cases",
  area: CASES_AREA,
  routes: { prefix: "/api/cases", register: casesRoutes },
  deadlines: DEADLINES,
  jobs: [
    { name: "cases.card-sweep", next: (now) => new Date(now.getTime() + 10 * 60_000), run: (db, now) => sweepAll(db, now) },
    { name: "cases.deadline-sweep", next: (now) => new Date(now.getTime() + 10 * 60_000), run: (db, now) => sweepDeadlines(db, DEADLINES, now) },
  ],
  indicators: CASES_INDICATORS,
  auditEvents: CASES_AUDIT_EVENTS,
  auditObjects: CASES_AUDIT_OBJECTS,
  // Request fields the kernel's FIELD_LABELS does not name (validation messages, issue 12).
  fieldLabels: {
    windowCode: "窗口", departmentCode: "受理部门", serviceCode: "事项编码", mine: "是否本窗口", late: "是否超时", by: "分组方式",
    quarter: "季度", PRE_BASEINFO: "办件基本信息", PRE_PROCESS: "办理过程", PRE_SPECIALPROCEDURE: "特别程序", PRE_EVALUATION: "好差评",
    malicious: "是否恶意差评", satisfaction: "整改满意度", warnBefore: "提前预警工作日数", yellowOnPromise: "超承诺时限亮黄牌",
    redOnLegal: "超法定时限亮红牌", autoIssue: "自动发牌", followupDays: "差评整改时限（工作日）", grades: "评级标准",
    excellent: "优秀分数线", good: "良好分数线", pass: "合格分数线",
  },
  async inbox(q, p, now) {
    const out: InboxItem[] = [];
    const today = chinaDate(now);
    if (p.permissions.has("cases.card.appeal")) {
      const [m] = await q.select({ n: sql<number>`count(*)::int` }).from(caseCards).where(and(scopeFilter(p, caseCards.divisionCode), eq(caseCards.status, "issued"), mineSql(p.accountId, caseCards.windowCode)));
      if (Number(m?.n)) out.push({ kind: "cases.card.mine", title: "本窗口收到的红黄牌", count: Number(m!.n), link: "/cases/cards" });
    }
    if (p.permissions.has("cases.warning.handle")) {
      const status = p.level === "prefecture" ? sql`${caseCards.status} in ('appealed', 'escalated')` : sql`${caseCards.status} = 'appealed'`;
      const [a] = await q.select({ n: sql<number>`count(*)::int` }).from(caseCards).where(and(scopeFilter(p, caseCards.divisionCode), status));
      if (Number(a?.n)) out.push({ kind: "cases.appeal.decide", title: "待处理的红黄牌申诉", count: Number(a!.n), link: "/cases/cards" });
      const [c] = await q.select({ n: sql<number>`count(*)::int` }).from(caseCards).where(and(scopeFilter(p, caseCards.divisionCode), eq(caseCards.status, "pending")));
      if (Number(c?.n)) out.push({ kind: "cases.card.confirm", title: "待确认发出的红黄牌", count: Number(c!.n), link: "/cases/cards" });
    }
    if (p.permissions.has("cases.review.followup") || p.permissions.has("cases.review.signoff")) {
      const conds = [scopeFilter(p, caseFollowups.divisionCode), isNull(caseFollowups.closedAt)];
      if (!p.permissions.has("cases.warning.handle")) conds.push(mineSql(p.accountId, caseFollowups.windowCode));
      if (!p.permissions.has("cases.review.followup")) conds.push(eq(caseFollowups.stage, "signoff"));
      const [f] = await q.select({ n: sql<number>`count(*)::int`, due: min(caseFollowups.dueDate) }).from(caseFollowups).where(and(...conds));
      if (Number(f?.n)) out.push({ kind: "cases.followup", title: "待办的差评整改", count: Number(f!.n), link: "/cases/reviews", due: f!.due, overdue: !!f!.due && f!.due < today });
    }
    return out;
  },
  seedDemo: async ({ db, rng, scale }) => seedCasesDemo(db, rng, scale),
});
