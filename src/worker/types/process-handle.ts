import type { ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import type { ProcessExit, SignalName } from "../exit-codes.js";
import type { InfrastructureHandle } from "../infrastructure.js";

/** A running flow-run process and its process group. */
export class ProcessHandle implements InfrastructureHandle {
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
    return killProcessGroup(this.pid, signal);
  }
}

/** Signals every process of the group `pid` leads; false when none was left (or no pid). */
export function killProcessGroup(pid: number | undefined, signal: SignalName = "SIGKILL"): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal as NodeJS.Signals);
    return true;
  } catch {
    // ESRCH: every process of the group is gone already.
    return false;
  }
}

/** Whether a kept flow-run process (warm or reused) is still running and can be sent a run. */
export function canTakeRun(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}
