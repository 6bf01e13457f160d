/**
 * Account API (P5–P7, P13, P6 A/B): detail with history, change, disable/enable/cancel, role-kind change, move,
 * staff status (离岗/脱岗) and return, A/B status. Every route declares its permission and data scope.
 */
import { z } from "zod";
import type { AppContext, Router } from "../core/http/context.js";
import { principalOf } from "../core/http/access.js";
import { ROLE_KINDS } from "../core/db/schema.js";
import { accountDetail, changeAccount, changeRoleKind, listAccountGrants, moveAccount, setAccountStatus } from "./account-changes.js";
import { getAccountInScope } from "./accounts.js";
import { endStaffStatus, listStaffStatus, recordStaffStatus } from "./staff-status.js";
import { STAFF_STATUS_KINDS } from "./schema.js";
import { abStatus } from "./ab-rule.js";
import { answer, BodyId, Id, IdParams, IsoDate, Timestamp } from "../core/http/schemas.js";

export { IdParams };
export const FormRefField = z.string().trim().max(60).nullish().describe("申请表编号及行号（附件1/附件2），可空");
export const ReasonField = z.string().max(200);
const isoDate = IsoDate;
const Level = z.enum(["prefecture", "county", "township"]);

/** One grant of an account, live or revoked (P8(3)). */
export const AccountGrant = answer({ id: z.number(), kind: z.enum(["position", "admin_subsystem"]), subsystem: z.string().nullable(), positionId: z.number().nullable(), positionName: z.string().nullable(), grantedAt: Timestamp, revokedAt: Timestamp.nullable() });
/** One account with its history (GET /api/gov/accounts/:id), masked (X2). */
export const AccountDetail = z.object({
  account: answer({ id: z.number(), name: z.string(), idNumberMasked: z.string().nullable(), phoneMasked: z.string().nullable(), orgCode: z.string(), orgName: z.string(), level: Level, roleKind: z.enum(ROLE_KINDS), status: z.string(), hasLiveSession: z.boolean() }),
  history: z.array(answer({ id: z.number(), action: z.string(), at: Timestamp })),
  grants: z.array(AccountGrant),
  staffStatus: z.array(answer({ id: z.number(), kind: z.enum(STAFF_STATUS_KINDS) })),
  allowed: z.object({ manage: z.boolean(), manageRefusal: z.object({ code: z.string(), message: z.string() }).nullable(), grantSubsystems: z.array(z.string()) }),
});
const Changed = answer({ id: z.number() });

export function accountRoutes(r: Router, ctx: AppContext) {
  r.get("/accounts/:id", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "P7(3): one account with its whole history (ledger rows, grants, P13 records), masked (X2)", params: IdParams, response: { 200: AccountDetail } },
  }, async (req) => accountDetail(ctx.db, principalOf(req), req.params.id));

  r.put("/accounts/:id", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: {
      description: "P7: change name, phone or unit of an account within the admin's duties (never the 身份证号, never one's own)",
      params: IdParams,
      body: z.object({
        name: z.string().max(30).optional(),
        phone: z.string().max(20).nullish(),
        unitId: BodyId.nullish(),
        reason: z.string().max(200).nullish(),
        formRef: FormRefField,
        idNumber: z.never({ error: "身份证号是账户的身份标识，不能变更；如登记有误，请注销后重新开户（第四条）" }).optional(),
      }),
      response: { 200: Changed },
    },
  }, async (req) => {
    const { reason, formRef, name, phone, unitId } = req.body;
    const edit = { ...(name !== undefined ? { name } : {}), ...(phone !== undefined ? { phone } : {}), ...(unitId !== undefined ? { unitId } : {}) };
    return changeAccount(ctx.db, principalOf(req), req.params.id, edit, { ip: req.ip, reason, formRef });
  });

  const statusBody = z.object({ reason: ReasonField, formRef: FormRefField });
  for (const [path, status, text] of [
    ["disable", "disabled", "停用"],
    ["enable", "active", "启用"],
    ["cancel", "cancelled", "注销"],
  ] as const) {
    r.post(`/accounts/:id/${path}`, {
      config: { access: { permission: "gov.account.manage", scope: "org" } },
      schema: { description: `P7: ${text}账户（原因必填；从不删除，会话立即结束）`, params: IdParams, body: statusBody, response: { 200: Changed } },
    }, async (req) => setAccountStatus(ctx.db, principalOf(req), req.params.id, status, { ip: req.ip, reason: req.body.reason, formRef: req.body.formRef }));
  }

  r.post("/accounts/:id/role-kind", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: {
      description: "P5: change the role kind; every right of the old kind is revoked first in the same transaction",
      params: IdParams,
      body: z.object({ roleKind: z.enum(ROLE_KINDS), abSlot: z.enum(["A", "B"]).nullish(), reason: ReasonField, formRef: FormRefField }),
      response: { 200: Changed },
    },
  }, async (req) => changeRoleKind(ctx.db, principalOf(req), req.params.id, { roleKind: req.body.roleKind, abSlot: req.body.abSlot ?? null },
    { ip: req.ip, reason: req.body.reason, formRef: req.body.formRef }));

  r.post("/accounts/:id/move", {
    config: { access: { permission: "gov.account.manage", scope: "org" } },
    schema: {
      description: "P7, P9: move an account to another organisation node within the admin's duties",
      params: IdParams,
      body: z.object({ orgCode: z.string().regex(/^\d{6}(\d{3})?$/), unitId: BodyId.nullish(), reason: ReasonField, formRef: FormRefField }),
      response: { 200: Changed },
    },
  }, async (req) => moveAccount(ctx.db, principalOf(req), req.params.id, { orgCode: req.body.orgCode, unitId: req.body.unitId ?? null },
    { ip: req.ip, reason: req.body.reason, formRef: req.body.formRef }));

  r.get("/accounts/:id/grants", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: { description: "P8(3): the grants of one account (live and revoked) with who granted and revoked them", params: IdParams, response: { 200: z.array(AccountGrant) } },
  }, async (req) => {
    await getAccountInScope(ctx.db, principalOf(req), req.params.id);
    return listAccountGrants(ctx.db, req.params.id);
  });

  r.post("/accounts/:id/staff-status", {
    config: { access: { permission: "gov.staff-status.manage", scope: "org" } },
    schema: {
      description: "P13: record 退休/离职/调岗, 脱岗 (start, expected end), 接受调查 or 其他 — suspends the account at once and clears rights as the measure says",
      params: IdParams,
      body: z.object({
        kind: z.enum(STAFF_STATUS_KINDS),
        startDate: isoDate,
        expectedEndDate: isoDate.nullish(),
        note: z.string().max(200).optional(),
        formRef: FormRefField,
      }),
      response: { 200: Changed },
    },
  }, async (req) => recordStaffStatus(ctx.db, principalOf(req), req.params.id, req.body, { ip: req.ip, formRef: req.body.formRef }));

  r.get("/staff-status", {
    config: { access: { permission: "gov.staff-status.manage", scope: "org" } },
    schema: {
      description: "P13: status records in the caller's subtree",
      querystring: z.object({ open: z.enum(["true", "false"]).optional(), accountId: Id.optional() }),
      response: { 200: z.array(answer({ id: z.number(), accountId: z.number(), kind: z.enum(STAFF_STATUS_KINDS), name: z.string(), idNumberMasked: z.string().nullable(), kindName: z.string(), rightsClearDate: z.string() })) },
    },
  }, async (req) => listStaffStatus(ctx.db, principalOf(req), { open: req.query.open === "true", accountId: req.query.accountId }));

  r.post("/staff-status/:id/end", {
    config: { access: { permission: "gov.staff-status.manage", scope: "org" } },
    schema: {
      description: "P13: 返岗 — the account is active again; cleared rights are not restored (a new grant is needed)",
      params: IdParams,
      body: z.object({ endedDate: isoDate, note: z.string().max(200).optional(), formRef: FormRefField }),
      response: { 200: Changed },
    },
  }, async (req) => endStaffStatus(ctx.db, principalOf(req), req.params.id, req.body, { ip: req.ip, formRef: req.body.formRef }));

  r.get("/ab-status", {
    config: { access: { permission: "gov.account.read", scope: "org" } },
    schema: {
      description: "P6: active account admins per level (州 and each county), flagged below two (A/B roles)",
      response: {
        200: z.object({
          minimum: z.number(), flagged: z.number(),
          levels: z.array(z.object({ orgCode: z.string(), name: z.string(), level: Level, activeAccountAdmins: z.number(), slots: z.array(z.string()), flagged: z.boolean(), message: z.string().nullable() })),
        }),
      },
    },
  }, async (req) => abStatus(ctx.db, principalOf(req)));
}
