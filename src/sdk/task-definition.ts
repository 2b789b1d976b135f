import { createHash } from "node:crypto";
import type { TaskRunPolicy } from "../api/task-runs.js";
import type { RetryOptions } from "./retry-policy.js";
import { validateRetryOptions, validateTimeout } from "./retry-policy.js";
import { parameterNames } from "./run-name.js";

/** Options of `task()`. */
export interface TaskOptions<A extends unknown[] = unknown[]> extends RetryOptions {
  /** Name shown in the UI. @default the function's name */
  readonly name?: string;
  readonly description?: string;
  /** Version of the task's code, recorded on its runs. */
  readonly version?: string;
  readonly tags?: readonly string[];
  /** Fail an attempt that runs longer than this (state "TimedOut"); retries apply. */
  readonly timeoutSeconds?: number;
  /**
   * Name of each task run: a template over the arguments (`"fetch-{url}"`, `"{0}"`, or the
   * properties of a single object argument), or a function of the arguments.
   * @default `${name}-${n}`, n counting calls of this task within the flow run
   */
  readonly taskRunName?: string | ((...args: A) => string);
}

/** A task, resolved once when `task()` is called: what every call of it needs. */
export interface TaskDefinition<A extends unknown[], R> {
  readonly name: string;
  readonly taskKey: string;
  readonly options: TaskOptions<A>;
  readonly fn: (...args: A) => R;
  readonly tags: readonly string[];
  /** The task's retry policy as task runs record it. */
  readonly policy: TaskRunPolicy;
  /** Parameter names from the function's source (computed on first use). */
  parameterNames(): readonly (string | undefined)[];
}

/** Validates the options of a task and precomputes what its calls need. */
export function defineTask<A extends unknown[], R>(
  options: TaskOptions<A>,
  fn: (...args: A) => R,
): TaskDefinition<A, R> {
  if (typeof fn !== "function") throw new TypeError("task(options, fn): fn must be a function.");
  const name = options.name ?? fn.name;
  if (!name) {
    throw new TypeError(
      'task(): an anonymous function needs a name: task({ name: "fetch-rows" }, async () => …).',
    );
  }
  validateRetryOptions(`Task "${name}"`, options);
  validateTimeout(`Task "${name}"`, options.timeoutSeconds);
  let names: readonly (string | undefined)[] | undefined;
  return {
    name,
    taskKey: `${name}-${sourceHash(fn)}`,
    options,
    fn,
    tags: [...(options.tags ?? [])],
    policy: {
      retries: options.retries ?? 0,
      retry_delay:
        typeof options.retryDelaySeconds === "number"
          ? options.retryDelaySeconds
          : options.retryDelaySeconds
            ? [...options.retryDelaySeconds]
            : 0,
      retry_jitter_factor: options.retryJitterFactor ?? null,
    },
    parameterNames: () => {
      names ??= parameterNames(fn as (...args: never[]) => unknown);
      return names;
    },
  };
}

/** A short hash of the function's source: the same code gets the same task key across runs. */
export function sourceHash(fn: (...args: never[]) => unknown): string {
  return createHash("sha256").update(Function.prototype.toString.call(fn)).digest("hex").slice(0, 8);
}
