// Builds the web UI into dist/ui, which `steward server start` serves at `/`.
// `npm run dev:ui` serves it with hot reload and proxies /api to a server on STEWARD_API_URL or :4200.
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const apiTarget = (process.env.STEWARD_API_URL ?? "http://127.0.0.1:4200/api").replace(/\/api\/?$/, "");

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      "/api": {
        target: apiTarget,
        changeOrigin: true,
        // The API refuses other origins (403): requests from this dev server's own pages are
        // passed on as the API's own origin; any other origin is passed on as it is, and refused.
        configure: (proxy) =>
          proxy.on("proxyReq", (proxyReq, req) => {
            if (req.headers.origin === `http://${req.headers.host}`) proxyReq.setHeader("origin", apiTarget);
          }),
      },
    },
  },
});
