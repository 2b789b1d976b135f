import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowRun } from "../../src/api/flow-runs.js";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings, type Settings } from "../../src/config/settings.js";
import { type RunningServer, startServer } from "../../src/server/index.js";
import { Worker, type WorkerOptions } from "../../src/worker/worker.js";
import { ROOT } from "../e2e/harness.js";
import { recordingLog, waitFor } from "./fakes.js";

export { ROOT };

/** Fast client-side intervals, so heartbeats, cancellations and graces take seconds, not minutes. */
export const FAST_ENV = {
  STEWARD_WORKER_HEARTBEAT_SECONDS: "1",
  STEWARD_WORKER_CANCEL_GRACE_SECONDS: "2",
  STEWARD_WORKER_SHUTDOWN_GRACE_SECONDS: "2",
  STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "1",
  STEWARD_LOGS_BATCH_INTERVAL_MS: "50",
};

/** An in-process API server on a temporary SQLite file, with what worker tests need around it. */
export interface WorkerTestServer {
  readonly server: RunningServer;
  readonly apiUrl: string;
  readonly home: string;
  readonly client: StewardClient;
  /** Settings pointing at this server, with FAST_ENV and `extra` applied. */
  settings(extra?: Record<string, string>): Settings;
  /** The environment flow-run processes get (this home, this API, FAST_ENV). */
  readonly childEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Starts the server with its services off (worker status is computed when read). */
export async function startWorkerTestServer(): Promise<WorkerTestServer> {
  const home = mkdtempSync(join(tmpdir(), "steward-worker-"));
  const base = { STEWARD_HOME: home, STEWARD_DATABASE_URL: `sqlite:${join(home, "steward.db")}` };
  const server = await startServer({
    settings: loadSettings(base as NodeJS.ProcessEnv),
    host: "127.0.0.1",
    port: 0,
    services: false,
    log: (line) => {
      if (process.env.STEWARD_TEST_SERVER_LOG) console.error(line);
    },
  });
  const env = { ...base, STEWARD_API_URL: server.apiUrl, ...FAST_ENV };
  return {
    server,
    apiUrl: server.apiUrl,
    home,
    client: new StewardClient({ apiUrl: server.apiUrl }),
    settings: (extra = {}) => loadSettings({ ...env, ...extra } as NodeJS.ProcessEnv),
    childEnv: { ...process.env, ...env, NO_COLOR: "1", STEWARD_PROFILE: "" },
    stop: async () => {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Options of {@link deploy}. */
export interface DeployFixture {
  readonly flowName: string;
  readonly entrypoint: string;
  readonly pool?: string;
  readonly name?: string;
  /** @default [{ set_working_directory: { directory: ROOT } }] */
  readonly pullSteps?: unknown[];
  readonly jobVariables?: Record<string, unknown>;
  readonly workQueue?: string;
}

/** Creates the flow and a deployment of it through the API; returns the deployment id. */
export async function deploy(client: StewardClient, fixture: DeployFixture): Promise<string> {
  const flow = await client.call("createFlow", { body: { name: fixture.flowName } });
  const deployment = await client.call("createDeployment", {
    body: {
      name: fixture.name ?? `${fixture.flowName}-deployment`,
      flow_id: flow.id,
      entrypoint: fixture.entrypoint,
      work_pool_name: fixture.pool ?? null,
      work_queue_name: fixture.workQueue ?? null,
      pull_steps: (fixture.pullSteps ?? [{ set_working_directory: { directory: ROOT } }]) as never,
      job_variables: fixture.jobVariables ?? {},
    },
  });
  return deployment.id;
}

/** Creates a run of a deployment, due now. */
export function runDeployment(
  client: StewardClient,
  deploymentId: string,
  parameters: Record<string, unknown> = {},
  extra: { job_variables?: Record<string, unknown> } = {},
): Promise<FlowRun> {
  return client.call("createFlowRunFromDeployment", {
    params: { id: deploymentId },
    body: { parameters, ...extra },
  });
}

/** Polls a flow run until `predicate` holds. */
export function waitForRun(
  client: StewardClient,
  id: string,
  predicate: (run: FlowRun) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<FlowRun> {
  return waitFor(
    async () => {
      const run = await client.call("readFlowRun", { params: { id } });
      return predicate(run) ? run : undefined;
    },
    `flow run ${id} ${what}`,
    timeoutMs,
  );
}

/** A worker on `pool` with fast settings, a recording log and child output kept in `output`. */
export function makeWorker(
  server: WorkerTestServer,
  pool: string,
  options: Partial<WorkerOptions> = {},
): { worker: Worker; log: ReturnType<typeof recordingLog>; output: string[] } {
  const log = recordingLog();
  const output: string[] = [];
  const worker = new Worker({
    settings: server.settings(),
    pool,
    log,
    output: (line) => output.push(line),
    env: server.childEnv,
    cwd: ROOT,
    claimWaitSeconds: 2,
    cancellationPollMs: 200,
    ...options,
  });
  return { worker, log, output };
}
