import { execFile } from "node:child_process";
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardClient } from "../../src/client/index.js";
import { CapturedStream, steward, tempHome, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

describe("steward server start", () => {
  it("serves the API until SIGINT, then closes cleanly with exit code 0", async () => {
    const { home, cleanup } = tempHome();
    const signals = new EventEmitter();
    const stdout = new CapturedStream();
    const env = { STEWARD_HOME: home, STEWARD_DATABASE_URL: join(home, "server.db") };
    const running = steward(["server", "start", "--port", "0", "--no-services"], env, { signals, stdout });
    try {
      const apiUrl = await waitFor(() => /export STEWARD_API_URL=(\S+)/.exec(stdout.text)?.[1]);
      expect(stdout.text).toContain("Steward server is running at http://127.0.0.1:");
      expect(stdout.text).toMatch(/Docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
      expect(stdout.text).toContain(`Database  SQLite ${join(home, "server.db")}`);
      expect(stdout.text).toContain("Services  off (--no-services)");
      expect(await new StewardClient({ apiUrl }).call("health")).toBe(true);
      // The CLI pointed at it works too.
      expect((await steward(["flow", "ls", "--json"], { ...env, STEWARD_API_URL: apiUrl })).stdout).toBe(
        "[]\n",
      );
    } finally {
      signals.emit("SIGINT");
      const result = await running;
      cleanup();
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Server stopped.");
    }
    expect(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM")).toBe(0);
  });

  it("explains a port that is already in use", async () => {
    const server = await startTestServer();
    try {
      const port = new URL(server.apiUrl).port;
      const result = await steward(["server", "start", "--port", port], server.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain("--port");
    } finally {
      await server.close();
    }
  });
});

describe("steward version", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("reports the package, Node.js, the server's API version and the database", async () => {
    const human = await steward(["version"], server.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Version:\s+0\.1\.0$/m);
    expect(human.stdout).toContain(process.version);
    expect(human.stdout).toContain(`at ${server.apiUrl}`);
    const json = JSON.parse((await steward(["version", "--json"], server.env)).stdout);
    expect(json).toMatchObject({
      version: "0.1.0",
      node: process.version,
      api_url: server.apiUrl,
      database: `sqlite:${join(server.home, "steward.db")}`,
      profile: "default",
    });
    expect(typeof json.api_version).toBe("string");
  });

  it("still works without a reachable server", async () => {
    const { home, cleanup } = tempHome();
    try {
      const none = await steward(["version"], { STEWARD_HOME: home });
      expect(none.code).toBe(0);
      expect(none.stdout).toContain("no STEWARD_API_URL configured");
      const down = await steward(["version", "--json"], {
        STEWARD_HOME: home,
        STEWARD_API_URL: "http://127.0.0.1:9",
      });
      expect(JSON.parse(down.stdout)).toMatchObject({ api_url: "http://127.0.0.1:9/api", api_version: null });
    } finally {
      cleanup();
    }
  });
});

describe("the steward binary", () => {
  it("runs `steward version` and `steward --version`", async () => {
    const { home, cleanup } = tempHome();
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH, STEWARD_HOME: home };
    try {
      const version = await run(process.execPath, ["bin/steward.js", "version"], { env });
      expect(version.stdout).toMatch(/^Version:\s+0\.1\.0$/m);
      const flag = await run(process.execPath, ["bin/steward.js", "--version"], { env });
      expect(flag.stdout).toBe("0.1.0\n");
      const unknown = await run(process.execPath, ["bin/steward.js", "nope"], { env }).catch(
        (error: unknown) => error,
      );
      expect(unknown).toMatchObject({ code: 2 });
    } finally {
      cleanup();
    }
  });
});
