import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Environment } from "../../config/settings.js";
import type { ProcessExit, SignalName } from "../exit-codes.js";
import type { Infrastructure, InfrastructureHandle, LaunchRequest } from "../infrastructure.js";

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
}

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
 */
export class ProcessInfrastructure implements Infrastructure {
  readonly type = "process";
  readonly #options: ProcessInfrastructureOptions;

  constructor(options: ProcessInfrastructureOptions) {
    this.#options = options;
  }

  async launch(request: LaunchRequest): Promise<InfrastructureHandle> {
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
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        cwd: workDir.path,
        env: this.#environment(request),
        detached: true,
        stdio: ["ignore", ...outputStdio(configuration.streamOutput), "ipc"],
      });
      await spawned(child, program);
    } catch (error) {
      workDir.remove();
      throw error;
    }
    const pid = child.pid as number;
    if (configuration.streamOutput) this.#stream(child, configuration.name);
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
      return { path: this.#options.workerCwd ?? process.cwd(), remove: () => {} };
    }
    const path = mkdtempSync(join(tmpdir(), "steward-flow-run-"));
    return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
  }

  #environment(request: LaunchRequest): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...(this.#options.baseEnv ?? process.env) };
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

  #stream(child: ChildProcess, name: string): void {
    const pipe = (input: NodeJS.ReadableStream | null, stream: "stdout" | "stderr") => {
      if (!input) return;
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on("line", (line) => this.#options.output(`[${name}] ${line}`, stream));
    };
    pipe(child.stdout, "stdout");
    pipe(child.stderr, "stderr");
  }
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

/** A running flow-run process and its process group. */
class ProcessHandle implements InfrastructureHandle {
  readonly identifier: string;
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  #hasExited = false;

  constructor(child: ChildProcess, pid: number, cleanup: () => void) {
    this.pid = pid;
    this.identifier = `${hostname()}:${pid}`;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#hasExited = true;
        // Whatever the run started and left behind dies with it: nothing outlives its run.
        this.kill("SIGKILL");
        cleanup();
        resolve({ code, signal });
      });
    });
    // The channel exists only so the child notices the worker's death; the worker never sends.
    child.on("error", () => {});
  }

  get hasExited(): boolean {
    return this.#hasExited;
  }

  kill(signal: SignalName): boolean {
    try {
      process.kill(-this.pid, signal as NodeJS.Signals);
      return true;
    } catch {
      // ESRCH: every process of the group is gone already.
      return false;
    }
  }
}
