/** 共享用工子系统 (S-SHARE): enterprises, 富余/缺工 declarations, matchmaking, agreements with consent, returns, subsidies. */
import { defineModule } from "../core/module.js";
import { nextDailyChinaTime } from "../core/jobs.js";
import { SHARE_AREA } from "./permissions.js";
import { shareRoutes } from "./routes.js";
import { DISPUTE_DEADLINES, runShareDaily } from "./agreements.js";
import { SHARE_INDICATORS, shareInbox } from "./reports.js";
import { seedShareDemo } from "./demo.js";
import { SHARE_AUDIT_EVENTS, SHARE_AUDIT_OBJECTS } from "./audit-names.js";
import { SHARE_FIELD_LABELS } from "./field-labels.js";

export const SHARE_DAILY_JOB = "share.daily";

export default defineModule({
  name: "sharing",
  area: SHARE_AREA,
  routes: { prefix: "/api/share", register: shareRoutes },
  jobs: [{ name: SHARE_DAILY_JOB, next: (now) => nextDailyChinaTime(now, 1, 30), run: (db, now) => runShareDaily(db, now) }],
  deadlines: DISPUTE_DEADLINES,
  inbox: shareInbox,
  indicators: SHARE_INDICATORS,
  auditEvents: SHARE_AUDIT_EVENTS,
  auditObjects: SHARE_AUDIT_OBJECTS,
  fieldLabels: SHARE_FIELD_LABELS,
  seedDemo: ({ db, scale }) => seedShareDemo(db, scale),
});
