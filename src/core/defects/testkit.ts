/** Test helpers of the issue-12 defect tests: a client per permission, from the demo identities that can log in. */
import type { Client, TestEnv } from "../../test/harness.js";

export interface Holder {
  label: string;
  client: Client;
  accountId: number;
  permissions: Set<string>;
}

/** Log in every demo identity that can log in (once) and keep who holds which permission. */
export async function holders(env: TestEnv): Promise<Holder[]> {
  const out: Holder[] = [];
  for (const id of env.identities) {
    let client: Client;
    try {
      client = await env.login(id);
    } catch {
      continue; // an identity without an account or without a grant (the simulator shows how login treats them)
    }
    const me = (await client.get("/api/session")).json() as { account: { id: number }; permissions: string[] };
    out.push({ label: id.label, client, accountId: me.account.id, permissions: new Set(me.permissions) });
  }
  return out;
}

/** The holder of a permission, preferring 州-level staff (widest scope). */
export function holderOf(hs: Holder[], permission: string): Holder | undefined {
  if (permission === "authenticated" || permission === "public") return hs[0];
  return hs.find((h) => h.permissions.has(permission) && h.label.startsWith("州")) ?? hs.find((h) => h.permissions.has(permission));
}
