/**
 * Scheduler benchmark: N deployments, each with a `* * * * *` cron, on a fresh SQLite store.
 * Times the first full top-up (60 runs per deployment) and one steady-state loop a minute later,
 * and measures the API's latency for a cheap read (GET /api/flow_runs/{id}, through the real Hono
 * app in-process) hammered while each top-up runs. The server is one process, so this latency
 * includes any time the top-up holds the event loop or the SQLite write lock.
 *
 *   npm run bench:scheduler                          # N = 1,000 and 5,000
 *   STEWARD_BENCH_DEPLOYMENTS=100 npm run bench:scheduler
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeploymentCreate, FlowCreate, FlowRunCreate, WorkPoolCreate } from "../src/api/index.js";
import { createApp } from "../src/server/app.js";
import { openStore, type TopUpResult } from "../src/server/storage/index.js";
import type { Store } from "../src/server/storage/store.js";

const SIZES = (process.env.STEWARD_BENCH_DEPLOYMENTS ?? "1000,5000")
  .split(",")
  .map((size) => Number(size.trim()))
  .filter((size) => Number.isInteger(size) && size > 0);
/** Concurrent API clients while the scheduler runs. */
const CLIENTS = 4;

interface Row {
  readonly deployments: number;
  readonly phase: string;
  readonly result: TopUpResult;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function setUp(store: Store, n: number): Promise<string> {
  const { value: flow } = await store.flows.upsert(FlowCreate.parse({ name: "bench" }));
  await store.workPools.create(WorkPoolCreate.parse({ name: "bench-pool", type: "process" }));
  for (let i = 0; i < n; i++) {
    await store.deployments.upsert(
      DeploymentCreate.parse({
        name: `d${String(i).padStart(6, "0")}`,
        flow_id: flow.id,
        work_pool_name: "bench-pool",
        schedules: [{ schedule: { cron: "* * * * *" } }],
      }),
    );
  }
  const { value: run } = await store.flowRuns.create(FlowRunCreate.parse({ flow_id: flow.id }));
  return run.id;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `work` while CLIENTS loops GET the run; returns the work's result and the latencies. */
async function underLoad(
  app: ReturnType<typeof createApp>,
  runId: string,
  work: () => Promise<TopUpResult>,
): Promise<{ result: TopUpResult; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const client = async () => {
    while (!done) {
      const started = performance.now();
      const response = await app.request(`/api/flow_runs/${runId}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET /api/flow_runs/${runId} → ${response.status}`);
      latencies.push(performance.now() - started);
      // Yield to timers too, as real sockets would.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  try {
    const result = await work();
    return { result, latencies };
  } finally {
    done = true;
    await Promise.all(clients);
  }
}

async function benchSize(n: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "steward-bench-scheduler-"));
  const start = Date.parse("2030-01-01T00:00:30Z");
  const store = await openStore(`sqlite:${join(dir, "steward.db")}`, { now: () => start });
  try {
    const runId = await setUp(store, n);
    const app = createApp({ store, version: "bench" });
    const rows: Row[] = [];
    const phases: [string, number][] = [
      ["first top-up", start],
      ["steady loop (+1 min)", start + 60_000],
    ];
    for (const [phase, now] of phases) {
      const { result, latencies } = await underLoad(app, runId, () => store.scheduler.topUp({ now }));
      const sorted = [...latencies].sort((a, b) => a - b);
      rows.push({
        deployments: n,
        phase,
        result,
        requests: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? Number.NaN,
      });
    }
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: readonly Row[]): void {
  const header = [
    "deployments",
    "phase",
    "runs created",
    "top-up ms",
    "API reqs",
    "p50 ms",
    "p99 ms",
    "max ms",
  ];
  const body = rows.map((row) => [
    String(row.deployments),
    row.phase,
    String(row.result.inserted),
    row.result.elapsedMs.toFixed(0),
    String(row.requests),
    row.p50.toFixed(2),
    row.p99.toFixed(2),
    row.max.toFixed(1),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => (cells[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(line(cells));
}

const rows: Row[] = [];
for (const n of SIZES) {
  console.error(`scheduler bench: ${n} deployments with a minute cron (SQLite)…`);
  rows.push(...(await benchSize(n)));
}
printTable(rows);
