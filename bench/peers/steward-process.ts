// Steward through a real `steward worker start` on a process pool: each run is a deployment run of
// the `firstLine` fixture flow, which writes "<run id> <ms>" as its body's first act (as in
// bench/dispatch.ts), read back here; completion is the run's end_time in the API.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  api,
  makeHome,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
} from "../../test/e2e/harness.js";
import {
  CONCURRENCY,
  type Cleanups,
  type JobSystem,
  type JobTracker,
  now,
  type PeerDefinition,
  positive,
  type RssReading,
  rssOf,
} from "./measure.js";

const POOL = "peers-pool";
const POLL_MS = 10;
// A busy server (dozens of cold starts on two cores) may refuse a poll now and then; only a
// refusal that lasts this long fails the row.
const POLL_ERRORS_FOR_MS = 15_000;

/** A `steward server start` (embedded SQLite, its own STEWARD_HOME), stopped and removed at cleanup. */
export async function startStewardServer(cleanups: Cleanups): Promise<{
  home: string;
  apiUrl: string;
  process: StewardProcess;
  env: NodeJS.ProcessEnv;
}> {
  const { home, cleanup } = makeHome();
  cleanups.add(cleanup);
  const server = await startServerProcess(home);
  cleanups.add(() => stopWithin(server.process, 10_000));
  // As bench/dispatch.ts: INFO lines would be shipped to the API, work the queues do not do.
  const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, STEWARD_LOGGING_LEVEL: "WARNING" };
  return { home, apiUrl: server.apiUrl, process: server.process, env };
}

/** SIGTERM, then SIGKILL if the process has not exited within `ms`. */
export async function stopWithin(child: StewardProcess, ms: number): Promise<void> {
  const timer = setTimeout(() => child.child.kill("SIGKILL"), ms);
  await child.stop("SIGTERM");
  clearTimeout(timer);
}

/** How a deployment's runs are executed. */
export interface ProcessWorkerOptions {
  /** `--job-variable k=v` for the deployment. */
  readonly jobVariables?: Readonly<Record<string, string>>;
  /** How runs get their process, for the settings line. */
  readonly processes: string;
}

/** Server, process pool, deployment of `firstLine` and a worker (`--limit CONCURRENCY`), polling. */
export async function startStewardProcessWorker(
  tracker: JobTracker,
  cleanups: Cleanups,
  options: ProcessWorkerOptions,
): Promise<JobSystem> {
  const server = await startStewardServer(cleanups);
  const run = async (args: string[]) => {
    const result = await steward(args, server.env);
    if (result.code !== 0)
      throw new Error(`steward ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
  };
  await run(["work-pool", "create", "--type", "process", POOL]);
  const variables = Object.entries(options.jobVariables ?? {}).flatMap(([k, v]) => [
    "--job-variable",
    `${k}=${v}`,
  ]);
  await run([
    "deploy",
    "test/fixtures/worker-flows.ts:firstLine",
    "--name",
    "peers",
    "--pool",
    POOL,
    ...variables,
  ]);
  const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/first-line/peers");
  const worker = new StewardProcess(
    ["worker", "start", "--pool", POOL, "--limit", String(CONCURRENCY)],
    server.env,
  );
  cleanups.add(() => stopWithin(worker, 30_000));
  await waitFor(
    async () => {
      if (worker.child.exitCode !== null)
        throw new Error(`the worker exited: ${worker.stderr}${worker.stdout}`);
      return (await api<{ status: string }>(server.apiUrl, "GET", `/work_pools/${POOL}`)).status === "READY";
    },
    { what: "the worker to poll" },
  );
  const out = join(server.home, "first-lines.txt");
  const runIds = new Map<string, number>();
  const follower = followRuns(server.apiUrl, out, runIds, tracker);
  cleanups.add(() => follower.stop());
  return {
    enqueue: async (ids) => {
      await Promise.all(
        ids.map(async (id) => {
          const created = await api<{ id: string }>(
            server.apiUrl,
            "POST",
            `/deployments/${deployment.id}/create_flow_run`,
            { parameters: { out } },
          );
          runIds.set(created.id, id);
        }),
      );
    },
    rss: () => [
      { process: "worker", mb: rssOf(worker.child.pid) },
      ...idleChildren(worker.child.pid),
      { process: "server", mb: rssOf(server.process.child.pid) },
    ],
    settings:
      `steward worker start --limit ${CONCURRENCY} on a process pool, ${options.processes}, worker defaults otherwise; ` +
      `deployment runs created over HTTP; server on embedded SQLite` +
      variables.map((v) => ` ${v}`).join(""),
  };
}

interface ApiRun {
  id: string;
  state_type: string | null;
  end_time: string | null;
}

/** Reads flow-body start lines from `out` and completed runs from the API, until stopped. */
function followRuns(
  apiUrl: string,
  out: string,
  runIds: ReadonlyMap<string, number>,
  tracker: JobTracker,
): { stop: () => Promise<void> } {
  let stopped = false;
  let failingSince: number | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        for (const line of readLines(out)) {
          const [runId, ms] = line.split(" ");
          const id = runIds.get(runId ?? "");
          if (id !== undefined) tracker.started(id, Number(ms));
        }
        const pending = [...runIds].filter(([, id]) => !tracker.completedAt.has(id)).slice(0, 100);
        if (pending.length > 0) await readFinished(apiUrl, new Map(pending), tracker);
        failingSince = undefined;
      } catch (error) {
        failingSince ??= Date.now();
        if (!stopped && Date.now() - failingSince > POLL_ERRORS_FOR_MS) tracker.fail(error as Error);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function readFinished(
  apiUrl: string,
  pending: Map<string, number>,
  tracker: JobTracker,
): Promise<void> {
  const runs = await api<ApiRun[]>(apiUrl, "POST", "/flow_runs/filter", {
    flow_runs: {
      id: { any_: [...pending.keys()] },
      state: { type: { any_: ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"] } },
    },
    limit: pending.size,
  });
  for (const run of runs) {
    const id = pending.get(run.id);
    if (id === undefined) continue;
    if (run.state_type !== "COMPLETED") tracker.fail(new Error(`flow run ${run.id} ended ${run.state_type}`));
    else tracker.completed(id, run.end_time ? Date.parse(run.end_time) : now());
  }
}

/** The worker's child processes at idle (pre-started flow-run processes), as one reading. */
function idleChildren(pid: number | undefined): RssReading[] {
  let pids: number[] = [];
  try {
    pids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
  if (pids.length === 0) return [];
  const mb = pids.reduce((sum, child) => sum + rssOf(child), 0);
  return [{ process: `${pids.length} idle child${pids.length === 1 ? "" : "ren"} (together)`, mb }];
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n");
  } catch {
    return [];
  }
}

/** Steward's row for a process worker as it is today: a cold `node` per run. */
export const stewardFreshProcess: PeerDefinition = {
  key: "steward-process",
  label: "Steward, process worker (fresh process per run)",
  needsDist: true,
  jobs: positive("STEWARD_BENCH_PEERS_PROCESS_JOBS", 40),
  start: (tracker, cleanups) =>
    startStewardProcessWorker(tracker, cleanups, { processes: "a fresh node process per run" }),
};

/** Steward's row for a deployment whose successive runs share kept processes (`reuse_processes`). */
export const stewardReusedProcess: PeerDefinition = {
  key: "steward-reuse",
  label: "Steward, worker with process reuse",
  needsDist: true,
  start: (tracker, cleanups) =>
    startStewardProcessWorker(tracker, cleanups, {
      jobVariables: { reuse_processes: "true" },
      processes: "successive runs of the deployment in kept node processes",
    }),
};
