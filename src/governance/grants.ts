/**
 * Positions (P12) and grants (P8, P9). A permission admin sets rights only in the subsystems they hold, only for
 * accounts within their duties, never for themselves; the database refuses a grant to the wrong role kind (P5).
 */
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db, Queryable } from "../core/db/client.js";
import { audit } from "../core/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { businessFunction } from "../core/access/catalogue.js";
import { SUBSYSTEM_NAMES } from "../core/access/areas.js";
import { grants, positions } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { units } from "../core/db/schema.js";
import { canGrant, positionUsableFor } from "./rules.js";
import { getAccountInScope } from "./accounts.js";
import { governed } from "./common.js";

export interface NewPosition {
  orgCode: string;
  unitId?: number | null;
  subsystem: Subsystem;
  name: string;
  description?: string;
  permissions: string[];
}

/** P12: each level's permission admin (for a subsystem they hold) defines positions from the subsystem's catalogue. */
export async function createPosition(db: Db, actor: Principal, input: NewPosition, ip: string | null) {
  const who = { accountId: actor.accountId, name: actor.name, ip };
  return governed(db, who, { event: "position.create", objectType: "position", detail: { orgCode: input.orgCode, subsystem: input.subsystem, name: input.name, permissions: input.permissions } },
    () => createPositionInner(db, actor, input, ip));
}

async function createPositionInner(db: Db, actor: Principal, input: NewPosition, ip: string | null) {
  if (!input.name.trim()) throw badRequest("POSITION_NAME_REQUIRED", "请填写岗位名称");
  if (actor.roleKind !== "permission_admin") throw forbidden("NOT_PERMISSION_ADMIN", "只有权限管理员可以设置业务岗位");
  if (!actor.adminSubsystems.includes(input.subsystem)) throw forbidden("SUBSYSTEM_NOT_HELD", "您未被授权管理该子系统的权限");
  if (input.orgCode !== actor.orgCode) throw forbidden("OUT_OF_SCOPE", "只能为本级设置业务岗位");
  if (!input.permissions.length) throw badRequest("POSITION_EMPTY", "岗位至少包含一项功能权限");
  for (const code of input.permissions) {
    const f = businessFunction(code);
    if (!f) throw badRequest("PERMISSION_UNKNOWN", `功能权限代码 ${code} 不存在`);
    if (f.subsystem !== input.subsystem) {
      throw badRequest("PERMISSION_OTHER_SUBSYSTEM", `功能权限 ${f.def.name} 不属于${SUBSYSTEM_NAMES[input.subsystem]}`);
    }
  }
  return db.transaction(async (tx) => {
    if (input.unitId) {
      const [u] = await tx.select({ orgCode: units.orgCode }).from(units).where(eq(units.id, input.unitId));
      if (!u || u.orgCode !== input.orgCode) throw badRequest("UNIT_MISMATCH", "所选单位不属于本级组织机构");
    }
    const [dup] = await tx.select({ id: positions.id }).from(positions)
      .where(and(eq(positions.orgCode, input.orgCode), eq(positions.subsystem, input.subsystem), eq(positions.name, input.name)));
    if (dup) throw conflict("POSITION_EXISTS", "本级该子系统已有同名岗位");
    const [pos] = await tx.insert(positions).values({
      orgCode: input.orgCode, unitId: input.unitId ?? null, subsystem: input.subsystem, name: input.name,
      description: input.description ?? "", permissions: [...new Set(input.permissions)].sort(), createdBy: actor.accountId,
    }).returning();
    await audit(tx, { accountId: actor.accountId, name: actor.name, ip }, {
      event: "position.create", objectType: "position", objectId: pos!.id,
      detail: { subsystem: pos!.subsystem, name: pos!.name, permissions: pos!.permissions },
    });
    return pos!;
  });
}

/** P8(2): give a position to an operator. */
export async function grantPosition(db: Db, actor: Principal, accountId: number, positionId: number, opts: { ip: string | null; reason?: string | null; formRef?: string | null }) {
  const who = { accountId: actor.accountId, name: actor.name, ip: opts.ip };
  return governed(db, who, { event: "grant.create", objectType: "account", objectId: accountId, detail: { accountId, kind: "position", positionId, formRef: opts.formRef ?? null } },
    () => db.transaction(async (tx) => {
    const target = await getAccountInScope(tx, actor, accountId);
    const [pos] = await tx.select().from(positions).where(eq(positions.id, positionId));
    if (!pos || pos.status !== "active") throw notFound("POSITION_NOT_FOUND", "岗位不存在或已停用");
    const refusal = canGrant(actor, { accountId: target.id, roleKind: target.roleKind, level: target.level, orgCode: target.orgCode }, pos.subsystem, "position");
    if (refusal) throw forbidden(refusal.code, refusal.message);
    if (target.status !== "active") throw badRequest("ACCOUNT_NOT_ACTIVE", "账户未处于正常状态，不能授权");
    if (!positionUsableFor(pos.orgCode, target.orgCode)) throw forbidden("POSITION_OUT_OF_SCOPE", "该岗位不属于此账户所在层级");
    const [dup] = await tx.select({ id: grants.id }).from(grants)
      .where(and(eq(grants.accountId, accountId), eq(grants.positionId, positionId), isNull(grants.revokedAt)));
    if (dup) throw conflict("GRANT_EXISTS", "该账户已拥有此岗位");
    const [g] = await tx.insert(grants).values({
      accountId, kind: "position", positionId, subsystem: pos.subsystem, grantedBy: actor.accountId,
      reason: opts.reason ?? null, formRef: opts.formRef ?? null,
    }).returning();
    await audit(tx, { accountId: actor.accountId, name: actor.name, ip: opts.ip }, {
      event: "grant.create", objectType: "grant", objectId: g!.id,
      detail: { accountId, kind: "position", positionId, position: pos.name, subsystem: pos.subsystem, formRef: opts.formRef ?? null },
    });
    return g!;
  }));
}

/** P8(1), P6: a 州 permission admin gives a subsystem to a permission admin. */
export async function grantAdminSubsystem(db: Db, actor: Principal, accountId: number, subsystem: Subsystem, opts: { ip: string | null; reason?: string | null; formRef?: string | null }) {
  const who = { accountId: actor.accountId, name: actor.name, ip: opts.ip };
  return governed(db, who, { event: "grant.create", objectType: "account", objectId: accountId, detail: { accountId, kind: "admin_subsystem", subsystem, formRef: opts.formRef ?? null } },
    () => db.transaction(async (tx) => {
    const target = await getAccountInScope(tx, actor, accountId);
    const refusal = canGrant(actor, { accountId: target.id, roleKind: target.roleKind, level: target.level, orgCode: target.orgCode }, subsystem, "admin_subsystem");
    if (refusal) throw forbidden(refusal.code, refusal.message);
    if (target.status !== "active") throw badRequest("ACCOUNT_NOT_ACTIVE", "账户未处于正常状态，不能授权");
    const [dup] = await tx.select({ id: grants.id }).from(grants)
      .where(and(eq(grants.accountId, accountId), eq(grants.kind, "admin_subsystem"), eq(grants.subsystem, subsystem), isNull(grants.revokedAt)));
    if (dup) throw conflict("GRANT_EXISTS", "该权限管理员已拥有此子系统的管理权限");
    const [g] = await tx.insert(grants).values({
      accountId, kind: "admin_subsystem", subsystem, grantedBy: actor.accountId, reason: opts.reason ?? null, formRef: opts.formRef ?? null,
    }).returning();
    await audit(tx, { accountId: actor.accountId, name: actor.name, ip: opts.ip }, {
      event: "grant.create", objectType: "grant", objectId: g!.id, detail: { accountId, subsystem, kind: "admin_subsystem", formRef: opts.formRef ?? null },
    });
    return g!;
  }));
}

/** Revoke one grant (never deleted: the 权限管理台账 keeps it with who and when). */
export async function revokeGrant(db: Db | Queryable, actor: Principal, grantId: number, opts: { ip: string | null; reason: string; formRef?: string | null }) {
  const who = { accountId: actor.accountId, name: actor.name, ip: opts.ip };
  return governed(db, who, { event: "grant.revoke", objectType: "grant", objectId: grantId, detail: { reason: opts.reason, formRef: opts.formRef ?? null } },
    () => (db as Db).transaction(async (tx) => {
    if (!opts.reason?.trim()) throw badRequest("REASON_REQUIRED", "请填写撤销原因");
    const [g] = await tx.select().from(grants).where(eq(grants.id, grantId)).for("update");
    if (!g) throw notFound("GRANT_NOT_FOUND", "授权记录不存在");
    const target = await getAccountInScope(tx, actor, g.accountId);
    const refusal = canGrant(actor, { accountId: target.id, roleKind: target.roleKind, level: target.level, orgCode: target.orgCode }, g.subsystem, g.kind);
    if (refusal) throw forbidden(refusal.code, refusal.message);
    if (g.revokedAt) throw conflict("GRANT_ALREADY_REVOKED", "该授权已撤销");
    await tx.update(grants).set({ revokedAt: new Date(), revokedBy: actor.accountId, revokeReason: opts.reason, revokeFormRef: opts.formRef ?? null }).where(eq(grants.id, grantId));
    await audit(tx, { accountId: actor.accountId, name: actor.name, ip: opts.ip }, {
      event: "grant.revoke", objectType: "grant", objectId: grantId,
      detail: { accountId: g.accountId, subsystem: g.subsystem, kind: g.kind, positionId: g.positionId, reason: opts.reason, formRef: opts.formRef ?? null },
    });
    return { id: grantId, accountId: g.accountId };
  }));
}

/**
 * P12: retire a position (停用). Positions are never deleted, so the 权限管理台账 keeps naming them; a position still
 * still held is refused: its grants are revoked first, each by the permission admin responsible for that operator.
 */
export async function retirePosition(db: Db, actor: Principal, positionId: number, opts: { ip: string | null; reason: string }) {
  const who = { accountId: actor.accountId, name: actor.name, ip: opts.ip };
  return governed(db, who, { event: "position.retire", objectType: "position", objectId: positionId, detail: { reason: opts.reason } }, () =>
    db.transaction(async (tx) => {
      if (!opts.reason?.trim()) throw badRequest("REASON_REQUIRED", "请填写停用原因");
      const [pos] = await tx.select().from(positions).where(eq(positions.id, positionId)).for("update");
      if (!pos || !pos.orgCode.startsWith(actor.scopePrefix)) throw notFound("POSITION_NOT_FOUND", "岗位不存在");
      if (actor.roleKind !== "permission_admin") throw forbidden("NOT_PERMISSION_ADMIN", "只有权限管理员可以设置业务岗位");
      if (pos.orgCode !== actor.orgCode) throw forbidden("OUT_OF_SCOPE", "只能停用本级设置的业务岗位");
      if (!actor.adminSubsystems.includes(pos.subsystem)) throw forbidden("SUBSYSTEM_NOT_HELD", "您未被授权管理该子系统的权限");
      if (pos.status === "retired") throw conflict("POSITION_ALREADY_RETIRED", "岗位已停用");
      const [held] = await tx.select({ n: count() }).from(grants).where(and(eq(grants.positionId, positionId), isNull(grants.revokedAt)));
      if ((held?.n ?? 0) > 0) {
        throw conflict("POSITION_IN_USE", `该岗位仍有 ${held!.n} 名操作员持有，请先撤销其授权后再停用`, { holders: held!.n });
      }
      await tx.update(positions).set({ status: "retired" }).where(eq(positions.id, positionId));
      await audit(tx, who, { event: "position.retire", objectType: "position", objectId: positionId, detail: { subsystem: pos.subsystem, name: pos.name, reason: opts.reason } });
      return { id: positionId, status: "retired" as const };
    }),
  );
}
