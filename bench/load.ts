/**
 * Load on the embedded SQLite default: a real `steward server start` (its own STEWARD_HOME, SQLite),
 * W real `steward worker start` processes on a process pool, and C concurrent API clients, each a
 * loop for S seconds: create a flow run, propose PENDING → RUNNING → COMPLETED (set_state), write
 * logs in small batches; one iteration in ten hands a deployment run to the workers instead.
 *
 *   npm run bench:load                               # S = 60, C = 100, W = 8
 *   STEWARD_BENCH_SECONDS=15 npm run bench:load      # the CI size
 *   STEWARD_BENCH_CLIENTS=20 STEWARD_BENCH_WORKERS=2 npm run bench:load
 *
 * The clients are StewardClient with its normal retries, so an error counts only when a user
 * would see it. Prints per operation count / p50 / p99 / max, requests per second, the 503s the
 * client retried, the errors left after retries, every "database is locked" in an answer or in
 * the server's or workers' output, and how many deployment runs the workers completed. Exits
 * non-zero if a request failed after retries, the database was locked, or a deployment run was
 * lost or ran twice. The table is also written to bench/results/load.md. Needs a built dist/
 * (`node scripts/build.mjs --in-place`): the processes run bin/steward.js.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StewardClient } from "../src/client/index.js";
import { TERMINAL_STATE_TYPES } from "../src/core/states.js";
import {
  api,
  makeHome,
  ROOT,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
} from "../test/e2e/harness.js";
import { type LoadTarget, runClient } from "./load/clients.js";
import { DeploymentRuns } from "./load/deployment-runs.js";
import { Latencies } from "./load/latencies.js";
import { failures, type LoadReport, reportLines, writeResults } from "./load/report.js";
import { LOCKED, Traffic } from "./load/traffic.js";

const SECONDS = positive("STEWARD_BENCH_SECONDS", 60);
const CLIENTS = positive("STEWARD_BENCH_CLIENTS", 100);
const WORKERS = positive("STEWARD_BENCH_WORKERS", 8);
// One flow run at a time per worker: each is a cold Node.js + tsx child (~0.5 s of CPU), and eight
// of them at once already share two cores with the server and the clients.
const WORKER_LIMIT = 1;
const POOL = "load-pool";
const DRAIN_MS = 60_000;
const RESULTS = join(ROOT, "bench/results/load.md");

const { home, cleanup } = makeHome();
const server = await startServerProcess(home);
const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl };
const processes: StewardProcess[] = [server.process];
const commandOutput: string[] = [];
let failed = true;

try {
  const target = await prepare();
  const latencies = new Latencies();
  const traffic = new Traffic();
  const deploymentRuns = new DeploymentRuns();
  const seconds = await applyLoad(target, latencies, traffic, deploymentRuns);
  const nonTerminalRuns = await countNonTerminalRuns(new StewardClient({ apiUrl: server.apiUrl }));
  await Promise.all(processes.map((p) => p.stop("SIGTERM")));
  const report: LoadReport = {
    title: `Load: ${CLIENTS} API clients for ${SECONDS} s, ${WORKERS} process workers (--limit ${WORKER_LIMIT}), embedded SQLite`,
    summaries: latencies.summaries(),
    seconds,
    requests: traffic.requests,
    statuses: traffic.statusSummary(),
    retryableAnswers: traffic.retryableAnswers,
    serverErrors: traffic.serverErrors,
    noAnswer: traffic.noAnswer,
    errorCount: latencies.errorCount,
    firstErrors: latencies.firstErrors,
    locked: [...traffic.lockedAnswers, ...lockedOutputLines()],
    deploymentRuns: deploymentRuns.outcome(target.out),
    nonTerminalRuns,
  };
  const lines = reportLines(report);
  console.log(`\n${lines.join("\n")}\n`);
  writeResults(RESULTS, lines);
  console.log(`Written to ${RESULTS}`);
  failed = failures(report).length > 0;
} finally {
  await Promise.all(processes.map((p) => p.stop("SIGKILL")));
  cleanup();
  process.exitCode = failed ? 1 : 0;
}

/** The pool, the deployment of the `record` fixture flow, the clients' flow, and the workers, polling. */
async function prepare(): Promise<LoadTarget> {
  await run(["work-pool", "create", "--type", "process", POOL]);
  await run(["deploy", "test/fixtures/worker-flows.ts:record", "--name", "load", "--pool", POOL]);
  const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/record/load");
  const flow = await new StewardClient({ apiUrl: server.apiUrl }).call("createFlow", {
    body: { name: "load-client-flow" },
  });
  for (let i = 0; i < WORKERS; i++) {
    const args = [
      "worker",
      "start",
      "--pool",
      POOL,
      "--name",
      `load-worker-${i}`,
      "--limit",
      `${WORKER_LIMIT}`,
    ];
    processes.push(new StewardProcess(args, env));
  }
  await waitFor(allWorkersPolling, { timeoutMs: 60_000, what: `${WORKERS} workers to poll` });
  const out = join(mkdtempSync(join(tmpdir(), "steward-load-")), "executions.txt");
  return { flowId: flow.id, deploymentId: deployment.id, out };
}

async function allWorkersPolling(): Promise<boolean> {
  const exited = processes.find((p) => p.child.exitCode !== null);
  if (exited) throw new Error(`a process exited early: ${exited.stderr}${exited.stdout}`);
  const workers = await api<unknown[]>(server.apiUrl, "POST", `/work_pools/${POOL}/workers/filter`);
  return workers.length === WORKERS;
}

/**
 * The clients' loops for SECONDS, while the deployment runs are followed; then a bounded drain.
 * Returns how long the clients ran (the last iterations end a little after the deadline).
 */
async function applyLoad(
  target: LoadTarget,
  latencies: Latencies,
  traffic: Traffic,
  deploymentRuns: DeploymentRuns,
): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + SECONDS * 1000;
  const plan = {
    deadline,
    maxIterations: 100_000,
    deploymentEvery: 10,
    deploymentRunsInFlight: WORKERS * WORKER_LIMIT,
    logBatches: 2,
    logLinesPerBatch: 5,
  };
  const client = new StewardClient({ apiUrl: server.apiUrl, fetch: traffic.fetch });
  let clientsDone = false;
  const follower = deploymentRuns.follow(client, latencies, () => clientsDone, deadline + DRAIN_MS);
  const clients = Array.from({ length: CLIENTS }, (_, index) =>
    runClient(index, {
      client: new StewardClient({ apiUrl: server.apiUrl, fetch: traffic.fetch }),
      target,
      plan,
      latencies,
      deploymentRuns,
    }),
  );
  await Promise.all(clients);
  const seconds = (performance.now() - started) / 1000;
  clientsDone = true;
  await follower;
  return seconds;
}

/** Flow runs of any kind (clients' and workers') that have no final state, or no state at all. */
async function countNonTerminalRuns(client: StewardClient): Promise<number> {
  const all = await client.call("countFlowRuns", { body: {} });
  const final = await client.call("countFlowRuns", {
    body: { flow_runs: { state: { type: { any_: [...TERMINAL_STATE_TYPES] } } } },
  });
  return all - final;
}

/** Lines of every process's output (server, workers and their flow runs, CLI commands) that say "locked". */
function lockedOutputLines(): string[] {
  const outputs = [...processes.map((p) => `${p.stdout}\n${p.stderr}`), ...commandOutput];
  return outputs.flatMap((text) => text.split("\n").filter((line) => LOCKED.test(line)));
}

async function run(args: string[]): Promise<void> {
  const result = await steward(args, env);
  commandOutput.push(`${result.stdout}\n${result.stderr}`);
  if (result.code !== 0)
    throw new Error(`steward ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not ${value}`);
  return value;
}
