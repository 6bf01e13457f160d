/**
 * Governance settings kept in the settings table (nothing in process memory): the idle-account threshold (P7(4)),
 * the log-review reminder period and the mass-grant threshold (P8(4)). Changed by 州 admins only, audited.
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { settings } from "../core/db/schema.js";
import { audit, type Actor } from "../core/audit.js";

export const GOV_SETTINGS = {
  /** P7(4): days without login after which an account is a clean-up candidate (never logged in: from creation). */
  idleDays: { key: "gov.cleanup.idle_days", default: 90, min: 7, max: 730, name: "长期未登录天数" },
  /** P8(4): a level whose log was not reviewed within this many days is flagged. */
  reviewPeriodDays: { key: "gov.log_review.period_days", default: 30, min: 1, max: 365, name: "权限日志审查周期（天）" },
  /** P8(4): more grants than this by one actor in one day is highlighted as a mass grant. */
  massGrantThreshold: { key: "gov.log_review.mass_grant_threshold", default: 20, min: 1, max: 1000, name: "批量授权提示阈值（每人每天）" },
} as const;
export type GovSettingName = keyof typeof GOV_SETTINGS;

export async function getGovSetting(q: Queryable, name: GovSettingName): Promise<number> {
  const def = GOV_SETTINGS[name];
  const [row] = await q.select({ value: settings.value }).from(settings).where(eq(settings.key, def.key));
  const v = Number(row?.value);
  return Number.isInteger(v) && v >= def.min && v <= def.max ? v : def.default;
}

export async function setGovSetting(q: Queryable, actor: Actor, name: GovSettingName, value: number) {
  const def = GOV_SETTINGS[name];
  const before = await getGovSetting(q, name);
  await q
    .insert(settings)
    .values({ key: def.key, value, updatedBy: actor.accountId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actor.accountId, updatedAt: new Date() } });
  await audit(q, actor, { event: "settings.update", objectType: "setting", objectId: def.key, detail: { name: def.name, before, after: value } });
  return value;
}
