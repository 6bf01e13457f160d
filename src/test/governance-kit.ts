/**
 * Helpers shared by the governance tests (src/governance/*.test.ts): look up demo accounts, make fresh valid
 * identities, and snapshot the governed tables to prove that a refused action changed nothing.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import { accounts } from "../core/db/schema.js";
import { makeIdNumber } from "../core/idcard.js";
import type { TestEnv } from "./harness.js";

export async function accountIdOf(env: TestEnv, label: string): Promise<number> {
  const id = env.identity(label);
  const [a] = await env.ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumber, id.idNumber));
  if (!a) throw new Error(`no account for ${label}`);
  return a.id;
}

let seq = 0;
/** A new valid person (GB 11643) born in 1960–1969 (the demo staff are born 1972–1998), unique within the test process. */
export function freshPerson(region = "422801", name = "测试人员") {
  seq++;
  const birth = `${1960 + (seq % 10)}${String(1 + (Math.floor(seq / 10) % 12)).padStart(2, "0")}${String(1 + (Math.floor(seq / 120) % 28)).padStart(2, "0")}`;
  const n = `${name}${seq}`;
  return { name: n, idNumber: makeIdNumber(region, birth, 100 + (seq % 800)), phone: `139${String(10_000_000 + seq).slice(-8)}` };
}

/**
 * A fingerprint of every governed table: counts and a hash of the rows that matter. Equal before and after means the
 * action changed nothing (the audit log is append-only and may grow with a failure row).
 */
export async function snapshot(db: Db, opts: { invariants?: boolean } = {}) {
  const inv = opts.invariants
    ? sql`, (select count(*)::int from grants g join accounts a on a.id = g.account_id where g.revoked_at is null
          and ((g.kind = 'position' and a.role_kind <> 'operator') or (g.kind = 'admin_subsystem' and a.role_kind <> 'permission_admin'))) as "roleKindViolations",
        ((select count(*) from account_changes where by_account_id = account_id)
          + (select count(*) from grants where granted_by = account_id or revoked_by = account_id)
          + (select count(*) from staff_status_changes where recorded_by = account_id))::int as "selfChanges"`
    : sql``;
  const [r] = await rows<Record<string, string | number>>(db, sql`select
    (select count(*)::int from accounts) as accounts,
    (select md5(coalesce(string_agg(id || ':' || status || ':' || role_kind || ':' || org_code || ':' || coalesce(unit_id::text, '') || ':' || name || ':' || coalesce(phone, ''), ',' order by id), '')) from accounts) as accounts_hash,
    (select count(*)::int from grants) as grants,
    (select count(*)::int from grants where revoked_at is null) as active_grants,
    (select md5(coalesce(string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' order by id), '')) from grants) as grants_hash,
    (select count(*)::int from account_changes) as account_changes,
    (select count(*)::int from staff_status_changes) as staff_status,
    (select md5(coalesce(string_agg(id || ':' || coalesce(ended_date::text, '') || ':' || grants_cleared, ',' order by id), '')) from staff_status_changes) as staff_hash,
    (select count(*)::int from positions) as positions,
    (select md5(coalesce(string_agg(id || ':' || status, ',' order by id), '')) from positions) as positions_hash,
    (select count(*)::int from sessions where ended_at is null) as live_sessions ${inv}`);
  return r!;
}

/** The P5 invariant: no live grant of the wrong kind for the holder's role kind. */
export async function roleKindViolations(db: Db): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from grants g join accounts a on a.id = g.account_id
    where g.revoked_at is null and ((g.kind = 'position' and a.role_kind <> 'operator') or (g.kind = 'admin_subsystem' and a.role_kind <> 'permission_admin'))`);
  return Number(r!.n);
}

/** Nobody changed their own account or rights (also a database check constraint). */
export async function selfChanges(db: Db): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select
    (select count(*) from account_changes where by_account_id = account_id)
    + (select count(*) from grants where granted_by = account_id or revoked_by = account_id)
    + (select count(*) from staff_status_changes where recorded_by = account_id) as n`);
  return Number(r!.n);
}

/** The database's own refusal of a direct write (the PostgreSQL message behind Drizzle's wrapper), or null. */
export async function dbRefusal(write: PromiseLike<unknown>): Promise<string | null> {
  try {
    await write;
    return null;
  } catch (e) {
    const err = e as { message?: string; cause?: { message?: string } };
    return `${err.cause?.message ?? ""} ${err.message ?? ""}`;
  }
}
