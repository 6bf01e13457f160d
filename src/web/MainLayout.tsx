/**
 * The main layout after login: header with the platform name, the 待办/通知 bell, the idle-timeout countdown and the
 * account (name, role, organisation, logout), and a left menu built from the registry showing only what the account
 * may use (P1, P9). Below 768 px the menu is a drawer opened from the header (issue 15: responsive shell).
 */
import { useEffect, useMemo, useState } from "react";
import { Link, Outlet, matchPath, useLocation, useNavigate } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Breadcrumb, Button, Drawer, Grid, Layout, Menu, Modal, Result, Space, Spin, Tag, Tooltip, Typography, type MenuProps } from "antd";
import { LogoutOutlined, MenuOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { api, ApiError, lastActivityAt, onActivity, setCsrfToken } from "./api.js";
import { NoticeBell } from "./inbox.js";
import { PageHelp } from "./help.js";
import { useSession } from "./session.js";
import { PAGES, SECTIONS, canOpen, isSubsystemSection, type PageEntry } from "./registry.js";
import { roleName } from "./labels.js";
import { useFocusableScrollRegions } from "./scrollRegions.js";
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

function useLogout() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const logout = async (state: LoginPageState = { info: "您已安全退出登录" }) => {
    setBusy(true);
    try {
      await api.post("/api/auth/logout", {}, { silent: true });
      setCsrfToken(null);
      queryClient.removeQueries();
      navigate("/login", { replace: true, state });
    } catch (e) {
      if (!(e instanceof ApiError)) void message.error("退出登录失败，请重试");
    } finally {
      setBusy(false);
    }
  };
  return { logout, busy };
}

/**
 * The idle-timeout countdown (P4): counted from the last request the user made (background polls do not count, and
 * the server notes activity at most every 30 s, so the count starts 30 s early). A minute before the end a dialog
 * warns and offers to continue; at the end the session is closed and the login page says why.
 */
function IdleCountdown({ minutes, compact }: { minutes: number; compact: boolean }) {
  const { logout } = useLogout();
  const [last, setLast] = useState(lastActivityAt());
  const [now, setNow] = useState(Date.now());
  useEffect(() => onActivity(setLast), []);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, Math.floor((last - 30_000 + minutes * 60_000 - now) / 1000));
  useEffect(() => {
    if (left === 0) void logout({ reason: "长时间未操作，会话已超时，请重新扫码登录", reasonCode: "SESSION_IDLE" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [left === 0]);
  const mm = String(Math.floor(left / 60)).padStart(2, "0");
  const ss = String(left % 60).padStart(2, "0");
  return (
    <>
      {!compact && (
        <Tooltip title={`${minutes} 分钟未操作将自动退出登录（第五条）`}>
          <span data-testid="idle-countdown" style={{ color: "rgba(255,255,255,0.85)", fontVariantNumeric: "tabular-nums" }} aria-live="off">
            会话剩余 {mm}:{ss}
          </span>
        </Tooltip>
      )}
      <Modal
        open={left > 0 && left <= 60}
        title="会话即将超时"
        closable={false}
        maskClosable={false}
        okText="继续使用"
        cancelText="退出登录"
        onOk={() => void api.get("/api/session", { silent: true })}
        onCancel={() => void logout()}
        data-testid="idle-warning"
      >
        您已较长时间未操作，为保护账户安全，会话将在 <b>{left}</b> 秒后自动结束。如需继续使用，请点击“继续使用”。
      </Modal>
    </>
  );
}

function AccountBar({ s, compact }: { s: SessionInfo; compact: boolean }) {
  const { logout, busy } = useLogout();
  const a = s.account;
  if (compact) {
    return (
      <Space size={4}>
        <IdleCountdown minutes={s.idleTimeoutMinutes} compact />
        <NoticeBell />
        <Tooltip title="退出登录">
          <Button type="text" aria-label="退出登录" icon={<LogoutOutlined style={{ color: "#fff" }} />} loading={busy} onClick={() => void logout()} />
        </Tooltip>
      </Space>
    );
  }
  return (
    <Space size={16} style={{ color: "#fff" }}>
      <IdleCountdown minutes={s.idleTimeoutMinutes} compact={false} />
      <NoticeBell />
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
        <Button size="small" ghost icon={<LogoutOutlined />} loading={busy} onClick={() => void logout()}>
          退出登录
        </Button>
      </Tooltip>
    </Space>
  );
}

export function MainLayout() {
  useFocusableScrollRegions();
  const { data: s, error, isLoading, refetch } = useSession();
  const location = useLocation();
  const menu = useMemo(() => (s ? buildMenu(s) : { items: [], openKeys: [] }), [s]);
  const screens = Grid.useBreakpoint();
  // Below 768 px (antd's md breakpoint) the menu is a drawer; before the first measurement, assume a wide screen.
  const mobile = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  useEffect(() => setDrawer(false), [location.pathname]);

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

  const menuEl = (
    <Menu
      mode="inline"
      items={menu.items}
      selectedKeys={selected ? [selected] : []}
      // The current page's section open too (a subsystem section after a reload on one of its pages).
      defaultOpenKeys={section ? [...menu.openKeys, `sec:${section.key}`] : menu.openKeys}
      style={{ borderInlineEnd: 0, paddingTop: 8 }}
      data-testid="main-menu"
    />
  );

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Header
        style={{
          display: "flex", alignItems: "center", justifyContent: "space-between", gap: 8, paddingInline: mobile ? 8 : 24,
          position: "sticky", top: 0, zIndex: 10,
        }}
      >
        <Space size={mobile ? 4 : 12} style={{ minWidth: 0, flex: "1 1 auto" }}>
          {mobile && (
            <Button
              type="text"
              aria-label="打开菜单"
              aria-expanded={drawer}
              data-testid="menu-toggle"
              icon={<MenuOutlined style={{ color: "#fff", fontSize: 18 }} />}
              onClick={() => setDrawer(true)}
            />
          )}
          <Link to="/" style={{ display: "flex", alignItems: "center", gap: mobile ? 8 : 12, color: "#fff", minWidth: 0 }}>
            <span
              aria-hidden
              style={{
                width: 32, height: 32, lineHeight: "32px", textAlign: "center", borderRadius: 6, background: "#fff", color: "#0d3a7a",
                fontWeight: 700, fontSize: 17, flex: "none",
              }}
            >
              恩
            </span>
            <Typography.Title
              level={4}
              style={{ color: "#fff", margin: 0, letterSpacing: mobile ? 0 : 1, fontSize: mobile ? 15 : undefined, whiteSpace: "nowrap" }}
              data-testid="platform-name"
            >
              恩施州劳动力资源信息平台
            </Typography.Title>
          </Link>
        </Space>
        <AccountBar s={s} compact={mobile} />
      </Header>
      <Layout>
        {!mobile && (
          <Sider width={232} theme="light" style={{ borderInlineEnd: "1px solid #f0f0f0" }}>
            {menuEl}
          </Sider>
        )}
        {mobile && (
          <Drawer
            placement="left"
            open={drawer}
            onClose={() => setDrawer(false)}
            width={272}
            title={
              <Space direction="vertical" size={0}>
                <Link to="/me" data-testid="account-name">{s.account.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }} data-testid="account-role">
                  {roleName(s.account.roleKind)}
                  {s.account.abSlot ? `（${s.account.abSlot}角）` : ""} · {s.account.orgName}
                </Typography.Text>
              </Space>
            }
            styles={{ body: { padding: 0 } }}
          >
            {menuEl}
          </Drawer>
        )}
        <Layout style={{ padding: mobile ? "0 8px" : "0 24px", minWidth: 0 }}>
          <Space style={{ margin: mobile ? "12px 0" : "16px 0", justifyContent: "space-between", width: "100%" }} wrap>
            <Breadcrumb items={crumbs} />
            {entry?.help && <PageHelp entry={entry} role={s.account.roleKind} />}
          </Space>
          <Content style={{ minHeight: 280, minWidth: 0 }}>
            <Outlet />
          </Content>
          <Footer style={{ textAlign: "center", color: "#595959", padding: "20px 0", background: "transparent" }}>
            恩施土家族苗族自治州人力资源和社会保障局 · 恩施州劳动力资源信息平台
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
