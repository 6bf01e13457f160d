/** P9 (issue 15): how many people of the registry a data scope covers — the forms' preview of what an account will see. */
import { count } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { scopeFilter, type Scoped } from "../core/access/scope.js";
import { laborPersons } from "./schema.js";

export async function personsInScope(q: Queryable, s: Scoped): Promise<number> {
  const [r] = await q.select({ n: count() }).from(laborPersons).where(scopeFilter(s, laborPersons.regionCode));
  return Number(r?.n ?? 0);
}
