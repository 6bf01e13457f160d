/** The web pages of 劳动力资源信息库 (S-LABOR): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { BarChartOutlined, CloudUploadOutlined, HomeOutlined, SafetyCertificateOutlined, TeamOutlined, UserAddOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

export default defineWebModule({
  name: "labor",
  pages: [
  { path: "/labor/persons", label: "人员信息", help: "人员信息列出您数据范围内的劳动力资源信息。身份证号、联系电话默认脱敏，查看完整信息会记入审计日志。", section: "LABOR", icon: <TeamOutlined />, permission: "labor.person.read", component: lazy(() => import("./PersonsPage.js")) },
  { path: "/labor/persons/new", label: "人员登记", section: "LABOR", icon: <UserAddOutlined />, permission: "labor.person.create", component: lazy(() => import("./PersonEditPage.js")) },
  { path: "/labor/households/new", label: "入户调查", section: "LABOR", icon: <HomeOutlined />, permission: "labor.person.create", component: lazy(() => import("./HouseholdEntryPage.js")) },
  { path: "/labor/quality", label: "数据质量", help: "数据质量列出缺项、疑似错误的记录，按地区汇总；点击地区查看需要核实的人员清单。", section: "LABOR", icon: <SafetyCertificateOutlined />, permission: "labor.person.read", component: lazy(() => import("./QualityPage.js")) },
  { path: "/labor/persons/:id", label: "人员详情", section: "LABOR", hideInMenu: true, permission: "labor.person.read", component: lazy(() => import("./PersonDetailPage.js")) },
  { path: "/labor/persons/:id/edit", label: "修改人员信息", section: "LABOR", hideInMenu: true, permission: "labor.person.update", component: lazy(() => import("./PersonEditPage.js")) },
  { path: "/labor/households/:id", label: "户信息", section: "LABOR", hideInMenu: true, permission: "labor.person.read", component: lazy(() => import("./HouseholdPage.js")) },
  { path: "/labor/import", label: "批量导入", section: "LABOR", icon: <CloudUploadOutlined />, permission: "labor.import", component: lazy(() => import("./ImportPage.js")) },
  { path: "/labor/stats", label: "统计分析", help: "统计分析按地区汇总劳动力资源情况；点击图表中的地区可查看下一级。", section: "LABOR", icon: <BarChartOutlined />, permission: "labor.stats.read", component: lazy(() => import("./StatsPage.js")) },
  ],
});
