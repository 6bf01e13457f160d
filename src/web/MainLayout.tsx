/**
 * The main layout after login: header with the platform name and the account (name, role, organisation, logout),
 * and a left menu built from the registry showing only what the account may use (P1, P9).
 */
import { useMemo, useState } from "react";
import { Link, Outlet, matchPath, useLocation, useNavigate } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Breadcrumb, Button, Layout, Menu, Result, Space, Spin, Tag, Tooltip, Typography, type MenuProps } from "antd";
import { LogoutOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { api, ApiError, setCsrfToken } from "./api.js";
import { useSession } from "./session.js";
import { PAGES, SECTIONS, canOpen, isSubsystemSection, type PageEntry } from "./registry.js";
import { roleName } from "./labels.js";
import type { SessionInfo } from "./types.js";
import type { LoginPageState } from "./App.js";

const { Header, Sider, Content, Footer } = Layout;
type MenuItem = Required<MenuProps>["items"][number];

function buildMenu(s: SessionInfo): { items: MenuItem[]; openKeys: string[] } {
  const visible = PAGES.filter((p) => !p.hideInMenu && canOpen(p, s));
  const item = (p: PageEntry): MenuItem => ({ key: p.path, icon: p.icon, label: <Link to={p.path}>{p.label}</Link> });
  const items: MenuItem[] = [];
  const openKeys: string[] = [];
  let subsystemItems: MenuItem[] = [];
  const flushSubsystems = () => {
    if (subsystemItems.length) items.push({ type: "group", key: "grp:subsystems", label: "业务子系统", children: subsystemItems });
    subsystemItems = [];
  };
  for (const sec of SECTIONS) {
    const pages = visible.filter((p) => p.section === sec.key);
    if (!pages.length) continue;
    if (isSubsystemSection(sec.key)) {
      subsystemItems.push(pages.length === 1 ? item(pages[0]!) : { key: `sec:${sec.key}`, icon: sec.icon, label: sec.title, children: pages.map(item) });
      continue;
    }
    if (sec.key !== "home") flushSubsystems();
    if (sec.key === "home" || sec.key === "account" || pages.length === 1) {
      items.push(...pages.map(item));
    } else {
      items.push({ key: `sec:${sec.key}`, icon: sec.icon, label: sec.title, children: pages.map(item) });
      openKeys.push(`sec:${sec.key}`);
    }
  }
  flushSubsystems();
  return { items, openKeys };
}

const underPath = (pathname: string, path: string) => pathname === path || (path !== "/" && pathname.startsWith(`${path}/`));

/** The registry entry of the current route (exact pattern match, else the closest parent path). */
function currentEntry(pathname: string): PageEntry | undefined {
  return (
    PAGES.find((p) => p.path.includes(":") ? matchPath({ path: p.path, end: true }, pathname) : p.path === pathname) ??
    PAGES.filter((p) => !p.path.includes(":") && underPath(pathname, p.path)).sort((a, b) => b.path.length - a.path.length)[0]
  );
}

/** The menu item to highlight: the closest listed page above the current path. */
function menuKey(pathname: string): string | undefined {
  return PAGES.filter((p) => !p.hideInMenu && underPath(pathname, p.path)).sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

function AccountBar({ s }: { s: SessionInfo }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const logout = async () => {
    setBusy(true);
    try {
      await api.post("/api/auth/logout");
      setCsrfToken(null);
      queryClient.removeQueries();
      navigate("/login", { replace: true, state: { info: "您已安全退出登录" } satisfies LoginPageState });
    } catch (e) {
      if (!(e instanceof ApiError)) void message.error("退出登录失败，请重试");
    } finally {
      setBusy(false);
    }
  };
  const a = s.account;
  return (
    <Space size={16} style={{ color: "#fff" }}>
      <span data-testid="account-org" style={{ color: "rgba(255,255,255,0.85)" }}>
        {a.orgName}
        {a.unitName ? ` · ${a.unitName}` : ""}
      </span>
      <Space size={6}>
        <SafetyCertificateOutlined />
        <Link to="/me" style={{ color: "#fff", fontWeight: 600 }} data-testid="account-name">
          {a.name}
        </Link>
        <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="account-role">
          {roleName(a.roleKind)}
          {a.abSlot ? `（${a.abSlot}角）` : ""}
        </Tag>
      </Space>
      <Tooltip title="结束本次会话">
        <Button size="small" ghost icon={<LogoutOutlined />} loading={busy} onClick={logout}>
          退出登录
        </Button>
      </Tooltip>
    </Space>
  );
}

export function MainLayout() {
  const { data: s, error, isLoading, refetch } = useSession();
  const location = useLocation();
  const menu = useMemo(() => (s ? buildMenu(s) : { items: [], openKeys: [] }), [s]);

  if (isLoading || (!s && !error)) return <Spin size="large" fullscreen tip="正在加载…" />;
  if (!s) {
    const e = error as ApiError | null;
    if (e?.status === 401) return <Spin size="large" fullscreen />;
    return (
      <Result status="error" title="无法加载账户信息" subTitle={e?.message ?? "请稍后重试"} extra={<Button onClick={() => void refetch()}>重试</Button>} />
    );
  }

  const entry = currentEntry(location.pathname);
  const selected = menuKey(location.pathname);
  const section = entry ? SECTIONS.find((x) => x.key === entry.section) : undefined;
  const crumbs = [{ title: <Link to="/">首页</Link> }];
  if (entry && entry.path !== "/") {
    if (section && section.key !== "account" && section.title !== entry.label) crumbs.push({ title: <>{section.title}</> });
    const parent = entry.hideInMenu ? PAGES.find((p) => p.path === selected && p !== entry) : undefined;
    if (parent && parent.label !== section?.title) crumbs.push({ title: <Link to={parent.path}>{parent.label}</Link> });
    crumbs.push({ title: <>{entry.label}</> });
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Header style={{ display: "flex", alignItems: "center", justifyContent: "space-between", paddingInline: 24, position: "sticky", top: 0, zIndex: 10 }}>
        <Link to="/" style={{ display: "flex", alignItems: "center", gap: 12, color: "#fff" }}>
          <span
            aria-hidden
            style={{
              width: 32, height: 32, lineHeight: "32px", textAlign: "center", borderRadius: 6, background: "#fff", color: "#0d3a7a",
              fontWeight: 700, fontSize: 17, flex: "none",
            }}
          >
            恩
          </span>
          <Typography.Title level={4} style={{ color: "#fff", margin: 0, letterSpacing: 1 }} data-testid="platform-name">
            恩施州劳动力资源信息平台
          </Typography.Title>
        </Link>
        <AccountBar s={s} />
      </Header>
      <Layout>
        <Sider width={232} theme="light" style={{ borderInlineEnd: "1px solid #f0f0f0" }}>
          <Menu
            mode="inline"
            items={menu.items}
            selectedKeys={selected ? [selected] : []}
            defaultOpenKeys={menu.openKeys}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
            data-testid="main-menu"
          />
        </Sider>
        <Layout style={{ padding: "0 24px" }}>
          <Breadcrumb items={crumbs} style={{ margin: "16px 0" }} />
          <Content style={{ minHeight: 280 }}>
            <Outlet />
          </Content>
          <Footer style={{ textAlign: "center", color: "#8c8c8c", padding: "20px 0", background: "transparent" }}>
            恩施土家族苗族自治州人力资源和社会保障局 · 恩施州劳动力资源信息平台
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
