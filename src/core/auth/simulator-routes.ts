/**
 * The e-SSC simulator (demo mode only, refused in production by loadConfig): the routes behind the page that plays
 * the citizen's phone. The phone reads the QR content, shows who is logging in, and on confirmation the simulated
 * channel signs an answer that goes through exactly the same verification as the real channel's (acceptAssertion).
 */
import { z } from "zod";
import { eq } from "drizzle-orm";
import type { AppContext, Router } from "../http/context.js";
import { acceptAssertion } from "./tickets.js";
import { IdentitySchema, parseQrContent } from "./essc.js";
import { settings } from "../db/schema.js";
import { badRequest } from "../errors.js";

const Answer = z.object({ status: z.enum(["scanned", "rejected", "confirmed"]), code: z.string().optional() });

export const SIM_IDENTITIES_KEY = "essc_sim.identities";

export interface SimIdentity {
  name: string;
  idNumber: string;
  /** Who this is in the demo, to help pick (e.g. "州账户管理员A"). */
  label: string;
}

export function simulatorRoutes(r: Router, ctx: AppContext) {
  const sim = ctx.simulator!;

  r.get("/api/essc-sim/identities", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { description: "Demo only: the demo cards the simulated phone can hold", response: { 200: z.object({ identities: z.array(z.object({ name: z.string(), idNumber: z.string(), label: z.string() })) }) } },
  }, async () => {
    const [row] = await ctx.db.select().from(settings).where(eq(settings.key, SIM_IDENTITIES_KEY));
    return { identities: (row?.value as SimIdentity[] | undefined) ?? [] };
  });

  r.post("/api/essc-sim/scan", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { description: "Demo only: the phone has read the QR code", body: z.object({ qrContent: z.string().max(500) }), response: { 200: Answer } },
  }, async (req) => {
    if (!parseQrContent(req.body.qrContent)) throw badRequest("QR_MALFORMED", "二维码内容无法识别，请扫描平台登录页上的二维码");
    return acceptAssertion(ctx.db, sim, sim.answer(req.body.qrContent, "scanned"), req.ip);
  });

  r.post("/api/essc-sim/confirm", {
    config: { access: { permission: "public", scope: "none" } },
    schema: {
      description: "Demo only: the holder confirms the login on the phone",
      body: z.object({ qrContent: z.string().max(500), identity: IdentitySchema.pick({ name: true, idNumber: true }) }),
      response: { 200: Answer },
    },
  }, async (req) => {
    const { name, idNumber } = req.body.identity;
    const identity = { name: name.trim(), idNumber: idNumber.trim().toUpperCase(), cardNo: `S${idNumber.slice(-8)}`, region: idNumber.slice(0, 6) };
    return acceptAssertion(ctx.db, sim, sim.answer(req.body.qrContent, "confirmed", identity), req.ip);
  });

  r.post("/api/essc-sim/cancel", {
    config: { access: { permission: "public", scope: "none" } },
    schema: { description: "Demo only: the holder cancels on the phone", body: z.object({ qrContent: z.string().max(500) }), response: { 200: Answer } },
  }, async (req) => acceptAssertion(ctx.db, sim, sim.answer(req.body.qrContent, "cancelled"), req.ip));
}
