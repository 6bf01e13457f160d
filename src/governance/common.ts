/**
 * Shared pieces of the governance services: the rule views of a principal and of a target account (rules.ts),
 * refusals audited as failures (X1: a refused account or permission change is itself an event worth reviewing, P8(4)),
 * and the database guards (P5 triggers, not-self checks) turned into clear errors instead of a 500.
 */
import type { Db, Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import { auditRefusals, type Actor } from "../core/audit.js";
import { AppError, conflict } from "../core/errors.js";
import type { RoleKind } from "../core/db/schema.js";
import type { ActorView, Level, TargetView } from "./rules.js";

export function actorView(p: Principal): ActorView {
  return {
    accountId: p.accountId,
    roleKind: p.roleKind,
    level: p.level,
    orgCode: p.orgCode,
    scopePrefix: p.scopePrefix,
    adminSubsystems: p.adminSubsystems,
  };
}

export function targetView(a: { id: number; roleKind: RoleKind; level: Level; orgCode: string }): TargetView {
  return { accountId: a.id, roleKind: a.roleKind, level: a.level, orgCode: a.orgCode };
}


/** Optional reference to the request form (附件1/附件2, P15/P16) a change carries out; the forms come later. */
export type FormRef = string | null | undefined;

interface PgLikeError {
  code?: string;
  message?: string;
  constraint?: string;
  cause?: PgLikeError;
}

/** The PostgreSQL error behind a Drizzle error (both drivers), when there is one. */
function pgError(e: unknown): PgLikeError | null {
  let cur = e as PgLikeError | undefined;
  for (let i = 0; cur && i < 4; i++) {
    if (typeof cur.code === "string" && /^[0-9A-Z]{5}$/.test(cur.code)) return cur;
    cur = cur.cause;
  }
  return null;
}

/** A database guard refused the change (check constraint or trigger): answer 409 with the measure's reason. */
export function mapDbGuard(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const pe = pgError(e);
  if (!pe) return e;
  const msg = pe.message ?? "";
  if (pe.code === "23514") {
    if (/not_self/.test(msg) || /not_self/.test(pe.constraint ?? "")) {
      return conflict("SELF_CHANGE_FORBIDDEN", "不能变更本人的账户或权限（数据库约束拒绝）");
    }
    if (/P5/.test(msg)) return conflict("ROLE_KIND_GUARD", "一人只能担任一种角色：账户管理员、权限管理员、操作员不得兼任（第六条，数据库约束拒绝）");
    if (/P6/.test(msg)) return conflict("TOWNSHIP_OPERATORS_ONLY", "乡镇账户只能是操作员（第七条，数据库约束拒绝）");
    if (/P13/.test(msg)) return conflict("ACCOUNT_NOT_ACTIVE", "账户未处于正常状态，不能授权（数据库约束拒绝）");
    return conflict("DB_CHECK_FAILED", "数据不符合约束，未作任何变更");
  }
  if (pe.code === "23505") return conflict("DUPLICATE", "记录已存在，未作任何变更");
  return e;
}

/**
 * Run a governed change; when it is refused (a 4xx AppError, or a database guard) the refusal is appended to the
 * audit chain as a failure in a transaction of its own — the change itself rolled back and changed nothing.
 */
export function governed<T>(
  db: Db | Queryable,
  actor: Actor,
  what: { event: string; objectType: string; objectId?: string | number | null; detail?: Record<string, unknown> },
  fn: () => Promise<T>,
): Promise<T> {
  // The kernel's refusal audit (auditRefusals), with database guards first turned into the measure's refusals.
  return auditRefusals(db, actor, what, async () => {
    try {
      return await fn();
    } catch (raw) {
      throw mapDbGuard(raw);
    }
  });
}

/** Today's date in China (src/core/time.ts). */
export { chinaToday } from "../core/time.js";

export const DAY_MS = 86_400_000;
