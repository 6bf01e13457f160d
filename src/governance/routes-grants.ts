/**
 * Positions and grants API (P1, P6, P8, P12): the permission catalogue every subsystem declares in code, positions per
 * level and subsystem, grants of positions to operators and of subsystems to permission admins, revocation.
 */
import { z } from "zod";
import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { AppContext, Router } from "../core/http/context.js";
import { principalOf } from "../core/http/access.js";
import { orgNodes } from "../core/db/schema.js";
import { scopeFilter } from "../core/access/scope.js";
import { ADMIN_POWERS, businessCatalogue } from "../core/access/catalogue.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { positions } from "../core/db/schema.js";
import { AREAS, type Subsystem } from "../core/access/areas.js";
import { createPosition, grantAdminSubsystem, grantPosition, retirePosition, revokeGrant } from "./grants.js";
import { FormRefField, IdParams, ReasonField } from "./routes-accounts.js";
import { badRequest } from "../core/errors.js";
import { answer, BodyId, rowOf } from "../core/http/schemas.js";

const Position = rowOf(positions);
const GrantAnswer = answer({ id: z.number(), accountId: z.number() });

export function grantRoutes(r: Router, ctx: AppContext) {
  r.get("/catalogue", {
    config: { access: { permission: "gov.org.read", scope: "reference" } },
    schema: {
      description: "P1, P12: the function codes each subsystem declares (positions are made of them), and the admin powers of each role kind",
      response: {
        200: z.object({
          subsystems: z.array(z.object({ code: z.enum(AREAS), name: z.string(), functions: z.array(z.object({ code: z.string(), name: z.string(), sensitive: z.boolean() })) })),
          adminPowers: z.array(z.object({ code: z.string(), name: z.string() })),
        }),
      },
    },
  }, async () => ({
    subsystems: businessCatalogue().map(({ code, functions }) => ({
      code, name: SUBSYSTEM_NAMES[code], functions: functions.map((f) => ({ code: f.code, name: f.name, sensitive: !!f.sensitive })),
    })),
    adminPowers: Object.entries(ADMIN_POWERS).map(([code, name]) => ({ code, name })),
  }));

  r.get("/positions", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: {
      description: "P12: positions defined in the caller's subtree, plus those of the levels above that can be given inside it",
      querystring: z.object({
        subsystem: z.enum(AREAS).optional(),
        orgCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
        status: z.enum(["active", "retired"]).optional(),
      }),
      response: { 200: z.array(Position.extend({ orgName: z.string(), subsystemName: z.string(), holders: z.number(), inherited: z.boolean() })) },
    },
  }, async (req) => {
    const p = principalOf(req);
    // A position of a level above is usable in the caller's subtree (rules.ts positionUsableFor): 州 → all.
    const above = p.level === "prefecture" ? [] : ["422800", p.orgCode.slice(0, 6)];
    const visible = above.length ? or(scopeFilter(p, positions.orgCode), inArray(positions.orgCode, above))! : scopeFilter(p, positions.orgCode);
    const conds: SQL[] = [visible];
    if (req.query.subsystem) conds.push(eq(positions.subsystem, req.query.subsystem));
    if (req.query.orgCode) conds.push(eq(positions.orgCode, req.query.orgCode));
    if (req.query.status) conds.push(eq(positions.status, req.query.status));
    const list = await ctx.db
      .select({
        p: positions, orgName: orgNodes.name,
        holders: sql<number>`(select count(*)::int from grants g where g.position_id = ${positions.id} and g.revoked_at is null)`,
      })
      .from(positions)
      .innerJoin(orgNodes, eq(orgNodes.code, positions.orgCode))
      .where(and(...conds))
      .orderBy(asc(positions.orgCode), asc(positions.subsystem), asc(positions.id));
    return list.map(({ p: x, orgName, holders }) => ({
      ...x, orgName, subsystemName: SUBSYSTEM_NAMES[x.subsystem], holders: Number(holders), inherited: !x.orgCode.startsWith(p.scopePrefix),
    }));
  });

  r.post("/positions", {
    config: { access: { permission: "gov.position.manage", scope: "org" } },
    schema: {
      description: "P12: a permission admin defines a position of their level from one subsystem's function codes",
      body: z.object({
        subsystem: z.enum(AREAS),
        name: z.string().max(30),
        description: z.string().max(200).optional(),
        permissions: z.array(z.string().max(60)).max(50),
        unitId: BodyId.nullish(),
      }),
      response: { 200: Position },
    },
  }, async (req) => {
    const p = principalOf(req);
    return createPosition(ctx.db, p, { ...req.body, orgCode: p.orgCode }, req.ip);
  });

  r.post("/positions/:id/retire", {
    config: { access: { permission: "gov.position.manage", scope: "org" } },
    schema: { description: "P12: retire a position nobody holds any more (never deleted)", params: IdParams, body: z.object({ reason: ReasonField }), response: { 200: z.object({ id: z.number(), status: z.literal("retired") }) } },
  }, async (req) => retirePosition(ctx.db, principalOf(req), req.params.id, { ip: req.ip, reason: req.body.reason }));

  r.post("/accounts/:id/grants", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: {
      description: "P8: grant a position to an operator, or a subsystem to a permission admin (州 permission admins, P6)",
      params: IdParams,
      body: z.object({
        kind: z.enum(["position", "admin_subsystem"]),
        positionId: BodyId.optional(),
        subsystem: z.enum(AREAS).optional(),
        reason: z.string().max(200).nullish(),
        formRef: FormRefField,
      }),
      response: { 200: GrantAnswer },
    },
  }, async (req) => {
    const p = principalOf(req);
    const b = req.body;
    const opts = { ip: req.ip, reason: b.reason ?? null, formRef: b.formRef ?? null };
    if (b.kind === "position") {
      if (!b.positionId) throw badRequest("POSITION_REQUIRED", "请选择要授予的岗位");
      return grantPosition(ctx.db, p, req.params.id, b.positionId, opts);
    }
    if (!b.subsystem) throw badRequest("SUBSYSTEM_REQUIRED", "请选择要授予的子系统");
    return grantAdminSubsystem(ctx.db, p, req.params.id, b.subsystem, opts);
  });

  r.post("/grants/:id/revoke", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "P8: revoke a grant (kept in the 权限管理台账 with who and when)", params: IdParams, body: z.object({ reason: ReasonField, formRef: FormRefField }), response: { 200: GrantAnswer } },
  }, async (req) => revokeGrant(ctx.db, principalOf(req), req.params.id, { ip: req.ip, reason: req.body.reason, formRef: req.body.formRef ?? null }));
}
