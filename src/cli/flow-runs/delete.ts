import type { CliContext } from "../context.js";
import { flowRunId, orNotFound } from "./lookup.js";

/** `steward flow-run delete ID`. */
export async function deleteFlowRun(ctx: CliContext, idArgument: string): Promise<void> {
  const id = flowRunId(idArgument);
  const client = ctx.client();
  await orNotFound(id, () => client.call("deleteFlowRun", { params: { id } }));
  ctx.out.line(`Deleted flow run ${id}`);
}
