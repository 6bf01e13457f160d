/** The web pages of 共享用工子系统 (S-SHARE): routes and menu entries, read by the shell (src/web/modules.ts). */
import { lazy } from "react";
import { BankOutlined, BarChartOutlined, FileDoneOutlined, FileTextOutlined, GiftOutlined, ShareAltOutlined, SwapOutlined, WalletOutlined } from "@ant-design/icons";
import { defineWebModule } from "../../web/module.js";

const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));

export default defineWebModule({
  name: "sharing",
  pages: [
    { path: "/share/enterprises", label: "企业", section: "SHARE", icon: <BankOutlined />, permission: "share.enterprise.read", component: page(() => import("./EnterprisesPage.js"), "EnterprisesPage") },
    { path: "/share/declarations", label: "富余、缺工申报", section: "SHARE", icon: <FileTextOutlined />, permission: "share.enterprise.read", component: page(() => import("./EnterprisesPage.js"), "DeclarationsPage") },
    { path: "/share/match", label: "撮合", section: "SHARE", icon: <ShareAltOutlined />, permission: "share.match.manage", component: lazy(() => import("./MatchPage.js")) },
    { path: "/share/agreements", label: "协议", section: "SHARE", icon: <FileDoneOutlined />, permission: "share.agreement.manage", component: page(() => import("./AgreementsPage.js"), "AgreementsPage") },
    { path: "/share/agreements/:id", label: "协议详情", section: "SHARE", hideInMenu: true, permission: "share.agreement.manage", component: page(() => import("./AgreementsPage.js"), "AgreementDetailPage") },
    { path: "/share/settlements", label: "结算", section: "SHARE", icon: <WalletOutlined />, permission: "share.agreement.manage", component: page(() => import("./OpsPages.js"), "SettlementsPage") },
    { path: "/share/returns", label: "返岗与争议", section: "SHARE", icon: <SwapOutlined />, permission: "share.dispute.manage", component: page(() => import("./OpsPages.js"), "ReturnsPage") },
    { path: "/share/subsidy", label: "补贴", section: "SHARE", icon: <GiftOutlined />, permission: "share.subsidy.manage", component: page(() => import("./OpsPages.js"), "SubsidyPage") },
    { path: "/share/stats", label: "统计", section: "SHARE", icon: <BarChartOutlined />, permission: "share.stats.read", component: page(() => import("./OpsPages.js"), "StatsPage") },
  ],
});
