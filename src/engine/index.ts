/**
 * The engine: loads a flow from an entrypoint and runs flow runs inside their infrastructure.
 * Used by the CLI (`steward flow run`, `steward flow-run execute`) and by workers' child processes.
 */
export { type Entrypoint, loadFlowFromEntrypoint, parseEntrypoint } from "./entrypoint.js";
export { parseParameterArgs } from "./parameter-args.js";
export { type RunFlowOverrides, runFlowWith } from "./run-flow.js";
