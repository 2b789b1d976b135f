import type { WorkPoolUpdate } from "../../api/work-pools.js";
import { isApiError } from "../../client/errors.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { templateRejected } from "./create.js";
import { forPool } from "./lookup.js";
import { readTemplateFile } from "./template-file.js";

/** Options of `steward work-pool update`. */
export interface UpdatePoolOptions {
  baseJobTemplate?: string;
  concurrencyLimit?: number;
  description?: string;
}

/** Sends `patch` to pool `name`, with clear messages for a missing pool or a rejected template. */
async function patchPool(ctx: CliContext, name: string, patch: WorkPoolUpdate): Promise<void> {
  const client = ctx.client();
  try {
    await forPool(client, name, () => client.call("updateWorkPool", { params: { name }, body: patch }));
  } catch (error) {
    if (isApiError(error, 422)) throw templateRejected(error);
    throw error;
  }
}

/** `steward work-pool update NAME`: changes the template, limit or description. */
export async function updatePool(ctx: CliContext, name: string, options: UpdatePoolOptions): Promise<void> {
  const patch: WorkPoolUpdate = {};
  if (options.baseJobTemplate) patch.base_job_template = readTemplateFile(options.baseJobTemplate, ctx.cwd);
  if (options.concurrencyLimit !== undefined) patch.concurrency_limit = options.concurrencyLimit;
  if (options.description !== undefined) patch.description = options.description;
  if (Object.keys(patch).length === 0) {
    throw new UsageError(
      "Nothing to update: pass --base-job-template FILE, --concurrency-limit N or --description TEXT.",
    );
  }
  await patchPool(ctx, name, patch);
  ctx.out.line(`Updated work pool "${name}".`);
}

/** `steward work-pool pause|resume NAME`: a paused pool hands no runs to its workers. */
export async function setPoolPaused(ctx: CliContext, name: string, paused: boolean): Promise<void> {
  await patchPool(ctx, name, { is_paused: paused });
  ctx.out.line(
    paused
      ? `Paused work pool "${name}": its workers get no runs until \`steward work-pool resume ${name}\`.`
      : `Resumed work pool "${name}".`,
  );
}

/** `steward work-pool set-concurrency-limit NAME N` / `clear-concurrency-limit NAME`. */
export async function setPoolLimit(ctx: CliContext, name: string, limit: number | null): Promise<void> {
  await patchPool(ctx, name, { concurrency_limit: limit });
  ctx.out.line(
    limit === null
      ? `Work pool "${name}" has no concurrency limit now.`
      : `Work pool "${name}" runs at most ${limit} flow run${limit === 1 ? "" : "s"} at once.`,
  );
}

/** `steward work-pool delete NAME`: the pool with its queues and workers. */
export async function deletePool(ctx: CliContext, name: string): Promise<void> {
  const client = ctx.client();
  await forPool(client, name, () => client.call("deleteWorkPool", { params: { name } }));
  ctx.out.line(`Deleted work pool "${name}" with its queues and workers.`);
}
