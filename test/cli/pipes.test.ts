/**
 * The CLI behaves in pipes: the real `steward` binary, against a real server, piped into readers
 * that stop early (`| head -1`, or a reader that is gone before the first write) exits quietly,
 * and piped whole it writes valid JSON and plain tables.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, ROOT, type StewardProcess, startServerProcess } from "../e2e/harness.js";

const BIN = join(ROOT, "bin/steward.js");
const LONG_FLOW_NAME = "a-flow-name-much-longer-than-the-forty-characters-a-column-allows";
const RUNS = 300;
/** `script` (util-linux) gives a command a pseudo-terminal, to compare with what a pipe gets. */
const HAS_SCRIPT = spawnSync("bash", ["-c", "command -v script"]).status === 0;

const { home, cleanup } = makeHome();
let server: StewardProcess;
let apiUrl: string;
let env: NodeJS.ProcessEnv;
let chattyRun: string;

beforeAll(async () => {
  ({ process: server, apiUrl } = await startServerProcess(home));
  env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl };
  const flow = await api<{ id: string }>(apiUrl, "POST", "/flows/", { name: LONG_FLOW_NAME });
  // Enough runs, with long enough names, that the table and the JSON are both far larger than a
  // pipe's buffer (64 KiB on Linux): `| head` closes the pipe while the command is still writing.
  for (let i = 0; i < RUNS; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, RUNS - i) }, (_, j) =>
        api(apiUrl, "POST", "/flow_runs/", {
          flow_id: flow.id,
          name: `run-${i + j}-${"x".repeat(180)}`,
          state: { type: "COMPLETED" },
        }),
      ),
    );
  }
  const chatty = await api<{ id: string }>(apiUrl, "POST", "/flow_runs/", {
    flow_id: flow.id,
    state: { type: "RUNNING" },
  });
  chattyRun = chatty.id;
  const start = Date.now() - 60_000;
  await api(
    apiUrl,
    "POST",
    "/logs/",
    Array.from({ length: 5000 }, (_, i) => ({
      name: "test",
      level: 20,
      message: `log line number ${i} of a run that talks a lot`,
      timestamp: new Date(start + i).toISOString(),
      flow_run_id: chattyRun,
    })),
  );
});
afterAll(async () => {
  await server?.stop();
  cleanup();
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a bash pipeline in which `steward` is the real binary (a shell function; `$NODE_BIN
 * $STEWARD_BIN` where a function cannot go); resolves when bash exits.
 */
function pipeline(script: string): Promise<Finished> {
  const child = spawn("bash", ["-c", `steward() { "$NODE_BIN" "$STEWARD_BIN" "$@"; }\n${script}`], {
    cwd: ROOT,
    // NO_COLOR unset: colours must turn off because stdout is a pipe, not because of NO_COLOR.
    env: { ...process.env, NO_COLOR: "", ...env, NODE_BIN: process.execPath, STEWARD_BIN: BIN },
  });
  return collect(child);
}

function collect(child: ReturnType<typeof spawn>): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** What a crash on a closed pipe prints; none of it may appear. */
function expectNoTrace(stderr: string): void {
  expect(stderr).not.toContain("EPIPE");
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("Unhandled 'error' event");
}

describe("a reader that stops early", () => {
  it("`flow-run ls` whose reader is gone before it writes exits 0 without a word", async () => {
    const child = spawn(process.execPath, [BIN, "flow-run", "ls", "--limit", "1000"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Close our end of stdout at once: the command's first write finds no reader.
    child.stdout.destroy();
    const result = await collect(child);
    expectNoTrace(result.stderr);
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it("`flow-run ls --json | head -1` prints the first line and exits 0 quietly", async () => {
    const result = await pipeline(
      `steward flow-run ls --json --limit 1000 | head -1; echo "steward exited \${PIPESTATUS[0]}" >&2`,
    );
    expect(result.stdout).toBe("[\n");
    expectNoTrace(result.stderr);
    expect(result.stderr).toBe("steward exited 0\n");
  });

  it("`flow-run ls | head -3` prints the header and two rows and exits 0 quietly", async () => {
    const result = await pipeline(
      `steward flow-run ls --limit 1000 | head -3; echo "steward exited \${PIPESTATUS[0]}" >&2`,
    );
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID\s+FLOW\s+NAME\s+STATE\s+WHEN\s+DURATION$/);
    expectNoTrace(result.stderr);
    expect(result.stderr).toBe("steward exited 0\n");
  });

  it("`flow-run logs | head -1` stops a command that writes line by line", async () => {
    const result = await pipeline(
      `steward flow-run logs ${chattyRun} | head -1; echo "steward exited \${PIPESTATUS[0]}" >&2`,
    );
    expect(result.stdout).toMatch(/ log line number 0 of a run that talks a lot\n$/);
    expectNoTrace(result.stderr);
    expect(result.stderr).toBe("steward exited 0\n");
  });
});

describe("piped whole", () => {
  it("`--json` is written whole: valid JSON far larger than a pipe's buffer", async () => {
    const result = await pipeline(`steward flow-run ls --json --limit ${RUNS + 1} | cat`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(128 * 1024);
    const runs = JSON.parse(result.stdout) as Array<{ flow_name: string }>;
    expect(runs).toHaveLength(RUNS + 1);
    expect(runs.every((run) => run.flow_name === LONG_FLOW_NAME)).toBe(true);
  });

  it("tables have no colours and no cut cells, one row per line", async () => {
    const result = await pipeline(`steward flow-run ls --state completed --limit 3 | cat`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stdout).not.toContain("…");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(new RegExp(`^[0-9a-f-]{36}  ${LONG_FLOW_NAME}  run-\\d+-x{180} +Completed `));
    }
  });

  it.skipIf(!HAS_SCRIPT)(
    "on a terminal the same table is cut and coloured (what pipes turn off)",
    async () => {
      const result = await pipeline(
        `script -qec 'stty cols 100; "$NODE_BIN" "$STEWARD_BIN" flow-run ls --state completed --limit 3' /dev/null`,
      );
      expect(result.stdout).toContain("…");
      expect(result.stdout).toContain("\u001b[32mCompleted\u001b[39m");
    },
  );
});

describe("exit codes stay honest", () => {
  it("a command that fails, piped into head, still fails with its message", async () => {
    const unknown = "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d";
    const result = await pipeline(
      `steward flow-run inspect ${unknown} | head -1; echo "steward exited \${PIPESTATUS[0]}" >&2`,
    );
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error: Flow run ${unknown} not found.`);
    expect(result.stderr).toContain("steward exited 1\n");
  });
});
