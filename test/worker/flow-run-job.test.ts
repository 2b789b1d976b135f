import { describe, expect, it } from "vitest";
import type { FlowRun } from "../../src/api/flow-runs.js";
import type { WorkPool } from "../../src/api/work-pools.js";
import { ApiError } from "../../src/client/index.js";
import { defaultBaseJobTemplate } from "../../src/core/worker-types.js";
import type { ProcessExit } from "../../src/worker/exit-codes.js";
import { FlowRunJob } from "../../src/worker/flow-run-job.js";
import type { Infrastructure, InfrastructureHandle, LaunchRequest } from "../../src/worker/infrastructure.js";
import { FakeClient, recordingLog, waitFor } from "./fakes.js";

const RUN = {
  id: "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d",
  name: "sturdy-leech",
  deployment_id: "0190b3c4-7d2e-7a41-9c5f-000000000001",
  job_variables: {},
  work_queue_name: "default",
} as unknown as FlowRun;
const POOL = { name: "pool", base_job_template: defaultBaseJobTemplate("process") } as unknown as WorkPool;
const DEPLOYMENT = {
  id: RUN.deployment_id,
  name: "d",
  job_variables: { env: { FROM: "deployment" } },
  pull_steps: [],
};

/** A process that exits when told to, recording the signals it got. */
class FakeHandle implements InfrastructureHandle {
  readonly identifier = "host:4242";
  readonly pid = 4242;
  readonly signals: string[] = [];
  hasExited = false;
  readonly exited: Promise<ProcessExit>;
  exit: (exit: ProcessExit) => void = () => {};

  constructor(readonly diesOn: NodeJS.Signals[] = ["SIGTERM", "SIGKILL"]) {
    this.exited = new Promise((resolve) => {
      this.exit = (exit) => {
        this.hasExited = true;
        resolve(exit);
      };
    });
  }

  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    if (this.hasExited) return false;
    if (this.diesOn.includes(signal)) this.exit({ code: null, signal });
    return true;
  }
}

class FakeInfrastructure implements Infrastructure {
  readonly type = "process";
  readonly requests: LaunchRequest[] = [];
  constructor(private readonly next: () => FakeHandle) {}
  async launch(request: LaunchRequest): Promise<InfrastructureHandle> {
    this.requests.push(request);
    return this.next();
  }
}

interface ProposedState {
  type: string;
  name: string;
  message?: string;
  state_details?: { exit_code?: number };
}

function stateAnswer(type: string, name: string, status = "ACCEPT") {
  return { status, state: { type, name, state_details: {} }, details: { type: "accept_details" } };
}

function setup(
  options: { runState?: string; handle?: FakeHandle; deployment?: typeof DEPLOYMENT | null } = {},
) {
  const handle = options.handle ?? new FakeHandle();
  const client = new FakeClient()
    .on("setFlowRunState", (input) => {
      const { state } = input.body as { state: { type: string; name: string } };
      return stateAnswer(state.type, state.name);
    })
    .on("readDeployment", () => DEPLOYMENT)
    .on("updateFlowRun", () => undefined)
    .on("readFlowRun", () => ({ ...RUN, state_type: options.runState ?? "RUNNING", state_name: "x" }));
  const infrastructure = new FakeInfrastructure(() => handle);
  const log = recordingLog();
  const job = new FlowRunJob(
    { client: client.client, apiUrl: "http://api", workerName: "w", pool: () => POOL, infrastructure, log },
    RUN,
    options.deployment as never,
  );
  const proposed = () =>
    client.callsTo("setFlowRunState").map((call) => (call.input.body as { state: ProposedState }).state);
  return { client, handle, infrastructure, log, job, proposed };
}

describe("a flow run job", () => {
  it("starts the claimed run with the merged job variables and records its pid, proposing no state", async () => {
    const { job, handle, infrastructure, client, proposed } = setup({ runState: "COMPLETED" });
    const done = job.run();
    await waitFor(() => infrastructure.requests.length === 1, "the launch");
    expect(infrastructure.requests[0]?.configuration.env).toEqual({ FROM: "deployment" });
    expect(client.callsTo("readDeployment")).toHaveLength(1);
    await waitFor(() => client.callsTo("updateFlowRun").length === 1, "the pid");
    expect(client.callsTo("updateFlowRun")[0]?.input.body).toEqual({ infrastructure_pid: "host:4242" });
    handle.exit({ code: 0, signal: null });
    await done;
    // The claim moved it to PENDING; its process moves it on: the worker proposes nothing.
    expect(proposed()).toEqual([]);
  });

  it("starts a run with the deployment its claim brought, without reading it again", async () => {
    const deployment = { ...DEPLOYMENT, job_variables: { env: { FROM: "claim" } } };
    const { job, handle, infrastructure, client } = setup({ runState: "COMPLETED", deployment });
    const done = job.run();
    await waitFor(() => infrastructure.requests.length === 1, "the launch");
    expect(infrastructure.requests[0]?.configuration.env).toEqual({ FROM: "claim" });
    expect(infrastructure.requests[0]?.deployment).toEqual(deployment);
    expect(client.callsTo("readDeployment")).toHaveLength(0);
    handle.exit({ code: 0, signal: null });
    await done;
  });

  it("reads the deployment when the claim found none for a run that has one (deleted: CRASHED)", async () => {
    const { job, client, infrastructure, proposed } = setup({ deployment: null });
    client.on("readDeployment", () => {
      throw new ApiError(404, "DEPLOYMENT_NOT_FOUND", "no such deployment");
    });
    await job.run();
    expect(client.callsTo("readDeployment")).toHaveLength(1);
    expect(infrastructure.requests).toHaveLength(0);
    expect(proposed().at(-1)).toMatchObject({ type: "CRASHED" });
  });

  it("makes the run's own key while it reads the deployment, and starts the run with it", async () => {
    const handle = new FakeHandle();
    let keyAsked = () => {};
    const keyRequested = new Promise<void>((resolve) => (keyAsked = resolve));
    const client = new FakeClient()
      // The deployment is answered only once the key has been asked for: in parallel, not after.
      .on("readDeployment", async () => {
        await keyRequested;
        return DEPLOYMENT;
      })
      .on("createFlowRunKey", () => {
        keyAsked();
        return { key: "stw_run_key" };
      })
      .on("updateFlowRun", () => undefined)
      .on("readFlowRun", () => ({ ...RUN, state_type: "COMPLETED", state_name: "Completed" }));
    const infrastructure = new FakeInfrastructure(() => handle);
    const job = new FlowRunJob(
      {
        client: client.client,
        apiUrl: "http://api",
        apiKey: "stw_worker_key",
        workerName: "w",
        pool: () => POOL,
        infrastructure,
        log: recordingLog(),
      },
      RUN,
    );
    const done = job.run();
    await waitFor(() => infrastructure.requests.length === 1, "the launch");
    expect(infrastructure.requests[0]?.apiKey).toBe("stw_run_key");
    handle.exit({ code: 0, signal: null });
    await done;
  });

  it("does not start a run cancelled before its launch, and marks it CANCELLED", async () => {
    const { job, client, infrastructure, proposed } = setup({ runState: "CANCELLING" });
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    client.on("readDeployment", async () => {
      await held;
      return DEPLOYMENT;
    });
    const done = job.run();
    await waitFor(() => client.callsTo("readDeployment").length === 1, "the deployment read");
    // The cancellation poller saw CANCELLING while the run was still being prepared.
    await job.cancel(50);
    answer();
    await done;
    expect(infrastructure.requests).toHaveLength(0);
    expect(proposed().at(-1)).toMatchObject({ type: "CANCELLED" });
  });

  it("marks the run CRASHED when its deployment was deleted", async () => {
    const { job, client, infrastructure, proposed } = setup();
    client.on("readDeployment", () => {
      throw new ApiError(404, "DEPLOYMENT_NOT_FOUND", "no such deployment");
    });
    await job.run();
    expect(infrastructure.requests).toHaveLength(0);
    expect(proposed().at(-1)).toMatchObject({ type: "CRASHED" });
    expect(JSON.stringify(proposed().at(-1))).toMatch(/deployment .* was deleted/);
  });

  it("marks the run CRASHED when its process cannot start", async () => {
    const { client, proposed } = setup();
    const failing = new FakeInfrastructure(() => {
      throw new Error('cannot start "nope": command not found.');
    });
    const broken = new FlowRunJob(
      {
        client: client.client,
        apiUrl: "x",
        workerName: "w",
        pool: () => POOL,
        infrastructure: failing,
        log: recordingLog(),
      },
      RUN,
    );
    await broken.run();
    expect(proposed().at(-1)).toMatchObject({
      type: "CRASHED",
      message: 'Failed to submit flow run to infrastructure: cannot start "nope": command not found.',
    });
  });

  it("marks a run left RUNNING by a killed process CRASHED, with the signal explained", async () => {
    const { job, client, handle, proposed } = setup({ runState: "RUNNING" });
    const done = job.run();
    await waitFor(() => client.callsTo("updateFlowRun").length === 1, "the launch");
    handle.exit({ code: null, signal: "SIGKILL" });
    await done;
    const crash = proposed().at(-1);
    expect(crash?.type).toBe("CRASHED");
    expect(crash?.message).toMatch(/non-zero status code -9\. The process was killed by SIGKILL/);
    expect(crash?.state_details?.exit_code).toBe(-9);
  });

  it("leaves a run that suspended itself (PAUSED) alone", async () => {
    const { job, handle, infrastructure, proposed } = setup({ runState: "PAUSED" });
    const done = job.run();
    await waitFor(() => infrastructure.requests.length === 1, "the launch");
    handle.exit({ code: 0, signal: null });
    await done;
    expect(proposed()).toEqual([]);
  });

  it("cancels with SIGTERM, then SIGKILL after the grace, then CANCELLED", async () => {
    const stubborn = new FakeHandle(["SIGKILL"]);
    const { job, client, proposed } = setup({ runState: "CANCELLING", handle: stubborn });
    const done = job.run();
    await waitFor(() => client.callsTo("updateFlowRun").length === 1, "the launch");
    await job.cancel(50);
    await done;
    expect(stubborn.signals.slice(0, 2)).toEqual(["SIGTERM", "SIGKILL"]);
    expect(proposed().at(-1)).toMatchObject({
      type: "CANCELLED",
      message: "Cancelled by the worker: process group terminated",
    });
  });

  it("reports a run stopped by a worker shutdown as CRASHED, naming the shutdown", async () => {
    const { job, client, handle, proposed } = setup({ runState: "RUNNING" });
    const done = job.run();
    await waitFor(() => client.callsTo("updateFlowRun").length === 1, "the launch");
    await job.shutdown(1000, "still running after the 30 s shutdown grace");
    await done;
    expect(handle.signals[0]).toBe("SIGTERM");
    expect(proposed().at(-1)).toMatchObject({ type: "CRASHED" });
    expect(proposed().at(-1)?.message).toMatch(/shut down before the flow run finished/);
  });
});
