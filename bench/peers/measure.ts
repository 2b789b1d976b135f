// What every row of `npm run bench:peers` measures, the same way for each system: a tracker the
// system's handler reports to, the two timed phases, RSS from /proc, and the table.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** Jobs each system may run at once (worker concurrency, `--limit`, in-flight flow calls). */
export const CONCURRENCY = 10;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** A whole number ≥ 1 from the environment, or `fallback`. */
export function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not ${process.env[name]}`);
  return value;
}

/** One process's resident memory. */
export interface RssReading {
  readonly process: string;
  readonly mb: number;
}

/** VmRSS of a process in MB (from /proc, so it works for children), or NaN when it is gone. */
export function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

interface Waiter {
  resolve: (at: number) => void;
  reject: (error: Error) => void;
}

/** When each job started and completed, reported by the system; the phases wait on it. */
export class JobTracker {
  readonly startedAt = new Map<number, number>();
  readonly completedAt = new Map<number, number>();
  private readonly waiters = new Map<string, Waiter>();
  private failure: Error | undefined;

  /** The handler (flow body) of job `id` began at `at` (wall-clock ms). First report wins. */
  started(id: number, at = now()): void {
    if (this.startedAt.has(id)) return;
    this.startedAt.set(id, at);
    this.waiters.get(`s${id}`)?.resolve(at);
  }

  /** The system recorded job `id` as done at `at`. */
  completed(id: number, at = now()): void {
    if (this.completedAt.has(id)) return;
    this.completedAt.set(id, at);
    this.waiters.get(`c${id}`)?.resolve(at);
  }

  /** A job failed or the system broke: every wait rejects with this. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.values()) waiter.reject(error);
  }

  /** Resolves with the time job `id` started. */
  waitStarted(id: number, timeoutMs: number): Promise<number> {
    return this.wait(`s${id}`, this.startedAt.get(id), timeoutMs);
  }

  /** Resolves with the time job `id` completed. */
  waitCompleted(id: number, timeoutMs: number): Promise<number> {
    return this.wait(`c${id}`, this.completedAt.get(id), timeoutMs);
  }

  private wait(key: string, known: number | undefined, timeoutMs: number): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(
          new Error(
            `job ${key.slice(1)} did not ${key[0] === "s" ? "start" : "complete"} in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(key);
      };
      this.waiters.set(key, {
        resolve: (at) => (settle(), resolve(at)),
        reject: (error) => (settle(), reject(error)),
      });
    });
  }
}

/** A system under test, started and ready for jobs. */
export interface JobSystem {
  /** Hands the system jobs with these ids at once (one bulk enqueue where the system has one). */
  enqueue(ids: readonly number[]): Promise<void>;
  /** Resident memory of the processes that do the work, read at idle after the run. */
  rss(): RssReading[];
  /** How the system was set up, printed under the table. */
  readonly settings: string;
}

/** What one row of the table shows. */
export interface PeerResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly latencyRuns: number;
  readonly jobs: number;
  readonly jobsPerSecond: number;
  readonly rss: readonly RssReading[];
  readonly settings: string;
}

/** How much of each phase to run, and how long a phase may take before the row fails. */
export interface Plan {
  readonly latencyRuns: number;
  readonly jobs: number;
  readonly jobTimeoutMs: number;
  readonly throughputTimeoutMs: number;
}

/**
 * Latency: one job at a time on an idle system, enqueue → handler start, each completed before
 * the next. Throughput: `plan.jobs` jobs enqueued at once, first enqueue → last completion.
 */
export async function measure(
  system: JobSystem,
  tracker: JobTracker,
  plan: Plan,
  progress: (line: string) => void,
): Promise<PeerResult> {
  // Job 0 warms up every system alike (JIT, connections, first-use setup) and is not counted:
  // with 50 samples, p99 is the slowest one.
  await system.enqueue([0]);
  await tracker.waitCompleted(0, plan.jobTimeoutMs);
  const latencies: number[] = [];
  for (let id = 1; id <= plan.latencyRuns; id++) {
    const enqueuedAt = now();
    await system.enqueue([id]);
    latencies.push((await tracker.waitStarted(id, plan.jobTimeoutMs)) - enqueuedAt);
    await tracker.waitCompleted(id, plan.jobTimeoutMs);
  }
  progress(`latency: ${plan.latencyRuns} jobs, p50 ${formatMs(percentile(latencies, 0.5))}`);

  const ids = Array.from({ length: plan.jobs }, (_, i) => plan.latencyRuns + 1 + i);
  const firstEnqueue = now();
  await system.enqueue(ids);
  const completions = await Promise.all(ids.map((id) => tracker.waitCompleted(id, plan.throughputTimeoutMs)));
  const seconds = (Math.max(...completions) - firstEnqueue) / 1000;
  progress(`throughput: ${plan.jobs} jobs in ${seconds.toFixed(2)} s`);

  // Idle means idle: let the last completions' follow-up work (acks, child exits) settle first.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    latencyRuns: plan.latencyRuns,
    jobs: plan.jobs,
    jobsPerSecond: plan.jobs / seconds,
    rss: system.rss(),
    settings: system.settings,
  };
}

/** The sample at quantile `q` (nearest rank), or NaN for no samples. */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** Milliseconds as the table prints them: one decimal under 10 ms. */
export function formatMs(value: number): string {
  return Number.isNaN(value) ? "–" : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

/** A row of the table: a measured result, or why there is none. */
export interface Row {
  readonly label: string;
  readonly result?: PeerResult;
  readonly note?: string;
}

/** The table as printed (and, fenced, written to the results file). */
export function tableLines(title: string, rows: readonly Row[]): string[] {
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 6);
  const head = `  ${"system".padEnd(labelWidth)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"jobs/s".padStart(8)} ${"(jobs)".padStart(7)}   RSS at idle`;
  const body = rows.map((row) => {
    const r = row.result;
    if (!r) return `  ${row.label.padEnd(labelWidth)}   ${row.note ?? ""}`;
    const rss = r.rss.map((x) => `${x.process} ${Number.isNaN(x.mb) ? "?" : x.mb.toFixed(0)} MB`).join(", ");
    return (
      `  ${row.label.padEnd(labelWidth)} ${formatMs(r.p50Ms).padStart(8)} ${formatMs(r.p99Ms).padStart(8)} ` +
      `${r.jobsPerSecond.toFixed(r.jobsPerSecond < 100 ? 1 : 0).padStart(8)} ${`(${r.jobs})`.padStart(7)}   ${rss}`
    );
  });
  const settings = rows.filter((r) => r.result).map((r) => `  - ${r.label}: ${r.result?.settings}`);
  const legend = [
    "  p50/p99: enqueue → handler (flow body) start, one job at a time on an idle system.",
    "  jobs/s: (jobs) enqueued at once, first enqueue → last completion as the system records it.",
    "  RSS: bench = the process that enqueues and runs the jobs (one per system: only its library",
    "  loaded); worker and server = the `steward worker` and `steward server` processes; idle",
    "  children = flow-run processes the worker keeps started between runs.",
  ];
  return [title, "", head, ...body, "", ...legend, "", "  How each system ran:", ...settings];
}

/** What a system started, undone in reverse order: after the run, on failure and on SIGINT/SIGTERM. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];

  /** Registers `step` to run at cleanup (right after the thing it undoes was made). */
  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }

  /** Runs every step, newest first; a failing step is reported and the others still run. */
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`  cleanup step failed: ${(error as Error).message}`);
      }
    }
  }
}

/** One system of the benchmark: how to start it, or why its row has no numbers yet. */
export interface PeerDefinition {
  /** Name for STEWARD_BENCH_PEERS_ONLY. */
  readonly key: string;
  readonly label: string;
  /** Runs bin/steward.js, so needs a built dist/. */
  readonly needsDist?: boolean;
  /** Jobs for the throughput phase when not the common default. */
  readonly jobs?: number;
  readonly start?: (tracker: JobTracker, cleanups: Cleanups) => Promise<JobSystem>;
  /** Shown instead of numbers when the system cannot be measured yet. */
  readonly unavailable?: string;
}
