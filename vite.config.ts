/**
 * The web app (src/web) is built into dist/web, which the server serves with a fallback to index.html
 * (WEB_DIST in src/core/http/app.ts). The production CSP is script-src 'self': the build emits no inline script.
 * In development, `npm run dev:web` proxies /api to a server started with `npm run demo` on port 3000.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here("./src/web"),
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: here("./dist/web"),
    emptyOutDir: true,
    // antd is one large library; pages are split by route (React.lazy), the framework chunk stays big.
    chunkSizeWarningLimit: 2000,
    // Keep every asset a file: no data: scripts or inline modules under the CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
