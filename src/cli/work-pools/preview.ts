import type { FlowRun } from "../../api/flow-runs.js";
import type { StewardClient } from "../../client/client.js";
import type { CliContext } from "../context.js";
import { formatTimestamp, stateColor } from "../format.js";
import { fetchUpTo } from "../paging.js";

/** What `preview` looks at: a pool, optionally one of its queues. */
export interface PreviewTarget {
  pool: string;
  queue?: string;
}

/** The most runs a preview lists: a person reads the first screens, not thousands of lines. */
const PREVIEW_LIMIT = 1_000;

/**
 * `steward work-pool preview` / `work-queue preview`: the SCHEDULED runs of a pool (or queue) due
 * within `hours`, late ones included, soonest first — what its workers will pick up next.
 * The pool (and queue) must already have been checked to exist.
 */
export async function previewRuns(
  ctx: CliContext,
  target: PreviewTarget,
  options: { hours: number; json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const before = new Date(Date.now() + options.hours * 3_600_000).toISOString();
  const runs = await fetchUpTo(PREVIEW_LIMIT, (offset, limit) =>
    client.call("filterFlowRuns", {
      body: {
        flow_runs: {
          state: { type: { any_: ["SCHEDULED"] } },
          work_pool_name: { any_: [target.pool] },
          ...(target.queue ? { work_queue_name: { any_: [target.queue] } } : {}),
          next_scheduled_start_time: { before_: before },
        },
        sort: "NEXT_SCHEDULED_START_TIME_ASC",
        limit,
        offset,
      },
    }),
  );
  if (options.json) {
    ctx.out.json(runs);
    return;
  }
  const names = await deploymentNames(client, runs);
  const colors = ctx.out.colors;
  const where = target.queue ? `queue "${target.queue}" of pool "${target.pool}"` : `pool "${target.pool}"`;
  ctx.out.table(
    [
      { header: "SCHEDULED" },
      { header: "STATE" },
      { header: "RUN", maxWidth: 30 },
      { header: "ID", minWidth: 36 },
      { header: "DEPLOYMENT", maxWidth: 40 },
      { header: "QUEUE" },
    ],
    runs.map((run) => [
      formatTimestamp(run.next_scheduled_start_time ?? run.expected_start_time),
      { text: run.state_name ?? "-", style: stateColor(run.state_type, colors) },
      run.name,
      run.id,
      run.deployment_id ? (names.get(run.deployment_id) ?? run.deployment_id) : "-",
      run.work_queue_name ?? "-",
    ]),
    `No runs of ${where} are scheduled within ${options.hours} hour${options.hours === 1 ? "" : "s"}.`,
  );
}

/** `flow/deployment` for each deployment id among `runs`, in one call. */
async function deploymentNames(client: StewardClient, runs: FlowRun[]): Promise<Map<string, string>> {
  const ids = [...new Set(runs.flatMap((run) => (run.deployment_id ? [run.deployment_id] : [])))];
  if (ids.length === 0) return new Map();
  const deployments = await client.call("filterDeployments", {
    body: { deployments: { id: { any_: ids.slice(0, 200) } } },
  });
  return new Map(deployments.map((d) => [d.id, `${d.flow_name}/${d.name}`]));
}
