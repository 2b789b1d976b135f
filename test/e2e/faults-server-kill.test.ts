/**
 * kill -9 of the server while a worker's flow run is logging, on SQLite and on PostgreSQL: the same
 * worker process comes back ONLINE without a restart, the run completes with every log line exactly
 * once, and a run created after the restart is picked up by that same worker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type ApiFlowRun,
  makeHome,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
  waitForRun,
  freshPostgresDatabase,
} from "./harness.js";

const POOL = "kill-pool";
const LINES = 50;
// The foreman runs every second, so a worker whose heartbeats stopped would show OFFLINE quickly.
const SERVER_ENV = { STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1" };
const CLIENT_ENV = { STEWARD_WORKER_HEARTBEAT_SECONDS: "1", STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "1" };

interface ApiWorker {
  name: string;
  status: string;
  last_heartbeat_time: string;
}

/** Where the server keeps its data: the SQLite file under STEWARD_HOME, or a fresh PostgreSQL database. */
interface Backend {
  readonly env: NodeJS.ProcessEnv;
  readonly drop: () => Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  return { env: {}, drop: async () => undefined };
}

async function postgresBackend(): Promise<Backend> {
  const database = await freshPostgresDatabase("steward_kill");
  return { env: { STEWARD_DATABASE_URL: database.url }, drop: database.drop };
}

async function onlineWorkers(apiUrl: string): Promise<ApiWorker[]> {
  const workers = await api<ApiWorker[]>(apiUrl, "POST", `/work_pools/${POOL}/workers/filter`);
  return workers.filter((w) => w.status === "ONLINE");
}

/** Waits until exactly one worker is ONLINE with a heartbeat received after `sinceMs`. */
async function waitForFreshHeartbeat(apiUrl: string, sinceMs: number): Promise<ApiWorker> {
  return waitFor(
    async () => {
      const online = await onlineWorkers(apiUrl);
      const [only] = online;
      return online.length === 1 && only && Date.parse(only.last_heartbeat_time) > sinceMs ? only : undefined;
    },
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `the worker's heartbeat after ${new Date(sinceMs).toISOString()}`,
    },
  );
}

/** Waits until `worker` says the process of flow run `id` is over (so it ran that run). */
async function waitForExit(worker: StewardProcess, id: string): Promise<void> {
  await waitFor(() => new RegExp(`\\(${id}\\) finished in state`).test(worker.stdout), {
    timeoutMs: 45_000,
    what: `the worker to report the end of flow run ${id}`,
  });
}

async function runMessages(apiUrl: string, flowRunId: string): Promise<string[]> {
  const logs = await api<{ message: string }[]>(apiUrl, "POST", "/logs/filter", {
    logs: { flow_run_id: { any_: [flowRunId] } },
  });
  return logs.map((l) => l.message);
}

/** The numbers n of the run's "line n" log lines, sorted, duplicates kept. */
function lineNumbers(messages: string[]): number[] {
  return messages
    .map((m) => /^line (\d+)$/.exec(m)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

describe.each([
  ["SQLite", sqliteBackend],
  ["PostgreSQL", postgresBackend],
])("kill -9 of the server while a worker's run logs, on %s", (_name, openBackend) => {
  const { home, cleanup } = makeHome();
  const running: StewardProcess[] = [];
  let backend: Backend | undefined;

  beforeAll(async () => {
    backend = await openBackend();
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    await backend?.drop();
    cleanup();
  });

  const startServer = async (port?: number) => {
    const server = await startServerProcess(home, { ...SERVER_ENV, ...backend?.env }, port);
    running.push(server.process);
    return server;
  };

  it("the same worker is ONLINE again, the run completes with every line once, and the next run is picked up", async () => {
    const first = await startServer();
    const env = { STEWARD_HOME: home, STEWARD_API_URL: first.apiUrl, ...CLIENT_ENV };
    const pool = await steward(["work-pool", "create", "--type", "process", POOL], env);
    expect(pool.code, pool.stderr).toBe(0);
    const deploy = await steward(
      ["deploy", "test/fixtures/worker-flows.ts:numberedLines", "--name", "lines", "--pool", POOL],
      env,
    );
    expect(deploy.code, deploy.stderr + deploy.stdout).toBe(0);
    const worker = new StewardProcess(["worker", "start", "--pool", POOL], env);
    running.push(worker);
    const before = await waitForFreshHeartbeat(first.apiUrl, 0);

    const deployment = await api<{ id: string }>(
      first.apiUrl,
      "GET",
      "/deployments/name/numbered-lines/lines",
    );
    const createRun = (apiUrl: string, lines: number) =>
      api<ApiFlowRun>(apiUrl, "POST", `/deployments/${deployment.id}/create_flow_run`, {
        parameters: { lines, intervalMs: 100 },
      });
    const run = await createRun(first.apiUrl, LINES);
    await waitFor(async () => (await runMessages(first.apiUrl, run.id)).includes("line 8"), {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: "the run to log line 8",
    });

    await first.process.stop("SIGKILL");
    // Down long enough for the worker to notice (its heartbeat gives up after the client's retries).
    await waitFor(() => worker.stderr.includes("Heartbeat to work pool"), {
      timeoutMs: 30_000,
      what: "the worker to report the failed heartbeat",
    });
    const restartedAt = Date.now();
    const second = await startServer(first.port);

    const after = await waitForFreshHeartbeat(second.apiUrl, restartedAt);
    expect(after.name).toBe(before.name);
    expect(worker.child.exitCode).toBeNull();
    await waitFor(
      async () =>
        (await api<{ status: string }>(second.apiUrl, "GET", `/work_pools/${POOL}`)).status === "READY",
      { what: `work pool ${POOL} to be READY again` },
    );
    await waitForRun(second.apiUrl, run.id, (r) => r.state_type === "COMPLETED", "to complete", 45_000);
    // The run's process ships what it buffered during the outage before it exits, which the
    // worker reports after the final state: only then is every line due.
    await waitForExit(worker, run.id);
    const expected = Array.from({ length: LINES }, (_, i) => i + 1);
    expect(lineNumbers(await runMessages(second.apiUrl, run.id))).toEqual(expected);

    const next = await createRun(second.apiUrl, 3);
    await waitForRun(second.apiUrl, next.id, (r) => r.state_type === "COMPLETED", "to complete", 45_000);
    await waitForExit(worker, next.id);
    expect(lineNumbers(await runMessages(second.apiUrl, next.id))).toEqual([1, 2, 3]);
    expect(worker.child.exitCode).toBeNull();
    expect((await onlineWorkers(second.apiUrl)).map((w) => w.name)).toEqual([before.name]);
  }, 120_000);
});
