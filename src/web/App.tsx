/** Routes: the login page and the e-SSC simulator without a session; every other page inside the main layout. */
import { Suspense, useEffect } from "react";
import { Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Result, Spin } from "antd";
import { setErrorNotifier, setUnauthorizedHandler } from "./api.js";
import { PAGES, canOpen, type PageEntry } from "./registry.js";
import { MainLayout } from "./MainLayout.js";
import { LoginPage } from "./pages/LoginPage.js";
import { SimulatorPage } from "./pages/SimulatorPage.js";
import { useCurrentSession } from "./session.js";

export interface LoginPageState {
  /** Why the previous session ended (SESSION_REPLACED, SESSION_IDLE …), shown on the login page. */
  reason?: string;
  reasonCode?: string;
  info?: string;
  from?: string;
}

function Guarded({ entry }: { entry: PageEntry }) {
  const s = useCurrentSession();
  if (!canOpen(entry, s)) {
    return <Result status="403" title="无权访问" subTitle="您的账户没有使用此功能的权限。如工作需要，请按规定提交权限申请（附件2）。" />;
  }
  const C = entry.component;
  return (
    <Suspense fallback={<Spin style={{ display: "block", margin: "80px auto" }} />}>
      <C />
    </Suspense>
  );
}

export function App() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();

  useEffect(() => {
    setErrorNotifier((text) => void message.error(text));
    setUnauthorizedHandler((err) => {
      queryClient.removeQueries();
      const state: LoginPageState = {
        reason: err.code === "NOT_LOGGED_IN" ? undefined : err.message,
        reasonCode: err.code,
        from: window.location.pathname === "/login" ? undefined : window.location.pathname + window.location.search,
      };
      navigate("/login", { replace: true, state });
    });
  }, [message, navigate, queryClient]);

  useEffect(() => {
    document.title = location.pathname.startsWith("/essc-sim") ? "电子社保卡（演示模拟器）" : "恩施州劳动力资源信息平台";
  }, [location.pathname]);

  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/essc-sim" element={<SimulatorPage />} />
      <Route element={<MainLayout />}>
        {PAGES.map((p) => (
          <Route key={p.path} path={p.path} element={<Guarded entry={p} />} />
        ))}
        <Route path="*" element={<Result status="404" title="页面不存在" subTitle="您访问的页面不存在，请从左侧菜单进入。" />} />
      </Route>
    </Routes>
  );
}
