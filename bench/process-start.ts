/**
 * What one flow-run process costs to start (issue 17): every run a process worker starts is a
 * fresh `steward flow-run execute` process, so runs per second through one worker are bounded by
 * the CPU each one spends loading before and after its flow body. Needs a built dist/
 * (`node scripts/build.mjs --in-place`); Linux (reads /proc).
 *
 *   npm run bench:process-start                          # N = 10 of each, a burst of 20
 *   STEWARD_BENCH_RUNS=20 STEWARD_BENCH_BURST=40 npm run bench:process-start
 *   STEWARD_BENCH_NO_SERVER=1 npm run bench:process-start   # only what needs no server
 *
 * Prints medians of:
 * - `flow-run execute --help`: the least a flow-run process loads (the CLI and the command);
 * - a warm child (`flow-run execute --warm`, IPC channel): time to its ready message, its CPU and
 *   RSS at that moment (target: RSS ≤ 70 MB);
 * - a real cold run (`flow-run execute ID` of a deployment's run, against a server): wall and CPU;
 * - `worker start` idle RSS (no warm processes, after its first polls; target ≤ 80 MB);
 * - runs/s through one worker with a fresh (cold) process per run (target ≥ 20).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  api,
  makeHome,
  ROOT,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
} from "../test/e2e/harness.js";

const N = Number(process.env.STEWARD_BENCH_RUNS ?? 10);
const BURST = Number(process.env.STEWARD_BENCH_BURST ?? 20);
const BIN = join(ROOT, "bin/steward.js");
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux we run on). */
const TICK_MS = 10;

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb?: number;
}

/** Fields of /proc/PID/stat after the command name (field 3 is index 0). */
function statFields(pid: number | "self"): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

/** CPU used by this process's children that have ended (and been waited for), in ms. */
function childrenCpuMs(): number {
  const f = statFields("self");
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
}

/** CPU used so far by a live process, in ms. */
function cpuMsOf(pid: number): number {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

function rssMbOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

/** Runs `steward ARGS…` to its end; its wall and CPU time. */
async function timedRun(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exited(child);
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`steward ${args.join(" ")} exited ${code}: ${stderr}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

/** Starts a warm flow-run process; its time to ready, CPU and RSS then. */
async function warmChild(): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "flow-run", "execute", "--warm"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // Nobody listens there: the warm process's first request fails quietly, as it may.
    env: { ...process.env, STEWARD_API_URL: "http://127.0.0.1:1" },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no ready message within 20 s")), 20_000);
      child.on("message", (message: { type?: string }) => {
        if (message?.type !== "steward.warm.ready") return;
        clearTimeout(timer);
        resolve();
      });
      child.once("exit", (code) =>
        reject(new Error(`the warm process exited (${code}) before it was ready`)),
      );
    });
    const wallMs = performance.now() - started;
    return { wallMs, cpuMs: cpuMsOf(child.pid ?? 0), rssMb: rssMbOf(child.pid ?? 0) };
  } finally {
    // Without a worker at the other end, it exits quietly.
    child.disconnect();
    await exited(child);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const rows: string[][] = [];
function report(what: string, samples: Sample[]): void {
  const rss = samples.flatMap((s) => (s.rssMb === undefined ? [] : [s.rssMb]));
  rows.push([
    what,
    String(samples.length),
    median(samples.map((s) => s.wallMs)).toFixed(0),
    median(samples.map((s) => s.cpuMs)).toFixed(0),
    rss.length ? median(rss).toFixed(1) : "",
  ]);
}

async function repeat(n: number, once: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) samples.push(await once());
  return samples;
}

report("flow-run execute --help", await repeat(N, () => timedRun(["flow-run", "execute", "--help"])));
report("flow-run execute --warm (to ready)", await repeat(N, warmChild));

const extra: string[] = [];
if (!process.env.STEWARD_BENCH_NO_SERVER) {
  const { home, cleanup } = makeHome();
  const server = await startServerProcess(home);
  const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, STEWARD_LOGGING_LEVEL: "WARNING" };
  let worker: StewardProcess | undefined;
  try {
    const setup = async (args: string[]) => {
      const result = await steward(args, env);
      if (result.code !== 0) throw new Error(`steward ${args.join(" ")} failed: ${result.stderr}`);
    };
    await setup(["work-pool", "create", "--type", "process", "start-pool"]);
    await setup([
      "deploy",
      "test/fixtures/worker-flows.ts:record",
      "--name",
      "start",
      "--pool",
      "start-pool",
    ]);
    const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/record/start");
    const out = join(home, "lines.txt");
    const createRun = () =>
      api<{ id: string }>(server.apiUrl, "POST", `/deployments/${deployment.id}/create_flow_run`, {
        parameters: { out },
      });

    // No worker yet: these runs are executed here, one at a time, as a worker would start them.
    report(
      "flow-run execute ID (cold, real run)",
      await repeat(N, async () => timedRun(["flow-run", "execute", (await createRun()).id], env)),
    );

    worker = new StewardProcess(["worker", "start", "--pool", "start-pool"], {
      ...env,
      STEWARD_WORKER_WARM_PROCESSES: "0",
    });
    await waitFor(
      async () =>
        (await api<{ status: string }>(server.apiUrl, "GET", "/work_pools/start-pool")).status === "READY",
      { what: "the worker to poll" },
    );
    // A few more polls, so the figure is the worker idling, not the worker starting.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const workerPid = worker.child.pid ?? 0;
    rows.push([
      "worker start (idle, no warm processes)",
      "1",
      "",
      String(cpuMsOf(workerPid)),
      rssMbOf(workerPid).toFixed(1),
    ]);

    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: BURST }, async () => (await createRun()).id));
    await waitFor(
      async () => {
        const runs = await api<{ state_type: string }[]>(server.apiUrl, "POST", "/flow_runs/filter", {
          flow_runs: { id: { any_: ids } },
          limit: BURST,
        });
        return runs.filter((r) => r.state_type === "COMPLETED").length === BURST;
      },
      { timeoutMs: 300_000, intervalMs: 100, what: `${BURST} runs to complete` },
    );
    const seconds = (performance.now() - started) / 1000;
    extra.push(
      `${BURST} runs created at once, one worker, a cold process each: ${seconds.toFixed(1)} s, ${(BURST / seconds).toFixed(1)} runs/s`,
    );
  } finally {
    await worker?.stop();
    await server.process.stop();
    cleanup();
  }
}

const header = ["what", "n", "wall ms (p50)", "cpu ms (p50)", "rss MB (p50)"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
for (const line of extra) console.log(line);
