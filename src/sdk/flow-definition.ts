import type { ParametersSchema } from "./parameters.js";
import { type RetryOptions, validateRetryOptions, validateTimeout } from "./retry-policy.js";

/** Options of `flow()`. */
export interface FlowOptions<
  S extends ParametersSchema | undefined = ParametersSchema | undefined,
  P = unknown,
> extends RetryOptions {
  /** Name of the flow: runs are grouped under it, deployments refer to it. Must not contain / % & > <. */
  readonly name: string;
  readonly description?: string;
  /** Version of the flow's code, recorded on its runs. */
  readonly version?: string;
  /**
   * A zod object schema for the parameters. Calling the flow validates them before the run starts
   * (defaults applied); the UI builds its run form from `parametersJsonSchema()`.
   */
  readonly parameters?: S;
  /** Fail an attempt that runs longer than this (state "TimedOut"); retries apply. */
  readonly timeoutSeconds?: number;
  readonly tags?: readonly string[];
  /**
   * Name of each flow run: a template over the parameters (`"etl-{date}"`) or a function of them.
   * @default a random two-word name such as "sturdy-leech"
   */
  readonly flowRunName?: string | ((parameters: P) => string);
}

/** Names a flow may not have, because they would break URLs (`/flows/name/{name}`). */
const FORBIDDEN_NAME = /[/%&><]/;

/** Checks a flow's options when `flow()` is called, so mistakes show at import, not mid-run. */
export function validateFlowOptions(
  options: FlowOptions<ParametersSchema | undefined, never>,
  fn: unknown,
): void {
  if (typeof options !== "object" || options === null || typeof options.name !== "string" || !options.name) {
    throw new TypeError(
      'flow(options, fn): options.name is required, e.g. flow({ name: "etl" }, async () => …).',
    );
  }
  const owner = `Flow "${options.name}"`;
  if (FORBIDDEN_NAME.test(options.name)) {
    throw new TypeError(`${owner}: a flow name must not contain / % & > or <.`);
  }
  if (typeof fn !== "function")
    throw new TypeError(`${owner}: the second argument of flow() must be a function.`);
  const schema = options.parameters as { safeParseAsync?: unknown } | undefined;
  if (schema !== undefined && typeof schema?.safeParseAsync !== "function") {
    throw new TypeError(`${owner}: parameters must be a zod schema such as z.object({ name: z.string() }).`);
  }
  validateRetryOptions(owner, options);
  validateTimeout(owner, options.timeoutSeconds);
}

/** A flow as the runner sees it: its options and function, before any typing sugar. */
export interface FlowDefinition {
  readonly options: FlowOptions<ParametersSchema | undefined, never>;
  readonly fn: (parameters: Record<string, unknown>) => unknown;
}
