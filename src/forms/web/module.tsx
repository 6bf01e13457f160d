/** The web pages of 账户权限申请 (P10, P14–P16): every staff member files for their department; signers sign; admins carry out: routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { FileTextOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "forms",
  pages: [
  { path: "/forms", label: "申请表", section: "forms", icon: <FileTextOutlined />, component: lazy(() => import("./FormsPage.js")) },
  { path: "/forms/new", label: "填写申请表", section: "forms", hideInMenu: true, component: lazy(() => import("./FormEditPage.js")) },
  { path: "/forms/:id/edit", label: "修改申请表", section: "forms", hideInMenu: true, component: lazy(() => import("./FormEditPage.js")) },
  { path: "/forms/:id", label: "申请表详情", section: "forms", hideInMenu: true, component: lazy(() => import("./FormDetailPage.js")) },
  ],
});
