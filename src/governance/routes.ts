/** Governance API (P2, P5–P9): units, accounts. Every route declares its permission and data scope. */
import { z } from "zod";
import { and, asc, eq, ilike, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import type { AppContext, Router } from "../core/http/context.js";
import { principalOf } from "../core/http/access.js";
import { accounts, orgNodes, units, ROLE_KINDS, ACCOUNT_STATUSES } from "../core/db/schema.js";
import { scopeFilter, scopeOf } from "../core/access/scope.js";
import { maskIdNumber, maskPhone } from "../core/idcard.js";
import { createAccount } from "./accounts.js";
import { BodyId, Id, rowOf, Timestamp } from "../core/http/schemas.js";

/** One account as the 账户 list shows it (GET /api/gov/accounts), masked (X2). */
export const AccountListItem = z.object({
  id: z.number(), name: z.string(), idNumberMasked: z.string().nullable(), phoneMasked: z.string().nullable(),
  orgCode: z.string(), orgName: z.string(), level: z.enum(["prefecture", "county", "township"]), unitId: z.number().nullable(), unitName: z.string().nullable(),
  roleKind: z.enum(ROLE_KINDS), abSlot: z.string().nullable(), status: z.enum(ACCOUNT_STATUSES), createdAt: Timestamp, lastLoginAt: Timestamp.nullable(), bootstrap: z.boolean(),
});
import { accountRoutes } from "./routes-accounts.js";
import { grantRoutes } from "./routes-grants.js";
import { oversightRoutes } from "./routes-oversight.js";
import { chinaDayStart } from "../core/time.js";

export function governanceRoutes(r: Router, ctx: AppContext) {
  r.get("/units", {
    config: { access: { permission: "gov.org.read", scope: "org" } },
    schema: { description: "Units (人社局, 信息中心, 经办机构, 业务科室, 运维公司) in the caller's subtree", querystring: z.object({ orgCode: z.string().optional() }), response: { 200: z.array(rowOf(units)) } },
  }, async (req) => {
    const p = principalOf(req);
    const conds: SQL[] = [scopeFilter(p, units.orgCode)];
    if (req.query.orgCode) conds.push(eq(units.orgCode, req.query.orgCode));
    return ctx.db.select().from(units).where(and(...conds)).orderBy(asc(units.orgCode), asc(units.id));
  });

  r.get("/accounts", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: {
      description: "P7: accounts in the caller's subtree, 身份证号 and phone masked (X2)",
      querystring: z.object({
        orgCode: z.string().optional(),
        roleKind: z.enum(ROLE_KINDS).optional(),
        status: z.enum(ACCOUNT_STATUSES).optional(),
        q: z.string().max(40).optional(),
        level: z.enum(["prefecture", "county", "township"]).optional(),
        unitId: Id.optional(),
        /** Last login before this China date, or never (P7(4)). */
        lastLoginBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        neverLoggedIn: z.enum(["true", "false"]).optional(),
      }),
      response: { 200: z.array(AccountListItem) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const { orgCode, roleKind, status, q, level, unitId, lastLoginBefore, neverLoggedIn } = req.query;
    const conds: SQL[] = [scopeFilter(p, accounts.orgCode)];
    if (level) conds.push(eq(orgNodes.level, level));
    if (unitId) conds.push(eq(accounts.unitId, unitId));
    if (lastLoginBefore) conds.push(or(isNull(accounts.lastLoginAt), lt(accounts.lastLoginAt, chinaDayStart(lastLoginBefore)))!);
    if (neverLoggedIn === "true") conds.push(isNull(accounts.lastLoginAt));
    if (neverLoggedIn === "false") conds.push(isNotNull(accounts.lastLoginAt));
    if (orgCode) conds.push(scopeFilter(scopeOf(orgCode), accounts.orgCode));
    if (roleKind) conds.push(eq(accounts.roleKind, roleKind));
    if (status) conds.push(eq(accounts.status, status));
    if (q) conds.push(or(ilike(accounts.name, `%${q}%`))!);
    const list = await ctx.db
      .select({ a: accounts, orgName: orgNodes.name, level: orgNodes.level, unitName: units.name })
      .from(accounts)
      .innerJoin(orgNodes, eq(orgNodes.code, accounts.orgCode))
      .leftJoin(units, eq(units.id, accounts.unitId))
      .where(and(...conds))
      .orderBy(asc(accounts.orgCode), asc(accounts.roleKind), asc(accounts.id));
    return list.map(({ a, orgName, level, unitName }) => ({
      id: a.id, name: a.name, idNumberMasked: maskIdNumber(a.idNumber), phoneMasked: maskPhone(a.phone),
      orgCode: a.orgCode, orgName, level, unitId: a.unitId, unitName, roleKind: a.roleKind, abSlot: a.abSlot,
      status: a.status, createdAt: a.createdAt, lastLoginAt: a.lastLoginAt, bootstrap: a.bootstrap,
    }));
  });

  r.post("/accounts", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: {
      description: "P7: an account admin creates an account within their duties",
      body: z.object({
        name: z.string().min(1).max(30),
        idNumber: z.string().min(15).max(18),
        phone: z.string().max(20).nullish(),
        orgCode: z.string().regex(/^\d{6}(\d{3})?$/),
        unitId: BodyId.nullish(),
        roleKind: z.enum(ROLE_KINDS),
        abSlot: z.enum(["A", "B"]).nullish(),
        formRef: z.string().max(60).nullish(),
      }),
      response: { 200: z.object({ id: z.number(), name: z.string(), idNumberMasked: z.string().nullable(), roleKind: z.enum(ROLE_KINDS), orgCode: z.string() }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const acc = await createAccount(ctx.db, p, req.body, { ip: req.ip, formRef: req.body.formRef ?? null });
    return { id: acc.id, name: acc.name, idNumberMasked: maskIdNumber(acc.idNumber), roleKind: acc.roleKind, orgCode: acc.orgCode };
  });

  accountRoutes(r, ctx);
  grantRoutes(r, ctx);
  oversightRoutes(r, ctx);

}
