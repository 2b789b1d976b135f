import { setTimeout as sleep } from "node:timers/promises";
import type { FlowRun } from "../../api/flow-runs.js";
import type { State } from "../../api/states.js";
import type { StewardClient } from "../../client/client.js";
import { isTerminal } from "../../core/states.js";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { showFlowRunLogs } from "../flow-runs/logs.js";
import { formatLogTimestamp, stateColor } from "../format.js";

/** How often `--watch` reads the run's state history. */
const STATE_POLL_MS = 500;

/**
 * `--watch`: prints each state the run enters, with its time, and streams its logs (the same
 * following as `steward flow-run logs --follow`) until the run is final. Resolves for COMPLETED;
 * any other final state fails with its message (exit code 1).
 */
export async function watchFlowRun(ctx: CliContext, run: FlowRun): Promise<void> {
  const client = ctx.client();
  const [history] = await Promise.all([
    followStates(ctx, client, run.id),
    showFlowRunLogs(ctx, run.id, { follow: true }),
  ]);
  const final = history.at(-1);
  const path = history.map((state) => state.name).join(" → ");
  if (final?.type === "COMPLETED") {
    ctx.out.line(`Flow run "${run.name}" completed: ${path}.`);
    return;
  }
  const why = final?.message ? `: ${final.message}` : "";
  throw new CliError(
    `Flow run "${run.name}" ended ${final?.name ?? "without a state"}${why} (${path}). ` +
      `See its logs with \`steward flow-run logs ${run.id}\` and its details with \`steward flow-run inspect ${run.id}\`.`,
  );
}

/** Prints states as they are recorded until a final one; returns the whole history. */
async function followStates(ctx: CliContext, client: StewardClient, id: string): Promise<State[]> {
  let printed = 0;
  for (;;) {
    const history = await client.call("readFlowRunStates", { query: { flow_run_id: id } });
    for (const state of history.slice(printed)) printState(ctx, state);
    printed = Math.max(printed, history.length);
    const last = history.at(-1);
    if (last && isTerminal(last.type)) return history;
    await sleep(STATE_POLL_MS);
  }
}

function printState(ctx: CliContext, state: State): void {
  const name = stateColor(state.type, ctx.out.colors)(state.name);
  const message = state.message ? ` (${state.message})` : "";
  ctx.out.line(`${formatLogTimestamp(state.timestamp)}  → ${name}${message}`);
}
