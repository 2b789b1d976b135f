import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processAlive, StewardProcess } from "../e2e/harness.js";
import { waitFor } from "./fakes.js";
import {
  deploy,
  ROOT,
  runDeployment,
  startWorkerTestServer,
  type WorkerTestServer,
  waitForRun,
} from "./harness.js";

describe("a flow-run process whose worker dies", () => {
  let server: WorkerTestServer;
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-orphan-")));
  const processes: StewardProcess[] = [];
  beforeAll(async () => {
    server = await startWorkerTestServer();
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("marks its run CRASHED and exits with everything it started, never running headless", async () => {
    const worker = new StewardProcess(["worker", "start", "--pool", "orphan-pool"], server.childEnv, ROOT);
    processes.push(worker);
    await waitFor(async () => {
      const workers = await server.client
        .call("filterWorkers", { params: { name: "orphan-pool" } })
        .catch(() => []);
      return workers.some((w) => w.status === "ONLINE");
    }, "the worker to be ONLINE");
    const deploymentId = await deploy(server.client, {
      flowName: "sleeper",
      entrypoint: "test/worker/fixtures/flows.ts:sleeper",
      pool: "orphan-pool",
    });
    const pidsFile = join(scratch, "pids");
    const run = await runDeployment(server.client, deploymentId, { pids: pidsFile });
    await waitForRun(server.client, run.id, (r) => r.state_type === "RUNNING", "to run");
    const [child, grandchild] = await waitFor(() => {
      if (!existsSync(pidsFile)) return undefined;
      const parts = readFileSync(pidsFile, "utf8").trim().split(" ").map(Number);
      return parts.length === 2 ? (parts as [number, number]) : undefined;
    }, "the flow's pids");

    worker.child.kill("SIGKILL");
    const crashed = await waitForRun(
      server.client,
      run.id,
      (r) => r.state_type === "CRASHED",
      "to crash",
      20_000,
    );
    expect(crashed.state?.message).toMatch(
      /^The worker process exited \(.*\), so the flow run's process stopped too/,
    );
    await waitFor(
      () => !processAlive(child) && !processAlive(grandchild),
      "the orphaned processes to be gone",
    );
  });
});
