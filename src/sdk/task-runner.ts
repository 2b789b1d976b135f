import { LogLevel, StateName, StateType } from "../core/states.js";
import { attemptSignal, raceSignal, sleep } from "./abort.js";
import { CancelledError, TimeoutError } from "./errors.js";
import { logForScope } from "./logger.js";
import { describeError } from "./result-data.js";
import { retryDelaySeconds } from "./retry-policy.js";
import { currentScope, type FlowRunScope, type RunScope, runInScope } from "./run-scope.js";
import { renderRunName, taskTemplateValues } from "./run-name.js";
import type { TaskDefinition } from "./task-definition.js";
import { TaskRunRecorder } from "./task-run-recorder.js";

/** Outside any flow run nothing cancels a task, so it shares one never-aborted signal. */
const NEVER = new AbortController().signal;

/** Which task run produced each object result: draws the dependency edges between task runs. */
const producers = new WeakMap<object, string>();

/**
 * Runs one call of a task: inside a flow run it becomes a task run whose states are recorded
 * client-side (PENDING, RUNNING, then COMPLETED, FAILED or AwaitingRetry/Retrying); outside one the
 * function just runs, with the task's retries and timeout.
 *
 * This is the hot path (a no-op task must cost well under 150 µs with its states recorded): no
 * network, no timers unless the task has a timeout or retries, one ALS scope, three array pushes.
 */
export function runTask<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
): Promise<Awaited<R>> {
  const flowRun = currentScope()?.flowRun;
  if (flowRun?.cancellation.signal.aborted) return Promise.reject(flowRun.cancellation.signal.reason);
  let recorder: TaskRunRecorder;
  try {
    recorder = startTaskRun(definition, args, flowRun);
  } catch (error) {
    return Promise.reject(error);
  }
  return runAttempts(definition, args, recorder, flowRun);
}

function startTaskRun<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
  flowRun: FlowRunScope | undefined,
): TaskRunRecorder {
  const key = definition.taskKey;
  let dynamicKey = "0";
  if (flowRun) {
    const next = flowRun.taskCounters.get(key) ?? 0;
    flowRun.taskCounters.set(key, next + 1);
    dynamicKey = String(next);
  }
  const recorder = new TaskRunRecorder(
    flowRun,
    {
      name: taskRunName(definition, args, dynamicKey),
      taskKey: key,
      tags: definition.tags,
      policy: definition.policy,
      version: definition.options.version ?? null,
      inputs: flowRun?.session.taskStates ? taskInputs(definition, args) : {},
    },
    dynamicKey,
  );
  recorder.record(StateType.PENDING, StateName.Pending);
  return recorder;
}

async function runAttempts<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
  recorder: TaskRunRecorder,
  flowRun: FlowRunScope | undefined,
): Promise<Awaited<R>> {
  const { options } = definition;
  const taskRun = recorder.scope;
  for (;;) {
    taskRun.runCount++;
    recorder.record(StateType.RUNNING, taskRun.runCount > 1 ? StateName.Retrying : "Running");
    const outer = flowRun?.signal ?? NEVER;
    const attempt = attemptSignal(outer, options.timeoutSeconds, `Task run '${taskRun.name}'`);
    const scope: RunScope = { flowRun, taskRun, signal: attempt.signal };
    let delaySeconds = 0;
    try {
      const value = await runInScope(scope, () => callOnce(definition, args, attempt.signal));
      recorder.record(StateType.COMPLETED, "Completed");
      if (value !== null && typeof value === "object") producers.set(value, taskRun.id);
      logForScope(scope, LogLevel.DEBUG, "Finished in state Completed()");
      return value;
    } catch (error) {
      const delay = onFailure(definition, recorder, scope, error);
      if (delay === null) throw error;
      delaySeconds = delay;
    } finally {
      attempt.dispose();
    }
    // A cancelled (or timed-out) flow run interrupts the wait: the retry never starts.
    await sleep(delaySeconds * 1000, outer);
  }
}

function callOnce<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
  signal: AbortSignal,
): Promise<Awaited<R>> | Awaited<R> | R {
  const result = definition.fn(...args);
  if (definition.options.timeoutSeconds === undefined) return result;
  return raceSignal(Promise.resolve(result), signal);
}

/** Records the failure; returns the seconds to wait before retrying, or null to give up. */
function onFailure<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  recorder: TaskRunRecorder,
  scope: RunScope,
  error: unknown,
): number | null {
  const { runCount } = recorder.scope;
  if (error instanceof CancelledError) {
    recorder.record(StateType.CANCELLED, StateName.Cancelled, error.message);
    return null;
  }
  const retries = definition.options.retries ?? 0;
  const message = `Task run failed: ${describeError(error)}`;
  if (runCount > retries) {
    const name = error instanceof TimeoutError ? StateName.TimedOut : "Failed";
    recorder.record(StateType.FAILED, name, message);
    logForScope(scope, LogLevel.ERROR, `Finished in state ${name}('${message}')`);
    return null;
  }
  const delay = retryDelaySeconds(definition.options, runCount);
  const scheduled = new Date(Date.now() + delay * 1000).toISOString();
  recorder.record(StateType.SCHEDULED, StateName.AwaitingRetry, message, scheduled);
  logForScope(
    scope,
    LogLevel.WARNING,
    `${message}. Retry ${runCount}/${retries} in ${formatSeconds(delay)}.`,
  );
  return delay;
}

function taskRunName<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
  dynamicKey: string,
): string {
  const option = definition.options.taskRunName;
  if (option === undefined) return `${definition.name}-${dynamicKey}`;
  if (typeof option === "function") return option(...args);
  return renderRunName(option, taskTemplateValues(definition.parameterNames(), args), "task run name");
}

function taskInputs<A extends unknown[], R>(
  definition: TaskDefinition<A, R>,
  args: A,
): Record<string, { input_type: "task_run"; id: string }[]> {
  const inputs: Record<string, { input_type: "task_run"; id: string }[]> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === null || typeof arg !== "object") continue;
    const id = producers.get(arg);
    if (id) inputs[definition.parameterNames()[i] ?? String(i)] = [{ input_type: "task_run", id }];
  }
  return inputs;
}

function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${Number(seconds.toFixed(3))} s` : `${Math.round(seconds)} s`;
}
