/**
 * Access review campaign (issue 3, beyond the measure's minimum; supports P8(2)-(4) and X5 least privilege): a permission
 * admin starts a campaign over the grants they are responsible for — their level's operators (county: with its
 * townships) or, at 州 level, the county permission admins' subsystems — optionally limited to one subsystem they hold.
 * Every live grant becomes an item; a reviewer (a permission admin who may set that grant, never the holder) confirms
 * it or revokes it (through revokeGrant, so the revocation is governed and audited like any other). At the deadline the
 * unanswered items are listed; closing the campaign records how many were left unanswered.
 */
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Queryable } from "../core/db/client.js";
import { accounts, orgNodes } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter, inScope } from "../core/access/scope.js";
import { maskIdNumber } from "../core/idcard.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { reviewCampaigns, reviewItems } from "./schema.js";
import { grants, positions } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { canGrant } from "./rules.js";
import { actorView, chinaToday, governed, targetView } from "./common.js";
import { revokeGrant } from "./grants.js";
import { actorOf } from "../core/access/principal.js";

function mustBePermissionAdmin(p: Principal) {
  if (p.roleKind !== "permission_admin") throw forbidden("NOT_PERMISSION_ADMIN", "只有权限管理员可以开展权限复核");
}

/** Live grants the principal is responsible for (canGrant allows them to set it), optionally in one subsystem. */
async function grantsInCharge(q: Queryable, p: Principal, subsystem: Subsystem | null) {
  const conds = [scopeFilter(p, accounts.orgCode), isNull(grants.revokedAt)];
  if (subsystem) conds.push(eq(grants.subsystem, subsystem));
  const list = await q
    .select({ g: grants, roleKind: accounts.roleKind, orgCode: accounts.orgCode, level: orgNodes.level })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .where(and(...conds))
    .orderBy(asc(grants.id));
  const me = actorView(p);
  return list.filter(({ g, roleKind, orgCode, level }) => canGrant(me, targetView({ id: g.accountId, roleKind, level, orgCode }), g.subsystem, g.kind) === null);
}

export async function startCampaign(db: Db, p: Principal, input: { title: string; deadline: string; subsystem?: Subsystem | null }, opts: { ip: string | null }) {
  const who = actorOf(p, opts.ip);
  return governed(db, who, { event: "campaign.start", objectType: "org", objectId: p.orgCode, detail: { subsystem: input.subsystem ?? null } }, () =>
    db.transaction(async (tx) => {
      mustBePermissionAdmin(p);
      const title = input.title.trim();
      if (!title) throw badRequest("TITLE_REQUIRED", "请填写复核名称");
      if (input.deadline < chinaToday()) throw badRequest("DEADLINE_PAST", "截止日期不能早于今天");
      const subsystem = input.subsystem ?? null;
      if (subsystem && !p.adminSubsystems.includes(subsystem)) throw forbidden("SUBSYSTEM_NOT_HELD", "您未被授权管理该子系统的权限");
      const items = await grantsInCharge(tx, p, subsystem);
      if (!items.length) throw badRequest("NOTHING_TO_REVIEW", "范围内没有需要复核的有效授权");
      const [c] = await tx.insert(reviewCampaigns).values({ levelCode: p.orgCode, subsystem, title, deadline: input.deadline, startedBy: p.accountId }).returning();
      await tx.insert(reviewItems).values(items.map(({ g }) => ({ campaignId: c!.id, grantId: g.id, accountId: g.accountId })));
      await audit(tx, who, { event: "campaign.start", objectType: "review_campaign", objectId: c!.id, detail: { title, subsystem, deadline: input.deadline, items: items.length } });
      return { ...c!, items: items.length };
    }),
  );
}

async function campaignInScope(q: Queryable, p: Principal, id: number, lock = false) {
  const base = q.select().from(reviewCampaigns).where(eq(reviewCampaigns.id, id));
  const [c] = lock ? await base.for("update") : await base;
  if (!c || !inScope(p, c.levelCode)) throw notFound("CAMPAIGN_NOT_FOUND", "权限复核不存在或不在您的范围内");
  return c;
}

const starter = alias(accounts, "starter");
const decider = alias(accounts, "decider");

export async function listCampaigns(q: Queryable, p: Principal) {
  const list = await q
    .select({
      c: reviewCampaigns, starterName: starter.name, levelName: orgNodes.name,
      items: sql<number>`(select count(*)::int from review_items i where i.campaign_id = ${reviewCampaigns.id})`,
      pending: sql<number>`(select count(*)::int from review_items i where i.campaign_id = ${reviewCampaigns.id} and i.decision = 'pending')`,
    })
    .from(reviewCampaigns)
    .innerJoin(orgNodes, eq(orgNodes.code, reviewCampaigns.levelCode))
    .leftJoin(starter, eq(starter.id, reviewCampaigns.startedBy))
    .where(scopeFilter(p, reviewCampaigns.levelCode))
    .orderBy(desc(reviewCampaigns.id));
  const today = chinaToday();
  return list.map(({ c, ...r }) => ({ ...c, ...r, items: Number(r.items), pending: Number(r.pending), overdue: c.status === "open" && c.deadline < today }));
}

export async function campaignDetail(q: Queryable, p: Principal, id: number) {
  const c = await campaignInScope(q, p, id);
  const items = await q
    .select({
      i: reviewItems, name: accounts.name, idNumber: accounts.idNumber, roleKind: accounts.roleKind, status: accounts.status, orgCode: accounts.orgCode,
      orgName: orgNodes.name, kind: grants.kind, subsystem: grants.subsystem, positionName: positions.name, grantedAt: grants.grantedAt,
      revokedAt: grants.revokedAt, lastLoginAt: accounts.lastLoginAt, deciderName: decider.name,
    })
    .from(reviewItems)
    .innerJoin(grants, eq(grants.id, reviewItems.grantId))
    .innerJoin(accounts, eq(accounts.id, reviewItems.accountId))
    .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
    .leftJoin(positions, eq(positions.id, grants.positionId))
    .leftJoin(decider, eq(decider.id, reviewItems.decidedBy))
    .where(eq(reviewItems.campaignId, id))
    .orderBy(asc(accounts.orgCode), asc(reviewItems.id));
  const today = chinaToday();
  const rows = items.map(({ i, idNumber, ...r }) => ({
    ...i, ...r, idNumberMasked: maskIdNumber(idNumber), subsystemName: SUBSYSTEM_NAMES[r.subsystem],
    grantName: r.kind === "position" ? r.positionName : `子系统权限管理：${SUBSYSTEM_NAMES[r.subsystem]}`,
  }));
  const pastDeadline = c.deadline < today;
  return {
    campaign: { ...c, pastDeadline },
    counts: {
      items: rows.length,
      pending: rows.filter((r) => r.decision === "pending").length,
      confirmed: rows.filter((r) => r.decision === "confirmed").length,
      revoked: rows.filter((r) => r.decision === "revoked").length,
    },
    items: rows,
    /** At (or after) the deadline: the items nobody answered. */
    unanswered: pastDeadline || c.status === "closed" ? rows.filter((r) => r.decision === "pending") : [],
  };
}

/** Confirm or revoke one item. A revocation goes through revokeGrant in the same transaction. */
export async function decideItem(db: Db, p: Principal, campaignId: number, itemId: number, input: { decision: "confirm" | "revoke"; note?: string }, opts: { ip: string | null }) {
  const who = actorOf(p, opts.ip);
  return governed(db, who, { event: "campaign.decide", objectType: "review_item", objectId: itemId, detail: { campaignId, decision: input.decision } }, () =>
    db.transaction(async (tx) => {
      mustBePermissionAdmin(p);
      const c = await campaignInScope(tx, p, campaignId, true);
      if (c.status !== "open") throw conflict("CAMPAIGN_CLOSED", "权限复核已结束");
      const [item] = await tx.select().from(reviewItems).where(and(eq(reviewItems.id, itemId), eq(reviewItems.campaignId, campaignId))).for("update");
      if (!item) throw notFound("ITEM_NOT_FOUND", "复核条目不存在");
      if (item.decision !== "pending") throw conflict("ITEM_DECIDED", "该条目已复核");
      const [g] = await tx.select({ g: grants, roleKind: accounts.roleKind, orgCode: accounts.orgCode, level: orgNodes.level })
        .from(grants).innerJoin(accounts, eq(accounts.id, grants.accountId)).innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
        .where(eq(grants.id, item.grantId));
      const refusal = canGrant(actorView(p), targetView({ id: item.accountId, roleKind: g!.roleKind, level: g!.level, orgCode: g!.orgCode }), g!.g.subsystem, g!.g.kind);
      if (refusal) throw forbidden(refusal.code, refusal.message);
      const note = input.note?.trim() || null;
      if (input.decision === "confirm") {
        if (g!.g.revokedAt) throw conflict("GRANT_ALREADY_REVOKED", "该授权已被撤销，不能确认保留");
      } else if (!g!.g.revokedAt) {
        await revokeGrant(tx, p, item.grantId, { ip: opts.ip, reason: `权限复核「${c.title}」：${note ?? "复核后撤销"}` });
      }
      const decision = input.decision === "confirm" ? ("confirmed" as const) : ("revoked" as const);
      await tx.update(reviewItems).set({ decision, decidedBy: p.accountId, decidedAt: new Date(), note }).where(eq(reviewItems.id, itemId));
      await audit(tx, who, { event: "campaign.decide", objectType: "review_item", objectId: itemId, detail: { campaignId, grantId: item.grantId, accountId: item.accountId, decision, note } });
      return { id: itemId, decision };
    }),
  );
}

export async function closeCampaign(db: Db, p: Principal, campaignId: number, opts: { ip: string | null }) {
  const who = actorOf(p, opts.ip);
  return governed(db, who, { event: "campaign.close", objectType: "review_campaign", objectId: campaignId, detail: {} }, () =>
    db.transaction(async (tx) => {
      mustBePermissionAdmin(p);
      const c = await campaignInScope(tx, p, campaignId, true);
      if (c.status !== "open") throw conflict("CAMPAIGN_CLOSED", "权限复核已结束");
      if (c.levelCode !== p.orgCode) throw forbidden("OUT_OF_SCOPE", "只能结束本级发起的权限复核");
      const [pending] = await tx.select({ n: count() }).from(reviewItems).where(and(eq(reviewItems.campaignId, campaignId), eq(reviewItems.decision, "pending")));
      const unanswered = pending?.n ?? 0;
      await tx.update(reviewCampaigns).set({ status: "closed", closedBy: p.accountId, closedAt: new Date(), unansweredAtClose: unanswered }).where(eq(reviewCampaigns.id, campaignId));
      await audit(tx, who, { event: "campaign.close", objectType: "review_campaign", objectId: campaignId, detail: { unanswered, deadline: c.deadline } });
      return { id: campaignId, status: "closed" as const, unanswered };
    }),
  );
}
