import { type Command, InvalidArgumentError } from "commander";
import type { WorkerLog } from "../../worker/worker-log.js";
import { collect, parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import type { SignalSource } from "../io.js";

/** Options of `steward worker start`. */
interface StartOptions {
  pool: string;
  name?: string;
  workQueue?: string[];
  limit?: number;
  type: string;
  runOnce?: boolean;
  prefetchSeconds: number;
  warm?: number;
}

/** `steward worker …`: run a worker that polls a work pool and starts its flow runs. */
export function registerWorkerCommands(program: Command, ctx: CliContext): void {
  const worker = program.command("worker").description("Run workers that start flow runs from a work pool.");

  worker
    .command("start")
    .description("Poll a work pool and run its flow runs in child processes; stop with Ctrl+C.")
    .requiredOption("-p, --pool <name>", "The work pool to poll (created when it does not exist).")
    .option("-n, --name <name>", "Worker name shown in the pool's Workers tab (default: ProcessWorker <id>).")
    .option(
      "-q, --work-queue <name>",
      "Only claim runs from this queue; repeatable (default: all queues).",
      collect,
    )
    .option("-l, --limit <n>", "Most flow runs to run at once (default: no limit).", parseCount)
    .option("-t, --type <type>", "Worker type; a missing pool is created with it.", "process")
    .option("--run-once", "Claim the runs that are due once, run them, and exit when they finish.")
    .option("--prefetch-seconds <n>", "Also claim runs due within this many seconds.", parseSeconds, 10)
    .option(
      "--warm <n>",
      "Flow-run processes to keep started and loaded, so a run starts in milliseconds (default: STEWARD_WORKER_WARM_PROCESSES, 2; 0: cold starts).",
      parseWarmCount,
    )
    .action((options: StartOptions) => startWorker(ctx, options));
}

async function startWorker(ctx: CliContext, options: StartOptions): Promise<void> {
  const settings = ctx.apiSettings();
  // Loaded on demand: other commands never need the worker.
  const { Worker } = await import("../../worker/worker.js");
  const worker = new Worker({
    settings,
    pool: options.pool,
    name: options.name,
    workQueues: options.workQueue,
    limit: options.limit,
    type: options.type,
    runOnce: options.runOnce,
    prefetchSeconds: options.prefetchSeconds,
    warmProcesses: options.warm,
    log: cliWorkerLog(ctx),
    output: (line, stream) => (stream === "stderr" ? ctx.io.stderr : ctx.io.stdout).write(`${line}\n`),
    env: ctx.io.env,
    cwd: ctx.cwd,
  });
  await worker.start();
  const queues = worker.workQueues.length > 0 ? worker.workQueues.join(", ") : "all";
  const limit = Number.isFinite(worker.limiter.limit) ? `limit ${worker.limiter.limit}` : "no limit";
  ctx.out.line(
    ctx.out.colors.bold(
      `Worker '${worker.name}' polling pool '${worker.poolName}' (queues: ${queues}) — ${limit}`,
    ),
  );
  if (!options.runOnce)
    ctx.out.note("Press Ctrl+C to stop (running flow runs get a grace period to finish).");
  const stopOnSignals = stopOnSignal(
    ctx.io.signals ?? process,
    ctx,
    (graceMs) => void worker.stop({ graceMs }),
  );
  try {
    await worker.finished;
  } finally {
    stopOnSignals();
  }
  ctx.out.line(`Worker '${worker.name}' stopped.`);
}

/**
 * First SIGINT / SIGTERM: stop claiming and let running flows finish within the grace period.
 * A second one: stop them now.
 */
export function stopOnSignal(
  signals: SignalSource,
  ctx: CliContext,
  stop: (graceMs: number | undefined) => void,
): () => void {
  let received = 0;
  const onSignal = (name: string) => () => {
    received++;
    if (received === 1) {
      ctx.out.note(
        `Received ${name}; no new runs are claimed. Press Ctrl+C again to stop running flow runs now.`,
      );
      stop(undefined);
    } else {
      ctx.out.note(`Received ${name} again; stopping running flow runs now.`);
      stop(0);
    }
    arm();
  };
  const listeners = { SIGINT: onSignal("SIGINT"), SIGTERM: onSignal("SIGTERM") };
  const arm = () => {
    signals.off("SIGINT", listeners.SIGINT);
    signals.off("SIGTERM", listeners.SIGTERM);
    signals.once("SIGINT", listeners.SIGINT);
    signals.once("SIGTERM", listeners.SIGTERM);
  };
  arm();
  return () => {
    signals.off("SIGINT", listeners.SIGINT);
    signals.off("SIGTERM", listeners.SIGTERM);
  };
}

export function cliWorkerLog(ctx: CliContext): WorkerLog {
  const line = (level: string, message: string) =>
    `${new Date().toTimeString().slice(0, 8)} | ${level.padEnd(7)} | ${message}`;
  return {
    info: (message) => ctx.out.line(line("INFO", message)),
    warn: (message) => ctx.io.stderr.write(`${ctx.out.errorColors.yellow(line("WARNING", message))}\n`),
    error: (message) => ctx.io.stderr.write(`${ctx.out.errorColors.red(line("ERROR", message))}\n`),
  };
}

/** Commander option parser for a number of seconds ≥ 0. */
function parseSeconds(value: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < 0 || parsed > 3600) {
    throw new InvalidArgumentError("Expected a number of seconds between 0 and 3600.");
  }
  return parsed;
}

function parseWarmCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    throw new InvalidArgumentError("give a whole number of processes from 0 to 64.");
  }
  return n;
}
