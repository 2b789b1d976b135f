import { defineTask, type TaskOptions } from "./task-definition.js";
import { runTask } from "./task-runner.js";

export type { TaskOptions } from "./task-definition.js";

/**
 * A task: call it like the function it wraps. Inside a flow run each call is a task run, visible
 * in the API and the UI with its states; outside one it simply runs (with its retries and timeout).
 */
export interface Task<A extends unknown[] = unknown[], R = unknown> {
  (...args: A): Promise<Awaited<R>>;
  /** The task's name. */
  readonly name: string;
  /** Stable identity of the task function: `${name}-${hash of its source}`. */
  readonly taskKey: string;
  readonly options: Readonly<TaskOptions<A>>;
  /** The wrapped function, to call it without a task run (e.g. in unit tests). */
  readonly fn: (...args: A) => R;
}

const TASK_MARK = Symbol.for("steward.task");

/**
 * Turns a function into a task. States are decided in-process and recorded in batches, so a task
 * call costs microseconds, not an API round trip; run many at once with `Promise.all`.
 *
 * @example
 * const fetchRows = task(
 *   { name: "fetch-rows", retries: 3, retryDelaySeconds: [1, 10, 60], timeoutSeconds: 30 },
 *   async (url: string) => (await fetch(url)).json(),
 * );
 * const [a, b] = await Promise.all([fetchRows(urlA), fetchRows(urlB)]);
 */
export function task<A extends unknown[], R>(options: TaskOptions<A>, fn: (...args: A) => R): Task<A, R>;
/** Turns a named function into a task with default options. */
export function task<A extends unknown[], R>(fn: (...args: A) => R): Task<A, R>;
export function task<A extends unknown[], R>(
  optionsOrFn: TaskOptions<A> | ((...args: A) => R),
  maybeFn?: (...args: A) => R,
): Task<A, R> {
  const [options, fn] =
    typeof optionsOrFn === "function" ? [{}, optionsOrFn] : [optionsOrFn, maybeFn as (...args: A) => R];
  const definition = defineTask(options, fn);
  const call = (...args: A): Promise<Awaited<R>> => runTask(definition, args);
  Object.defineProperties(call, {
    name: { value: definition.name },
    taskKey: { value: definition.taskKey, enumerable: true },
    options: { value: Object.freeze({ ...options }), enumerable: true },
    fn: { value: fn, enumerable: true },
    [TASK_MARK]: { value: true },
  });
  return call as Task<A, R>;
}

/** True when `value` was made by `task()` (from any copy of the package). */
export function isTask(value: unknown): value is Task {
  return typeof value === "function" && (value as { [TASK_MARK]?: boolean })[TASK_MARK] === true;
}
