import { type TaskRunFilter, TaskRunSort } from "../../api/filters.js";
import type { TaskRun } from "../../api/task-runs.js";
import { everyCombination } from "../combine-filters.js";
import type { CliContext } from "../context.js";
import { formatTimestamp, stateColor } from "../format.js";
import { runDuration } from "../flow-runs/list.js";
import { flowRunId, readFlowRun } from "../flow-runs/lookup.js";
import { apiSort, noteMore, sortName, takeLimit } from "../list-options.js";
import { fetchEach } from "../paging.js";
import { runOrder } from "../run-order.js";
import { describeStateChoices, parseStateSelection, stateFilters } from "../state-filter.js";

/** The `--sort` orders of `steward task-run ls`: the API's task-run sorts. */
export const TASK_RUN_SORTS = TaskRunSort.options.map(sortName);

/** Options of `steward task-run ls`. */
export interface TaskRunListOptions {
  flowRun?: string;
  state?: string[];
  limit: number;
  sort: string;
  json?: boolean;
}

/** `steward task-run ls`: the latest task runs, of one flow run or of all, by state if asked. */
export async function listTaskRuns(ctx: CliContext, options: TaskRunListOptions): Promise<void> {
  const client = ctx.client();
  const flowRun = options.flowRun === undefined ? undefined : flowRunId(options.flowRun);
  const selection = parseStateSelection(options.state ?? []);
  for (const value of selection.unrecognised) {
    ctx.out.warn(
      `"${value}" is not a state type or a well-known state name (${describeStateChoices()}); matching it as a custom state name.`,
    );
  }
  // A clear "flow run not found" beats an empty list.
  if (flowRun !== undefined) await readFlowRun(client, flowRun);
  const sort = apiSort(options.sort, TaskRunSort.options);
  const ofRun: TaskRunFilter[] = [flowRun === undefined ? {} : { flow_run_id: { any_: [flowRun] } }];
  const taskRuns = await fetchEach(
    everyCombination<TaskRunFilter>(stateFilters(selection), ofRun),
    options.limit + 1,
    (filter, offset, limit) =>
      client.call("filterTaskRuns", { body: { task_runs: filter, sort, limit, offset } }),
    runOrder(sort),
  );
  const listed = takeLimit(taskRuns, options.limit);
  if (options.json) {
    ctx.out.json(listed.shown);
    return;
  }
  printTaskRuns(ctx, listed.shown, flowRun);
  noteMore(ctx.out, { ...listed, what: "task runs" });
}

function printTaskRuns(ctx: CliContext, taskRuns: TaskRun[], flowRun: string | undefined): void {
  const colors = ctx.out.colors;
  // The flow run of each row, unless they all belong to the one asked for.
  const perRun = flowRun === undefined;
  ctx.out.table(
    [
      { header: "ID", minWidth: 36 },
      { header: "NAME", maxWidth: 40 },
      { header: "STATE" },
      { header: "WHEN" },
      { header: "DURATION", align: "right" },
      { header: "RUNS", align: "right" },
      ...(perRun ? [{ header: "FLOW RUN", minWidth: 36 }] : []),
    ],
    taskRuns.map((taskRun) => [
      taskRun.id,
      taskRun.name,
      { text: taskRun.state_name ?? "-", style: stateColor(taskRun.state_type, colors) },
      formatTimestamp(taskRun.start_time ?? taskRun.expected_start_time),
      runDuration(taskRun),
      String(taskRun.run_count),
      ...(perRun ? [taskRun.flow_run_id ?? "-"] : []),
    ]),
    flowRun === undefined
      ? "No task runs match. Tasks record theirs when a flow calls them; see `steward flow-run ls`."
      : `No task runs match in flow run ${flowRun}. Its details: \`steward flow-run inspect ${flowRun}\`.`,
  );
}
