/**
 * The composition root: every module of the platform, in the order their demo seeds run (governance first: the demo
 * staff must exist before anything else is made through their services). The server, the CLI, the job runner and
 * the demo seed read this one list; the web app reads its twin, src/web/modules.ts (a test keeps the two alike).
 * Adding a subsystem is one folder with its module.ts and one line here.
 */
import type { PlatformModule } from "./core/module.js";
import governance from "./governance/module.js";
import forms from "./forms/module.js";
import requirements from "./requirements/module.js";
import labor from "./labor/module.js";
import gig from "./gig/module.js";
import sharing from "./sharing/module.js";
import cases from "./cases/module.js";
import analytics from "./analytics/module.js";

export const MODULES: readonly PlatformModule[] = [governance, forms, requirements, labor, gig, sharing, cases, analytics];
