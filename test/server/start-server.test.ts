import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { type RunningServer, startServer } from "../../src/server/index.js";

describe("startServer", () => {
  const home = mkdtempSync(join(tmpdir(), "steward-start-server-"));
  const settings = loadSettings({ STEWARD_HOME: home });
  const running: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(running.map((server) => server.close()));
    rmSync(home, { recursive: true, force: true });
  });

  it("listens on a free port, answers over real HTTP, and closes", async () => {
    const lines: string[] = [];
    const server = await startServer({
      settings,
      host: "127.0.0.1",
      port: 0,
      log: (line) => lines.push(line),
    });
    running.push(server);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.apiUrl).toBe(`${server.url}/api`);
    const output = lines.join("\n");
    expect(output).toContain(server.apiUrl);
    expect(output).toContain(join(home, "steward.db"));
    expect(output).toContain(`${server.url}/docs`);

    const client = new StewardClient({ apiUrl: server.apiUrl, retries: 0 });
    expect(await client.call("health")).toBe(true);
    const flow = await client.call("createFlow", { body: { name: "over-http" } });
    expect(flow.name).toBe("over-http");
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    await docs.text();

    await server.close();
    await server.close();
    await expect(fetch(`${server.apiUrl}/health`)).rejects.toThrow();
  });

  it("refuses an oversized body over HTTP with 413, then still closes at once", async () => {
    const server = await startServer({ settings, port: 0, log: () => {}, closeGraceMs: 30_000 });
    running.push(server);
    const chunk = new TextEncoder().encode("y".repeat(1024 * 1024));
    // Streamed without Content-Length, so the limit is found while reading, not from a header.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${server.apiUrl}/flows/`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps the data across a restart on the same SQLite file", async () => {
    const first = await startServer({ settings, port: 0, log: () => {} });
    const client = new StewardClient({ apiUrl: first.apiUrl, retries: 0 });
    await client.call("createFlow", { body: { name: "survives" } });
    await first.close();
    const second = await startServer({ settings, port: 0, log: () => {} });
    running.push(second);
    const again = new StewardClient({ apiUrl: second.apiUrl, retries: 0 });
    expect((await again.call("readFlowByName", { params: { name: "survives" } })).name).toBe("survives");
  });

  it("fails with a one-line message when the port is in use", async () => {
    const first = await startServer({ settings, port: 0, log: () => {} });
    running.push(first);
    const attempt = startServer({ settings, port: first.port, log: () => {} });
    await expect(attempt).rejects.toThrow(
      `port ${first.port} is in use on 127.0.0.1; stop the other server or pass --port`,
    );
    await expect(attempt).rejects.toMatchObject({ code: "EADDRINUSE" });
    // The first server is unaffected.
    const client = new StewardClient({ apiUrl: first.apiUrl, retries: 0 });
    expect(await client.call("health")).toBe(true);
  });
});
