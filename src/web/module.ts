/**
 * The web half of the module contract: a module's pages (routes and menu entries). Each module folder has
 * `web/module.tsx` default-exporting a WebModule; the shell's composition root (src/web/modules.ts) lists them. It is
 * a separate file from the server's module.ts because the browser bundle must not load server code.
 */
import type { ComponentType, ReactNode } from "react";
import type { Permission } from "../core/access/catalogue.js";
import type { RoleKind, Subsystem } from "./types.js";

/** Menu sections: an area code (LABOR … CASES, REQ) or one of the shell's own. */
export type Section = "home" | Subsystem | "forms" | "system" | "account";

export interface PageEntry {
  /** Route path, absolute ("/gov/accounts"). */
  path: string;
  /** Menu label and page title. */
  label: string;
  section: Section;
  icon?: ReactNode;
  /** Shown only to accounts holding this permission (a mistyped code does not compile). */
  permission?: Permission;
  /** Shown only to these role kinds. */
  roles?: RoleKind[];
  /** Routed, but not listed in the menu (detail pages). */
  hideInMenu?: boolean;
  component: ComponentType;
}

export interface WebModule {
  /** The same name as the server module (src/<name>/module.ts). */
  name: string;
  pages: PageEntry[];
}

export function defineWebModule(m: WebModule): WebModule {
  return m;
}
