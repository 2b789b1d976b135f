/**
 * Steward: workflow orchestration for TypeScript.
 *
 * @example
 * import { flow, getRunLogger, task } from "steward";
 * import { z } from "zod";
 *
 * const fetchRows = task({ name: "fetch-rows", retries: 3, retryDelaySeconds: [1, 10, 60] },
 *   async (url: string) => (await fetch(url)).json());
 *
 * export const etl = flow(
 *   { name: "etl", parameters: z.object({ url: z.string().url(), limit: z.number().default(10) }) },
 *   async ({ url, limit }) => {
 *     getRunLogger().info(`loading ${limit} rows`);
 *     return (await fetchRows(url)).slice(0, limit);
 *   });
 *
 * @packageDocumentation
 */
export {
  AbortError,
  CancelledError,
  type DeployOptions,
  type EmitEventInput,
  emitEvent,
  type Flow,
  type FlowArgs,
  type FlowOptions,
  type FlowRunInfo,
  flow,
  flushEvents,
  getRunContext,
  getRunLogger,
  MissingContextError,
  type ParameterIssue,
  type ParametersSchema,
  ParameterValidationError,
  type RetryOptions,
  type RunContext,
  type RunLogger,
  runIfMain,
  type ScheduleSpec,
  type ServedFlow,
  type ServeOptions,
  type Task,
  type TaskOptions,
  type TaskRunInfo,
  TimeoutError,
  task,
} from "./sdk/index.js";
export type { Deployment } from "./api/deployments.js";
