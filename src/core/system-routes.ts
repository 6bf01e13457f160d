/** Health, OpenAPI, audit chain verification, organisation reference data and the working-day calendar. */
import { z } from "zod";
import { and, asc, count, desc, eq, gte, isNull, like, lte, sql } from "drizzle-orm";
import type { AppContext, Router } from "./http/context.js";
import { audit } from "./audit.js";
import { verifyAnchoredChain } from "./audit-checkpoint.js";
import { rows } from "./db/client.js";
import { auditLog, calendarDays, notices, orgNodes, villages } from "./db/schema.js";
import { actorFor, principalOf } from "./http/access.js";
import { calendarYears, chinaDate } from "./calendar.js";
import { badRequest } from "./errors.js";
import { scopeSql } from "./access/scope.js";
import { Count, IdParams, IsoDate, Ok, rowOf, Timestamp } from "./http/schemas.js";
import { chinaDayEnd, chinaDayStart } from "./time.js";

const RawRow = z.record(z.string(), z.unknown());
const CalendarDay = rowOf(calendarDays);

export function systemRoutes(r: Router, ctx: AppContext) {
  r.get("/api/health", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { response: { 200: z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]), mode: z.string() }) } },
  }, async () => ({ status: "ok" as const, database: ctx.dbKind, mode: ctx.config.mode }));

  r.get("/api/openapi.json", { config: { access: { permission: "public", scope: "none" } }, schema: { hide: true, response: { 200: z.unknown() } } }, async () => r.swagger());

  r.get("/api/audit/verify", {
    config: { access: { permission: "audit.read", scope: "none" } },
    schema: {
      description: "X1: verify the audit hash chain and name the first broken row",
      response: { 200: z.object({ ok: z.boolean(), rows: z.number(), firstBroken: z.object({ seq: z.number(), reason: z.enum(["hash_mismatch", "link_mismatch", "seq_gap", "head_mismatch"]) }).optional() }) },
    },
  }, async (req) => {
    // The chain and its anchors outside the database (issue 12, class 8).
    const result = await verifyAnchoredChain(ctx.db, ctx.config.auditCheckpoint);
    await audit(ctx.db, actorFor(req), { event: "audit.verify", outcome: result.ok ? "success" : "failure", detail: { rows: result.rows, firstBroken: result.firstBroken ?? null, checkpoint: result.checkpoint } });
    return result;
  });

  r.get("/api/audit/log", {
    config: { access: { permission: "audit.read", scope: "org" } },
    schema: {
      description: "X1: the audit log, newest first; an admin sees the events of accounts in their subtree and their own",
      querystring: z.object({
        event: z.string().max(60).optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        beforeSeq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      }),
      response: { 200: z.object({ items: z.array(RawRow) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const q = req.query;
    const conds = [];
    if (q.event) conds.push(like(auditLog.event, `${q.event}%`));
    if (q.from) conds.push(gte(auditLog.at, chinaDayStart(q.from)));
    if (q.to) conds.push(lte(auditLog.at, chinaDayEnd(q.to)));
    if (q.beforeSeq) conds.push(lte(auditLog.seq, q.beforeSeq - 1));
    // Scope (P9): rows whose actor belongs to the admin's subtree, plus anonymous rows at 州 level only.
    const items = await rows(ctx.db, sql`select audit_log.* from audit_log left join accounts a on a.id = audit_log.actor_account_id
        where (${conds.length ? and(...conds) : sql`true`})
          and (${scopeSql(p, sql.raw("a.org_code"))} or (audit_log.actor_account_id is null and ${p.level === "prefecture"}))
        order by audit_log.seq desc limit ${q.limit}`);
    return { items };
  });

  r.get("/api/org/tree", {
    config: { access: { permission: "authenticated", scope: "reference" } },
    schema: { description: "The organisation tree: 州, 8 county units, 94 township units", response: { 200: z.array(rowOf(orgNodes)) } },
  }, async () => ctx.db.select().from(orgNodes).orderBy(asc(orgNodes.code)));

  r.get("/api/org/villages", {
    config: { access: { permission: "authenticated", scope: "reference" } },
    schema: { querystring: z.object({ township: z.string().regex(/^\d{9}$/) }), response: { 200: z.array(rowOf(villages)) } },
  }, async (req) => ctx.db.select().from(villages).where(eq(villages.townshipCode, req.query.township)).orderBy(asc(villages.code)));

  r.get("/api/calendar", {
    config: { access: { permission: "authenticated", scope: "reference" } },
    schema: { querystring: z.object({ year: z.coerce.number().int().min(2004).max(2100) }), response: { 200: z.object({ days: z.array(CalendarDay), years: z.array(z.number()), warning: z.string().nullable() }) } },
  }, async (req) => {
    const y = req.query.year;
    const days = await ctx.db.select().from(calendarDays)
      .where(and(gte(calendarDays.day, `${y}-01-01`), lte(calendarDays.day, `${y}-12-31`))).orderBy(asc(calendarDays.day));
    const years = await calendarYears(ctx.db);
    const today = chinaDate(new Date());
    const nextYear = Number(today.slice(0, 4)) + 1;
    const warning = today.slice(5, 7) === "12" && !years.includes(nextYear)
      ? `${nextYear}年的法定节假日和调休安排尚未录入，请在国务院办公厅发布通知后及时维护工作日历` : null;
    return { days, years, warning };
  });

  r.put("/api/calendar/:day", {
    config: { access: { permission: "gov.calendar.manage", scope: "reference" } },
    schema: {
      description: "X3: correct one day of the working-day calendar (州 admins)",
      params: z.object({ day: IsoDate }),
      body: z.object({ isWorkday: z.boolean(), name: z.string().min(1).max(40) }),
      response: { 200: CalendarDay },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (p.level !== "prefecture") throw badRequest("CALENDAR_PREFECTURE_ONLY", "工作日历由州级管理员维护");
    const { day } = req.params;
    return ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, day));
      const values = { day, isWorkday: req.body.isWorkday, name: req.body.name, source: "manual" as const, updatedBy: p.accountId, updatedAt: new Date() };
      await tx.insert(calendarDays).values(values).onConflictDoUpdate({ target: calendarDays.day, set: values });
      await audit(tx, actorFor(req), { event: "calendar.update", objectType: "calendar_day", objectId: day, detail: { before: before ?? null, after: values } });
      return values;
    });
  });

}

/** In-app notices of the current account, and the SMS outbox of the default gateway. */
export function noticeRoutes(r: Router, ctx: AppContext) {
  r.get("/api/notices", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { description: "My notices, newest first", querystring: z.object({ unread: z.coerce.boolean().optional() }), response: { 200: z.object({ items: z.array(rowOf(notices)), unread: z.number() }) } },
  }, async (req) => {
    const p = principalOf(req);
    const conds = [eq(notices.accountId, p.accountId)];
    if (req.query.unread) conds.push(isNull(notices.readAt));
    const items = await ctx.db.select().from(notices).where(and(...conds)).orderBy(desc(notices.id)).limit(100);
    const [unread] = await ctx.db.select({ n: count() }).from(notices).where(and(eq(notices.accountId, p.accountId), isNull(notices.readAt)));
    return { items, unread: unread?.n ?? 0 };
  });

  r.post("/api/notices/:id/read", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { params: IdParams, response: { 200: Ok } },
  }, async (req) => {
    const p = principalOf(req);
    await ctx.db.update(notices).set({ readAt: new Date() }).where(and(eq(notices.id, req.params.id), eq(notices.accountId, p.accountId), isNull(notices.readAt)));
    return { ok: true as const };
  });

  r.get("/api/sms-outbox", {
    config: { access: { permission: "audit.read", scope: "org" } },
    schema: {
      description: "SMS written by the default gateway, for accounts in the caller's subtree",
      response: { 200: z.array(z.object({ id: Count, phone: z.string(), text: z.string(), status: z.string(), createdAt: Timestamp, sentAt: Timestamp.nullable() })) },
    },
  }, async (req) => {
    const p = principalOf(req);
    return rows(ctx.db, sql`select o.id, o.phone, o.text, o.status, o.created_at as "createdAt", o.sent_at as "sentAt"
      from sms_outbox o left join accounts a on a.id = o.account_id
      where ${scopeSql(p, sql.raw("a.org_code"))} or (o.account_id is null and ${p.level === "prefecture"})
      order by o.id desc limit 200`);
  });
}
