import type { WorkPool, WorkQueue, Worker } from "../../api/work-pools.js";
import type { CliContext } from "../context.js";
import { formatJson, formatTimestamp } from "../format.js";
import { poolQueues, readPool } from "./lookup.js";
import { limitText, statusCell, styled, workerStatusCell } from "./view.js";

/**
 * `steward work-pool inspect NAME`: the pool's fields, its job variables, queues and workers.
 * `--json` prints the pool as the API returns it, plus `work_queues` and `workers`.
 */
export async function inspectPool(ctx: CliContext, name: string, options: { json?: boolean }): Promise<void> {
  const client = ctx.client();
  const pool = await readPool(client, name);
  const [queues, workers] = await Promise.all([
    poolQueues(client, name),
    client.call("filterWorkers", { params: { name } }),
  ]);
  if (options.json) {
    ctx.out.json({ ...pool, work_queues: queues, workers });
    return;
  }
  ctx.out.keyValue(describePool(ctx, pool, queues));
  printVariables(ctx, pool);
  printQueues(ctx, queues);
  printWorkers(ctx, workers, pool.name);
}

function describePool(ctx: CliContext, pool: WorkPool, queues: WorkQueue[]): [string, string][] {
  const defaultQueue = queues.find((queue) => queue.id === pool.default_queue_id)?.name;
  return [
    ["ID", pool.id],
    ["Name", pool.name],
    ["Type", pool.type],
    ["Description", pool.description ?? "-"],
    ["Status", styled(statusCell(pool.status, ctx.out.colors))],
    ["Status updated", formatTimestamp(pool.status_updated)],
    ["Paused", pool.is_paused ? "yes" : "no"],
    ["Concurrency limit", limitText(pool.concurrency_limit)],
    ["Active slots", String(pool.active_slots)],
    ["Default queue", defaultQueue ?? pool.default_queue_id ?? "-"],
    ["Created", formatTimestamp(pool.created)],
    ["Updated", formatTimestamp(pool.updated)],
  ];
}

/** The template's variables: what a deployment's job variables may set, with defaults. */
function printVariables(ctx: CliContext, pool: WorkPool): void {
  const properties = (pool.base_job_template.variables.properties ?? {}) as Record<
    string,
    { type?: unknown; default?: unknown; description?: unknown; title?: unknown }
  >;
  ctx.out.line();
  ctx.out.line(ctx.out.colors.bold("Job variables (base job template)"));
  ctx.out.table(
    [{ header: "NAME" }, { header: "TYPE" }, { header: "DEFAULT", maxWidth: 30 }, { header: "DESCRIPTION" }],
    Object.entries(properties).map(([key, schema]) => [
      key,
      typeof schema.type === "string"
        ? schema.type
        : schema.type === undefined
          ? "any"
          : formatJson(schema.type),
      schema.default === undefined ? "-" : JSON.stringify(schema.default),
      String(schema.description ?? schema.title ?? ""),
    ]),
    "This pool's template declares no job variables.",
  );
}

function printQueues(ctx: CliContext, queues: WorkQueue[]): void {
  ctx.out.line();
  ctx.out.line(ctx.out.colors.bold("Work queues"));
  ctx.out.table(
    [
      { header: "NAME" },
      { header: "PRIORITY", align: "right" },
      { header: "CONCURRENCY", align: "right" },
      { header: "STATUS" },
      { header: "LAST POLLED" },
    ],
    queues.map((queue) => [
      queue.name,
      String(queue.priority),
      limitText(queue.concurrency_limit),
      statusCell(queue.status, ctx.out.colors),
      queue.last_polled ? formatTimestamp(queue.last_polled) : "never",
    ]),
    "This pool has no queues.",
  );
}

function printWorkers(ctx: CliContext, workers: Worker[], pool: string): void {
  ctx.out.line();
  ctx.out.line(ctx.out.colors.bold("Workers"));
  ctx.out.table(
    [{ header: "NAME" }, { header: "STATUS" }, { header: "LAST HEARTBEAT" }],
    workers.map((worker) => [
      worker.name,
      workerStatusCell(worker.status, ctx.out.colors),
      formatTimestamp(worker.last_heartbeat_time),
    ]),
    `No workers have polled this pool yet: start one with \`steward worker start --pool ${pool}\`.`,
  );
}
