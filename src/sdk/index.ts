/**
 * The SDK: what user code imports (re-exported by the package entry, `src/index.ts`), plus the
 * internal configuration hook used by the engine, the CLI and tests.
 */
export { configureSdk, resetSdk, type SdkConfig } from "./config.js";
export type { DeployOptions, ScheduleSpec } from "./deploy.js";
export type { ServedFlow, ServeOptions } from "./serve.js";
export {
  AbortError,
  CancelledError,
  MissingContextError,
  type ParameterIssue,
  ParameterValidationError,
  TimeoutError,
} from "./errors.js";
export { type EmitEventInput, emitEvent, flushEvents } from "./events.js";
export { type Flow, type FlowArgs, type FlowOptions, flow, isFlow } from "./flow.js";
export { getRunLogger, type RunLogger } from "./logger.js";
export type { ParametersSchema } from "./parameters.js";
export type { RetryOptions } from "./retry-policy.js";
export { type FlowRunInfo, getRunContext, type RunContext, type TaskRunInfo } from "./run-context.js";
export { runIfMain } from "./run-if-main.js";
export { isTask, type Task, type TaskOptions, task } from "./task.js";
