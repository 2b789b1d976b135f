import { MissingContextError } from "./errors.js";
import type { RunContext } from "./run-info.js";
import { currentScope } from "./run-scope.js";

export type { FlowRunInfo, RunContext, TaskRunInfo } from "./run-info.js";

/**
 * The flow run and task run the calling code belongs to.
 *
 * @throws MissingContextError when called outside a flow or task run.
 * @example
 * const etl = flow({ name: "etl" }, async () => {
 *   const { flowRun } = getRunContext();
 *   getRunLogger().info(`run ${flowRun?.name} attempt ${flowRun?.runCount}`);
 * });
 */
export function getRunContext(): RunContext {
  const scope = currentScope();
  if (!scope) {
    throw new MissingContextError(
      "getRunContext() was called outside a flow or task run. Call it from inside a function passed to flow() or task().",
    );
  }
  return {
    flowRun: scope.flowRun,
    taskRun: scope.taskRun,
    client: scope.flowRun?.session.client ?? null,
    signal: scope.signal,
  };
}
