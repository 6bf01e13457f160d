/**
 * Readable audit records (X1, X2, P8(4), issue 15): the names of events, categories and objects (kernel and modules),
 * and the audit log filtered by business category — 个人信息查看/导出 among them, the view of who viewed or exported
 * personal data — with each row's Chinese names and a link to its object. The admin sees the events of accounts in
 * their subtree (P9), as on GET /api/audit/log.
 */
import { z } from "zod";
import { sql, type SQL } from "drizzle-orm";
import type { AppContext, Router } from "./http/context.js";
import { rows } from "./db/client.js";
import { principalOf } from "./http/access.js";
import { scopeSql } from "./access/scope.js";
import { IsoDate, Timestamp } from "./http/schemas.js";
import { AUDIT_CATEGORIES, auditNames, categoryOf, eventLabel, eventsOf, objectLink, type AuditCategory, type AuditNames } from "./audit-names.js";

const CATEGORY_KEYS = Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]];
const PERSONAL_PATTERN = sql`(audit_log.event like '%.reveal' or audit_log.event like '%.view' or audit_log.event like '%.export')`;
const FAMILY = sql`split_part(audit_log.event, '.', 1)`;

const list = (xs: string[]) => (xs.length ? sql.join(xs.map((x) => sql`${x}`), sql`, `) : sql`null`);

/** The SQL condition matching exactly the events categoryOf() puts in this category. */
export function categoryCondition(names: AuditNames, category: AuditCategory): SQL {
  const named = Object.keys(names.events);
  const { codes, families } = eventsOf(names, category);
  const unnamed = sql`audit_log.event not in (${list(named)})`;
  if (category === "personal") return sql`(audit_log.event in (${list(codes)}) or (${unnamed} and ${PERSONAL_PATTERN}))`;
  const allFamilies = CATEGORY_KEYS.flatMap((c) => eventsOf(names, c).families);
  const byFamily = category === "data" ? sql`${FAMILY} not in (${list(allFamilies)})` : sql`${FAMILY} in (${list(families)})`;
  return sql`(audit_log.event in (${list(codes)}) or (${unnamed} and not ${PERSONAL_PATTERN} and ${byFamily}))`;
}

const EventRow = z.object({
  seq: z.number(),
  at: Timestamp,
  actorAccountId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  event: z.string(),
  eventName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  objectType: z.string().nullable(),
  objectTypeName: z.string().nullable(),
  objectId: z.string().nullable(),
  objectLink: z.string().nullable(),
  outcome: z.string(),
  sourceIp: z.string().nullable(),
  detail: z.unknown(),
});

export function auditRoutes(r: Router, ctx: AppContext) {
  const names = auditNames(ctx.modules);

  r.get("/api/audit/names", {
    config: { access: { permission: "authenticated", scope: "reference" } },
    schema: {
      description: "X1: the Chinese names of audit events, their business categories and object types (kernel and modules)",
      response: { 200: z.object({ categories: z.record(z.string(), z.string()), events: z.record(z.string(), z.object({ name: z.string(), category: z.string() })), objects: z.record(z.string(), z.object({ name: z.string(), link: z.string().optional() })) }) },
    },
  }, async () => names);

  r.get("/api/audit/events", {
    config: { access: { permission: "audit.read", scope: "org" } },
    schema: {
      description: "X1, X2, P8(4): the audit log by business category (personal = 个人信息查看/导出), with names and object links",
      querystring: z.object({
        category: z.enum(CATEGORY_KEYS).optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        actor: z.string().trim().max(30).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        beforeSeq: z.coerce.number().int().positive().optional(),
      }),
      response: { 200: z.object({ items: z.array(EventRow) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const q = req.query;
    const conds: SQL[] = [];
    if (q.category) conds.push(categoryCondition(names, q.category));
    if (q.from) conds.push(sql`audit_log.at >= ${new Date(`${q.from}T00:00:00+08:00`)}`);
    if (q.to) conds.push(sql`audit_log.at <= ${new Date(`${q.to}T23:59:59.999+08:00`)}`);
    if (q.beforeSeq) conds.push(sql`audit_log.seq < ${q.beforeSeq}`);
    if (q.actor) conds.push(sql`audit_log.actor_name = ${q.actor}`);
    const found = await rows<{ seq: number | string; at: Date; actor_account_id: number | null; actor_name: string | null; org_name: string | null; event: string; object_type: string | null; object_id: string | null; outcome: string; source_ip: string | null; detail: unknown }>(ctx.db, sql`
      select audit_log.seq, audit_log.at, audit_log.actor_account_id, audit_log.actor_name, o.name as org_name, audit_log.event, audit_log.object_type,
        audit_log.object_id, audit_log.outcome, audit_log.source_ip, audit_log.detail
      from audit_log left join accounts a on a.id = audit_log.actor_account_id left join org_nodes o on o.code = a.org_code
      where (${conds.length ? sql.join(conds, sql` and `) : sql`true`})
        and (${scopeSql(p, sql`a.org_code`)} or (audit_log.actor_account_id is null and ${p.level === "prefecture"}))
      order by audit_log.seq desc limit ${q.limit}`);
    return {
      items: found.map((x) => {
        const category = categoryOf(names, x.event);
        const objectId = x.object_id === null ? null : String(x.object_id);
        return {
          seq: Number(x.seq), at: x.at, actorAccountId: x.actor_account_id, actorName: x.actor_name, actorOrgName: x.org_name,
          event: x.event, eventName: eventLabel(names, x.event), category, categoryName: AUDIT_CATEGORIES[category],
          objectType: x.object_type, objectTypeName: x.object_type ? (names.objects[x.object_type]?.name ?? x.object_type) : null, objectId,
          objectLink: objectLink(names, x.object_type, objectId), outcome: x.outcome, sourceIp: x.source_ip, detail: x.detail,
        };
      }),
    };
  });
}
