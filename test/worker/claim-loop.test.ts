import { describe, expect, it } from "vitest";
import type { WorkerFlowRunResponse } from "../../src/api/work-pools.js";
import { ApiError } from "../../src/client/index.js";
import { Backoff } from "../../src/worker/backoff.js";
import { runClaimLoop } from "../../src/worker/claim-loop.js";
import { CapacityLimiter } from "../../src/worker/limiter.js";
import { FakeClient, recordingLog, waitFor } from "./fakes.js";

const claimed = (id: string) =>
  ({ work_pool_id: "p", work_queue_id: "q", flow_run: { id } }) as unknown as WorkerFlowRunResponse;

function loop(client: FakeClient, limiter: CapacityLimiter, extra: { once?: boolean } = {}) {
  const controller = new AbortController();
  const received: string[] = [];
  const log = recordingLog();
  const done = runClaimLoop({
    client: client.client,
    poolName: "pool",
    workerName: "w",
    workQueues: ["high"],
    limiter,
    prefetchSeconds: 5,
    waitSeconds: 20,
    once: extra.once ?? false,
    signal: controller.signal,
    onClaimed: (run) => received.push(run.flow_run.id),
    log,
    backoff: new Backoff({ initialMs: 5, maxMs: 20 }),
  });
  return { controller, received, log, done };
}

describe("the claim loop", () => {
  it("asks for as many runs as there are free slots, and waits for a slot before polling again", async () => {
    let next = 0;
    const client = new FakeClient().on("claimFlowRuns", (input) => {
      const { limit } = input.body as { limit: number };
      return Array.from({ length: limit }, () => claimed(`run-${next++}`));
    });
    const limiter = new CapacityLimiter(2);
    const { controller, received, done } = loop(client, limiter);
    await waitFor(() => received.length === 2, "two runs");
    expect(client.callsTo("claimFlowRuns")).toHaveLength(1);
    expect(client.calls[0]?.input.body).toMatchObject({
      worker_name: "w",
      work_queue_names: ["high"],
      limit: 2,
      prefetch_seconds: 5,
      wait_seconds: 20,
    });
    expect(limiter.free).toBe(0);
    limiter.release();
    await waitFor(() => received.length === 3, "a third run once a slot frees");
    expect(client.callsTo("claimFlowRuns")[1]?.input.body).toMatchObject({ limit: 1 });
    controller.abort();
    await done;
  });

  it("gives back the slots a claim did not fill", async () => {
    const controller = new AbortController();
    const limiter = new CapacityLimiter(3);
    const client = new FakeClient().on("claimFlowRuns", () => {
      // One run, then stop the loop so it does not poll again.
      controller.abort();
      return [claimed("only")];
    });
    await runClaimLoop({
      client: client.client,
      poolName: "pool",
      workerName: "w",
      limiter,
      prefetchSeconds: 0,
      waitSeconds: 20,
      once: false,
      signal: controller.signal,
      onClaimed: () => {},
      log: recordingLog(),
    });
    expect(limiter.used).toBe(1);
  });

  it("backs off and logs on errors, never crashing, and recovers", async () => {
    let failures = 0;
    const client = new FakeClient().on("claimFlowRuns", () => {
      if (failures < 3) {
        failures++;
        throw new ApiError(503, "SERVICE_UNAVAILABLE", "database is busy");
      }
      return [claimed("after-errors")];
    });
    const limiter = new CapacityLimiter(1);
    const { controller, received, log, done } = loop(client, limiter);
    await waitFor(() => received.length === 1, "the run after the errors");
    expect(log.lines.filter((line) => line.startsWith("WARN Claiming runs"))).toHaveLength(3);
    expect(log.lines[0]).toMatch(/database is busy\); retrying in \d\.\d s/);
    expect(limiter.used).toBe(1);
    controller.abort();
    await done;
  });

  it("claims once without waiting on the server in run-once mode", async () => {
    const client = new FakeClient().on("claimFlowRuns", () => [claimed("a")]);
    const { received, done } = loop(client, new CapacityLimiter(4), { once: true });
    await done;
    expect(received).toEqual(["a"]);
    expect(client.calls[0]?.input.body).toMatchObject({ wait_seconds: 0, limit: 4 });
  });
});
