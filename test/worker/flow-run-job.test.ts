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

function setup(options: { runState?: string; handle?: FakeHandle; submitting?: unknown } = {}) {
  const handle = options.handle ?? new FakeHandle();
  const client = new FakeClient()
    .on("setFlowRunState", (input) => {
      const { state } = input.body as { state: { type: string; name: string } };
      if (state.name === "Submitting" && options.submitting) return options.submitting;
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
  );
  const proposed = () =>
    client.callsTo("setFlowRunState").map((call) => (call.input.body as { state: ProposedState }).state);
  return { client, handle, infrastructure, log, job, proposed };
}

describe("a flow run job", () => {
  it("marks the run Submitting, starts it with the merged job variables and records its pid", async () => {
    const { job, handle, infrastructure, client, proposed } = setup({ runState: "COMPLETED" });
    const done = job.run();
    await waitFor(() => infrastructure.requests.length === 1, "the launch");
    expect(proposed()[0]).toMatchObject({ type: "PENDING", name: "Submitting" });
    expect(infrastructure.requests[0]?.configuration.env).toEqual({ FROM: "deployment" });
    await waitFor(() => client.callsTo("updateFlowRun").length === 1, "the pid");
    expect(client.callsTo("updateFlowRun")[0]?.input.body).toEqual({ infrastructure_pid: "host:4242" });
    handle.exit({ code: 0, signal: null });
    await done;
    expect(proposed().map((s) => s.type)).toEqual(["PENDING"]);
  });

  it("makes the run's own key while the run is marked Submitting, and starts the run with it", async () => {
    const handle = new FakeHandle();
    let keyAsked = () => {};
    const keyRequested = new Promise<void>((resolve) => (keyAsked = resolve));
    const client = new FakeClient()
      // Submitting is answered only once the key has been asked for: in parallel, not after.
      .on("setFlowRunState", async () => {
        await keyRequested;
        return stateAnswer("PENDING", "Submitting");
      })
      .on("createFlowRunKey", () => {
        keyAsked();
        return { key: "stw_run_key" };
      })
      .on("readDeployment", () => DEPLOYMENT)
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

  it("skips a run whose Submitting proposal is aborted, without starting anything", async () => {
    const { job, infrastructure, log } = setup({
      submitting: {
        status: "ABORT",
        state: null,
        details: { type: "abort_details", reason: "already claimed" },
      },
    });
    await job.run();
    expect(infrastructure.requests).toHaveLength(0);
    expect(log.lines.join("\n")).toMatch(/Skipping flow run 'sturdy-leech'.*already claimed/);
  });

  it("finishes a cancellation that arrived before the run was submitted", async () => {
    const { job, infrastructure, proposed } = setup({
      runState: "CANCELLING",
      submitting: stateAnswer("CANCELLING", "Cancelling", "ABORT"),
    });
    await job.run();
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
    const { job, handle, proposed } = setup({ runState: "PAUSED" });
    const done = job.run();
    await waitFor(() => proposed().length === 1, "Submitting");
    handle.exit({ code: 0, signal: null });
    await done;
    expect(proposed().map((s) => s.type)).toEqual(["PENDING"]);
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
