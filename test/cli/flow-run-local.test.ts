import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun } from "../../src/api/index.js";
import { steward, tempHome } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

const cwd = resolve(import.meta.dirname, "../..");
const GREET = "test/cli/fixtures/flows.ts:greet";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("steward flow run", () => {
  it("runs a flow tracked, merging --params with --param (pairs win), and prints the result", async () => {
    const result = await steward(
      [
        "flow",
        "run",
        GREET,
        "--params",
        '{"name": "Bob", "excited": false}',
        "--param",
        "name=Ada",
        "--param",
        "excited=true",
      ],
      server.env,
      { cwd },
    );
    expect(result.stderr).toContain(`tracked by the API at ${server.apiUrl}`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ greeting: "Hello, Ada!" });
    const runs = JSON.parse(
      (await steward(["flow-run", "ls", "--flow-name", "cli-greet", "--json"], server.env)).stdout,
    ) as FlowRun[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state_type: "COMPLETED", parameters: { name: "Ada", excited: true } });
  });

  it("runs untracked, with a note, when no API is configured", async () => {
    const { home, cleanup } = tempHome();
    try {
      const result = await steward(
        ["flow", "run", GREET, "--param", "name=Grace"],
        { STEWARD_HOME: home },
        { cwd },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ greeting: "Hello, Grace." });
      expect(result.stderr).toContain('Running flow "cli-greet" untracked');
    } finally {
      cleanup();
    }
  });

  it("exits 1 with the error when the flow fails", async () => {
    const result = await steward(["flow", "run", "test/cli/fixtures/flows.ts:explode"], server.env, { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Flow "cli-explode" failed: boom: this flow fails on purpose');
    expect(result.stdout).toBe("");
  });

  it("exits 1 when the parameters do not match the flow's schema", async () => {
    const result = await steward(["flow", "run", GREET, "--param", "name=5"], server.env, { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("name");
  });

  it("explains an entrypoint that cannot be loaded", async () => {
    const missing = await steward(["flow", "run", "test/cli/fixtures/nope.ts:greet"], server.env, { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.ts");
    const noExport = await steward(["flow", "run", "test/cli/fixtures/flows.ts:absent"], server.env, { cwd });
    expect(noExport.code).toBe(1);
    expect(noExport.stderr).toContain("absent");
  });
});
