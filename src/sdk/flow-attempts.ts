import { LogLevel, StateName } from "../core/states.js";
import { attemptSignal, raceSignal, sleep } from "./abort.js";
import { AbortError, CancelledError, TimeoutError } from "./errors.js";
import type { FlowDefinition } from "./flow-definition.js";
import type { FlowRunReporter } from "./flow-run-reporter.js";
import { logForScope } from "./logger.js";
import { describeError } from "./result-data.js";
import { type FlowRunScope, type RunScope, runInScope } from "./run-scope.js";
import { flushTaskStates } from "./session.js";
import type { ProposalWait } from "./state-proposal.js";

/**
 * Runs a flow run's attempts until one completes or the run fails for good: each attempt enters
 * RUNNING, runs the function (raced against the timeout and cancellation), and reports the outcome;
 * a failure with retries left waits for the retry time and goes round again.
 */
export async function runAttempts(
  definition: FlowDefinition,
  scope: FlowRunScope,
  reporter: FlowRunReporter,
): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    await begin(scope, reporter);
    // Only now, with RUNNING accepted: a run prepared ahead of its scheduled time waited in begin.
    if (attempt === 1) {
      logForScope(
        logScopeOf(scope),
        LogLevel.INFO,
        `Beginning flow run '${scope.name}' for flow '${definition.options.name}'`,
      );
    }
    let value: unknown;
    try {
      value = await runAttempt(definition, scope);
    } catch (error) {
      const delayMs = await handleFailure(definition, scope, reporter, error);
      await sleep(delayMs, scope.cancellation.signal).catch((cancelled: unknown) =>
        stopCancelled(scope, reporter, cancelled),
      );
      continue;
    }
    await flushTaskStates(scope.session);
    await reporter.complete(value);
    logForScope(logScopeOf(scope), LogLevel.INFO, "Finished in state Completed()");
    return value;
  }
}

/**
 * Enters RUNNING, saying in the run's log why it waits first (a run claimed before its scheduled
 * time); a cancellation seen while waiting to start still ends the run CANCELLED.
 */
async function begin(scope: FlowRunScope, reporter: FlowRunReporter): Promise<void> {
  try {
    await reporter.begin(scope.cancellation.signal, (wait) =>
      logForScope(logScopeOf(scope), LogLevel.INFO, waitMessage(wait)),
    );
  } catch (error) {
    if (scope.cancellation.signal.aborted && !(error instanceof AbortError)) {
      await stopCancelled(scope, reporter, scope.cancellation.signal.reason);
    }
    throw error;
  }
  scope.runCount = reporter.runCount;
}

/** "Waiting 7 s until 2030-01-01T09:30:00.000Z before starting: Scheduled time is in the future." */
function waitMessage({ delaySeconds, reason, state }: ProposalWait): string {
  const at = state?.state_details.scheduled_time;
  const until = at && Date.parse(at) > Date.now() ? ` until ${at}` : "";
  const seconds = Math.round(delaySeconds * 10) / 10;
  return `Waiting ${seconds} s${until} before starting${reason ? `: ${reason}` : ""}`;
}

async function runAttempt(definition: FlowDefinition, scope: FlowRunScope): Promise<unknown> {
  const attempt = attemptSignal(
    scope.cancellation.signal,
    definition.options.timeoutSeconds,
    `Flow run '${scope.name}'`,
  );
  scope.signal = attempt.signal;
  try {
    const running = runInScope({ flowRun: scope, taskRun: undefined, signal: attempt.signal }, () =>
      Promise.resolve().then(() => definition.fn(scope.parameters as Record<string, unknown>)),
    );
    return await raceSignal(running, attempt.signal);
  } finally {
    attempt.dispose();
  }
}

/** Records a failed attempt. Resolves with the ms to wait before the next attempt, or throws. */
async function handleFailure(
  definition: FlowDefinition,
  scope: FlowRunScope,
  reporter: FlowRunReporter,
  error: unknown,
): Promise<number> {
  const logScope = logScopeOf(scope);
  if (error instanceof CancelledError || scope.cancellation.signal.aborted) {
    return stopCancelled(scope, reporter, scope.cancellation.signal.reason ?? error);
  }
  const timedOut = error instanceof TimeoutError;
  const message = timedOut ? (error as Error).message : `Flow run failed: ${describeError(error)}`;
  closeOpenTasks(scope, "FAILED", timedOut ? StateName.TimedOut : "Failed", message);
  await flushTaskStates(scope.session);
  const delayMs = await reporter.fail(error, message, timedOut ? StateName.TimedOut : "Failed");
  if (delayMs === null) {
    logForScope(logScope, LogLevel.ERROR, `${message}\n${(error as Error)?.stack ?? ""}`.trimEnd());
    logForScope(
      logScope,
      LogLevel.ERROR,
      `Finished in state ${timedOut ? "TimedOut" : "Failed"}('${message}')`,
    );
    throw error;
  }
  logForScope(
    logScope,
    LogLevel.WARNING,
    `${message}. Retry ${reporter.runCount}/${definition.options.retries ?? 0} in ${Math.round(delayMs / 100) / 10} s.`,
  );
  return delayMs;
}

/** Ends a cancelled run: closes its open task runs, reports CANCELLED, throws a CancelledError. */
async function stopCancelled(
  scope: FlowRunScope,
  reporter: FlowRunReporter,
  reason: unknown,
): Promise<never> {
  const error =
    reason instanceof CancelledError ? reason : new CancelledError(`Flow run '${scope.name}' was cancelled.`);
  closeOpenTasks(scope, "CANCELLED", StateName.Cancelled, error.message);
  await flushTaskStates(scope.session);
  await reporter.cancel(error.message);
  logForScope(logScopeOf(scope), LogLevel.WARNING, "Finished in state Cancelled()");
  throw error;
}

/** Task runs still open when their flow attempt ended (abandoned by a timeout or cancellation). */
function closeOpenTasks(
  scope: FlowRunScope,
  type: "FAILED" | "CANCELLED",
  name: string,
  message: string,
): void {
  for (const task of [...scope.openTasks]) task.close(type, name, `Flow run ended first: ${message}`);
  scope.openTasks.clear();
}

function logScopeOf(scope: FlowRunScope): RunScope {
  return { flowRun: scope, taskRun: undefined, signal: scope.signal };
}
