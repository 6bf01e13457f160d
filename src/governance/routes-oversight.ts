/**
 * Oversight API: 账户管理台账 / 权限管理台账 (P7(3), P8(3)) on screen and as Excel, idle-account clean-up (P7(4)),
 * permission-log review (P8(4)) and access review campaigns. Every route declares its permission and data scope.
 */
import { z } from "zod";
import type { FastifyReply } from "fastify";
import type { AppContext, Router } from "../core/http/context.js";
import { actorFor, principalOf } from "../core/http/access.js";
import { ROLE_KINDS } from "../core/db/schema.js";
import { audit } from "../core/audit.js";
import { forbidden } from "../core/errors.js";
import type { Principal } from "../core/access/principal.js";
import { AREAS } from "../core/access/areas.js";
import { accountLedger, accountLedgerWorkbook, ACCOUNT_ACTION_NAMES, permissionLedger, permissionLedgerWorkbook, type AccountAction } from "./ledgers.js";
import { cleanupOverview, disableIdleAccounts, scanLevel } from "./cleanup.js";
import { GOV_SETTINGS, setGovSetting, getGovSetting } from "./settings.js";
import { ANOMALIES, listLogReviews, recordLogReview, reviewEvents, type Anomaly } from "./log-review.js";
import { campaignDetail, closeCampaign, decideItem, listCampaigns, startCampaign } from "./campaigns.js";
import { FormRefField, IdParams, ReasonField } from "./routes-accounts.js";

import { answer, binary, BodyId, Id, IsoDate, pageOf, Timestamp } from "../core/http/schemas.js";
import { actorOf } from "../core/access/principal.js";

const Workbook = { 200: binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 台账") };
const LedgerPage = pageOf(answer({ id: z.number(), at: Timestamp }));
const Settings = z.object({ reviewPeriodDays: z.number(), massGrantThreshold: z.number() });

const isoDate = IsoDate;
const LedgerQuery = z.object({
  orgCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
  level: z.enum(["prefecture", "county", "township"]).optional(),
  roleKind: z.enum(ROLE_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().max(30).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const AccountLedgerQuery = LedgerQuery.extend({ action: z.enum(Object.keys(ACCOUNT_ACTION_NAMES) as [AccountAction, ...AccountAction[]]).optional() });
const PermissionLedgerQuery = LedgerQuery.extend({ subsystem: z.enum(AREAS).optional(), action: z.enum(["granted", "revoked", "active"]).optional() });

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function sendWorkbook(reply: FastifyReply, buffer: Buffer, name: string) {
  const ascii = `${name.replace(/[^\x20-\x7e]/g, "_")}.xlsx`;
  return reply
    .header("content-type", XLSX)
    .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${name}.xlsx`)}`)
    .header("cache-control", "no-store")
    .send(buffer);
}

function prefectureOnly(p: Principal, what: string) {
  if (p.level !== "prefecture") throw forbidden("PREFECTURE_ONLY", `${what}由州级管理员设置`);
}

export function oversightRoutes(r: Router, ctx: AppContext) {
  // --- Ledgers (P7(3), P8(3)) ---
  r.get("/ledgers/accounts", {
    config: { access: { permission: "gov.account-ledger.read", scope: "org" } },
    schema: { description: "P7(3) 账户管理台账: one row per account change, filtered and paged", querystring: AccountLedgerQuery, response: { 200: LedgerPage } },
  }, async (req) => accountLedger(ctx.db, principalOf(req), req.query));

  r.get("/ledgers/accounts/export", {
    config: { access: { permission: "gov.account-ledger.read", scope: "org" } },
    schema: { description: "P7(3) 账户管理台账 as an Excel workbook (same filters)", querystring: AccountLedgerQuery, response: Workbook },
  }, async (req, reply) => {
    const p = principalOf(req);
    const wb = await accountLedgerWorkbook(ctx.db, p, req.query);
    await audit(ctx.db, actorFor(req), { event: "ledger.export", objectType: "ledger", objectId: "accounts", detail: { filter: req.query, rows: wb.rows } });
    return sendWorkbook(reply, wb.buffer, `账户管理台账-${p.orgName}`);
  });

  r.get("/ledgers/permissions", {
    config: { access: { permission: "gov.permission-ledger.read", scope: "org" } },
    schema: { description: "P8(3) 权限管理台账: one row per grant (granted/revoked by whom and when), filtered and paged", querystring: PermissionLedgerQuery, response: { 200: pageOf(answer({ id: z.number(), kind: z.enum(["position", "admin_subsystem"]), state: z.string() })) } },
  }, async (req) => permissionLedger(ctx.db, principalOf(req), req.query));

  r.get("/ledgers/permissions/export", {
    config: { access: { permission: "gov.permission-ledger.read", scope: "org" } },
    schema: { description: "P8(3) 权限管理台账 as an Excel workbook (grants, and the positions sheet)", querystring: PermissionLedgerQuery, response: Workbook },
  }, async (req, reply) => {
    const p = principalOf(req);
    const wb = await permissionLedgerWorkbook(ctx.db, p, req.query);
    await audit(ctx.db, actorFor(req), { event: "ledger.export", objectType: "ledger", objectId: "permissions", detail: { filter: req.query, rows: wb.rows } });
    return sendWorkbook(reply, wb.buffer, `权限管理台账-${p.orgName}`);
  });

  // --- Idle-account clean-up (P7(4)) ---
  r.get("/cleanup", {
    config: { access: { permission: "gov.cleanup.manage", scope: "org" } },
    schema: { description: "P7(4): threshold, last scan of the caller's level (上次清理扫描) and the candidates within their duties",
      response: { 200: z.object({ thresholdDays: z.number(), nextScanAt: Timestamp.nullable(), lastScan: z.object({ scannedAt: Timestamp, candidateCount: z.number(), thresholdDays: z.number(), trigger: z.string() }).nullable(), candidates: z.array(answer({ id: z.number() })) }) } },
  }, async (req) => cleanupOverview(ctx.db, principalOf(req), new Date()));

  r.post("/cleanup/scan", {
    config: { access: { permission: "gov.cleanup.manage", scope: "org" } },
    schema: { description: "P7(4): scan the caller's level now (the daily job does it too)", response: { 200: z.object({ scannedAt: Timestamp, candidateCount: z.number(), thresholdDays: z.number() }) } },
  }, async (req) => {
    const p = principalOf(req);
    if (p.roleKind !== "account_admin") throw forbidden("NOT_ACCOUNT_ADMIN", "只有账户管理员可以清理长期未登录账户");
    const row = await scanLevel(ctx.db, p.orgCode, new Date(), "manual", actorFor(req));
    return { scannedAt: row.scannedAt, candidateCount: row.candidateCount, thresholdDays: row.thresholdDays };
  });

  r.post("/cleanup/disable", {
    config: { access: { permission: "gov.cleanup.manage", scope: "org" } },
    schema: {
      description: "P7(4): disable the selected idle accounts with one reason — all or nothing, never deleted",
      body: z.object({ accountIds: z.array(BodyId).max(500), reason: ReasonField, formRef: FormRefField }),
      response: { 200: z.object({ disabled: z.number(), sessionsEnded: z.number() }) },
    },
  }, async (req) => disableIdleAccounts(ctx.db, principalOf(req), req.body.accountIds, { ip: req.ip, reason: req.body.reason, formRef: req.body.formRef }));

  r.put("/cleanup/settings", {
    config: { access: { permission: "gov.cleanup.manage", scope: "none" } },
    schema: {
      description: "P7(4): the idle threshold in days (州 account admins)",
      body: z.object({ idleDays: z.number().int().min(GOV_SETTINGS.idleDays.min).max(GOV_SETTINGS.idleDays.max) }),
      response: { 200: z.object({ idleDays: z.number() }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    prefectureOnly(p, "长期未登录天数");
    return ctx.db.transaction(async (tx) => ({ idleDays: await setGovSetting(tx, actorOf(p, req.ip), "idleDays", req.body.idleDays) }));
  });

  // --- Permission-log review (P8(4)) ---
  r.get("/log-review/events", {
    config: { access: { permission: "gov.log-review.manage", scope: "org" } },
    schema: {
      description: "P8(4): the permission-management log of a period with anomaly highlights (off hours, mass grants, grants to inactive or idle accounts, reveals, refusals)",
      querystring: z.object({
        from: isoDate.optional(),
        to: isoDate.optional(),
        event: z.string().max(40).optional(),
        actorId: Id.optional(),
        anomaly: z.enum(Object.keys(ANOMALIES) as [Anomaly, ...Anomaly[]]).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: pageOf(answer({ seq: z.number(), at: Timestamp, event: z.string(), anomalies: z.array(z.string()) })).extend({ from: z.string(), to: z.string(), truncated: z.boolean(), thresholds: z.object({ idleDays: z.number(), massGrantThreshold: z.number() }), summary: answer({ events: z.number() }), anomalyNames: z.record(z.string(), z.string()) }) },
    },
  }, async (req) => reviewEvents(ctx.db, principalOf(req), req.query, new Date()));

  r.get("/log-reviews", {
    config: { access: { permission: "gov.log-review.manage", scope: "org" } },
    schema: { description: "P8(4): recorded reviews, and per level the last review with a reminder when overdue", response: { 200: z.object({ periodDays: z.number(), reminders: z.array(answer({ levelCode: z.string(), overdue: z.boolean() })), reviews: z.array(answer({ id: z.number() })) }) } },
  }, async (req) => listLogReviews(ctx.db, principalOf(req), new Date()));

  r.post("/log-reviews", {
    config: { access: { permission: "gov.log-review.manage", scope: "org" } },
    schema: {
      description: "P8(4): record a review — level, period covered, findings",
      body: z.object({ levelCode: z.string().regex(/^\d{6}$/).optional(), periodFrom: isoDate, periodTo: isoDate, findings: z.string().max(4000) }),
      response: { 200: answer({ id: z.number() }) },
    },
  }, async (req) => recordLogReview(ctx.db, principalOf(req), req.body, { ip: req.ip }));

  r.get("/log-review/settings", {
    config: { access: { permission: "gov.log-review.manage", scope: "none" } },
    schema: { description: "P8(4): review period and mass-grant threshold", response: { 200: Settings.extend({ idleDays: z.number() }) } },
  }, async () => ({
    reviewPeriodDays: await getGovSetting(ctx.db, "reviewPeriodDays"),
    massGrantThreshold: await getGovSetting(ctx.db, "massGrantThreshold"),
    idleDays: await getGovSetting(ctx.db, "idleDays"),
  }));

  r.put("/log-review/settings", {
    config: { access: { permission: "gov.log-review.manage", scope: "none" } },
    schema: {
      description: "P8(4): set the review period (days) and the mass-grant threshold (州 permission admins)",
      body: z.object({
        reviewPeriodDays: z.number().int().min(GOV_SETTINGS.reviewPeriodDays.min).max(GOV_SETTINGS.reviewPeriodDays.max).optional(),
        massGrantThreshold: z.number().int().min(GOV_SETTINGS.massGrantThreshold.min).max(GOV_SETTINGS.massGrantThreshold.max).optional(),
      }),
      response: { 200: Settings },
    },
  }, async (req) => {
    const p = principalOf(req);
    prefectureOnly(p, "权限日志审查设置");
    const who = actorOf(p, req.ip);
    return ctx.db.transaction(async (tx) => {
      if (req.body.reviewPeriodDays !== undefined) await setGovSetting(tx, who, "reviewPeriodDays", req.body.reviewPeriodDays);
      if (req.body.massGrantThreshold !== undefined) await setGovSetting(tx, who, "massGrantThreshold", req.body.massGrantThreshold);
      return { reviewPeriodDays: await getGovSetting(tx, "reviewPeriodDays"), massGrantThreshold: await getGovSetting(tx, "massGrantThreshold") };
    });
  });

  // --- Access review campaigns ---
  r.get("/review-campaigns", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "Access review campaigns in the caller's subtree with progress", response: { 200: z.array(answer({ id: z.number(), items: z.number(), pending: z.number(), overdue: z.boolean() })) } },
  }, async (req) => listCampaigns(ctx.db, principalOf(req)));

  r.post("/review-campaigns", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: {
      description: "Start an access review over the grants the caller is responsible for (optionally one subsystem they hold)",
      body: z.object({ title: z.string().max(60), deadline: isoDate, subsystem: z.enum(AREAS).nullish() }),
      response: { 200: answer({ id: z.number() }) },
    },
  }, async (req) => startCampaign(ctx.db, principalOf(req), req.body, { ip: req.ip }));

  r.get("/review-campaigns/:id", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "One campaign: items, decisions, and the unanswered items at the deadline", params: IdParams, response: { 200: answer({ campaign: answer({ id: z.number() }), counts: z.object({ items: z.number(), pending: z.number(), confirmed: z.number(), revoked: z.number() }) }) } },
  }, async (req) => campaignDetail(ctx.db, principalOf(req), req.params.id));

  r.post("/review-campaigns/:id/items/:itemId/decide", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: {
      description: "Confirm or revoke one grant of a campaign (a revocation goes through the governed revokeGrant)",
      params: IdParams.extend({ itemId: Id }),
      body: z.object({ decision: z.enum(["confirm", "revoke"]), note: z.string().max(200).optional() }),
      response: { 200: z.object({ id: z.number(), decision: z.string() }) },
    },
  }, async (req) => decideItem(ctx.db, principalOf(req), req.params.id, req.params.itemId, req.body, { ip: req.ip }));

  r.post("/review-campaigns/:id/close", {
    config: { access: { permission: "gov.grant.manage", scope: "org" } },
    schema: { description: "Close a campaign; unanswered items are recorded", params: IdParams, response: { 200: answer({ id: z.number(), status: z.literal("closed") }) } },
  }, async (req) => closeCampaign(ctx.db, principalOf(req), req.params.id, { ip: req.ip }));
}
