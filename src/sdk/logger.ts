import { format } from "node:util";
import { LogLevel, type LogLevelName } from "../core/states.js";
import { sdkSettings } from "./config.js";
import { formatConsoleLine, writeConsole } from "./console.js";
import type { LogShipper } from "./log-shipper.js";
import { currentScope, type RunScope } from "./run-scope.js";

/**
 * A logger bound to the flow run or task run it was obtained in. Lines go to the console
 * (filtered by STEWARD_LOGGING_LEVEL) and, when the run is tracked, to the API in batches, where
 * the UI shows them on the run's page. Arguments are formatted like `console.log`.
 */
export interface RunLogger {
  debug(message: unknown, ...args: unknown[]): void;
  info(message: unknown, ...args: unknown[]): void;
  warning(message: unknown, ...args: unknown[]): void;
  /** Alias of `warning`. */
  warn(message: unknown, ...args: unknown[]): void;
  error(message: unknown, ...args: unknown[]): void;
  critical(message: unknown, ...args: unknown[]): void;
  /** Logs at a level given by name or number (10 DEBUG … 50 CRITICAL). */
  log(level: LogLevelName | number, message: unknown, ...args: unknown[]): void;
}

/** Logger names stored with shipped lines, as Prefect's `prefect.flow_runs` / `prefect.task_runs`. */
export const FLOW_RUN_LOGGER = "steward.flow_runs";
export const TASK_RUN_LOGGER = "steward.task_runs";

/**
 * The logger of the current run: inside a task it speaks for the task run, inside a flow for the
 * flow run. Outside any run it prints to the console only.
 *
 * @example
 * const etl = flow({ name: "etl" }, async () => {
 *   const logger = getRunLogger();
 *   logger.info("loading %d rows", 10);
 *   logger.warning("slow source");
 * });
 */
export function getRunLogger(): RunLogger {
  return createRunLogger(currentScope());
}

/** A logger for `scope` (or a console-only one when undefined). */
export function createRunLogger(scope: RunScope | undefined): RunLogger {
  const threshold = thresholdOf(scope);
  const target = describeTarget(scope);
  const log = (level: LogLevelName | number, message: unknown, ...args: unknown[]): void => {
    const numeric = typeof level === "number" ? level : LogLevel[level];
    if (numeric < threshold) return;
    emit(target, numeric, render(message, args));
  };
  return {
    log,
    debug: (message, ...args) => log(LogLevel.DEBUG, message, ...args),
    info: (message, ...args) => log(LogLevel.INFO, message, ...args),
    warning: (message, ...args) => log(LogLevel.WARNING, message, ...args),
    warn: (message, ...args) => log(LogLevel.WARNING, message, ...args),
    error: (message, ...args) => log(LogLevel.ERROR, message, ...args),
    critical: (message, ...args) => log(LogLevel.CRITICAL, message, ...args),
  };
}

interface LogTarget {
  readonly source: string;
  readonly loggerName: string;
  readonly flowRunId: string | null;
  readonly taskRunId: string | null;
  readonly shipper: LogShipper | null;
}

function describeTarget(scope: RunScope | undefined): LogTarget {
  const flowRun = scope?.flowRun;
  const taskRun = scope?.taskRun;
  return {
    source: taskRun ? `task run '${taskRun.name}'` : flowRun ? `flow run '${flowRun.name}'` : "steward",
    loggerName: taskRun ? TASK_RUN_LOGGER : FLOW_RUN_LOGGER,
    flowRunId: flowRun?.id ?? null,
    taskRunId: taskRun?.id ?? null,
    shipper: flowRun?.session.logs ?? null,
  };
}

function emit(target: LogTarget, level: number, message: string): void {
  const now = new Date();
  writeConsole(formatConsoleLine(now, level, target.source, message), level);
  target.shipper?.add({
    name: target.loggerName,
    level,
    message,
    timestamp: now.toISOString(),
    flow_run_id: target.flowRunId,
    task_run_id: target.taskRunId,
  });
}

function render(message: unknown, args: unknown[]): string {
  if (typeof message === "string" && args.length === 0) return message;
  if (message instanceof Error && args.length === 0) return message.stack ?? String(message);
  return format(message, ...args);
}

/** Logs `message` for the run in `scope` at `level` (the runners' own lines: start, retries, end). */
export function logForScope(scope: RunScope, level: number, message: string): void {
  if (level < thresholdOf(scope)) return;
  emit(describeTarget(scope), level, message);
}

function thresholdOf(scope: RunScope | undefined): number {
  return LogLevel[(scope?.flowRun?.session.settings ?? sdkSettings()).loggingLevel];
}
