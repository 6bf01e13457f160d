/** Entry of the web app: antd in Chinese (zh_CN), TanStack Query, client-side routes. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { ApiError } from "./api.js";
import { App } from "./App.js";

dayjs.locale("zh-cn");

// A page's chunk that the server no longer has (the app was rebuilt or redeployed while this tab was open, and the old
// hashed file names are gone): load the current build instead of leaving a blank page. Not more than once in 10 s, so
// a chunk that is really missing still shows its error instead of reloading without end.
const CHUNK_RELOAD_AT = "enshi:chunk-reload-at";
window.addEventListener("vite:preloadError", () => {
  const last = Number(sessionStorage.getItem(CHUNK_RELOAD_AT) ?? 0);
  if (Date.now() - last < 10_000) return;
  sessionStorage.setItem(CHUNK_RELOAD_AT, String(Date.now()));
  window.location.reload();
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (permission, validation, session): do not retry them.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const FONT = `-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif`;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{
        // WCAG AA (issue 15): secondary and tertiary text at ≥ 4.5:1 on white and on the page background (#f0f2f5);
        // antd's defaults (0.65 / 0.45 black) give 3.4:1 for tertiary text (labels, descriptions, table sorters).
        token: {
          colorPrimary: "#1559c2", fontFamily: FONT, borderRadius: 4,
          colorTextSecondary: "rgba(0, 0, 0, 0.72)", colorTextTertiary: "rgba(0, 0, 0, 0.64)", colorTextDescription: "rgba(0, 0, 0, 0.64)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.56)", colorLink: "#1559c2", colorError: "#c41d1d", colorWarningText: "#8a5a00", colorSuccessText: "#2b6e0f",
        },
        components: { Layout: { headerBg: "#0d3a7a", siderBg: "#ffffff", bodyBg: "#f0f2f5" } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
