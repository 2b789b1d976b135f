import type { FlowRunFilter } from "../../api/filters.js";
import type { FlowRun } from "../../api/flow-runs.js";
import type { StewardClient } from "../../client/client.js";
import { formatDuration } from "../../core/durations.js";
import type { CliContext } from "../context.js";
import { formatTimestamp, stateColor } from "../format.js";
import { fetchUpTo } from "../paging.js";
import { describeStateChoices, parseStateSelection } from "../state-filter.js";

/** Options of `steward flow-run ls`. */
export interface ListOptions {
  state?: string[];
  flowName?: string[];
  limit: number;
  json?: boolean;
}

/** `steward flow-run ls`: the newest flow runs, optionally filtered by state and flow name. */
export async function listFlowRuns(ctx: CliContext, options: ListOptions): Promise<void> {
  const client = ctx.client();
  const selection = parseStateSelection(options.state ?? []);
  for (const value of selection.unrecognised) {
    ctx.out.warn(
      `"${value}" is not a state type or a well-known state name (${describeStateChoices()}); matching it as a custom state name.`,
    );
  }
  const flows = options.flowName?.length ? { name: { any_: options.flowName } } : undefined;
  // The API ANDs its criteria, but `--state RUNNING --state Late` means "either": query each
  // kind separately and merge, newest first (ids are UUIDv7, so they sort by creation time).
  const stateFilters: FlowRunFilter[] = [];
  if (selection.types.length) stateFilters.push({ state: { type: { any_: selection.types } } });
  if (selection.names.length) stateFilters.push({ state: { name: { any_: selection.names } } });
  if (stateFilters.length === 0) stateFilters.push({});
  const batches = await Promise.all(
    stateFilters.map((flowRuns) => queryRuns(client, { flows, flow_runs: flowRuns }, options.limit)),
  );
  const runs = mergeNewestFirst(batches).slice(0, options.limit);
  if (options.json) ctx.out.json(runs);
  else printRuns(ctx, runs);
}

function queryRuns(
  client: StewardClient,
  filters: { flows?: { name: { any_: string[] } }; flow_runs: FlowRunFilter },
  wanted: number,
): Promise<FlowRun[]> {
  return fetchUpTo(wanted, (offset, limit) =>
    client.call("filterFlowRuns", { body: { ...filters, sort: "ID_DESC", limit, offset } }),
  );
}

function mergeNewestFirst(batches: FlowRun[][]): FlowRun[] {
  const byId = new Map<string, FlowRun>();
  for (const run of batches.flat()) byId.set(run.id, run);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function printRuns(ctx: CliContext, runs: FlowRun[]): void {
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
    "No flow runs match. Run a flow with `steward flow run path/to/file.ts:flowName`.",
  );
}

/** Time spent running so far, or "-" for a run that never started. */
export function runDuration(run: FlowRun): string {
  if (run.start_time === null && run.estimated_run_time === 0) return "-";
  return formatDuration(run.estimated_run_time * 1000);
}
