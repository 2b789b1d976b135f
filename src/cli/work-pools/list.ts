import type { CliContext } from "../context.js";
import { limitText, statusCell } from "./view.js";

/** `steward work-pool ls`: every pool with its status, limit, busy slots and number of queues. */
export async function listPools(ctx: CliContext, options: { json?: boolean }): Promise<void> {
  const client = ctx.client();
  const pools = await client.call("filterWorkPools", { body: {} });
  if (options.json) {
    ctx.out.json(pools);
    return;
  }
  // One call per pool: pools are few, and the count is what tells a new user "default" exists.
  const queueCounts = await Promise.all(
    pools.map(
      async (pool) => (await client.call("filterWorkQueues", { params: { name: pool.name } })).length,
    ),
  );
  const colors = ctx.out.colors;
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "TYPE" },
      { header: "STATUS" },
      { header: "CONCURRENCY", align: "right" },
      { header: "ACTIVE", align: "right" },
      { header: "QUEUES", align: "right" },
    ],
    pools.map((pool, i) => [
      pool.name,
      pool.type,
      statusCell(pool.status, colors),
      limitText(pool.concurrency_limit),
      String(pool.active_slots),
      String(queueCounts[i] ?? 0),
    ]),
    "No work pools yet. Create one with `steward work-pool create --type process my-pool`.",
  );
}
