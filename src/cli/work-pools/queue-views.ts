import type { WorkQueue } from "../../api/work-pools.js";
import { byNumber, byText, type Compare, namedSorts, sortedBy, thenBy } from "../compare.js";
import type { CliContext } from "../context.js";
import { formatTimestamp } from "../format.js";
import { noteMore, takeLimit } from "../list-options.js";
import { forQueue, poolQueues } from "./lookup.js";
import { previewRuns } from "./preview.js";
import { type QueueOptions, requirePool } from "./queues.js";
import { limitText, statusCell, styled } from "./view.js";

/** The `--sort` orders of `steward work-queue ls` (the CLI sorts: the API lists queues by priority). */
export const QUEUE_SORTS: Readonly<Record<string, Compare<WorkQueue>>> = {
  "priority-asc": thenBy(
    byNumber((queue) => queue.priority),
    byText((queue) => queue.name),
  ),
  ...namedSorts<WorkQueue>(),
};

/** Options of `steward work-queue ls`. */
export interface QueueListOptions {
  pool?: string;
  limit?: number;
  sort: string;
  json?: boolean;
}

/** `steward work-queue ls --pool POOL`: the pool's queues, by priority unless asked otherwise. */
export async function listQueues(ctx: CliContext, options: QueueListOptions): Promise<void> {
  const pool = requirePool(options, "ls");
  const fetched = await poolQueues(ctx.client(), pool);
  const order = QUEUE_SORTS[options.sort];
  const listed = takeLimit(order ? sortedBy(fetched, order) : fetched, options.limit);
  if (options.json) {
    ctx.out.json(listed.shown);
    return;
  }
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "PRIORITY", align: "right" },
      { header: "CONCURRENCY", align: "right" },
      { header: "ACTIVE", align: "right" },
      { header: "STATUS" },
      { header: "LAST POLLED" },
    ],
    listed.shown.map((queue) => [
      queue.name,
      String(queue.priority),
      limitText(queue.concurrency_limit),
      String(queue.active_slots),
      statusCell(queue.status, ctx.out.colors),
      queue.last_polled ? formatTimestamp(queue.last_polled) : "never",
    ]),
    `Pool "${pool}" has no queues.`,
  );
  noteMore(ctx.out, { ...listed, what: "queues", total: fetched.length });
}

function readQueue(ctx: CliContext, pool: string, name: string): Promise<WorkQueue> {
  const client = ctx.client();
  return forQueue(client, pool, name, () =>
    client.call("readWorkQueue", { params: { name: pool, queue_name: name } }),
  );
}

/** `steward work-queue inspect NAME --pool POOL`. */
export async function inspectQueue(
  ctx: CliContext,
  name: string,
  options: QueueOptions & { json?: boolean },
): Promise<void> {
  const pool = requirePool(options, `inspect ${name}`);
  const queue = await readQueue(ctx, pool, name);
  if (options.json) {
    ctx.out.json(queue);
    return;
  }
  ctx.out.keyValue([
    ["ID", queue.id],
    ["Name", queue.name],
    ["Pool", queue.work_pool_name],
    ["Description", queue.description ?? "-"],
    ["Priority", String(queue.priority)],
    ["Status", styled(statusCell(queue.status, ctx.out.colors))],
    ["Status updated", formatTimestamp(queue.status_updated)],
    ["Paused", queue.is_paused ? "yes" : "no"],
    ["Concurrency limit", limitText(queue.concurrency_limit)],
    ["Active slots", String(queue.active_slots)],
    ["Last polled", queue.last_polled ? formatTimestamp(queue.last_polled) : "never"],
    ["Created", formatTimestamp(queue.created)],
    ["Updated", formatTimestamp(queue.updated)],
  ]);
}

/** `steward work-queue preview NAME --pool POOL [--hours H]`. */
export async function previewQueue(
  ctx: CliContext,
  name: string,
  options: QueueOptions & { hours: number; json?: boolean },
): Promise<void> {
  const pool = requirePool(options, `preview ${name}`);
  await readQueue(ctx, pool, name); // a clear "not found" beats an empty preview
  await previewRuns(ctx, { pool, queue: name }, options);
}
