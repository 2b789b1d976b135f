/**
 * Dispatch latency: a server and one idle process worker; N runs triggered one after another.
 *
 *   npm run bench:dispatch                     # N = 200, a second apart
 *   STEWARD_BENCH_RUNS=20 npm run bench:dispatch
 *   STEWARD_BENCH_GAP_MS=0 npm run bench:dispatch                 # back to back
 *   STEWARD_WORKER_WARM_PROCESSES=0 npm run bench:dispatch        # every run a cold process
 *
 * Each run is created STEWARD_BENCH_GAP_MS (default 1000) after the one before completed: an idle
 * worker, whose warm processes (STEWARD_WORKER_WARM_PROCESSES, default 2) are ready again. Back to
 * back, runs outpace the warm processes' replacements and some start cold.
 *
 * For each run it measures (run created → claimed: the PENDING state the claim wrote) and (run
 * created → the first line of the flow body executing in its child process). Targets: claim p50
 * under 20 ms, first flow line p50 under 500 ms (Prefect's default polling alone is 10–15 s).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "../test/e2e/harness.js";

const N = Number(process.env.STEWARD_BENCH_RUNS ?? 200);
const GAP_MS = Number(process.env.STEWARD_BENCH_GAP_MS ?? 1000);
const WARM = process.env.STEWARD_WORKER_WARM_PROCESSES ?? "2";
const { home, cleanup } = makeHome();
const server = await startServerProcess(home);
const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, STEWARD_LOGGING_LEVEL: "WARNING" };
let worker: StewardProcess | undefined;

try {
  await run(["work-pool", "create", "--type", "process", "bench-pool"]);
  worker = new StewardProcess(["worker", "start", "--pool", "bench-pool"], env);
  await run([
    "deploy",
    "test/fixtures/worker-flows.ts:firstLine",
    "--name",
    "dispatch",
    "--pool",
    "bench-pool",
  ]);
  const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/first-line/dispatch");
  await waitFor(
    async () =>
      (await api<{ status: string }>(server.apiUrl, "GET", "/work_pools/bench-pool")).status === "READY",
    { what: "the worker to poll" },
  );
  const out = join(mkdtempSync(join(tmpdir(), "steward-dispatch-")), "first-lines.txt");
  const claimMs: number[] = [];
  const firstLineMs: number[] = [];

  for (let i = 0; i < N; i++) {
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    const createdAt = Date.now();
    const run = await api<{ id: string; created: string }>(
      server.apiUrl,
      "POST",
      `/deployments/${deployment.id}/create_flow_run`,
      { parameters: { out } },
    );
    const line = await waitFor(() => readLines(out).find((l) => l.startsWith(run.id)), {
      timeoutMs: 60_000,
      intervalMs: 2,
      what: `run ${i} to start`,
    });
    firstLineMs.push(Number(line.split(" ")[1]) - createdAt);
    const states = await api<{ type: string; timestamp: string }[]>(
      server.apiUrl,
      "GET",
      `/flow_run_states/?flow_run_id=${run.id}`,
    );
    const pending = states.find((s) => s.type === "PENDING");
    claimMs.push(Date.parse(pending?.timestamp ?? "") - Date.parse(run.created));
    await waitFor(
      async () =>
        (await api<{ state_type: string }>(server.apiUrl, "GET", `/flow_runs/${run.id}`)).state_type ===
        "COMPLETED",
      { what: `run ${i} to complete` },
    );
  }

  console.log(
    `\nDispatch latency: ${N} runs, each ${GAP_MS} ms after the one before ended, one process worker with ${WARM} warm processes (SQLite)\n`,
  );
  console.log(`  ${"".padEnd(38)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)}`);
  report("run created → claimed", claimMs, "target p50 < 20 ms");
  report("run created → first flow line", firstLineMs, "target p50 ≤ 100 ms, p99 ≤ 250 ms");
} finally {
  await worker?.stop("SIGTERM");
  await server.process.stop();
  cleanup();
}

async function run(args: string[]): Promise<void> {
  const result = await steward(args, env);
  if (result.code !== 0)
    throw new Error(`steward ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n");
  } catch {
    return [];
  }
}

function report(label: string, samples: number[], target: string): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
  console.log(`  ${label.padEnd(38)} ${ms(at(0.5))} ${ms(at(0.95))} ${ms(at(0.99))}   (${target})`);
}
