/**
 * A burst: N runs created evenly over S seconds for W process workers with their default settings
 * (warm processes, start limit = CPUs), each run's body writing one line. Prints created → first
 * flow line p50 / p99 / max and how long the whole burst took. Needs a built dist/
 * (`node scripts/build.mjs --in-place`).
 *
 *   npm run bench:burst                                        # N = 40, S = 6, W = 2
 *   STEWARD_BENCH_RUNS=80 STEWARD_BENCH_SECONDS=4 npm run bench:burst
 *   STEWARD_WORKER_WARM_PROCESSES=0 npm run bench:burst        # cold processes only
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "../test/e2e/harness.js";

const N = Number(process.env.STEWARD_BENCH_RUNS ?? 40);
const SECONDS = Number(process.env.STEWARD_BENCH_SECONDS ?? 6);
const WORKERS = Number(process.env.STEWARD_BENCH_WORKERS ?? 2);
const { home, cleanup } = makeHome();
const server = await startServerProcess(home);
const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, STEWARD_LOGGING_LEVEL: "WARNING" };
const workers: StewardProcess[] = [];

try {
  const setup = async (args: string[]) => {
    const result = await steward(args, env);
    if (result.code !== 0) throw new Error(`steward ${args.join(" ")} failed: ${result.stderr}`);
  };
  await setup(["work-pool", "create", "--type", "process", "burst-pool"]);
  await setup([
    "deploy",
    "test/fixtures/worker-flows.ts:firstLine",
    "--name",
    "burst",
    "--pool",
    "burst-pool",
  ]);
  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      new StewardProcess(["worker", "start", "--pool", "burst-pool", "--name", `burst-${i}`], env),
    );
  }
  const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/first-line/burst");
  await waitFor(
    async () =>
      (
        await api<{ status: string }[]>(server.apiUrl, "POST", "/work_pools/burst-pool/workers/filter")
      ).filter((w) => w.status === "ONLINE").length === WORKERS,
    { what: "the workers to be online" },
  );
  // Time for their warm processes to be ready, as on a worker that has been up a while.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const out = join(mkdtempSync(join(tmpdir(), "steward-burst-")), "first-lines.txt");
  const created = new Map<string, number>();
  const start = Date.now();
  for (let i = 0; i < N; i++) {
    const due = start + (i * SECONDS * 1000) / N;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const at = Date.now();
    const run = await api<{ id: string }>(
      server.apiUrl,
      "POST",
      `/deployments/${deployment.id}/create_flow_run`,
      {
        parameters: { out },
      },
    );
    created.set(run.id, at);
  }
  const lines = await waitFor(
    () => {
      const found = readLines(out);
      return found.length >= N ? found : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 20, what: `all ${N} runs to start` },
  );
  const latencies = lines
    .map((line) => line.split(" "))
    .map(([id, at]) => Number(at) - (created.get(id ?? "") ?? Number.NaN))
    .sort((a, b) => a - b);
  const last = Math.max(...lines.map((line) => Number(line.split(" ")[1])));
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(
    `\nBurst: ${N} runs created over ${SECONDS} s for ${WORKERS} process workers (default settings: ${process.env.STEWARD_WORKER_WARM_PROCESSES ?? "2"} warm processes, start limit ${availableParallelism()}), SQLite\n`,
  );
  console.log(
    `  created → first flow line   p50 ${pct(50)} ms   p99 ${pct(99)} ms   max ${latencies.at(-1)} ms`,
  );
  console.log(`  first run created → last body started   ${last - start} ms\n`);
} finally {
  await Promise.all(workers.map((worker) => worker.stop("SIGTERM")));
  await server.process.stop();
  cleanup();
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => line !== "");
  } catch {
    return [];
  }
}
