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
  /**
   * 使用说明: a few sentences on what the page is for and how it is used, shown from the help button beside the
   * breadcrumb. One text for everyone, or one per role kind (an account without its own text gets `operator`'s, else
   * the first given).
   */
  help?: string | Partial<Record<RoleKind, string>>;
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
