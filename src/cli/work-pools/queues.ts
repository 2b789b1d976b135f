import type { WorkQueueUpdate } from "../../api/work-pools.js";
import { isApiError } from "../../client/errors.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { forPool, forQueue } from "./lookup.js";

/** Options shared by the `steward work-queue` commands. */
export interface QueueOptions {
  pool?: string;
  priority?: number;
  limit?: number;
  description?: string;
}

/**
 * The `--pool` of a work-queue command. Checked here rather than by commander so the message can
 * say why it is needed and where to find pool names.
 */
export function requirePool(options: { pool?: string }, command: string): string {
  if (options.pool) return options.pool;
  throw new UsageError(
    `--pool is required: queue names are unique only within a pool. ` +
      `Run \`steward work-queue ${command} --pool POOL\` (list pools with \`steward work-pool ls\`).`,
  );
}

/** `steward work-queue create NAME --pool POOL`. */
export async function createQueue(ctx: CliContext, name: string, options: QueueOptions): Promise<void> {
  const pool = requirePool(options, `create ${name}`);
  const client = ctx.client();
  try {
    const queue = await forPool(client, pool, () =>
      client.call("createWorkQueue", {
        params: { name: pool },
        body: {
          name,
          priority: options.priority,
          concurrency_limit: options.limit,
          description: options.description,
        },
      }),
    );
    ctx.out.line(`Created work queue "${queue.name}" in pool "${pool}" with priority ${queue.priority}.`);
  } catch (error) {
    if (isApiError(error, 409)) {
      throw new CliError(
        `Work queue "${name}" already exists in pool "${pool}". Change it with ` +
          `\`steward work-queue update ${name} --pool ${pool} …\`.`,
      );
    }
    throw error;
  }
}

async function patchQueue(
  ctx: CliContext,
  pool: string,
  name: string,
  patch: WorkQueueUpdate,
): Promise<void> {
  const client = ctx.client();
  await forQueue(client, pool, name, () =>
    client.call("updateWorkQueue", { params: { name: pool, queue_name: name }, body: patch }),
  );
}

/** `steward work-queue update NAME --pool POOL [--priority N] [--limit N] [--description D]`. */
export async function updateQueue(ctx: CliContext, name: string, options: QueueOptions): Promise<void> {
  const pool = requirePool(options, `update ${name}`);
  const patch: WorkQueueUpdate = {};
  if (options.priority !== undefined) patch.priority = options.priority;
  if (options.limit !== undefined) patch.concurrency_limit = options.limit;
  if (options.description !== undefined) patch.description = options.description;
  if (Object.keys(patch).length === 0) {
    throw new UsageError("Nothing to update: pass --priority N, --limit N or --description TEXT.");
  }
  await patchQueue(ctx, pool, name, patch);
  ctx.out.line(`Updated work queue "${name}" of pool "${pool}".`);
}

/** `steward work-queue pause|resume NAME --pool POOL`. */
export async function setQueuePaused(
  ctx: CliContext,
  name: string,
  options: QueueOptions,
  paused: boolean,
): Promise<void> {
  const pool = requirePool(options, `${paused ? "pause" : "resume"} ${name}`);
  await patchQueue(ctx, pool, name, { is_paused: paused });
  ctx.out.line(
    paused
      ? `Paused work queue "${name}" of pool "${pool}": its runs wait until it is resumed.`
      : `Resumed work queue "${name}" of pool "${pool}".`,
  );
}

/** `steward work-queue set-concurrency-limit NAME N --pool POOL` / `clear-concurrency-limit`. */
export async function setQueueLimit(
  ctx: CliContext,
  name: string,
  limit: number | null,
  options: QueueOptions,
): Promise<void> {
  const command = limit === null ? "clear-concurrency-limit" : "set-concurrency-limit";
  const pool = requirePool(options, `${command} ${name}`);
  await patchQueue(ctx, pool, name, { concurrency_limit: limit });
  ctx.out.line(
    limit === null
      ? `Work queue "${name}" of pool "${pool}" has no concurrency limit now.`
      : `Work queue "${name}" of pool "${pool}" runs at most ${limit} flow run${limit === 1 ? "" : "s"} at once.`,
  );
}

/** `steward work-queue delete NAME --pool POOL` (the pool's default queue cannot be deleted). */
export async function deleteQueue(ctx: CliContext, name: string, options: QueueOptions): Promise<void> {
  const pool = requirePool(options, `delete ${name}`);
  const client = ctx.client();
  try {
    await forQueue(client, pool, name, () =>
      client.call("deleteWorkQueue", { params: { name: pool, queue_name: name } }),
    );
  } catch (error) {
    if (isApiError(error) && (error.status === 409 || error.status === 400 || error.status === 403)) {
      throw new CliError(`${error.message} (A pool's default queue can only go with the pool.)`);
    }
    throw error;
  }
  ctx.out.line(`Deleted work queue "${name}" of pool "${pool}".`);
}
