import type { WorkPool } from "../../api/work-pools.js";
import { namedSorts, sortedBy } from "../compare.js";
import type { CliContext } from "../context.js";
import { noteMore, takeLimit } from "../list-options.js";
import { fetchUpTo } from "../paging.js";
import { limitText, statusCell } from "./view.js";

/** The `--sort` orders of `steward work-pool ls` (the CLI sorts: the API lists pools by name). */
export const POOL_SORTS = namedSorts<WorkPool>();

/** Options of `steward work-pool ls`. */
export interface PoolListOptions {
  limit?: number;
  sort: string;
  json?: boolean;
}

/** `steward work-pool ls`: every pool with its status, limit, busy slots and number of queues. */
export async function listPools(ctx: CliContext, options: PoolListOptions): Promise<void> {
  const client = ctx.client();
  const fetched = await fetchUpTo(Number.POSITIVE_INFINITY, (offset, limit) =>
    client.call("filterWorkPools", { body: { limit, offset } }),
  );
  const order = POOL_SORTS[options.sort];
  const listed = takeLimit(order ? sortedBy(fetched, order) : fetched, options.limit);
  const pools = listed.shown;
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
  noteMore(ctx.out, { ...listed, what: "work pools", total: fetched.length });
}
