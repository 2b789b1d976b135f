import type { FlowRun } from "../../api/flow-runs.js";
import type { CliContext } from "../context.js";
import { formatJson, formatTimestamp, stateColor } from "../format.js";
import { runDuration } from "./list.js";
import { flowRunId, readFlowRun } from "./lookup.js";

/** `steward flow-run inspect ID`: every detail of one flow run. */
export async function inspectFlowRun(
  ctx: CliContext,
  idArgument: string,
  options: { json?: boolean },
): Promise<void> {
  const id = flowRunId(idArgument);
  const client = ctx.client();
  const run = await readFlowRun(client, id);
  if (options.json) {
    ctx.out.json(run);
    return;
  }
  const taskRuns = await client.call("countTaskRuns", {
    body: { task_runs: { flow_run_id: { any_: [id] } } },
  });
  ctx.out.keyValue(describeRun(run, taskRuns, ctx.out.colors));
}

function describeRun(
  run: FlowRun,
  taskRuns: number,
  colors: CliContext["out"]["colors"],
): [string, string][] {
  const state = run.state_name ? stateColor(run.state_type, colors)(run.state_name) : "-";
  const pairs: [string, string][] = [
    ["ID", run.id],
    ["Name", run.name],
    ["Flow", `${run.flow_name ?? "?"} (${run.flow_id})`],
    ["State", state],
  ];
  if (run.state?.message) pairs.push(["Message", run.state.message]);
  pairs.push(
    ["Deployment", run.deployment_id ?? "- (run directly, not from a deployment)"],
    ["Work pool", run.work_pool_name ? `${run.work_pool_name} / ${run.work_queue_name ?? "?"}` : "-"],
    ["Parameters", formatJson(run.parameters)],
    ["Tags", run.tags.length ? run.tags.join(", ") : "-"],
    ["Created", formatTimestamp(run.created)],
    ["Expected start", formatTimestamp(run.expected_start_time)],
    ["Started", formatTimestamp(run.start_time)],
    ["Ended", formatTimestamp(run.end_time)],
    ["Duration", runDuration(run)],
    ["Run count", String(run.run_count)],
    ["Task runs", taskRuns === 0 ? "0" : `${taskRuns} (list them: steward task-run ls --flow-run ${run.id})`],
  );
  if (run.infrastructure_pid) pairs.push(["Infrastructure", run.infrastructure_pid]);
  return pairs;
}
