/**
 * P6 A/B rule: each level (州 and every county) should have two active 账户管理员 (A and B roles); a level with fewer
 * is flagged on the admin dashboard. Counted in the query, within the caller's subtree (P9).
 */
import { and, asc, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { orgNodes } from "../core/db/schema.js";
import { type Principal } from "../core/access/principal.js";
import { scopeFilter } from "../core/access/scope.js";

export const AB_MINIMUM = 2;

export async function abStatus(q: Queryable, p: Pick<Principal, "scopePrefix">) {
  const list = await q
    .select({
      code: orgNodes.code,
      name: orgNodes.name,
      level: orgNodes.level,
      active: sql<number>`(select count(*)::int from accounts a where a.org_code = ${orgNodes.code} and a.role_kind = 'account_admin' and a.status = 'active')`,
      slots: sql<string[] | null>`(select array_agg(a.ab_slot order by a.ab_slot) from accounts a where a.org_code = ${orgNodes.code} and a.role_kind = 'account_admin' and a.status = 'active' and a.ab_slot is not null)`,
    })
    .from(orgNodes)
    .where(and(inArray(orgNodes.level, ["prefecture", "county"]), scopeFilter(p, orgNodes.code)))
    .orderBy(asc(orgNodes.code));
  const levels = list.map((l) => {
    const active = Number(l.active);
    return {
      orgCode: l.code, name: l.name, level: l.level, activeAccountAdmins: active, slots: l.slots ?? [], flagged: active < AB_MINIMUM,
      message: active < AB_MINIMUM ? `${l.name}在用账户管理员仅 ${active} 名，原则上应设A、B角两名（第七条）` : null,
    };
  });
  return { minimum: AB_MINIMUM, flagged: levels.filter((l) => l.flagged).length, levels };
}
