import { v7 as uuidv7 } from "uuid";
import type { StateCreate } from "../../src/api/index.js";
import { proposeFlowRunState, type StewardClient } from "../../src/client/index.js";
import type { DeploymentRuns } from "./deployment-runs.js";
import type { Latencies } from "./latencies.js";

/** What the clients create runs of. */
export interface LoadTarget {
  readonly flowId: string;
  readonly deploymentId: string;
  /** File the deployed `record` flow appends one line to per execution. */
  readonly out: string;
}

/** How one client loops. */
export interface ClientPlan {
  /** No iteration starts after this (epoch ms); the one under way finishes. */
  readonly deadline: number;
  readonly maxIterations: number;
  /** One iteration in this many creates a deployment run instead of running a flow run itself… */
  readonly deploymentEvery: number;
  /** …unless this many deployment runs are already waiting for or held by the workers. */
  readonly deploymentRunsInFlight: number;
  readonly logBatches: number;
  readonly logLinesPerBatch: number;
}

/** Everything one client needs, shared by all of them but the client itself. */
export interface ClientContext {
  readonly client: StewardClient;
  readonly target: LoadTarget;
  readonly plan: ClientPlan;
  readonly latencies: Latencies;
  readonly deploymentRuns: DeploymentRuns;
}

/**
 * One API client's loop: until the deadline, run a flow run through its states with logs, or now
 * and then hand a deployment run to the workers. A failed call (recorded by `latencies`) ends its
 * iteration only; the next one starts afresh.
 */
export async function runClient(index: number, ctx: ClientContext): Promise<void> {
  const { plan, deploymentRuns } = ctx;
  for (let i = 0; i < plan.maxIterations && Date.now() < plan.deadline; i++) {
    const label = `load-${index}-${i}`;
    const handToWorkers =
      (i + index) % plan.deploymentEvery === 0 && deploymentRuns.inFlight < plan.deploymentRunsInFlight;
    try {
      if (handToWorkers) await createDeploymentRun(ctx, label);
      else await runFlowRunThroughStates(ctx, label);
    } catch {
      // Already counted by Latencies.time, with its message.
    }
  }
}

async function createDeploymentRun(
  { client, target, latencies, deploymentRuns }: ClientContext,
  label: string,
) {
  const run = await latencies.time("create deployment run", () =>
    client.call("createFlowRunFromDeployment", {
      params: { id: target.deploymentId },
      body: { parameters: { out: target.out, label }, idempotency_key: uuidv7() },
    }),
  );
  deploymentRuns.add(run.id);
}

/**
 * What a worker and its flow run do, minus the process: create the run SCHEDULED (a run created
 * without a state starts PENDING), then PENDING, RUNNING, logs, COMPLETED.
 */
async function runFlowRunThroughStates(ctx: ClientContext, label: string): Promise<void> {
  const { client, target, latencies, plan } = ctx;
  const run = await latencies.time("create flow run", () =>
    client.call("createFlowRun", {
      // The key makes a retry after a lost answer return the same run, as the SDK does.
      body: {
        flow_id: target.flowId,
        name: label,
        tags: ["load"],
        state: { type: "SCHEDULED" },
        idempotency_key: uuidv7(),
      },
    }),
  );
  await propose(ctx, run.id, { type: "PENDING" });
  await propose(ctx, run.id, { type: "RUNNING" });
  for (let batch = 0; batch < plan.logBatches; batch++) {
    await latencies.time("write logs", () =>
      client.call("createLogs", { body: logBatch(run.id, batch, plan.logLinesPerBatch) }),
    );
  }
  await propose(ctx, run.id, { type: "COMPLETED" });
}

async function propose({ client, latencies }: ClientContext, id: string, state: StateCreate): Promise<void> {
  await latencies.time("set state", async () => {
    const outcome = await proposeFlowRunState(client, id, state, { maxWaits: 0 });
    if (!outcome.accepted) {
      throw new Error(`${state.type} for run ${id} was not accepted (${outcome.status}: ${outcome.reason})`);
    }
  });
}

function logBatch(flowRunId: string, batch: number, lines: number) {
  const timestamp = new Date().toISOString();
  return Array.from({ length: lines }, (_, line) => ({
    name: "load",
    level: 20,
    message: `batch ${batch} line ${line}: a log line of ordinary length, as a flow writes it`,
    timestamp,
    flow_run_id: flowRunId,
  }));
}
