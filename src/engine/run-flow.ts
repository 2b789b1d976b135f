import type { Flow } from "../sdk/flow.js";
import { RUN_WITH, type RunFlowOverrides } from "../sdk/flow.js";

export type { RunFlowOverrides } from "../sdk/flow-runner.js";

/**
 * Runs a flow with explicit settings, client or flow run to adopt, instead of the process-wide
 * SDK configuration. `steward flow-run execute` uses it with the run the worker created:
 *
 * @example
 * const flow = await loadFlowFromEntrypoint(deployment.entrypoint, workingDir);
 * const run = await client.call("readFlowRun", { params: { id: flowRunId } });
 * await runFlowWith(flow, run.parameters, { settings, flowRunId });
 */
export function runFlowWith<I, O, R>(
  flow: Flow<I, O, R>,
  parameters: unknown,
  overrides: RunFlowOverrides,
): Promise<Awaited<R>> {
  const runWith = (
    flow as unknown as { [RUN_WITH]?: (p: unknown, o: RunFlowOverrides) => Promise<Awaited<R>> }
  )[RUN_WITH];
  if (!runWith) throw new TypeError(`runFlowWith: ${String(flow?.name)} is not a flow made by flow().`);
  return runWith(parameters, overrides);
}
