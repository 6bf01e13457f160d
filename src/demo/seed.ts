/**
 * Demo mode (only when asked for: `npm run demo`, `serve --demo`, the test harness): each module seeds its demo data
 * through its own services, in the order of src/modules.ts, and the e-SSC simulator gets the cards of the people
 * involved. Runs once, on an empty database.
 */
import { count } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, settings } from "../core/db/schema.js";
import { SIM_IDENTITIES_KEY, type SimIdentity } from "../core/auth/simulator-routes.js";
import { rng } from "../core/people.js";
import { MODULES } from "../modules.js";

export async function seedDemo(db: Db, opts: { scale?: "demo" | "test" } = {}): Promise<{ created: boolean; accounts: number }> {
  const [n] = await db.select({ n: count() }).from(accounts);
  if ((n?.n ?? 0) > 0) return { created: false, accounts: n!.n };
  const r = rng(4228);
  const ids: SimIdentity[] = [];
  for (const m of MODULES) {
    const more = await m.seedDemo?.({ db, rng: r, scale: opts.scale ?? "test" });
    if (more) ids.push(...more);
    if (m.name === "governance" || more) {
      await db.insert(settings).values({ key: SIM_IDENTITIES_KEY, value: ids }).onConflictDoUpdate({ target: settings.key, set: { value: ids } });
    }
  }
  const [total] = await db.select({ n: count() }).from(accounts);
  return { created: true, accounts: total!.n };
}
