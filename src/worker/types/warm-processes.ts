/**
 * @module A worker's pool of warm flow-run processes: `steward flow-run execute --warm` children,
 * started ahead and waiting on their IPC channel until a run is handed to them (see
 * warm-protocol.ts). Each is used for one run and never again; taking one starts the next. A
 * process that dies before it is ready is said in the log; after a few such deaths in a row the
 * pool stops trying (runs then start cold, as without it).
 */
import type { ChildProcess } from "node:child_process";
import { holdSlotUntil } from "../start-gate.js";
import { isWarmReady } from "../warm-protocol.js";
import { killProcessGroup, canTakeRun } from "./process-handle.js";

/** Deaths before `ready` in a row after which the pool gives up (something is wrong with the setup). */
const MAX_FAILED_STARTS = 3;

/** Longest a start holds its slot without getting ready. */
const SLOT_MS = 60_000;

/** Options of {@link WarmProcesses}. */
export interface WarmProcessesOptions {
  /** How many ready processes to keep. */
  readonly size: number;
  /** Starts one warm process (with an IPC channel); it says `ready` when it is. */
  readonly spawn: () => ChildProcess;
  /**
   * Waits for a start slot before each start (see start-gate.ts) and returns its release, so warm
   * processes never crowd out the starts of runs already waiting. @default no waiting
   */
  readonly slot?: () => Promise<() => void>;
  readonly log: (line: string) => void;
}

/** Ready warm processes, refilled as they are taken. */
export class WarmProcesses {
  readonly #options: WarmProcessesOptions;
  readonly #ready: ChildProcess[] = [];
  readonly #starting = new Set<ChildProcess>();
  /** Starts waiting for a slot. */
  #queued = 0;
  #failedStarts = 0;
  #closed = false;

  constructor(options: WarmProcessesOptions) {
    this.#options = options;
  }

  /** How many are ready now. */
  get readyCount(): number {
    return this.#ready.length;
  }

  /** Starts processes until `size` are ready or starting. */
  fill(): void {
    const { size } = this.#options;
    while (
      !this.#closed &&
      this.#failedStarts < MAX_FAILED_STARTS &&
      this.#ready.length + this.#starting.size + this.#queued < size
    ) {
      void this.#startInTurn();
    }
  }

  /** Starts one process once a slot is free, holding the slot until it is ready or gone. */
  async #startInTurn(): Promise<void> {
    this.#queued++;
    const release = (await this.#options.slot?.()) ?? (() => {});
    this.#queued--;
    if (this.#closed) return release();
    const child = this.#start();
    if (child === undefined) return release();
    holdSlotUntil(child, isWarmReady, SLOT_MS, release);
  }

  /**
   * A ready process, now the caller's (the pool no longer watches it), or undefined when none is
   * ready. Starts its replacement.
   */
  take(): ChildProcess | undefined {
    let child = this.#ready.shift();
    while (child !== undefined && !canTakeRun(child)) child = this.#ready.shift();
    if (child !== undefined) child.removeAllListeners("exit");
    this.fill();
    return child;
  }

  /** Stops every waiting process and starts no more. */
  close(): void {
    this.#closed = true;
    for (const child of [...this.#ready, ...this.#starting]) killProcessGroup(child.pid);
    this.#ready.length = 0;
    this.#starting.clear();
  }

  #start(): ChildProcess | undefined {
    let child: ChildProcess;
    try {
      child = this.#options.spawn();
    } catch (error) {
      this.#failed(`could not be started: ${(error as Error).message}`);
      return undefined;
    }
    this.#starting.add(child);
    child.on("error", () => {});
    child.on("message", (message) => {
      if (!isWarmReady(message) || !this.#starting.delete(child)) return;
      this.#failedStarts = 0;
      if (this.#closed) killProcessGroup(child.pid);
      else this.#ready.push(child);
    });
    child.once("exit", (code, signal) => {
      if (this.#starting.delete(child)) {
        this.#failed(`exited before it was ready (${signal ?? `status ${code}`})`);
      } else {
        const index = this.#ready.indexOf(child);
        if (index >= 0) this.#ready.splice(index, 1);
      }
      this.fill();
    });
    return child;
  }

  #failed(reason: string): void {
    // Closed, or given up already (a start that was in flight failing too): nothing more to say.
    if (this.#closed || this.#failedStarts >= MAX_FAILED_STARTS) return;
    this.#failedStarts++;
    const giveUp = this.#failedStarts >= MAX_FAILED_STARTS;
    this.#options.log(
      `A warm flow-run process ${reason}.${giveUp ? " Warm starts are off for this worker: runs start cold." : ""}`,
    );
  }
}
