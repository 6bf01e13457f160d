/** 零工驿站子系统 (S-GIG), station side (issue #16): stations, workers, employers, reviewed postings, matching, attendance, settlement, complaints. */
import { sql } from "drizzle-orm";
import { defineModule, type InboxItem } from "../core/module.js";
import { rows } from "../core/db/client.js";
import { scopeSql } from "../core/access/scope.js";
import { addDays, chinaDate } from "../core/calendar.js";
import { nextDailyChinaTime } from "../core/jobs.js";
import { GIG_AREA } from "./permissions.js";
import { gigRoutes } from "./routes.js";
import { closeExpiredPostings, COMPLAINT_DEADLINE } from "./service.js";
import { complaintDeadlineHandler } from "./deadlines.js";
import { GIG_INDICATORS } from "./indicators.js";
import { seedGigDemo } from "./demo.js";
import { GIG_AUDIT_EVENTS, GIG_AUDIT_OBJECTS, GIG_FIELD_LABELS } from "./audit-names.js";

export default defineModule({
  name: "gig",
  area: GIG_AREA,
  routes: { prefix: "/api/gig", register: gigRoutes },
  jobs: [{ name: "gig.close-expired-postings", next: (now) => nextDailyChinaTime(now, 0, 10), run: (db, now) => closeExpiredPostings(db, now) }],
  deadlines: { [COMPLAINT_DEADLINE.objectType]: complaintDeadlineHandler },
  async inbox(q, p, now) {
    const out: InboxItem[] = [];
    const day = chinaDate(now);
    if (p.permissions.has("gig.posting.review")) {
      const [r] = await rows<{ n: number; urgent: number }>(q, sql`select count(*)::int as n, count(*) filter (where urgent)::int as urgent from gig_postings where status = 'pending_review' and ${scopeSql(p, sql.raw("village_code"))}`);
      if (r && r.n > 0) out.push({ kind: "gig.posting.review", title: r.urgent ? `待审核的零工岗位（其中即时快招 ${r.urgent} 个）` : "待审核的零工岗位", count: r.n, link: "/gig/review", due: r.urgent ? day : null });
    }
    if (p.permissions.has("gig.settlement.manage")) {
      const [r] = await rows<{ n: number; due: string | null; overdue: boolean }>(q, sql`select count(*)::int as n, min(due_date)::text as due, coalesce(bool_or(due_date < ${day}::date), false) as overdue
        from gig_complaints where status <> 'closed' and due_date <= ${addDays(day, 3)}::date and ${scopeSql(p, sql.raw("region_code"))}`);
      if (r && r.n > 0) out.push({ kind: "gig.complaint.deadline", title: "临近办结时限的劳动维权投诉", count: r.n, link: "/gig/complaints", due: r.due, overdue: r.overdue });
    }
    return out;
  },
  indicators: GIG_INDICATORS,
  auditEvents: GIG_AUDIT_EVENTS,
  auditObjects: GIG_AUDIT_OBJECTS,
  fieldLabels: GIG_FIELD_LABELS,
  seedDemo: (c) => seedGigDemo(c),
});
