/**
 * The real `steward server start` refuses cross-site writes (issue 15 item 5): a write from another
 * origin (403), a write without a JSON content type (415) and a request under a rebound DNS name
 * (421); the CLI and the API helper, which send no Origin, keep working.
 */
import { request } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { api, makeHome, type StewardProcess, startServerProcess } from "./harness.js";

function status(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((resolve, reject) => {
    const sent = request({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

describe("steward server start refuses cross-site requests", () => {
  const { home, cleanup } = makeHome();
  let server: StewardProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    cleanup();
  });

  it("answers 403, 415 and 421 and creates nothing, while plain clients pass", async () => {
    const started = await startServerProcess(home);
    server = started.process;
    const host = `127.0.0.1:${started.port}`;
    const pool = (name: string) => JSON.stringify({ name });
    const json = { host, "content-type": "application/json" };

    expect(
      await status(
        started.port,
        "POST",
        "/api/work_pools/",
        { ...json, origin: "http://evil.example" },
        pool("evil"),
      ),
    ).toBe(403);
    expect(await status(started.port, "POST", "/api/work_pools/", { host }, pool("no-type"))).toBe(415);
    expect(
      await status(
        started.port,
        "POST",
        "/api/work_pools/",
        { ...json, host: `attacker.example:${started.port}` },
        pool("rebound"),
      ),
    ).toBe(421);
    expect(await status(started.port, "GET", "/", { host: `attacker.example:${started.port}` })).toBe(421);
    expect(
      await status(
        started.port,
        "POST",
        "/api/work_pools/",
        { ...json, origin: `http://${host}` },
        pool("own"),
      ),
    ).toBe(201);

    const names = (await api<{ name: string }[]>(started.apiUrl, "POST", "/work_pools/filter")).map(
      (p) => p.name,
    );
    expect(names).toContain("own");
    expect(names).not.toContain("evil");
    expect(names).not.toContain("no-type");
    expect(names).not.toContain("rebound");
  });
});
