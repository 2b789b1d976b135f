import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { WorkPool, WorkPoolUpdate } from "../../api/work-pools.js";
import type { StewardClient } from "../../client/client.js";
import { type ApiError, isApiError } from "../../client/errors.js";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { issuesError } from "../deployments/api-issues.js";
import { readTemplateFile } from "./template-file.js";

/** Options of `steward work-pool create`. */
export interface CreatePoolOptions {
  type: string;
  baseJobTemplate?: string;
  paused?: boolean;
  concurrencyLimit?: number;
  description?: string;
  overwrite?: boolean;
}

/**
 * `steward work-pool create NAME`: creates the pool (and its `default` queue). With `--overwrite`
 * an existing pool of the same type is updated with the given options instead.
 */
export async function createPool(ctx: CliContext, name: string, options: CreatePoolOptions): Promise<void> {
  const template = options.baseJobTemplate ? readTemplateFile(options.baseJobTemplate, ctx.cwd) : undefined;
  const client = ctx.client();
  const body = {
    name,
    type: options.type,
    description: options.description,
    is_paused: options.paused ?? false,
    concurrency_limit: options.concurrencyLimit,
    base_job_template: template,
  };
  try {
    const pool = await client.call("createWorkPool", { body });
    ctx.out.line(`Created work pool "${pool.name}" of type ${pool.type}, with its queue "default".`);
    ctx.out.note(`Start a worker that polls it with \`steward worker start --pool ${pool.name}\`.`);
  } catch (error) {
    if (isApiError(error, 409) && options.overwrite) {
      const { name: _, type, ...patch } = body;
      await overwritePool(ctx, client, name, type, patch);
      return;
    }
    throw explainCreateError(error, name);
  }
}

async function overwritePool(
  ctx: CliContext,
  client: StewardClient,
  name: string,
  type: string,
  patch: WorkPoolUpdate,
): Promise<void> {
  const existing: WorkPool = await client.call("readWorkPool", { params: { name } });
  if (existing.type !== type) {
    throw new CliError(
      `Work pool "${name}" exists with type ${existing.type}; --overwrite cannot change its type to ${type}. ` +
        `Delete it first with \`steward work-pool delete ${name}\`, or pick another name.`,
    );
  }
  try {
    await client.call("updateWorkPool", { params: { name }, body: patch });
  } catch (error) {
    throw explainCreateError(error, name);
  }
  ctx.out.line(`Updated existing work pool "${name}".`);
}

function explainCreateError(error: unknown, name: string): unknown {
  if (!isApiError(error)) return error;
  if (error.status === 409) {
    return new CliError(
      `Work pool "${name}" already exists. Pass --overwrite to update it with these options, ` +
        `or see it with \`steward work-pool inspect ${name}\`.`,
    );
  }
  if (error.code === "UNKNOWN_WORKER_TYPE") {
    return new CliError(`${sentence(error.message)} Pass one of them with --type (e.g. --type process).`);
  }
  if (error.status === 422) return templateRejected(error);
  return error;
}

/** `text` ending with a full stop, so a hint can follow it. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** A 422 about the pool's template or fields, with each problem listed. */
export function templateRejected(error: ApiError): CliError {
  return issuesError(
    error,
    "The API rejected the work pool",
    "Fix the listed fields (the template's defaults must match its variables schema) and retry.",
  );
}

async function readWorkerType(client: StewardClient, type: string) {
  try {
    return await client.call("readWorkerType", { params: { type } });
  } catch (error) {
    const unknown = isApiError(error, 404) && error.code !== "ROUTE_NOT_FOUND";
    if (isApiError(error) && (error.code === "UNKNOWN_WORKER_TYPE" || unknown)) {
      throw new CliError(`${sentence(error.message)} Pass a known type with --type (e.g. --type process).`);
    }
    throw error;
  }
}

/**
 * `steward work-pool get-default-base-job-template --type TYPE [--file OUT]`: the template a new
 * pool of that type gets, to edit and pass back with `--base-job-template`.
 */
export async function printDefaultTemplate(
  ctx: CliContext,
  options: { type: string; file?: string },
): Promise<void> {
  const info = await readWorkerType(ctx.client(), options.type);
  const text = `${JSON.stringify(info.default_base_job_template, null, 2)}\n`;
  if (!options.file) {
    ctx.io.stdout.write(text);
    return;
  }
  const file = resolve(ctx.cwd, options.file);
  writeFileSync(file, text);
  ctx.out.note(
    `Wrote the default ${options.type} base job template to ${file}. Edit it, then pass it with ` +
      `\`steward work-pool create --type ${options.type} NAME --base-job-template ${options.file}\`.`,
  );
}
