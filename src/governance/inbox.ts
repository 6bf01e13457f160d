/**
 * 待办 of governance (issue 15): for account admins the long-idle accounts within their duties (P7(4)); for
 * permission admins the open access reviews of their level with undecided items, and the permission-log review when
 * its period has run out (P8(4)). Also the admin duty names for the home page (A/B roles, P6).
 */
import { and, eq, sql } from "drizzle-orm";
import { rows, type Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import type { InboxItem } from "../core/module.js";
import { accounts } from "../core/db/schema.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { idleCandidates } from "./cleanup.js";
import { listLogReviews } from "./log-review.js";
import { getGovSetting } from "./settings.js";
import { actorView, chinaToday } from "./common.js";

export async function governanceInbox(q: Queryable, p: Principal, now: Date): Promise<InboxItem[]> {
  const out: InboxItem[] = [];
  if (p.roleKind === "account_admin") {
    const idle = await idleCandidates(q, actorView(p), now, await getGovSetting(q, "idleDays"));
    if (idle.length) out.push({ kind: "governance.cleanup", title: "长期未登录账户待核实清理", count: idle.length, link: "/gov/cleanup" });
  }
  if (p.roleKind === "permission_admin") {
    const today = chinaToday(now);
    const open = await rows<{ id: number; deadline: string; pending: number }>(q, sql`
      select c.id, c.deadline::text as deadline, (select count(*)::int from review_items i where i.campaign_id = c.id and i.decision = 'pending') as pending
      from review_campaigns c where c.level_code = ${p.orgCode} and c.status = 'open' order by c.deadline, c.id`);
    const waiting = open.filter((c) => c.pending > 0);
    if (waiting.length) {
      out.push({
        kind: "governance.campaign",
        title: "权限复核待确认的授权",
        count: waiting.reduce((s, c) => s + c.pending, 0),
        link: waiting.length === 1 ? `/gov/campaigns/${waiting[0]!.id}` : "/gov/campaigns",
        due: waiting[0]!.deadline,
        overdue: waiting[0]!.deadline < today,
      });
    }
    const { reminders } = await listLogReviews(q, p, now);
    const mine = reminders.find((r) => r.levelCode === p.orgCode);
    if (mine?.overdue) out.push({ kind: "governance.log-review", title: "权限管理日志到期待审查", count: 1, link: "/gov/log-review", overdue: mine.lastReviewedAt !== null });
  }
  return out;
}

export async function governanceDuties(q: Queryable, p: Principal): Promise<string[]> {
  if (p.roleKind === "operator") return [];
  const [a] = await q.select({ abSlot: accounts.abSlot }).from(accounts).where(and(eq(accounts.id, p.accountId)));
  const slot = a?.abSlot ? `（${a.abSlot}角）` : "";
  if (p.roleKind === "account_admin") return [`${p.orgName}账户管理员${slot}`];
  const subs = p.adminSubsystems.map((s) => SUBSYSTEM_NAMES[s]).join("、");
  return [`${p.orgName}权限管理员${slot}${subs ? `：${subs}` : ""}`];
}
