import { type FlowRunFilter, FlowRunSort } from "../../api/filters.js";
import type { FlowRun } from "../../api/flow-runs.js";
import { formatDuration } from "../../core/durations.js";
import { everyCombination } from "../combine-filters.js";
import type { CliContext } from "../context.js";
import { formatTimestamp, stateColor } from "../format.js";
import { apiSort, noteMore, takeLimit } from "../list-options.js";
import { fetchEach } from "../paging.js";
import { runOrder } from "../run-order.js";
import { describeStateChoices, parseStateSelection, stateFilters } from "../state-filter.js";
import { DEFAULT_SORT, pastAndDue, upcoming } from "./timeline.js";

/** Options of `steward flow-run ls`. */
export interface ListOptions {
  state?: string[];
  flowName?: string[];
  limit: number;
  sort?: string;
  upcoming?: boolean;
  json?: boolean;
}

/**
 * `steward flow-run ls`: the latest runs, newest start first (a run not started yet by its
 * expected start), without the scheduled runs still to come; `--upcoming` lists those instead,
 * soonest first. `--state` and `--flow-name` narrow either list.
 */
export async function listFlowRuns(ctx: CliContext, options: ListOptions): Promise<void> {
  const client = ctx.client();
  const selection = parseStateSelection(options.state ?? []);
  for (const value of selection.unrecognised) {
    ctx.out.warn(
      `"${value}" is not a state type or a well-known state name (${describeStateChoices()}); matching it as a custom state name.`,
    );
  }
  const now = new Date();
  const sort = options.sort
    ? apiSort(options.sort, FlowRunSort.options)
    : DEFAULT_SORT[options.upcoming ? "upcoming" : "past"];
  const flows = options.flowName?.length ? { name: { any_: options.flowName } } : undefined;
  const when = options.upcoming ? [upcoming(now)] : pastAndDue(now);
  const queries: FlowRunFilter[] = everyCombination(stateFilters(selection), when);
  // Tables say how many runs are to come, when they leave them out (asked for at the same time).
  const countToCome = !options.json && !options.upcoming && !options.state?.length;
  const [runs, toCome] = await Promise.all([
    // One more than asked for tells whether the list goes on.
    fetchEach(
      queries,
      options.limit + 1,
      (flowRuns, offset, limit) =>
        client.call("filterFlowRuns", { body: { flows, flow_runs: flowRuns, sort, limit, offset } }),
      runOrder(sort),
    ),
    countToCome ? client.call("countFlowRuns", { body: { flows, flow_runs: upcoming(now) } }) : 0,
  ]);
  const listed = takeLimit(runs, options.limit);
  if (options.json) {
    ctx.out.json(listed.shown);
    return;
  }
  printRuns(ctx, listed.shown, options.upcoming === true);
  noteMore(ctx.out, { ...listed, what: options.upcoming ? "runs to come" : "flow runs" });
  if (toCome > 0) {
    ctx.out.note(
      `${toCome} scheduled run${toCome === 1 ? " is" : "s are"} still to come: \`steward flow-run ls --upcoming\` lists them.`,
    );
  }
}

function printRuns(ctx: CliContext, runs: FlowRun[], toCome: boolean): void {
  const colors = ctx.out.colors;
  ctx.out.table(
    [
      { header: "ID", minWidth: 36 },
      { header: "FLOW", maxWidth: 40 },
      { header: "NAME", maxWidth: 40 },
      { header: "STATE" },
      { header: "WHEN" },
      { header: "DURATION", align: "right" },
    ],
    runs.map((run) => [
      run.id,
      run.flow_name ?? run.flow_id,
      run.name,
      { text: run.state_name ?? "-", style: stateColor(run.state_type, colors) },
      formatTimestamp(run.start_time ?? run.expected_start_time),
      runDuration(run),
    ]),
    toCome
      ? "No scheduled runs to come. A deployment's schedules create them: `steward deployment schedule ls FLOW/NAME`."
      : "No flow runs match. Run a flow with `steward flow run path/to/file.ts:flowName`.",
  );
}

/** Time spent running so far, or "-" for a run that never started (flow runs and task runs alike). */
export function runDuration(run: Pick<FlowRun, "start_time" | "estimated_run_time">): string {
  if (run.start_time === null && run.estimated_run_time === 0) return "-";
  return formatDuration(run.estimated_run_time * 1000);
}
