import { z } from "zod";
import type { Deployment } from "../api/deployments.js";
import type { DeployOptions } from "./deploy.js";
import { captureCallerStack } from "./deploy-entrypoint.js";
import { type FlowOptions, validateFlowOptions } from "./flow-definition.js";
import type { ServedFlow, ServeOptions } from "./serve.js";
import { type RunFlowOverrides, runFlow } from "./flow-runner.js";

export type { RunFlowOverrides } from "./flow-runner.js";

import type { ParametersSchema } from "./parameters.js";

export type { FlowOptions } from "./flow-definition.js";

/** The arguments of a flow call: the parameters object, optional when every field is. */
export type FlowArgs<I> = Record<string, never> extends I ? [parameters?: I] : [parameters: I];

/**
 * A flow: call it to run it. `await etl({ url })` validates the parameters, runs the function as a
 * flow run (reported to the API when one is configured) and resolves to its return value.
 *
 * @typeParam I - the parameters as callers pass them
 * @typeParam O - the parameters as the function receives them (defaults applied)
 * @typeParam R - what the function returns
 */
export interface Flow<I = Record<string, unknown>, O = I, R = unknown> {
  (...args: FlowArgs<I>): Promise<Awaited<R>>;
  /** The flow's name. */
  readonly name: string;
  readonly options: Readonly<FlowOptions<ParametersSchema | undefined, O>>;
  /** The wrapped function, to call it without a flow run (e.g. in unit tests). */
  readonly fn: (parameters: O) => R;
  /**
   * JSON Schema of the parameters as callers pass them (fields with defaults are optional), for
   * forms and deployments. A flow without a schema accepts any object.
   */
  parametersJsonSchema(): Record<string, unknown>;
  /**
   * Registers a deployment of this flow with the configured API, so workers of `workPool` can run
   * it on demand or on a schedule. The entrypoint defaults to where the flow is defined
   * (`path/to/file.ts:exportName`, relative to the current directory).
   *
   * @example
   * await etl.deploy({ name: "nightly", workPool: "my-pool", cron: "0 2 * * *" });
   */
  deploy(options: DeployOptions): Promise<Deployment>;
  /**
   * Serves this flow from the current process: registers a deployment without a work pool (with
   * the given schedules) and runs its flow runs — scheduled, or triggered with
   * `steward deployment run flow/name` — in child processes here, at most `limit` at once, until
   * `stop()`. Stopping pauses the deployment's schedules unless `pauseOnShutdown` is false.
   *
   * @example
   * const served = await etl.serve({ name: "hourly", interval: 3600 });
   * process.once("SIGINT", () => void served.stop());
   * await served.finished;
   */
  serve(options: ServeOptions): Promise<ServedFlow>;
}

const FLOW_MARK = Symbol.for("steward.flow");

/**
 * Internal: a flow's "run with explicit settings" method, keyed by a registered symbol so the
 * engine can reach it on flows made by another copy of the package.
 */
export const RUN_WITH = Symbol.for("steward.flow.run-with");

/**
 * Defines a flow: a function whose calls are tracked as flow runs, with validated parameters,
 * retries, a timeout, logs and the task runs it makes.
 *
 * @example
 * import { flow, getRunLogger, task } from "steward";
 * import { z } from "zod";
 *
 * const greet = task({ name: "greet" }, (name: string) => `Hello, ${name}!`);
 *
 * export const hello = flow(
 *   { name: "hello", parameters: z.object({ name: z.string().default("world") }), retries: 1 },
 *   async ({ name }) => {
 *     const greeting = await greet(name);
 *     getRunLogger().info(greeting);
 *     return greeting;
 *   },
 * );
 *
 * await hello({ name: "Ada" }); // "Hello, Ada!"
 */
export function flow<S extends ParametersSchema, R>(
  options: FlowOptions<S, z.output<S>> & { readonly parameters: S },
  fn: (parameters: z.output<S>) => R,
): Flow<z.input<S>, z.output<S>, R>;
/** Defines a flow without a parameters schema: it is called with an object (or nothing). */
export function flow<P extends Record<string, unknown> = Record<string, unknown>, R = unknown>(
  options: FlowOptions<undefined, P>,
  fn: (parameters: P) => R,
): Flow<P, P, R>;
export function flow(
  options: FlowOptions<ParametersSchema | undefined, never>,
  fn: (parameters: Record<string, unknown>) => unknown,
): Flow<Record<string, unknown>, Record<string, unknown>, unknown> {
  validateFlowOptions(options, fn);
  // Where flow() was called, so deploy() can name the file and export without being told.
  const definedAt = captureCallerStack(flow);
  const frozen = Object.freeze({ ...options });
  const call = (parameters?: unknown) => runFlow({ options: frozen, fn }, parameters);
  const schemaOf = () => parametersJsonSchema(options.parameters);
  Object.defineProperties(call, {
    name: { value: options.name },
    options: { value: frozen, enumerable: true },
    fn: { value: fn, enumerable: true },
    parametersJsonSchema: { value: schemaOf },
    deploy: {
      // Imported on first use: schedules and the deployment schemas are not needed to run a flow
      // (a flow-run process imports every flow module of its entrypoint's file).
      value: async (deploy: DeployOptions) => {
        const { deployFlow } = await import("./deploy.js");
        return deployFlow({ name: options.name, parametersJsonSchema: schemaOf }, deploy, definedAt);
      },
    },
    serve: {
      // Imported on first use: the runner (child processes, claim loop) is only needed here.
      value: async (serve: ServeOptions) => {
        const { serveFlow } = await import("./serve.js");
        return serveFlow({ name: options.name, parametersJsonSchema: schemaOf }, serve, definedAt);
      },
    },
    [FLOW_MARK]: { value: true },
    [RUN_WITH]: {
      value: (parameters: unknown, overrides: RunFlowOverrides) =>
        runFlow({ options: frozen, fn }, parameters, overrides),
    },
  });
  return call as unknown as Flow<Record<string, unknown>, Record<string, unknown>, unknown>;
}

function parametersJsonSchema(schema: ParametersSchema | undefined): Record<string, unknown> {
  if (!schema) return { type: "object", properties: {}, additionalProperties: true };
  // "input": what callers send, so fields with defaults are not required; types JSON cannot
  // express (dates, functions) become {} instead of failing the whole schema.
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** True when `value` was made by `flow()` (from any copy of the package). */
export function isFlow(value: unknown): value is Flow {
  return typeof value === "function" && (value as { [FLOW_MARK]?: boolean })[FLOW_MARK] === true;
}
