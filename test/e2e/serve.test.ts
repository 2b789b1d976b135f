import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

interface ApiDeployment {
  id: string;
  work_pool_name: string | null;
  status: string;
  schedules: { active: boolean; schedule: { interval?: number } }[];
}

describe("steward flow serve", () => {
  const { home, cleanup } = makeHome();
  const scratch = mkdtempSync(join(tmpdir(), "steward-e2e-serve-"));
  const running: StewardProcess[] = [];
  let apiUrl = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    const server = await startServerProcess(home);
    running.push(server.process);
    apiUrl = server.apiUrl;
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl, STEWARD_WORKER_SHUTDOWN_GRACE_SECONDS: "5" };
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    cleanup();
  });

  it("serves a flow: a triggered run executes, and Ctrl+C exits 0 with the schedules paused", async () => {
    const serve = new StewardProcess(
      ["flow", "serve", "test/fixtures/worker-flows.ts:record", "--name", "served", "--interval", "3600"],
      env,
    );
    running.push(serve);
    await waitFor(() => serve.stdout.includes("steward deployment run 'record/served'"), {
      what: `the serve banner (stdout: ${serve.stdout}, stderr: ${serve.stderr})`,
      timeoutMs: 30_000,
    });
    expect(serve.stdout).toContain("Serving flow 'record' as deployment 'record/served'… (Ctrl+C to stop)");
    const deployment = await api<ApiDeployment>(apiUrl, "GET", "/deployments/name/record/served");
    expect(deployment.work_pool_name).toBeNull();
    expect(deployment.schedules).toMatchObject([{ active: true, schedule: { interval: 3600 } }]);

    const out = join(scratch, "served.txt");
    const run = await steward(
      ["deployment", "run", "record/served", "--param", `out=${out}`, "--param", "label=e2e", "--watch"],
      env,
    );
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^e2e [0-9a-f-]{36} \d+ \d+\n$/);
    // The runner streamed the child's output with the run name as prefix.
    await waitFor(() => /\[[\w-]+\] /.test(serve.stdout + serve.stderr), {
      what: "prefixed flow-run output",
    });

    const stopped = await serve.stop("SIGINT");
    expect(stopped.code, stopped.stderr + stopped.stdout).toBe(0);
    expect(stopped.stdout).toContain("Stopped serving 'record/served'");
    const after = await api<ApiDeployment>(apiUrl, "GET", `/deployments/${deployment.id}`);
    expect(after.schedules.map((s) => s.active)).toEqual([false]);
  });
});
