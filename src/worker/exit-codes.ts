import { constants } from "node:os";

/**
 * A signal's name, e.g. `"SIGTERM"`. Written without Node's `NodeJS.Signals` so that the package's
 * public types need no `@types/node` in the user's project.
 */
export type SignalName = `SIG${string}`;

/** How a flow run's process ended: an exit code, or the signal that killed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: SignalName | null;
}

/**
 * The exit as one status code, as Prefect reports it: the exit code, or minus the signal number
 * for a process killed by a signal (-9 for SIGKILL).
 */
export function statusCodeOf(exit: ProcessExit): number {
  if (exit.code !== null) return exit.code;
  const signals: Partial<Record<string, number>> = constants.signals;
  const signalNumber = exit.signal ? signals[exit.signal] : undefined;
  return signalNumber === undefined ? -1 : -signalNumber;
}

const BY_STATUS = new Map<number, string>([
  [-9, "The process was killed by SIGKILL (e.g. out of memory or `kill -9`)."],
  [-15, "The process was terminated by SIGTERM (e.g. cancellation or shutdown)."],
  [-2, "The process was interrupted by SIGINT (Ctrl+C)."],
  [1, "General error; see the flow run's logs."],
  [126, "The command is not executable; check the `command` job variable and the file's permissions."],
  [
    127,
    "The command was not found; check the `command` job variable of the work pool or deployment, and PATH.",
  ],
  [130, "The process was interrupted by SIGINT (Ctrl+C)."],
  [137, "The process was killed, likely out of memory (137 = 128 + SIGKILL)."],
  [143, "The process was terminated by SIGTERM (e.g. cancellation or shutdown)."],
]);

/**
 * Why a process may have ended with this status, in one sentence for the CRASHED state's message.
 * Unknown codes get a pointer to the logs; other signals are named.
 */
export function explainExit(exit: ProcessExit): string {
  const status = statusCodeOf(exit);
  const known = BY_STATUS.get(status);
  if (known) return known;
  if (exit.signal) return `The process was killed by ${exit.signal}.`;
  const signalName = status > 128 && status < 160 ? signalNameOf(status - 128) : undefined;
  if (signalName) return `The process was killed by ${signalName} (${status} = 128 + ${status - 128}).`;
  return "See the flow run's logs for what went wrong.";
}

/** The CRASHED message for a flow-run process that exited without reporting a final state. */
export function crashMessage(exit: ProcessExit): string {
  const status = statusCodeOf(exit);
  if (status === 0) {
    return "Flow run infrastructure exited with status code 0, but the process exited without reporting a final state.";
  }
  return `Flow run infrastructure exited with non-zero status code ${status}. ${explainExit(exit)}`;
}

function signalNameOf(signalNumber: number): string | undefined {
  const entry = Object.entries(constants.signals).find(([, value]) => value === signalNumber);
  return entry?.[0];
}
