/**
 * The web app's composition root: every module's pages (src/<module>/web/module.tsx), in menu order. The twin of
 * src/modules.ts (the server's list); a test keeps the two naming the same modules.
 */
import type { WebModule } from "./module.js";
import labor from "../labor/web/module.js";
import sharing from "../sharing/web/module.js";
import gig from "../gig/web/module.js";
import analytics from "../analytics/web/module.js";
import cases from "../cases/web/module.js";
import requirements from "../requirements/web/module.js";
import forms from "../forms/web/module.js";
import governance from "../governance/web/module.js";
// Each module's permission catalogue (defineArea), so that the pages can name the functions they show.
import "../labor/permissions.js";
import "../sharing/permissions.js";
import "../gig/permissions.js";
import "../analytics/permissions.js";
import "../cases/permissions.js";
import "../requirements/permissions.js";

export const WEB_MODULES: readonly WebModule[] = [labor, sharing, gig, analytics, cases, requirements, forms, governance];
