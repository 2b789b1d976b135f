import { isTerminal } from "../../core/states.js";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { stateColor } from "../format.js";
import { flowRunId, orNotFound, readFlowRun } from "./lookup.js";

/**
 * `steward flow-run cancel ID`: proposes CANCELLING. The server moves a run with no infrastructure
 * straight to Cancelled; otherwise the run's runner sees Cancelling, stops it and reports Cancelled.
 */
export async function cancelFlowRun(ctx: CliContext, idArgument: string): Promise<void> {
  const id = flowRunId(idArgument);
  const client = ctx.client();
  const run = await readFlowRun(client, id);
  if (run.state_type && isTerminal(run.state_type)) {
    throw new CliError(`flow run ${id} is already ${run.state_name}; nothing to cancel`);
  }
  const result = await orNotFound(id, () =>
    client.call("setFlowRunState", {
      params: { id },
      body: { state: { type: "CANCELLING", name: "Cancelling", message: "Cancelled from the CLI" } },
    }),
  );
  if ((result.status !== "ACCEPT" && result.status !== "REJECT") || !result.state) {
    throw new CliError(
      `The server did not cancel flow run ${id} (${result.status}: ${result.details.reason ?? "no reason given"}). ` +
        `Check its state with \`steward flow-run inspect ${id}\`.`,
    );
  }
  const state = result.state;
  ctx.out.line(`Flow run ${run.name} (${id}) is now ${stateColor(state.type, ctx.out.colors)(state.name)}.`);
  if (state.type === "CANCELLING") {
    ctx.out.note("Its infrastructure is being stopped; it becomes Cancelled when that is done.");
  }
}
