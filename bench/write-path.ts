/**
 * Write path: a real `steward server start` on SQLite and on PostgreSQL (a fresh database each),
 * and for each the figures of issue 17's in-process targets and write path:
 *
 *   npm run bench:write-path
 *   STEWARD_BENCH_FLOWS=2000 STEWARD_BENCH_CREATES=2000 STEWARD_BENCH_CLAIMS=1000 npm run bench:write-path
 *   STEWARD_BENCH_TARGETS=postgres npm run bench:write-path        # one database only
 *   STEWARD_BENCH_LOG_LEVEL=INFO npm run bench:write-path          # ship the runs' INFO lines too
 *
 * - tracked in-process flow runs/s: the SDK's `flow()` called directly, each call a tracked run, 1
 *   and 10 calls in flight (STEWARD_BENCH_FLOWS calls each; targets: SQLite ≥ 500/s, PG ≥ 400/s);
 * - run creations/s: `POST /flow_runs/` over HTTP, 10 in flight (STEWARD_BENCH_CREATES);
 * - claims/s: STEWARD_BENCH_CLAIMS deployment runs created, then claimed one per call through
 *   `POST /work_pools/{pool}/claim` by 10 claimers in parallel (each run claimed exactly once);
 * - the requests one tracked run makes, with their round-trip time (client side, one in flight:
 *   server time plus loopback).
 *
 * The server is the source under src/ run by tsx (no build needed); PostgreSQL is
 * STEWARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), where a database
 * is created for the run and dropped after. The SDK reads its API URL once, so each database's
 * in-process part runs in a child process of this script (STEWARD_BENCH_WRITE_PATH_CHILD).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { api, freePort, makeHome, waitFor } from "../test/e2e/harness.js";

const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const FLOWS = size("STEWARD_BENCH_FLOWS", 300);
const CREATES = size("STEWARD_BENCH_CREATES", 500);
const CLAIMS = size("STEWARD_BENCH_CLAIMS", 300);
const IN_FLIGHT = 10;
const POSTGRES_URL = process.env.STEWARD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TARGETS = (process.env.STEWARD_BENCH_TARGETS ?? "sqlite,postgres").split(",");
const SELF = fileURLToPath(import.meta.url);

/**
 * Operations per second, and the CPU time the server process and its database backends (PostgreSQL)
 * spent per operation (ms, from /proc): the second is steadier than the first on a shared machine.
 */
interface Rate {
  perSecond: number;
  cpuMs: number;
}

/** What one database's measurements print (the child's last stdout line, JSON). */
interface Figures {
  flows1: Rate;
  flows10: Rate;
  creates: Rate;
  claims: Rate;
  breakdown: { request: string; status: number; ms: number }[];
}

if (process.env.STEWARD_BENCH_WRITE_PATH_CHILD) await measure(process.env.STEWARD_API_URL ?? "");
else await main();

async function main(): Promise<void> {
  const results: [string, Figures][] = [];
  for (const target of TARGETS) {
    if (target !== "sqlite" && target !== "postgres") throw new Error(`unknown target ${target}`);
    results.push([target, await onServer(target)]);
  }
  console.log(`\nWrite path (${FLOWS} flow calls, ${CREATES} creations, ${CLAIMS} claims per database)\n`);
  const header = ["", ...results.map(([target]) => target)];
  const rows: string[][] = [header];
  const add = (label: string, pick: (f: Figures) => Rate) => {
    rows.push([label, ...results.map(([, f]) => pick(f).perSecond.toFixed(0))]);
    rows.push(["  server + database CPU ms each", ...results.map(([, f]) => pick(f).cpuMs.toFixed(2))]);
  };
  add("tracked flow runs/s, 1 in flight", (f) => f.flows1);
  add(`tracked flow runs/s, ${IN_FLIGHT} in flight`, (f) => f.flows10);
  add(`run creations/s (HTTP, ${IN_FLIGHT} in flight)`, (f) => f.creates);
  add(`claims/s (${IN_FLIGHT} claimers, 1 run each)`, (f) => f.claims);
  for (const row of rows)
    console.log(
      `  ${row[0]?.padEnd(40)} ${row
        .slice(1)
        .map((cell) => cell.padStart(10))
        .join(" ")}`,
    );
  for (const [target, figures] of results) {
    const total = figures.breakdown.reduce((sum, r) => sum + r.ms, 0);
    console.log(
      `\n  One tracked run on ${target}: ${figures.breakdown.length} requests, ${total.toFixed(2)} ms`,
    );
    for (const r of figures.breakdown)
      console.log(
        `    ${r.request.padEnd(56)} ${String(r.status).padStart(4)} ${r.ms.toFixed(2).padStart(8)} ms`,
      );
  }
}

/** Starts a server on `target`, runs the measuring child against it, stops and cleans up. */
async function onServer(target: "sqlite" | "postgres"): Promise<Figures> {
  const { home, cleanup } = makeHome();
  const database = `steward_bench_${randomBytes(4).toString("hex")}`;
  const env: NodeJS.ProcessEnv = { STEWARD_HOME: home, STEWARD_LOGGING_LEVEL: "WARNING" };
  if (target === "postgres") {
    await adminQuery(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    env.STEWARD_DATABASE_URL = url.toString();
  }
  const port = await freePort();
  const args = [
    "server",
    "start",
    "--port",
    String(port),
    ...(process.env.STEWARD_BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean),
  ];
  // e.g. STEWARD_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
  const nodeArgs = (process.env.STEWARD_BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // The source, not dist/: what is measured is what the worktree says now.
  const server = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/cli/main.ts", ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => server.on("exit", resolve));
  const apiUrl = `http://127.0.0.1:${port}/api`;
  try {
    await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`server exited: ${stderr}`);
        return (await fetch(`${apiUrl}/health`)).ok;
      },
      { what: `the server on ${target}`, timeoutMs: 60_000 },
    );
    return await runChild(apiUrl, home, server.pid ?? 0, env.STEWARD_DATABASE_URL);
  } finally {
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    if (server.exitCode === null) server.kill("SIGTERM");
    await exited;
    clearTimeout(timer);
    cleanup();
    if (target === "postgres") await adminQuery(`DROP DATABASE IF EXISTS ${database}`);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runChild(
  apiUrl: string,
  home: string,
  serverPid: number,
  databaseUrl: string | undefined,
): Promise<Figures> {
  const child = spawn(process.execPath, ["--import", "tsx", SELF], {
    env: {
      ...process.env,
      STEWARD_BENCH_WRITE_PATH_CHILD: "1",
      STEWARD_BENCH_SERVER_PID: String(serverPid),
      STEWARD_BENCH_DATABASE_URL: databaseUrl ?? "",
      STEWARD_API_URL: apiUrl,
      STEWARD_HOME: home,
      STEWARD_LOGGING_LEVEL: process.env.STEWARD_BENCH_LOG_LEVEL ?? "WARNING",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the measuring child exited ${code}: ${out}`);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "") as Figures;
}

/** In the child: every measurement against the server at `apiUrl`. */
async function measure(apiUrl: string): Promise<void> {
  const requests: { request: string; status: number; ms: number }[] = [];
  let recording = false;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    if (!recording) return realFetch(input, init);
    const start = performance.now();
    const response = await realFetch(input, init);
    await response.clone().arrayBuffer();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const path = url.replace(apiUrl, "").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}");
    requests.push({
      request: `${init?.method ?? "GET"} ${path}`,
      status: response.status,
      ms: performance.now() - start,
    });
    return response;
  };
  const { flow, task } = await import("../src/index.js");
  const noopTask = task({ name: "bench-noop-task" }, async (i: number) => i);
  const noop = flow({ name: "bench-noop" }, async ({ i }: { i: number }) => i);
  const withTask = flow({ name: "bench-one-task" }, async ({ i }: { i: number }) => noopTask(i));

  await calls(noop, 50, IN_FLIGHT); // warm-up: JIT, connections, the flow's upsert
  await withTask({ i: 0 });
  recording = true;
  await noop({ i: 0 });
  recording = false;
  const breakdown = [...requests.splice(0).map((r) => ({ ...r, request: `no-op flow: ${r.request}` }))];
  recording = true;
  await withTask({ i: 0 });
  recording = false;
  breakdown.push(...requests.splice(0).map((r) => ({ ...r, request: `one-task flow: ${r.request}` })));

  const flows1 = await costed(FLOWS, () => calls(noop, FLOWS, 1));
  const flows10 = await costed(FLOWS, () => calls(noop, FLOWS, IN_FLIGHT));

  const flowId = (await api<{ id: string }>(apiUrl, "POST", "/flows/", { name: "bench-created" })).id;
  const creates = await costed(CREATES, () =>
    rate(CREATES, IN_FLIGHT, () => api(apiUrl, "POST", "/flow_runs/", { flow_id: flowId })),
  );
  const claims = await measureClaims(apiUrl, flowId);
  console.log(JSON.stringify({ flows1, flows10, creates, claims, breakdown } satisfies Figures));
}

/** The rate `measure` answers, with the CPU the server and database spent per operation meanwhile. */
async function costed(n: number, measure: () => Promise<number>): Promise<Rate> {
  const pids = await serverPids();
  const before = cpuMs(pids);
  const perSecond = await measure();
  return { perSecond, cpuMs: (cpuMs(pids) - before) / n };
}

/** The server process and, on PostgreSQL, the backends serving its database. */
async function serverPids(): Promise<number[]> {
  const pids = [Number(process.env.STEWARD_BENCH_SERVER_PID)];
  const url = process.env.STEWARD_BENCH_DATABASE_URL;
  if (!url) return pids;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return [...pids, ...rows.map((row) => row.pid)];
  } finally {
    await client.end();
  }
}

/** User + system CPU of `pids` so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone, or not Linux: counted as nothing.
    }
  }
  return ticks * 10;
}

async function calls(
  fn: (p: { i: number }) => Promise<unknown>,
  n: number,
  inFlight: number,
): Promise<number> {
  return rate(n, inFlight, (i) => fn({ i }));
}

/** Runs `n` calls of `one`, `inFlight` at a time; answers calls per second. */
async function rate(n: number, inFlight: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await one(next++);
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

/** CLAIMS deployment runs, then claimed one per call by IN_FLIGHT claimers until none is left. */
async function measureClaims(apiUrl: string, flowId: string): Promise<Rate> {
  const pool = `bench-pool-${randomBytes(3).toString("hex")}`;
  await api(apiUrl, "POST", "/work_pools/", { name: pool, type: "process" });
  const deployment = await api<{ id: string }>(apiUrl, "POST", "/deployments/", {
    name: "bench",
    flow_id: flowId,
    work_pool_name: pool,
  });
  await rate(CLAIMS, IN_FLIGHT, () =>
    api(apiUrl, "POST", `/deployments/${deployment.id}/create_flow_run`, {}),
  );
  const seen = new Set<string>();
  let empty = 0;
  const pids = await serverPids();
  const cpuBefore = cpuMs(pids);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, worker) => {
      // Bounded: each call claims one run or finds none; a claimer stops at its first empty answer.
      for (let i = 0; i <= CLAIMS; i++) {
        const claimed = await api<{ flow_run: { id: string } }[]>(
          apiUrl,
          "POST",
          `/work_pools/${pool}/claim`,
          {
            worker_name: `bench-worker-${worker}`,
            limit: 1,
            wait_seconds: 0,
          },
        );
        if (claimed.length === 0) {
          empty++;
          return;
        }
        for (const { flow_run: run } of claimed) {
          if (seen.has(run.id)) throw new Error(`run ${run.id} was claimed twice`);
          seen.add(run.id);
        }
      }
    }),
  );
  const ms = performance.now() - start;
  if (seen.size !== CLAIMS)
    throw new Error(`claimed ${seen.size} of ${CLAIMS} runs (${empty} empty answers)`);
  return { perSecond: (CLAIMS * 1000) / ms, cpuMs: (cpuMs(pids) - cpuBefore) / CLAIMS };
}
