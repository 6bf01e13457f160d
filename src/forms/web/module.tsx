/** The web pages of 账户权限申请 (P10, P14–P16): every staff member files for their department; signers sign; admins carry out: routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { FileTextOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "forms",
  pages: [
  { path: "/forms", label: "申请表", help: { operator: "申请表列出本部门填写的、待您签署的和待您办理的申请表。“待我处理”只列出现在需要您操作的表。\n新增、注销或修改账户和权限，请点击“填写申请表”，选择附件1（管理员）或附件2（操作员）。", account_admin: "“待我处理”列出已审签、待本级管理员办理的申请表。打开申请表，逐行办理账户部分；办理前会显示该账户的所在单位和数据范围。", permission_admin: "“待我处理”列出待办理权限部分的申请表。账户部分办理完成后才能分配岗位权限。" }, section: "forms", icon: <FileTextOutlined />, component: lazy(() => import("./FormsPage.js")) },
  { path: "/forms/new", label: "填写申请表", help: "逐行填写申请内容，每行填写时即时校验（身份证号校验位、已有账户、岗位角色）。新增账户请选择“所在单位”：账户只能查看所在单位范围内的数据（最小权限）。\n全部行符合要求后才能提交；提交按钮不可用时，将鼠标移到按钮上可看到原因。", section: "forms", hideInMenu: true, component: lazy(() => import("./FormEditPage.js")) },
  { path: "/forms/:id/edit", label: "修改申请表", section: "forms", hideInMenu: true, component: lazy(() => import("./FormEditPage.js")) },
  { path: "/forms/:id", label: "申请表详情", help: "申请表依次经申请部门负责人、所在单位分管领导签署，再由账户管理员、权限管理员分别办理。页面只显示您现在可以进行的操作。", section: "forms", hideInMenu: true, component: lazy(() => import("./FormDetailPage.js")) },
  ],
});
