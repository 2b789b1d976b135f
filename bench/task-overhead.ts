/**
 * Task overhead: one tracked flow running N no-op tasks against a local `steward server start`.
 *
 *   npm run bench:tasks                      # N = 10,000
 *   STEWARD_BENCH_TASKS=1000 npm run bench:tasks
 *
 * Overhead per task = (time of the flow with N tasks − time of the same flow with none) / N. The
 * flow's end includes shipping every batched task-run state, so what the API shows afterwards is
 * part of what is measured. Target: < 150 µs per task.
 */
import { performance } from "node:perf_hooks";
import { api, makeHome, startServerProcess } from "../test/e2e/harness.js";

const N = Number(process.env.STEWARD_BENCH_TASKS ?? 10_000);
const { home, cleanup } = makeHome();
const server = await startServerProcess(home);
process.env.STEWARD_HOME = home;
process.env.STEWARD_API_URL = server.apiUrl;
process.env.STEWARD_LOGGING_LEVEL = "WARNING";

try {
  const { flow, task } = await import("../src/index.js");
  const noop = task({ name: "noop" }, async (i: number) => i);
  const many = flow({ name: "bench-many-tasks" }, async ({ n }: { n: number }) => {
    for (let i = 0; i < n; i++) await noop(i);
    return n;
  });

  await many({ n: 100 }); // warm-up: JIT, connections, flow upsert
  const baselineStart = performance.now();
  await many({ n: 0 });
  const baselineMs = performance.now() - baselineStart;
  const start = performance.now();
  await many({ n: N });
  const totalMs = performance.now() - start;
  const overheadUs = ((totalMs - baselineMs) * 1000) / N;

  const [run] = await api<{ id: string; state_type: string }[]>(server.apiUrl, "POST", "/flow_runs/filter", {
    flows: { name: { any_: ["bench-many-tasks"] } },
    sort: "ID_DESC",
    limit: 1,
  });
  const filter = { flow_runs: { id: { any_: [run?.id] } } };
  const taskRuns = await api<number>(server.apiUrl, "POST", "/task_runs/count", filter);
  const completed = await api<number>(server.apiUrl, "POST", "/task_runs/count", {
    ...filter,
    task_runs: { state: { type: { any_: ["COMPLETED"] } } },
  });

  const rows: [string, string][] = [
    ["tasks", String(N)],
    ["flow with N tasks", `${totalMs.toFixed(1)} ms`],
    ["flow with no tasks", `${baselineMs.toFixed(1)} ms`],
    ["overhead per task", `${overheadUs.toFixed(1)} µs (target < 150 µs)`],
    ["flow run state", String(run?.state_type)],
    ["task runs in the API", `${taskRuns} (${completed} COMPLETED)`],
  ];
  console.log("\nTask overhead (tracked flow, local server on SQLite)\n");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(22)} ${value}`);
  if (taskRuns !== N || completed !== N || run?.state_type !== "COMPLETED") {
    console.error(`\nexpected ${N} COMPLETED task runs and a COMPLETED flow run`);
    process.exitCode = 1;
  }
} finally {
  await server.process.stop();
  cleanup();
}
