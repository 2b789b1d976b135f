import { DeploymentQuery } from "../../api/deployments.js";
import { byText, sortedBy } from "../compare.js";
import type { CliContext } from "../context.js";
import { apiSort, noteMore, sortName, takeLimit } from "../list-options.js";
import { fetchUpTo } from "../paging.js";
import { statusCell } from "../work-pools/view.js";
import { fullName } from "./lookup.js";
import { summariseSchedules } from "./schedule-summary.js";

const API_SORTS = DeploymentQuery.shape.sort.unwrap().options;

/** The `--sort` orders of `steward deployment ls`: the API's deployment sorts. */
export const DEPLOYMENT_SORTS = API_SORTS.map(sortName);

/** Options of `steward deployment ls`. */
export interface DeploymentListOptions {
  limit?: number;
  sort: string;
  json?: boolean;
}

/**
 * `steward deployment ls`: deployments with where and when they run. The name orders go by
 * FLOW/DEPLOYMENT, which the API cannot sort by (it knows the deployment's own name only), so
 * every deployment is fetched and the CLI sorts them.
 */
export async function listDeployments(ctx: CliContext, options: DeploymentListOptions): Promise<void> {
  const client = ctx.client();
  const sort = apiSort(options.sort, API_SORTS);
  const fetched = await fetchUpTo(Number.POSITIVE_INFINITY, (offset, limit) =>
    client.call("filterDeployments", { body: { sort, limit, offset } }),
  );
  const ordered =
    sort === "NAME_ASC" || sort === "NAME_DESC"
      ? sortedBy(fetched, byText(fullName, sort === "NAME_ASC" ? "asc" : "desc"))
      : fetched;
  const listed = takeLimit(ordered, options.limit);
  if (options.json) {
    ctx.out.json(listed.shown);
    return;
  }
  const colors = ctx.out.colors;
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 50 },
      { header: "POOL", maxWidth: 30 },
      { header: "QUEUE", maxWidth: 20 },
      { header: "SCHEDULES", maxWidth: 40 },
      { header: "PAUSED" },
      { header: "STATUS" },
    ],
    listed.shown.map((d) => [
      fullName(d),
      d.work_pool_name ?? "-",
      d.work_queue_name ?? "-",
      summariseSchedules(d.schedules),
      d.paused ? { text: "yes", style: colors.yellow } : "no",
      statusCell(d.status, colors),
    ]),
    "No deployments yet. Create one with `steward deploy path/to/file.ts:flow --name NAME --pool POOL`.",
  );
  noteMore(ctx.out, { ...listed, what: "deployments", total: ordered.length });
}
