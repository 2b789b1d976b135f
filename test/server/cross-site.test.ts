/**
 * Issue 15 item 5, over real HTTP to `startServer`: writes without a JSON content type, requests
 * from other origins and requests under other host names (DNS rebinding) are refused; the own
 * origin, configured origins and hosts, and clients without Origin pass; CORS only when configured.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { type RunningServer, startServer } from "../../src/server/index.js";

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

/** Sends exactly these headers (Host included, none added) to the server. */
function raw(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<Answer>((resolve, reject) => {
    const sent = request(
      { host: "127.0.0.1", port: server.port, method, path, headers, setHost: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    sent.on("error", reject);
    sent.end(body);
  });
}

const codeOf = (answer: Answer) => (answer.body as { error: { code: string; message: string } }).error.code;
const accessHeaders = (answer: Answer) =>
  Object.keys(answer.headers).filter((name) => name.startsWith("access-control"));

describe("cross-site writes and DNS rebinding", () => {
  const home = mkdtempSync(join(tmpdir(), "steward-cross-site-"));
  let server: RunningServer;
  let configured: RunningServer;
  let own: string;

  beforeAll(async () => {
    server = await startServer({
      settings: loadSettings({ STEWARD_HOME: home }),
      port: 0,
      services: false,
      ui: false,
      log: () => {},
    });
    own = `127.0.0.1:${server.port}`;
    const settings = loadSettings({
      STEWARD_HOME: home,
      STEWARD_DATABASE_URL: join(home, "configured.db"),
      STEWARD_SERVER_ALLOWED_ORIGINS: "https://ops.example.com, http://localhost:5173",
      STEWARD_SERVER_ALLOWED_HOSTS: "steward.internal",
    });
    configured = await startServer({ settings, port: 0, services: false, ui: false, log: () => {} });
  });
  afterAll(async () => {
    await server?.close();
    await configured?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const poolNames = async (target: RunningServer) =>
    (await new StewardClient({ apiUrl: target.apiUrl, retries: 0 }).call("filterWorkPools")).map(
      (pool) => pool.name,
    );

  it("refuses a write without Content-Type with 415, body or not", async () => {
    const withBody = await raw(
      server,
      "POST",
      "/api/work_pools/",
      { host: own },
      JSON.stringify({ name: "no-type" }),
    );
    expect(withBody.status).toBe(415);
    expect(codeOf(withBody)).toBe("UNSUPPORTED_MEDIA_TYPE");
    const bodiless = await raw(server, "POST", "/api/work_pools/filter", { host: own });
    expect(bodiless.status).toBe(415);
    expect(await poolNames(server)).not.toContain("no-type");
  });

  it("refuses a write from another origin with 403 and creates nothing", async () => {
    const answer = await raw(
      server,
      "POST",
      "/api/work_pools/",
      { host: own, origin: "http://evil.example", "content-type": "application/json" },
      JSON.stringify({ name: "evil-pool" }),
    );
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe("ORIGIN_NOT_ALLOWED");
    const read = await raw(server, "GET", "/api/health", { host: own, origin: "http://evil.example" });
    expect(read.status).toBe(403);
    expect(await poolNames(server)).not.toContain("evil-pool");
  });

  it("refuses other host names with 421, DNS rebinding included, UI paths too", async () => {
    for (const host of ["evil.example", "attacker.example:4200", `attacker.example:${server.port}`]) {
      for (const path of ["/api/health", "/"]) {
        const answer = await raw(server, "GET", path, { host });
        expect(answer.status).toBe(421);
        expect(codeOf(answer)).toBe("HOST_NOT_ALLOWED");
      }
    }
    const write = await raw(
      server,
      "POST",
      "/api/work_pools/",
      {
        host: `attacker.example:${server.port}`,
        origin: `http://attacker.example:${server.port}`,
        "content-type": "application/json",
      },
      JSON.stringify({ name: "rebound-pool" }),
    );
    expect(write.status).toBe(421);
    expect(await poolNames(server)).not.toContain("rebound-pool");
  });

  it("lets the own origin, every loopback name and clients without Origin through, without CORS headers", async () => {
    for (const host of [own, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const answer = await raw(
        server,
        "POST",
        "/api/work_pools/",
        { host, origin: `http://${host}`, "content-type": "application/json" },
        JSON.stringify({ name: `own-${host.replace(/\W/g, "-")}` }),
      );
      expect(answer.status).toBe(201);
      expect(accessHeaders(answer)).toEqual([]);
    }
    // poolNames calls POST /work_pools/filter without a body: the client says JSON anyway.
    expect((await poolNames(server)).filter((name) => name.startsWith("own-"))).toHaveLength(3);
    const preflight = await raw(server, "OPTIONS", "/api/work_pools/", {
      host: own,
      origin: "https://ops.example.com",
      "access-control-request-method": "POST",
    });
    expect(preflight.status).toBe(403);
    expect(accessHeaders(preflight)).toEqual([]);
  });

  it("lets configured origins and hosts through, with CORS headers and preflight answers", async () => {
    const host = `127.0.0.1:${configured.port}`;
    const preflight = await raw(configured, "OPTIONS", "/api/work_pools/", {
      host,
      origin: "https://ops.example.com",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://ops.example.com");
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET, POST, PUT, PATCH, DELETE");
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("Content-Type");

    const write = await raw(
      configured,
      "POST",
      "/api/work_pools/",
      { host, origin: "http://localhost:5173", "content-type": "application/json" },
      JSON.stringify({ name: "allowed-origin" }),
    );
    expect(write.status).toBe(201);
    expect(write.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(await poolNames(configured)).toContain("allowed-origin");

    const named = await raw(configured, "GET", "/api/health", { host: "steward.internal" });
    expect(named.status).toBe(200);
    const evil = await raw(configured, "GET", "/api/health", { host, origin: "http://evil.example" });
    expect(evil.status).toBe(403);
    expect(accessHeaders(evil)).toEqual([]);
  });

  it("bound to every interface, answers under IP addresses and loopback names, not DNS names", async () => {
    // A server on every interface needs auth on (or --insecure-no-auth); /api/health stays open.
    const settings = loadSettings({
      STEWARD_HOME: home,
      STEWARD_DATABASE_URL: join(home, "wildcard.db"),
      STEWARD_SERVER_API_KEY: "cross-site-test-bootstrap-key",
    });
    const lines: string[] = [];
    const wildcard = await startServer({
      settings,
      host: "0.0.0.0",
      port: 0,
      services: false,
      ui: false,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines.join("\n")).toContain("STEWARD_SERVER_ALLOWED_HOSTS");
      for (const host of [
        `127.0.0.1:${wildcard.port}`,
        `localhost:${wildcard.port}`,
        `10.1.2.3:${wildcard.port}`,
      ]) {
        expect((await raw(wildcard, "GET", "/api/health", { host })).status, host).toBe(200);
      }
      for (const host of [
        `myhost.lan:${wildcard.port}`,
        `attacker.example:${wildcard.port}`,
        "127.0.0.1:1",
      ]) {
        expect((await raw(wildcard, "GET", "/api/health", { host })).status, host).toBe(421);
      }
    } finally {
      await wildcard.close();
    }
  });
});
