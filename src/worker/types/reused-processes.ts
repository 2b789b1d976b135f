/**
 * @module A worker's long-lived flow-run processes for deployments that opt into
 * `reuse_processes`: each takes runs of one deployment (in one environment and directory) one
 * after another, keeping the flow it loaded, and says `done` after each (see warm-protocol.ts).
 * A run's handle ends at its `done`, or when the process exits during the run (a crash, or the
 * kill that cancels it: a cancelled run's process is never reused). After a run the process waits
 * idle for the next run with its key; it is retired (its process group killed) once it has taken
 * its `maxRuns`, when its memory after a run is above `maxMemoryMb`, after `IDLE_MS` without a
 * run, when a process for a newer version of its deployment starts, and when the worker stops.
 */
import type { ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import type { ProcessExit, SignalName } from "../exit-codes.js";
import type { InfrastructureHandle } from "../infrastructure.js";
import type { ProcessReuse } from "../job-configuration.js";
import { isRunDone } from "../warm-protocol.js";
import { killProcessGroup, canTakeRun } from "./process-handle.js";

/** How long a reused process waits idle for another run before it is retired. */
export const IDLE_MS = 5 * 60_000;

/** A process kept for runs of one key, and the directory it works in. */
export interface ReusableProcess {
  readonly child: ChildProcess;
  /** Which runs it may take (see process.ts reuseKey). */
  readonly key: string;
  /** The deployment it runs: a process of an older version of it is not kept idle. */
  readonly deploymentId: string;
  readonly limits: ProcessReuse;
  /** The directory its runs start in. */
  readonly cwd: string;
  /** Removes its working directory (when it was made for it), once the process is gone. */
  readonly removeWorkDir: () => void;
}

interface Entry extends ReusableProcess {
  runs: number;
  busy: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

/** The reused processes of one worker, by key. */
export class ReusedProcesses {
  readonly #entries = new Map<ChildProcess, Entry>();
  readonly #idleMs: number;
  #closed = false;

  constructor(options: { idleMs?: number } = {}) {
    this.#idleMs = options.idleMs ?? IDLE_MS;
  }

  /** How many processes are kept, busy or idle. */
  get size(): number {
    return this.#entries.size;
  }

  /** An idle, live process for `key`, now busy; undefined when there is none. */
  takeIdle(key: string): ReusableProcess | undefined {
    for (const entry of this.#entries.values()) {
      if (entry.key !== key || entry.busy || !canTakeRun(entry.child)) continue;
      clearTimeout(entry.idleTimer);
      entry.busy = true;
      return entry;
    }
    return undefined;
  }

  /**
   * Keeps a new process (busy: its first run is being handed to it); retired when closed. Idle
   * processes of the same deployment with another key (an older version of it, or another
   * environment) are retired: runs now go to the new one.
   */
  add(process: ReusableProcess): void {
    for (const entry of this.#entries.values()) {
      if (!entry.busy && entry.deploymentId === process.deploymentId && entry.key !== process.key) {
        this.#retire(entry);
      }
    }
    const entry: Entry = { ...process, runs: 0, busy: true, idleTimer: undefined };
    this.#entries.set(process.child, entry);
    process.child.once("exit", () => {
      clearTimeout(entry.idleTimer);
      this.#entries.delete(process.child);
      // Whatever its runs started and left behind goes with it.
      killProcessGroup(process.child.pid);
      process.removeWorkDir();
    });
    if (this.#closed) this.#retire(entry);
  }

  /**
   * The handle of run `flowRunId`, just handed to `child` (a kept process): it ends at the run's
   * `done` (the process then waits for another run, or is retired) or at the process's exit.
   */
  handleFor(child: ChildProcess, flowRunId: string): InfrastructureHandle {
    const entry = this.#entries.get(child);
    if (entry === undefined) throw new Error("handleFor: the process is not kept for reuse.");
    entry.runs++;
    return new ReusedRunHandle(child, flowRunId, (rssBytes) => this.#finished(entry, rssBytes));
  }

  /** A process that could not be given its run (it died meanwhile): it goes. */
  discard(child: ChildProcess): void {
    const entry = this.#entries.get(child);
    if (entry !== undefined) this.#retire(entry);
  }

  /** Retires every process; runs still going in them are the worker's to stop first. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#entries.values()) this.#retire(entry);
  }

  #finished(entry: Entry, rssBytes: number): void {
    entry.busy = false;
    const { maxRuns, maxMemoryMb } = entry.limits;
    if (this.#closed || entry.runs >= maxRuns || rssBytes > maxMemoryMb * 2 ** 20) {
      this.#retire(entry);
      return;
    }
    entry.idleTimer = setTimeout(() => this.#retire(entry), this.#idleMs);
    entry.idleTimer.unref();
  }

  #retire(entry: Entry): void {
    clearTimeout(entry.idleTimer);
    entry.busy = true;
    killProcessGroup(entry.child.pid);
  }
}

/**
 * One run in a reused process. `kill` signals the whole process (a cancelled run's process is not
 * reused); once the run is done, the process is no longer this handle's and `kill` does nothing.
 */
class ReusedRunHandle implements InfrastructureHandle {
  readonly identifier: string;
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  #ended = false;

  constructor(child: ChildProcess, flowRunId: string, onDone: (rssBytes: number) => void) {
    this.pid = child.pid as number;
    this.identifier = `${hostname()}:${this.pid}`;
    this.exited = new Promise((resolve) => {
      const onMessage = (message: unknown) => {
        if (!isRunDone(message) || message.flowRunId !== flowRunId) return;
        finish({ code: message.exitCode, signal: null });
        onDone(message.rssBytes);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => finish({ code, signal });
      const finish = (exit: ProcessExit) => {
        if (this.#ended) return;
        this.#ended = true;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(exit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  }

  get hasExited(): boolean {
    return this.#ended;
  }

  kill(signal: SignalName): boolean {
    return !this.#ended && killProcessGroup(this.pid, signal);
  }
}
