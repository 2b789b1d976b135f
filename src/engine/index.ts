/**
 * The engine: loads a flow from an entrypoint and runs flow runs inside their infrastructure.
 * Used by the CLI (`steward flow run`, `steward flow-run execute`) and by workers' child processes.
 */
export { type Entrypoint, loadFlowFromEntrypoint, parseEntrypoint } from "./entrypoint.js";
export { crashUnlessCancelling, type ExecuteFlowRunOptions, executeFlowRun } from "./execute.js";
export { watchForOrphaning } from "./orphan-guard.js";
export { parseParameterArgs } from "./parameter-args.js";
export { PullStepError, type PullStepContext, runPullSteps } from "./pull-steps.js";
export { type RunFlowOverrides, runFlowWith } from "./run-flow.js";
export { ensureTypeScriptLoader } from "./typescript-loader.js";
