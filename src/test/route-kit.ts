/** Test helpers of the issue-12 defect tests (src/core/defects/): a client per permission, and the fields of a route schema. */
import type { Client, TestEnv } from "./harness.js";

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

/** A field of a request schema: its path of keys and the leaf schema's kind. */
export interface SchemaField {
  path: string[];
  kind: string;
}

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; out?: unknown; element?: unknown; options?: unknown[]; left?: unknown; right?: unknown; valueType?: unknown; getter?: () => unknown };
const defOf = (s: unknown): Def | null => ((s as { _zod?: { def?: Def } })?._zod?.def ?? null);

/** Every named field of a Zod object schema, with nested objects and arrays of objects (bounded depth). */
export function schemaFields(schema: unknown, path: string[] = [], depth = 0): SchemaField[] {
  const def = defOf(schema);
  if (!def || depth > 8) return [];
  switch (def.type) {
    case "object": {
      const out: SchemaField[] = [];
      for (const [k, v] of Object.entries(def.shape ?? {})) {
        const inner = schemaFields(v, [...path, k], depth + 1);
        out.push({ path: [...path, k], kind: leafKind(v) }, ...inner);
      }
      return out;
    }
    case "optional": case "nullable": case "default": case "prefault": case "catch": case "readonly": case "nonoptional":
      return schemaFields(def.innerType, path, depth + 1);
    case "pipe":
      return [...schemaFields(def.in, path, depth + 1), ...schemaFields(def.out, path, depth + 1)];
    case "array":
      return schemaFields(def.element, [...path, "0"], depth + 1);
    case "union":
      return (def.options ?? []).flatMap((o) => schemaFields(o, path, depth + 1));
    case "intersection":
      return [...schemaFields(def.left, path, depth + 1), ...schemaFields(def.right, path, depth + 1)];
    case "lazy":
      return def.getter ? schemaFields(def.getter(), path, depth + 1) : [];
    default:
      return [];
  }
}

/** The kind of a field's value schema, through its wrappers: string, number, object, array, … */
export function leafKind(schema: unknown, depth = 0): string {
  const def = defOf(schema);
  if (!def || depth > 8) return "unknown";
  switch (def.type) {
    case "optional": case "nullable": case "default": case "prefault": case "catch": case "readonly": case "nonoptional":
      return leafKind(def.innerType, depth + 1);
    case "pipe":
      return leafKind(def.in, depth + 1);
    case "union":
      return leafKind(def.options?.[0], depth + 1);
    default:
      return def.type;
  }
}
