import type { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { warnOnConsole } from "./console.js";
import { flushEvents } from "./events.js";
import { LogShipper } from "./log-shipper.js";
import type { RunSession } from "./run-scope.js";
import { TaskStateBatcher } from "./task-state-batcher.js";

/** Opens the session of a top-level flow run. */
export function openSession(settings: Settings, client: StewardClient | null): RunSession {
  if (!client) return { settings, client: null, logs: null, taskStates: null };
  return {
    settings,
    client,
    logs: new LogShipper({ client, intervalMs: settings.logsBatchIntervalMs }),
    taskStates: new TaskStateBatcher({ client, intervalMs: settings.taskStatesBatchIntervalMs }),
  };
}

/** How long the end of a flow run waits for buffered task states and logs to be delivered. */
const FINAL_FLUSH_TIMEOUT_MS = 30_000;

/**
 * Delivers the task states buffered so far. Called before every flow-run state proposal that
 * follows task work, so the API never shows a finished flow run whose tasks look unfinished.
 */
export async function flushTaskStates(session: RunSession): Promise<void> {
  if (!session.taskStates) return;
  const delivered = await session.taskStates.flush(FINAL_FLUSH_TIMEOUT_MS);
  if (!delivered) {
    warnOnConsole(
      `${session.taskStates.pending} task-run states could not be delivered to the API within ${FINAL_FLUSH_TIMEOUT_MS / 1000} s; the run's task view may be incomplete.`,
    );
  }
}

/** Delivers everything still buffered and stops the timers (end of the top-level flow run). */
export async function closeSession(session: RunSession): Promise<void> {
  await flushTaskStates(session);
  // Events the run emitted go out before its process may exit (the engine exits right after).
  if (session.client) await flushEvents();
  session.taskStates?.stop();
  if (!session.logs) return;
  const delivered = await session.logs.flush(FINAL_FLUSH_TIMEOUT_MS);
  session.logs.stop();
  if (!delivered) {
    warnOnConsole(
      `${session.logs.pending} log lines could not be delivered to the API within ${FINAL_FLUSH_TIMEOUT_MS / 1000} s and were dropped.`,
    );
  }
}
