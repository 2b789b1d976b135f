import pc from "picocolors";
import { ApiError } from "../client/index.js";
import { LogLevel } from "../core/states.js";
import { sdkState } from "./global-state.js";

const LEVEL_LABELS = new Map<number, string>([
  [LogLevel.DEBUG, pc.dim("DEBUG  ")],
  [LogLevel.INFO, pc.cyan("INFO   ")],
  [LogLevel.WARNING, pc.yellow("WARNING")],
  [LogLevel.ERROR, pc.red("ERROR  ")],
  [LogLevel.CRITICAL, pc.bold(pc.red("CRITICAL"))],
]);

/** `HH:MM:SS.mmm` in local time, as Prefect's console handler prints it. */
export function clockTime(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * One console line: `12:01:02.345 | INFO    | flow run 'sturdy-leech' - message`.
 * `source` is who logs, e.g. `flow run 'sturdy-leech'`.
 */
export function formatConsoleLine(date: Date, level: number, source: string, message: string): string {
  // Padded to 7 like Python's `%(levelname)-7s`, so columns line up as in Prefect's output.
  const label = LEVEL_LABELS.get(level) ?? `LEVEL${level}`.padEnd(7);
  return `${clockTime(date)} | ${label} | ${source} - ${message}`;
}

/** Writes one line to the console: below WARNING to stdout, WARNING and above to stderr. */
export function writeConsole(line: string, level: number): void {
  const custom = sdkState.config.consoleWrite;
  if (custom) custom(line, level);
  else if (level >= LogLevel.WARNING) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** A warning from the SDK itself (e.g. the API is unreachable), printed, never shipped. */
export function warnOnConsole(message: string): void {
  writeConsole(formatConsoleLine(new Date(), LogLevel.WARNING, "steward", message), LogLevel.WARNING);
}

/**
 * True for API errors that a retry cannot fix: the API understood the request and refused it
 * (4xx other than timeouts and rate limits). Everything else (connection errors, 5xx) is transient.
 */
export function isPermanentApiError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}
