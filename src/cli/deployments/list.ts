import type { CliContext } from "../context.js";
import { fetchUpTo } from "../paging.js";
import { statusCell } from "../work-pools/view.js";
import { fullName } from "./lookup.js";
import { summariseSchedules } from "./schedule-summary.js";

/** `steward deployment ls`: every deployment by flow and name, with where and when it runs. */
export async function listDeployments(ctx: CliContext, options: { json?: boolean }): Promise<void> {
  const client = ctx.client();
  const deployments = await fetchUpTo(Number.POSITIVE_INFINITY, (offset, limit) =>
    client.call("filterDeployments", { body: { sort: "NAME_ASC", limit, offset } }),
  );
  if (options.json) {
    ctx.out.json(deployments);
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
    deployments
      .map((d) => ({ d, name: fullName(d) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ d, name }) => [
        name,
        d.work_pool_name ?? "-",
        d.work_queue_name ?? "-",
        summariseSchedules(d.schedules),
        d.paused ? { text: "yes", style: colors.yellow } : "no",
        statusCell(d.status, colors),
      ]),
    "No deployments yet. Create one with `steward deploy path/to/file.ts:flow --name NAME --pool POOL`.",
  );
}
