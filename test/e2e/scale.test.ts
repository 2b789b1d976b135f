import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

const RUNS = Number(process.env.STEWARD_E2E_SCALE_RUNS ?? 1000);
const WORKERS = 8;

describe(`${WORKERS} workers on one pool, ${RUNS} runs`, () => {
  const { home, cleanup } = makeHome();
  const running: StewardProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    cleanup();
  });

  it("executes every run exactly once", { timeout: 900_000 }, async () => {
    const server = await startServerProcess(home);
    running.push(server.process);
    const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl };
    expect((await steward(["work-pool", "create", "--type", "process", "busy-pool"], env)).code).toBe(0);
    const deployed = await steward(
      ["deploy", "test/fixtures/worker-flows.ts:record", "--name", "scale", "--pool", "busy-pool"],
      env,
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/record/scale");
    const out = join(mkdtempSync(join(tmpdir(), "steward-scale-")), "executions.txt");

    for (let i = 0; i < WORKERS; i++) {
      const worker = new StewardProcess(["worker", "start", "--pool", "busy-pool", "--limit", "2"], env);
      running.push(worker);
    }
    const ids = new Set<string>();
    for (let i = 0; i < RUNS; i++) {
      const run = await api<{ id: string }>(
        server.apiUrl,
        "POST",
        `/deployments/${deployment.id}/create_flow_run`,
        {
          parameters: { out, label: `run-${i}` },
        },
      );
      ids.add(run.id);
    }

    const completed = () =>
      api<number>(server.apiUrl, "POST", "/flow_runs/count", {
        flow_runs: { state: { type: { any_: ["COMPLETED"] } } },
      });
    await waitFor(async () => (await completed()) === RUNS, {
      timeoutMs: 840_000,
      intervalMs: 1000,
      what: `${RUNS} runs to complete`,
    });

    const executions = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" ")[1] ?? "");
    expect(executions.length).toBe(RUNS);
    expect(new Set(executions).size).toBe(RUNS);
    expect(executions.every((id) => ids.has(id))).toBe(true);
    const workers = await api<{ status: string }[]>(
      server.apiUrl,
      "POST",
      "/work_pools/busy-pool/workers/filter",
    );
    expect(workers.length).toBe(WORKERS);
  });
});
