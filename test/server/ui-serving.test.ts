import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config/settings.js";
import { createApp } from "../../src/server/app.js";
import { BUILT_UI_DIR, startServer } from "../../src/server/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { errorOf, send, WITHOUT_KEYS } from "./harness.js";

const INDEX =
  "<!doctype html><html><body><div id=root></div><script src=/assets/app-1a2b.js></script></body></html>";
const SECRET = "the secret beside the UI folder";

/** A fake built UI in a temp folder, with a file beside it that must never be served. */
function fakeUi(options: { index?: boolean } = {}): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "steward-ui-"));
  const dir = join(root, "ui");
  mkdirSync(join(dir, "assets"), { recursive: true });
  if (options.index !== false) writeFileSync(join(dir, "index.html"), INDEX);
  writeFileSync(join(dir, "assets", "app-1a2b.js"), "console.log('app');");
  writeFileSync(join(dir, "assets", "app-1a2b.js.map"), '{"version":3}');
  writeFileSync(join(dir, "assets", "style-3c4d.css"), "body{margin:0}");
  writeFileSync(join(dir, "assets", "logo-5e6f.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(dir, "assets", "inter-7a8b.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dir, "favicon.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dir, "manifest.json"), '{"name":"Steward"}');
  writeFileSync(join(root, "secret.json"), JSON.stringify(SECRET));
  writeFileSync(join(root, "secret.txt"), SECRET);
  symlinkSync(join(root, "secret.txt"), join(dir, "escape.txt"));
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

// Serving the UI never touches the database.
const NO_STORE = WITHOUT_KEYS as unknown as Store;

describe("createApp with uiDir", () => {
  const ui = fakeUi();
  const app = createApp({ store: NO_STORE, version: "0.0.0-test", uiDir: ui.dir });
  afterAll(() => ui.cleanup());

  it("serves index.html at / and, so links can be shared, at every app path that is not a file", async () => {
    for (const path of ["/", "/work-pools/tutorial-process-pool", "/runs/abc", "/flows/x/runs?tab=logs"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control"), path).toBe("no-cache");
      expect(await response.text(), path).toBe(INDEX);
    }
  });

  it("serves files with their content types; hashed assets are cached for good", async () => {
    const cases: [string, string, string][] = [
      ["/assets/app-1a2b.js", "text/javascript; charset=utf-8", "console.log('app');"],
      ["/assets/app-1a2b.js.map", "application/json; charset=utf-8", '{"version":3}'],
      ["/assets/style-3c4d.css", "text/css; charset=utf-8", "body{margin:0}"],
      ["/assets/logo-5e6f.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"],
      ["/assets/inter-7a8b.woff2", "font/woff2", "wOF2"],
    ];
    for (const [path, type, body] of cases) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe(type);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(await response.text(), path).toBe(body);
    }
    const favicon = await app.request("/favicon.png");
    expect(favicon.headers.get("content-type")).toBe("image/png");
    expect(favicon.headers.get("cache-control")).toBe("no-cache");
    expect(new Uint8Array(await favicon.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const manifest = await app.request("/manifest.json");
    expect(manifest.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await manifest.json()).toEqual({ name: "Steward" });
  });

  it("answers HEAD with the headers only", async () => {
    const response = await app.request("/assets/app-1a2b.js", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String("console.log('app');".length));
    expect(await response.text()).toBe("");
  });

  it("answers 404, not index.html, for a missing script, stylesheet or data file", async () => {
    for (const path of ["/assets/app-0000.js", "/assets/gone.css", "/missing.json", "/assets/x.js.map"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("<div id=root>");
    }
  });

  it("never serves a file outside the folder", async () => {
    for (const path of [
      "/../secret.json",
      "/%2e%2e/secret.json",
      "/%2E%2E/secret.txt",
      "/assets/..%2f..%2fsecret.json",
      "/..%2fsecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/escape.txt",
      "/%00.js",
      "/%E0%A4%A.js",
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain(SECRET);
    }
  });

  it("leaves /api and /docs alone: unknown API paths keep their JSON 404, and only GET is served", async () => {
    const unknown = await send(app, "GET", "/api/nope");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe("ROUTE_NOT_FOUND");
    const apiRoot = await send(app, "GET", "/api");
    expect(errorOf(apiRoot).code).toBe("ROUTE_NOT_FOUND");
    const wrongMethod = await send(app, "GET", "/api/flows/filter");
    expect(wrongMethod.status).toBe(405);
    expect((await send(app, "GET", "/api/openapi.json")).status).toBe(200);
    const docs = await app.request("/docs");
    expect(await docs.text()).toContain("Steward API");
    const post = await send(app, "POST", "/", {});
    expect(post.status).toBe(404);
    expect(errorOf(post).code).toBe("ROUTE_NOT_FOUND");
  });

  it("says how to build the UI (503) while the folder has no index.html", async () => {
    const unbuilt = fakeUi({ index: false });
    try {
      const target = createApp({ store: NO_STORE, version: "0.0.0-test", uiDir: unbuilt.dir });
      for (const path of ["/", "/runs/abc"]) {
        const response = await target.request(path);
        expect(response.status, path).toBe(503);
        expect(response.headers.get("content-type"), path).toContain("text/html");
        expect(await response.text(), path).toContain(
          "The Steward UI is not built. Run <code>npm run build</code> in the steward package, or start the server with <code>--no-ui</code>.",
        );
      }
      // Once built, it is served without a restart.
      writeFileSync(join(unbuilt.dir, "index.html"), INDEX);
      expect((await target.request("/")).status).toBe(200);
      unlinkSync(join(unbuilt.dir, "index.html"));
      expect((await target.request("/")).status).toBe(503);
    } finally {
      unbuilt.cleanup();
    }
  });

  it("keeps today's JSON 404 at / without uiDir", async () => {
    const plain = createApp({ store: NO_STORE, version: "0.0.0-test" });
    const answer = await send(plain, "GET", "/");
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("ROUTE_NOT_FOUND");
  });
});

/** A GET sent with its path exactly as written (fetch would normalise `..` away first). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("startServer and the UI", () => {
  const home = mkdtempSync(join(tmpdir(), "steward-ui-server-"));
  const ui = fakeUi();
  afterAll(() => {
    ui.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it("serves the UI folder over HTTP, refuses traversal on the wire, and says where the UI is", async () => {
    const lines: string[] = [];
    const server = await startServer({
      settings: loadSettings({ STEWARD_HOME: home }),
      port: 0,
      services: false,
      uiDir: ui.dir,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toContain(`Steward UI: ${server.url}/`);
      const page = await fetch(`${server.url}/work-pools/tutorial-process-pool`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(INDEX);
      for (const path of ["/../secret.json", "/assets/../../secret.txt", "/%2e%2e/secret.json"]) {
        const answer = await rawGet(server.port, path);
        expect(answer.status, path).toBe(404);
        expect(answer.body, path).not.toContain(SECRET);
      }
    } finally {
      await server.close();
    }
  });

  it("does not serve the UI with ui: false or STEWARD_SERVER_UI=false", async () => {
    for (const [settings, ui] of [
      [loadSettings({ STEWARD_HOME: home }), false],
      [loadSettings({ STEWARD_HOME: home, STEWARD_SERVER_UI: "false" }), undefined],
    ] as const) {
      const lines: string[] = [];
      const server = await startServer({
        settings,
        port: 0,
        services: false,
        ui,
        log: (line) => lines.push(line),
      });
      try {
        expect(lines.some((line) => line.startsWith("Steward UI:"))).toBe(false);
        const answer = await fetch(`${server.url}/`);
        expect(answer.status).toBe(404);
        expect(await answer.json()).toMatchObject({ error: { code: "ROUTE_NOT_FOUND" } });
      } finally {
        await server.close();
      }
    }
  });

  it("serves the package's built UI folder by default", async () => {
    const server = await startServer({
      settings: loadSettings({ STEWARD_HOME: home }),
      port: 0,
      services: false,
      log: () => {},
    });
    try {
      // dist/server/index.js serves dist/ui/; run from the sources, that is src/ui/, never built.
      expect(BUILT_UI_DIR).toBe(`${resolve(import.meta.dirname, "../../src/ui")}${sep}`);
      const answer = await fetch(`${server.url}/`);
      expect(answer.headers.get("content-type")).toContain("text/html");
      expect(answer.status).toBe(existsSync(join(BUILT_UI_DIR, "index.html")) ? 200 : 503);
    } finally {
      await server.close();
    }
  });
});
