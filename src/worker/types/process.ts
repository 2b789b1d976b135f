import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../api/deployments.js";
import type { Environment } from "../../config/settings.js";
import { flowLoadingKey } from "../../core/flow-loading.js";
import type { Infrastructure, InfrastructureHandle, LaunchRequest } from "../infrastructure.js";
import type { ProcessReuse } from "../job-configuration.js";
import { firstOf, holdSlotUntil, StartGate } from "../start-gate.js";
import { fitsWarmProcess, isRunLoaded, isWarmReady, type WarmAssignment } from "../warm-protocol.js";
import { killProcessGroup, ProcessHandle } from "./process-handle.js";
import { type ReusableProcess, ReusedProcesses } from "./reused-processes.js";
import { WarmProcesses } from "./warm-processes.js";

/**
 * `bin/steward.js` of this package. It sits three folders up from both `src/worker/types/` (tests)
 * and `dist/worker/types/` (the built command), so the worker finds its own CLI wherever it was
 * installed and whatever directory it was started from.
 */
export const STEWARD_BIN = fileURLToPath(new URL("../../../bin/steward.js", import.meta.url));

/** Where streamed lines of a flow run's output go. */
export type OutputSink = (line: string, stream: "stdout" | "stderr") => void;

/** Options of {@link ProcessInfrastructure}. */
export interface ProcessInfrastructureOptions {
  /** Receives each output line, already prefixed with the run's name. */
  readonly output: OutputSink;
  /** Environment the flow-run processes inherit. @default process.env */
  readonly baseEnv?: Environment;
  /** Directory runs without pull steps start in. @default process.cwd() */
  readonly workerCwd?: string;
  /**
   * How many warm flow-run processes to keep ready (loaded, waiting for a run); 0: every run
   * starts cold. A run with its own `command`, or an environment that changes what Node reads
   * at start (`NODE_*`, `UV_*`), starts cold anyway. @default 0
   */
  readonly warmProcesses?: number;
  /** Where the warm pool reports trouble. @default stderr */
  readonly log?: (line: string) => void;
  /** The API runs report to: warm processes connect to it ahead of their run. */
  readonly apiUrl?: string;
  /**
   * Most cold flow-run processes starting at once; more wait in order (see start-gate.ts). A warm
   * process's run needs no slot. @default the number of CPUs
   */
  readonly startLimit?: number;
}

/**
 * How long one cold start may hold its slot when its process never says it loaded: steward's own
 * command always says so; a custom one says so only if it runs `steward flow-run execute` itself.
 */
const START_SLOT_MS = { default: 60_000, custom: 5_000 } as const;

/**
 * Runs each flow run as a child process of the worker: by default the same Node binary running
 * `bin/steward.js flow-run execute <id>` of this package.
 *
 * - **Working directory**: the `working_dir` job variable if set (it must exist); otherwise, when the
 *   deployment has pull steps, a fresh temporary directory that is removed when the run's processes
 *   are gone (the pull steps decide where the code is, e.g. `set_working_directory` or `git_clone`
 *   into it); otherwise the worker's own directory, so entrypoints of deployments without pull
 *   steps resolve as they would from where the worker was started.
 * - **Environment**: the worker's, then the `env` job variable (null unsets), then STEWARD_API_URL
 *   and STEWARD_FLOW_RUN_ID, which must point at this run and the worker's API whatever the
 *   variables say, plus STEWARD_WORKER_NAME / STEWARD_WORK_POOL_NAME / STEWARD_WORKER_PID.
 * - **Process group**: `detached: true`, so the run leads its own group; cancellation and shutdown
 *   signal the whole group (the flow's own subprocesses too), Ctrl+C in the worker's terminal does
 *   not reach it, and stragglers left when the main process exits are killed.
 * - **Worker death**: an IPC channel is opened; `steward flow-run execute` notices it closing (and
 *   its parent changing) and stops the run instead of running headless.
 * - **Warm processes** (`warmProcesses`): started ahead and loaded, each handed one run with the
 *   same environment and directory (see warm-protocol.ts); cold starts beyond `startLimit` at once
 *   wait in order (see start-gate.ts).
 * - **Reused processes** (the `reuse_processes` job variable): runs of a deployment go one after
 *   another to a kept process started for that deployment, environment and directory (see
 *   reused-processes.ts); its first run takes a warm process when one fits.
 */
export class ProcessInfrastructure implements Infrastructure {
  readonly type = "process";
  readonly #options: ProcessInfrastructureOptions;
  readonly #warm: WarmProcesses | undefined;
  readonly #starts: StartGate;
  readonly #reused = new ReusedProcesses();

  constructor(options: ProcessInfrastructureOptions) {
    this.#options = options;
    this.#starts = new StartGate(options.startLimit ?? availableParallelism());
    const size = options.warmProcesses ?? 0;
    this.#warm =
      size > 0
        ? new WarmProcesses({
            size,
            spawn: () => this.#spawnWarm(),
            slot: () => this.#starts.acquire(),
            log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
          })
        : undefined;
    this.#warm?.fill();
  }

  /** How many warm processes are ready now (0 without warm starts). */
  get warmReady(): number {
    return this.#warm?.readyCount ?? 0;
  }

  /** Stops the warm processes still waiting (running flow runs are the worker's to stop). */
  async close(): Promise<void> {
    this.#warm?.close();
    this.#reused.close();
  }

  async launch(request: LaunchRequest): Promise<InfrastructureHandle> {
    const env = this.#environment(request);
    const { reuse, command } = request.configuration;
    if (reuse !== null && command === null && request.deployment !== null) {
      return this.#launchReused(request, request.deployment, env, reuse);
    }
    const warm = this.#warmFor(request, env);
    if (warm !== undefined) {
      const handle = await this.#assign(warm, request, env);
      if (handle !== undefined) return handle;
    }
    return this.#launchCold(request, env);
  }

  /**
   * A ready warm process for `request` (whose environment is `env`), if one fits it: the default
   * command, and an environment that keeps what Node reads at start.
   */
  #warmFor(request: LaunchRequest, env: NodeJS.ProcessEnv): WarmChild | undefined {
    if (this.#warm === undefined || request.configuration.command !== null) return undefined;
    if (!fitsWarmProcess(this.#baseEnv, env)) return undefined;
    const child = this.#warm.take();
    return child && (child as WarmChild);
  }

  /**
   * Hands `request` to the warm process `child`; undefined when it died meanwhile (the caller
   * then starts the run cold, and the process's group is gone).
   */
  async #assign(
    child: WarmChild,
    request: LaunchRequest,
    env: NodeJS.ProcessEnv,
  ): Promise<InfrastructureHandle | undefined> {
    let workDir: { path: string; remove: () => void };
    try {
      workDir = this.#workingDirectory(request);
    } catch (error) {
      // The run cannot start anywhere (a missing working_dir): the process taken for it goes too.
      killProcessGroup(child.pid);
      throw error;
    }
    if (!(await this.#handOver(child, request, env, workDir.path, false))) {
      killProcessGroup(child.pid);
      workDir.remove();
      return undefined;
    }
    return new ProcessHandle(child, child.pid as number, workDir.remove);
  }

  /**
   * Sends `request`'s run to `child`, to run in `cwd` (and, with `reuse`, to keep the process
   * afterwards); false when the process is gone. Its output is shown under the run's name.
   */
  async #handOver(
    child: WarmChild,
    request: LaunchRequest,
    env: NodeJS.ProcessEnv,
    cwd: string,
    reuse: boolean,
  ): Promise<boolean> {
    const assignment: WarmAssignment = {
      type: "steward.warm.run",
      flowRunId: request.flowRun.id,
      flowRun: request.flowRun,
      deployment: request.deployment,
      env: definedOnly(env),
      cwd,
      reuse,
    };
    const sent = await new Promise<boolean>((resolve) => {
      try {
        child.send(assignment, (error) => resolve(error === null));
      } catch {
        resolve(false);
      }
    });
    // Checked after the wait, in the same tick as the handle's listener: no exit goes unseen.
    if (!sent || child.exitCode !== null || child.signalCode !== null) return false;
    child.stewardOutput.name = request.configuration.name;
    child.stewardOutput.enabled = request.configuration.streamOutput;
    return true;
  }

  /**
   * Runs `request` in a kept process of its deployment: an idle one, else a new one (a warm
   * process that fits, else one started for it). A kept process that died just before it got the
   * run is replaced once.
   */
  async #launchReused(
    request: LaunchRequest,
    deployment: Deployment,
    env: NodeJS.ProcessEnv,
    limits: ProcessReuse,
  ): Promise<InfrastructureHandle> {
    const key = reuseKey(deployment, request, env);
    for (let attempt = 0; ; attempt++) {
      const idle = this.#reused.takeIdle(key);
      const kept = idle ?? (await this.#startReusable(request, deployment.id, env, key, limits));
      const child = kept.child as WarmChild;
      if (await this.#handOver(child, request, env, kept.cwd, true)) {
        return this.#reused.handleFor(child, request.flowRun.id);
      }
      this.#reused.discard(child);
      if (attempt > 0 || idle === undefined) {
        throw new Error("the flow-run process exited before it could take the run; see the worker's output.");
      }
    }
  }

  /** A new kept process for `key`, ready for its first run (a warm one when one fits). */
  async #startReusable(
    request: LaunchRequest,
    deploymentId: string,
    env: NodeJS.ProcessEnv,
    key: string,
    limits: ProcessReuse,
  ): Promise<ReusableProcess> {
    const workDir = this.#workingDirectory(request);
    let child: ChildProcess | undefined = this.#warmFor(request, env);
    if (child === undefined) {
      try {
        child = await this.#spawnReady(env, workDir.path);
      } catch (error) {
        workDir.remove();
        throw error;
      }
    }
    const kept = {
      child,
      key,
      deploymentId,
      limits,
      cwd: workDir.path,
      removeWorkDir: workDir.remove,
    };
    this.#reused.add(kept);
    return kept;
  }

  /**
   * Starts a process like a warm one but in the run's own environment and directory (one that
   * changes what Node reads at start), in turn at the start gate, and waits until it is ready.
   */
  async #spawnReady(env: NodeJS.ProcessEnv, cwd: string): Promise<WarmChild> {
    const release = await this.#starts.acquire();
    let child: WarmChild;
    try {
      child = this.#spawnWarmIn(env, cwd);
      await spawned(child, process.execPath);
    } catch (error) {
      release();
      throw error;
    }
    // Its slot is held until its first run's flow is loaded, as a cold start's is.
    holdSlotUntil(child, isRunLoaded, START_SLOT_MS.default, release);
    const first = await firstOf(child, isWarmReady, START_SLOT_MS.default);
    if (first.kind === "message") return child;
    if (first.kind === "timeout") killProcessGroup(child.pid);
    const reason =
      first.kind === "timeout"
        ? `it was not ready within ${START_SLOT_MS.default / 1000} s`
        : `it exited before it was ready (${first.signal ?? `status ${first.code}`})`;
    throw new Error(`The flow-run process could not be started: ${reason}; see the worker's output.`);
  }

  #spawnWarm(): ChildProcess {
    return this.#spawnWarmIn(
      {
        ...this.#baseEnv,
        ...(this.#options.apiUrl ? { STEWARD_API_URL: this.#options.apiUrl } : {}),
        STEWARD_WORKER_PID: String(process.pid),
      },
      this.#workerCwd,
    );
  }

  /** `steward flow-run execute --warm` in its own process group, in `env` and `cwd`. */
  #spawnWarmIn(env: NodeJS.ProcessEnv, cwd: string): WarmChild {
    const child = spawn(process.execPath, [STEWARD_BIN, "flow-run", "execute", "--warm"], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    }) as WarmChild;
    // Lines before a run is handed over (there should be none) are shown as the warm process's.
    child.stewardOutput = { name: "warm flow-run process", enabled: true };
    this.#forward(child, child.stewardOutput);
    return child;
  }

  get #workerCwd(): string {
    return this.#options.workerCwd ?? process.cwd();
  }

  get #baseEnv(): NodeJS.ProcessEnv {
    return this.#options.baseEnv ?? process.env;
  }

  async #launchCold(request: LaunchRequest, env: NodeJS.ProcessEnv): Promise<InfrastructureHandle> {
    const { configuration } = request;
    const [program, ...args] = configuration.command ?? [
      process.execPath,
      STEWARD_BIN,
      "flow-run",
      "execute",
      request.flowRun.id,
    ];
    if (program === undefined) throw new Error("The command to start the flow run is empty.");
    const workDir = this.#workingDirectory(request);
    const release = await this.#starts.acquire();
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        cwd: workDir.path,
        env,
        detached: true,
        stdio: ["ignore", ...outputStdio(configuration.streamOutput), "ipc"],
      });
      await spawned(child, program);
    } catch (error) {
      release();
      workDir.remove();
      throw error;
    }
    const slotMs = START_SLOT_MS[configuration.command === null ? "default" : "custom"];
    holdSlotUntil(child, isRunLoaded, slotMs, release);
    const pid = child.pid as number;
    if (configuration.streamOutput) this.#forward(child, { name: configuration.name, enabled: true });
    return new ProcessHandle(child, pid, workDir.remove);
  }

  #workingDirectory(request: LaunchRequest): { path: string; remove: () => void } {
    const configured = request.configuration.workingDir;
    if (configured) {
      if (!existsSync(configured) || !statSync(configured).isDirectory()) {
        throw new Error(
          `The working directory ${configured} (job variable working_dir) does not exist on the worker's machine; create it or change working_dir.`,
        );
      }
      return { path: configured, remove: () => {} };
    }
    if ((request.deployment?.pull_steps.length ?? 0) === 0) {
      return { path: this.#workerCwd, remove: () => {} };
    }
    const path = mkdtempSync(join(tmpdir(), "steward-flow-run-"));
    return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
  }

  #environment(request: LaunchRequest): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.#baseEnv };
    for (const [name, value] of Object.entries(request.configuration.env)) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    return Object.assign(env, {
      STEWARD_API_URL: request.apiUrl,
      ...(request.apiKey ? { STEWARD_API_KEY: request.apiKey } : {}),
      STEWARD_FLOW_RUN_ID: request.flowRun.id,
      STEWARD_WORKER_NAME: request.workerName,
      STEWARD_WORK_POOL_NAME: request.workPoolName,
      STEWARD_WORKER_PID: String(process.pid),
    });
  }

  /** Forwards the child's output lines as `[name] line` while `target.enabled` (else drops them). */
  #forward(child: ChildProcess, target: OutputTarget): void {
    const pipe = (input: NodeJS.ReadableStream | null, stream: "stdout" | "stderr") => {
      if (!input) return;
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on("line", (line) => {
        if (target.enabled) this.#options.output(`[${target.name}] ${line}`, stream);
      });
    };
    pipe(child.stdout, "stdout");
    pipe(child.stderr, "stderr");
  }
}

/** Where a child's output lines go: shown under `name`, or dropped. */
interface OutputTarget {
  name: string;
  enabled: boolean;
}

/** A warm process, with where its output goes once it has a run. */
type WarmChild = ChildProcess & { stewardOutput: OutputTarget };

/** Variables every run sets to its own value: they never keep two runs out of one process. */
const PER_RUN_VARIABLES = new Set(["STEWARD_FLOW_RUN_ID", "STEWARD_API_KEY"]);

/**
 * Which runs may share a kept process: runs that load the same flow (core/flow-loading.ts), in the
 * same working directory setting and the same environment (apart from what every run sets to its
 * own value).
 */
function reuseKey(deployment: Deployment, request: LaunchRequest, env: NodeJS.ProcessEnv): string {
  const shared = Object.entries(definedOnly(env))
    .filter(([name]) => !PER_RUN_VARIABLES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([flowLoadingKey(deployment), request.configuration.workingDir, shared]);
}

/** The environment without unset entries, as an IPC message carries it. */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}

function outputStdio(stream: boolean): ["pipe", "pipe"] | ["ignore", "ignore"] {
  return stream ? ["pipe", "pipe"] : ["ignore", "ignore"];
}

/** Resolves once the process is running; rejects with a clear message when it cannot start. */
function spawned(child: ChildProcess, program: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      child.off("spawn", onSpawn);
      reject(new Error(describeSpawnError(error, program), { cause: error }));
    };
    const onSpawn = () => {
      child.off("error", onError);
      resolve();
    };
    child.once("error", onError);
    child.once("spawn", onSpawn);
  });
}

function describeSpawnError(error: NodeJS.ErrnoException, program: string): string {
  if (error.code === "ENOENT") {
    return `cannot start ${JSON.stringify(program)}: command not found. Check the \`command\` job variable and PATH.`;
  }
  if (error.code === "EACCES") {
    return `cannot start ${JSON.stringify(program)}: permission denied (is it executable?).`;
  }
  return `cannot start ${JSON.stringify(program)}: ${error.message}`;
}
