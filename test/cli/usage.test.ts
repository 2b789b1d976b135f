import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_API_HINT } from "../../src/cli/context.js";
import { steward, tempHome } from "./helpers.js";

let env: NodeJS.ProcessEnv;
let cleanup: () => void;

beforeEach(() => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  env = { STEWARD_HOME: temp.home };
});
afterEach(() => cleanup());

const SOME_ID = "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d";

describe("usage errors", () => {
  it("rejects an unknown command with exit code 2 and a usage hint", async () => {
    const result = await steward(["flwo", "ls"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'flwo'");
    expect(result.stderr).toContain("Did you mean flow?");
    expect(result.stderr).toContain("Run `steward --help` for usage.");
    expect(result.stdout).toBe("");
  });

  it("rejects an unknown option, naming the subcommand in the hint", async () => {
    const result = await steward(["flow-run", "ls", "--bogus"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).toContain("Run `steward flow-run ls --help` for usage.");
  });

  it("rejects a bad --limit and a missing argument", async () => {
    expect((await steward(["flow-run", "ls", "--limit", "x"], env)).code).toBe(2);
    const missing = await steward(["flow-run", "inspect"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'id'");
  });

  it("prints help for a group without a subcommand, with exit code 2", async () => {
    const result = await steward(["flow-run"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: steward flow-run");
  });

  it("prints help and the version with exit code 0", async () => {
    const help = await steward(["--help"], env);
    expect(help.code).toBe(0);
    for (const group of ["server", "flow", "flow-run", "config", "profile", "version"]) {
      expect(help.stdout).toContain(group);
    }
    const version = await steward(["--version"], env);
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("validates flow-run ids before calling the API", async () => {
    for (const command of ["inspect", "logs", "cancel", "delete"]) {
      const result = await steward(["flow-run", command, "not-a-uuid"], {
        ...env,
        STEWARD_API_URL: "http://127.0.0.1:9/api",
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('"not-a-uuid" is not a valid flow run id');
      expect(result.stderr).toContain("steward flow-run ls");
    }
  });

  it("rejects malformed --params JSON and --param without =", async () => {
    const json = await steward(["flow", "run", "flows/x.ts:x", "--params", "{name: Ada}"], env);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("--params is not valid JSON");
    const array = await steward(["flow", "run", "flows/x.ts:x", "--params", "[1, 2]"], env);
    expect(array.code).toBe(2);
    expect(array.stderr).toContain("--params must be a JSON object");
    const pair = await steward(["flow", "run", "flows/x.ts:x", "--param", "name"], env);
    expect(pair.code).toBe(2);
    expect(pair.stderr).toContain('--param expects KEY=VALUE, got "name"');
  });

  it("rejects --head with --tail and an unknown log level", async () => {
    const apiEnv = { ...env, STEWARD_API_URL: "http://127.0.0.1:9/api" };
    const both = await steward(["flow-run", "logs", SOME_ID, "--head", "1", "--tail", "1"], apiEnv);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--head and --tail cannot be used together");
    const level = await steward(["flow-run", "logs", SOME_ID, "--level", "LOUD"], apiEnv);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('Unknown log level "LOUD"');
  });
});

describe("no API configured", () => {
  it("talks to the local server's address, and says how to start it when nothing answers", async () => {
    // Port 9 (discard): nothing listens there, so the "local server" is down.
    const local = { ...env, STEWARD_SERVER_PORT: "9" };
    for (const argv of [
      ["flow", "ls"],
      ["flow-run", "ls"],
      ["flow-run", "inspect", SOME_ID],
      ["work-pool", "ls"],
    ]) {
      const result = await steward(argv, local);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Cannot reach the Steward API at http://127.0.0.1:9/api");
      expect(result.stderr).toContain(LOCAL_API_HINT);
    }
  });

  it("reports an unreachable API clearly", async () => {
    const result = await steward(["flow", "ls"], { ...env, STEWARD_API_URL: "http://127.0.0.1:9/api" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot reach the Steward API at http://127.0.0.1:9/api");
  });
});

describe("errors", () => {
  it("prints the stack only with STEWARD_DEBUG=1", async () => {
    const plain = await steward(["flow", "ls"], { ...env, STEWARD_SERVER_PORT: "x" });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split("\n")).toHaveLength(1);
    const debug = await steward(["flow", "ls"], { ...env, STEWARD_SERVER_PORT: "x", STEWARD_DEBUG: "1" });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
