/**
 * Steward beside the job queues a TypeScript team would otherwise pick: graphile-worker and
 * pg-boss on this machine's PostgreSQL, BullMQ on its Redis, and Steward three ways (a process
 * worker with a fresh process per run, a worker with process reuse, and tracked flow() calls in
 * process). The same no-op job, at most CONCURRENCY jobs at once everywhere.
 *
 *   npm run bench:peers
 *   STEWARD_BENCH_PEERS_ONLY=bullmq,steward-in-process npm run bench:peers
 *   STEWARD_BENCH_PEERS_LATENCY_RUNS=20 STEWARD_BENCH_PEERS_JOBS=100 npm run bench:peers
 *
 * Per system: enqueue → handler (flow body) start at idle, one job at a time after a warm-up job
 * (STEWARD_BENCH_PEERS_LATENCY_RUNS, default 50: p50 and p99); then a burst enqueued at once,
 * first enqueue → last completion as the system records it (STEWARD_BENCH_PEERS_JOBS, default 500;
 * STEWARD_BENCH_PEERS_PROCESS_JOBS, default 40, for the process worker, whose runs are each a cold
 * node process); then the RSS of the processes doing the work, at idle. Each system runs in a
 * process of its own (this file with `--system KEY`), so a row's RSS holds only its own library.
 * Prints one table and writes it to bench/results/peers.md. Needs a built dist/ for Steward's rows
 * (`node scripts/build.mjs --in-place`): the server and worker run bin/steward.js.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { POSTGRES_ADMIN_URL, ROOT } from "../test/e2e/harness.js";
import {
  CONCURRENCY,
  Cleanups,
  JobTracker,
  measure,
  type PeerDefinition,
  type PeerResult,
  positive,
  type Row,
  tableLines,
} from "./peers/measure.js";
import { stewardFreshProcess, stewardReusedProcess } from "./peers/steward-process.js";

const LATENCY_RUNS = positive("STEWARD_BENCH_PEERS_LATENCY_RUNS", 50);
const JOBS = positive("STEWARD_BENCH_PEERS_JOBS", 500);
// Generous per-phase bounds: a row that exceeds one fails, and the whole system is stopped.
const JOB_TIMEOUT_MS = 60_000;
const THROUGHPUT_TIMEOUT_MS = 180_000;
const SYSTEM_TIMEOUT_MS = 420_000;
const RESULT_MARK = "PEERS-RESULT ";
const FAILURE_MARK = "PEERS-FAILED ";
const RESULTS = join(ROOT, "bench/results/peers.md");

// Each library is imported only in the process that measures it, so no row's RSS holds another's.
const SYSTEMS: readonly PeerDefinition[] = [
  {
    key: "graphile-worker",
    label: "graphile-worker",
    start: async (t, c) => (await import("./peers/graphile-worker.js")).startGraphileWorker(t, c),
  },
  {
    key: "pg-boss",
    label: "pg-boss",
    start: async (t, c) => (await import("./peers/pg-boss.js")).startPgBoss(t, c),
  },
  {
    key: "bullmq",
    label: "BullMQ",
    start: async (t, c) => (await import("./peers/bullmq.js")).startBullmq(t, c),
  },
  stewardFreshProcess,
  stewardReusedProcess,
  {
    key: "steward-in-process",
    label: "Steward, in-process (tracked flow() calls)",
    start: async (t, c) => (await import("./peers/steward-in-process.js")).startStewardInProcess(t, c),
  },
];

const systemFlag = process.argv.indexOf("--system");
if (systemFlag >= 0) await runOne(process.argv[systemFlag + 1] ?? "");
else await runAll();

/** Every selected system in a child process of its own, then the table. */
async function runAll(): Promise<void> {
  const selected = select();
  if (selected.some((s) => s.needsDist && !s.unavailable) && !existsSync(join(ROOT, "dist/cli/main.js"))) {
    console.error(
      "bench:peers: dist/ is missing, and Steward's rows run bin/steward.js from it. " +
        "Build it first: node scripts/build.mjs --in-place",
    );
    process.exitCode = 1;
    return;
  }
  const header = await headerLines();
  console.log(`\n${header.join("\n")}\n`);
  const rows: Row[] = [];
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  for (const system of selected) {
    if (interrupted) {
      rows.push({ label: system.label, note: "not run (interrupted)" });
    } else if (system.unavailable) {
      rows.push({ label: system.label, note: system.unavailable });
    } else {
      console.log(`${system.label} …`);
      try {
        rows.push({ label: system.label, result: await runChild(system.key) });
      } catch (error) {
        const why = interrupted ? "interrupted" : `failed: ${(error as Error).message.split("\n")[0]}`;
        rows.push({ label: system.label, note: why });
        process.exitCode = 1;
      }
    }
  }
  const lines = tableLines(`Peers: the same no-op job, concurrency ${CONCURRENCY}`, rows);
  console.log(`\n${lines.join("\n")}\n`);
  writeResults([...header, "", ...lines]);
  console.log(`Written to ${RESULTS}`);
}

function select(): PeerDefinition[] {
  const only = process.env.STEWARD_BENCH_PEERS_ONLY?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((key) => !SYSTEMS.some((s) => s.key === key)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `STEWARD_BENCH_PEERS_ONLY: unknown ${unknown.join(", ")}; known: ${SYSTEMS.map((s) => s.key).join(", ")}`,
    );
  return SYSTEMS.filter((s) => !only || only.includes(s.key));
}

/** Runs `bench/peers.ts --system KEY` and returns the result it prints; kills it past the deadline. */
async function runChild(key: string): Promise<PeerResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/peers.ts", "--system", key], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  // The child cleans up on SIGTERM; SIGKILL only if it cannot.
  const forward = () => child.kill("SIGTERM");
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const deadline = setTimeout(() => child.kill("SIGTERM"), SYSTEM_TIMEOUT_MS);
  const last = setTimeout(() => child.kill("SIGKILL"), SYSTEM_TIMEOUT_MS + 30_000);
  // "close", not "exit": the result line may still be in the pipe when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(deadline);
  clearTimeout(last);
  process.off("SIGINT", forward);
  process.off("SIGTERM", forward);
  const lines = stdout.split("\n");
  const failure = lines.find((l) => l.startsWith(FAILURE_MARK));
  if (failure) throw new Error(failure.slice(FAILURE_MARK.length));
  const line = lines.find((l) => l.startsWith(RESULT_MARK));
  if (code !== 0 || !line) throw new Error(`exited with code ${code} and no result: ${stderr.slice(-500)}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as PeerResult;
}

/** In the child: start one system, measure it, print the result line, clean up (also on a signal). */
async function runOne(key: string): Promise<void> {
  const definition = SYSTEMS.find((s) => s.key === key);
  if (!definition?.start) throw new Error(`no system to run called ${key}`);
  const cleanups = new Cleanups();
  // One cleanup, however many signals arrive (Ctrl-C reaches this process and the parent forwards
  // it too): a second signal must not exit while the first cleanup still drops the database.
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= cleanups.run());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`  ${key}: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(1));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const tracker = new JobTracker();
    const system = await definition.start(tracker, cleanups);
    const plan = {
      latencyRuns: LATENCY_RUNS,
      jobs: definition.jobs ?? JOBS,
      jobTimeoutMs: JOB_TIMEOUT_MS,
      throughputTimeoutMs: THROUGHPUT_TIMEOUT_MS,
    };
    const result = await measure(system, tracker, plan, (line) => console.error(`  ${key}: ${line}`));
    console.log(`${RESULT_MARK}${JSON.stringify(result)}`);
  } catch (error) {
    console.error(`  ${key}: ${(error as Error).stack ?? String(error)}`);
    console.log(`${FAILURE_MARK}${(error as Error).message?.split("\n")[0] ?? String(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
  // Libraries may keep timers or sockets; everything they started has been stopped above.
  process.exit();
}

/** Machine, versions and plan, above the table. */
async function headerLines(): Promise<string[]> {
  const cores = cpus();
  const version = (name: string) => {
    try {
      return (
        JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    } catch {
      return "not installed";
    }
  };
  const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cores.length} cores (${cores[0]?.model.trim() ?? "unknown CPU"}), ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}, Node.js ${process.version}`,
    `- Load average at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} (other work on the machine skews every row)`,
    `- Versions: steward ${own.version} (${stewardBuild()}), graphile-worker ${version("graphile-worker")}, ` +
      `pg-boss ${version("pg-boss")}, bullmq ${version("bullmq")}, PostgreSQL ${await postgresVersion()}`,
    `- Concurrency ${CONCURRENCY} everywhere; latency: ${LATENCY_RUNS} jobs one at a time after one warm-up job; ` +
      `throughput: ${JOBS} jobs at once (Steward's process worker: ${stewardFreshProcess.jobs})`,
    ...(process.env.STEWARD_BENCH_PEERS_ONLY
      ? [`- Only: ${process.env.STEWARD_BENCH_PEERS_ONLY} (STEWARD_BENCH_PEERS_ONLY)`]
      : []),
  ];
}

/** The commit, whether src/ differs from it, and when dist/ (what the worker and server run) was built. */
function stewardBuild(): string {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  const commit = git("rev-parse", "--short", "HEAD") || "no git";
  const dirty = git("status", "--porcelain", "--", "src") ? " + uncommitted changes in src/" : "";
  const dist = join(ROOT, "dist/cli/main.js");
  const built = existsSync(dist) ? `dist/ built ${statSync(dist).mtime.toISOString()}` : "no dist/";
  return `${commit}${dirty}, ${built}`;
}

async function postgresVersion(): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return rows[0]?.server_version ?? "?";
  } catch {
    return "not reachable";
  } finally {
    await client.end().catch(() => undefined);
  }
}

function writeResults(lines: readonly string[]): void {
  mkdirSync(dirname(RESULTS), { recursive: true });
  const text = [
    "# Steward beside graphile-worker, pg-boss and BullMQ",
    "",
    "Written by `npm run bench:peers` (bench/peers.ts); the last run wins.",
    "",
    ...lines.slice(0, lines.indexOf("")),
    "",
    "```text",
    ...lines.slice(lines.indexOf("") + 1),
    "```",
    "",
  ].join("\n");
  writeFileSync(RESULTS, text);
}
