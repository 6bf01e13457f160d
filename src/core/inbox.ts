/**
 * The shell's 待办 inbox and notices (issue 15): every module's inbox kinds for this person, the unread notice count,
 * the person's duties as the modules name them, and marking notices read. The kernel only asks the modules listed in
 * ctx.modules through the contract (src/core/module.ts); it knows no module.
 */
import { z } from "zod";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { AppContext, Router } from "./http/context.js";
import type { Queryable } from "./db/client.js";
import type { Principal } from "./access/principal.js";
import type { InboxItem, PlatformModule } from "./module.js";
import { principalOf } from "./http/access.js";
import { notices } from "./db/schema.js";
import { IdParams, Ok, Timestamp } from "./http/schemas.js";

export const InboxItemSchema = z.object({
  module: z.string(),
  kind: z.string(),
  title: z.string(),
  count: z.number().int(),
  link: z.string(),
  due: z.string().nullable(),
  overdue: z.boolean(),
});
export type InboxEntry = z.infer<typeof InboxItemSchema>;

const NoticeSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});

/** A link the shell can open: an absolute web path with no unfilled route placeholder (":id"). */
export function isUsableLink(link: string): boolean {
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/api/") && !/\/:/.test(link);
}

/**
 * What waits for this person in every module, overdue first, then by deadline. A module whose inbox fails is named
 * in `failed` (the others still show); items with nothing waiting or an unusable link are dropped.
 */
export async function collectInbox(q: Queryable, modules: readonly PlatformModule[], p: Principal, now: Date) {
  const items: InboxEntry[] = [];
  const failed: string[] = [];
  for (const m of modules) {
    if (!m.inbox) continue;
    let got: InboxItem[];
    try {
      got = await m.inbox(q, p, now);
    } catch {
      failed.push(m.name);
      continue;
    }
    for (const i of got) {
      if (i.count <= 0 || !isUsableLink(i.link)) continue;
      items.push({ module: m.name, kind: i.kind, title: i.title, count: i.count, link: i.link, due: i.due ?? null, overdue: !!i.overdue });
    }
  }
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? "9999").localeCompare(b.due ?? "9999"));
  return { items, failed };
}

export async function unreadCount(q: Queryable, accountId: number): Promise<number> {
  const [row] = await q.select({ n: count() }).from(notices).where(and(eq(notices.accountId, accountId), isNull(notices.readAt)));
  return Number(row?.n ?? 0);
}

/** The person's duties named by the modules (deduplicated, in module order). */
export async function collectDuties(q: Queryable, modules: readonly PlatformModule[], p: Principal): Promise<string[]> {
  const out: string[] = [];
  for (const m of modules) {
    if (!m.duties) continue;
    for (const d of await m.duties(q, p)) if (!out.includes(d)) out.push(d);
  }
  return out;
}

export function inboxRoutes(r: Router, ctx: AppContext) {
  r.get("/api/inbox", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: {
      description: "待办: what waits for me in every module (counts, links, earliest deadline, overdue) and my unread notices",
      response: { 200: z.object({ items: z.array(InboxItemSchema), total: z.number().int(), unread: z.number().int(), failed: z.array(z.string()) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { items, failed } = await collectInbox(ctx.db, ctx.modules, p, new Date());
    return { items, total: items.reduce((s, i) => s + i.count, 0), unread: await unreadCount(ctx.db, p.accountId), failed };
  });

  r.get("/api/inbox/duties", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: {
      description: "My duties as the modules name them (申请部门负责人, 分管领导, 需求管理员, 运维公司项目负责人 …)",
      response: { 200: z.object({ duties: z.array(z.string()) }) },
    },
  }, async (req) => ({ duties: await collectDuties(ctx.db, ctx.modules, principalOf(req)) }));

  r.get("/api/inbox/notices", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: {
      description: "My notices, newest first (read and unread), with the unread count",
      querystring: z.object({ unread: z.enum(["1", "0"]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(NoticeSchema), unread: z.number().int() }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const conds = [eq(notices.accountId, p.accountId)];
    if (req.query.unread === "1") conds.push(isNull(notices.readAt));
    const items = await ctx.db
      .select({ id: notices.id, kind: notices.kind, title: notices.title, body: notices.body, link: notices.link, createdAt: notices.createdAt, readAt: notices.readAt })
      .from(notices).where(and(...conds)).orderBy(desc(notices.id)).limit(req.query.limit);
    return { items, unread: await unreadCount(ctx.db, p.accountId) };
  });

  r.post("/api/inbox/notices/:id/read", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { description: "Mark one of my notices read", params: IdParams, response: { 200: z.object({ unread: z.number().int() }) } },
  }, async (req) => {
    const p = principalOf(req);
    await ctx.db.update(notices).set({ readAt: new Date() })
      .where(and(eq(notices.id, req.params.id), eq(notices.accountId, p.accountId), isNull(notices.readAt)));
    return { unread: await unreadCount(ctx.db, p.accountId) };
  });

  r.post("/api/inbox/notices/read-all", {
    config: { access: { permission: "authenticated", scope: "self" } },
    schema: { description: "Mark all my notices read", response: { 200: Ok } },
  }, async (req) => {
    const p = principalOf(req);
    await ctx.db.update(notices).set({ readAt: new Date() }).where(and(eq(notices.accountId, p.accountId), isNull(notices.readAt)));
    return { ok: true as const };
  });
}
