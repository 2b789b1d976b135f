import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { addListOptions, sortedHere } from "../list-options.js";
import { type CreatePoolOptions, createPool, printDefaultTemplate } from "../work-pools/create.js";
import { inspectPool } from "../work-pools/inspect.js";
import { listPools, POOL_SORTS, type PoolListOptions } from "../work-pools/list.js";
import { readPool } from "../work-pools/lookup.js";
import { parseHours, parseLimit } from "../work-pools/options.js";
import { previewRuns } from "../work-pools/preview.js";
import {
  deletePool,
  setPoolLimit,
  setPoolPaused,
  type UpdatePoolOptions,
  updatePool,
} from "../work-pools/update.js";

/** `steward work-pool …`: create, list, inspect, change and delete work pools. */
export function registerWorkPoolCommands(program: Command, ctx: CliContext): void {
  const pool = program
    .command("work-pool")
    .description("Manage work pools: where flow runs wait for workers of one infrastructure type.");

  pool
    .command("create")
    .description("Create a work pool (with its queue named default).")
    .argument("<name>", "Name of the pool")
    .option("-t, --type <type>", "Infrastructure type of its workers.", "process")
    .option("--base-job-template <file>", "A JSON file with {job_configuration, variables}.")
    .option("--paused", "Create it paused: its workers get no runs until resumed.")
    .option("--concurrency-limit <n>", "At most N runs PENDING or RUNNING in the pool.", parseLimit)
    .option("--description <text>", "What the pool is for.")
    .option("--overwrite", "Update the pool with these options if it already exists.")
    .addHelpText("after", "\nExample:\n  steward work-pool create --type process my-pool")
    .action((name: string, options: CreatePoolOptions) => createPool(ctx, name, options));

  const ls = pool.command("ls").description("List work pools with their status.");
  addListOptions(ls, {
    what: "pools",
    sorts: Object.keys(POOL_SORTS),
    defaultSort: "name-asc",
    sortHelp: sortedHere("work pools"),
  })
    .option("--json", "Print the pools as JSON.")
    .action((options: PoolListOptions) => listPools(ctx, options));

  pool
    .command("inspect")
    .description("Show a pool: its fields, job variables, queues and workers.")
    .argument("<name>", "Name of the pool")
    .option("--json", "Print the pool (with work_queues and workers) as JSON.")
    .action((name: string, options: { json?: boolean }) => inspectPool(ctx, name, options));

  pool
    .command("update")
    .description("Change a pool's base job template, concurrency limit or description.")
    .argument("<name>", "Name of the pool")
    .option("--base-job-template <file>", "A JSON file with {job_configuration, variables}.")
    .option("--concurrency-limit <n>", "At most N runs PENDING or RUNNING in the pool.", parseLimit)
    .option("--description <text>", "What the pool is for.")
    .action((name: string, options: UpdatePoolOptions) => updatePool(ctx, name, options));

  for (const [command, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    pool
      .command(command)
      .description(paused ? "Pause a pool: its workers get no runs." : "Resume a paused pool.")
      .argument("<name>", "Name of the pool")
      .action((name: string) => setPoolPaused(ctx, name, paused));
  }

  pool
    .command("set-concurrency-limit")
    .description("Limit how many runs of the pool may be PENDING or RUNNING at once.")
    .argument("<name>", "Name of the pool")
    .argument("<limit>", "The limit (0 or more)", parseLimit)
    .action((name: string, limit: number) => setPoolLimit(ctx, name, limit));

  pool
    .command("clear-concurrency-limit")
    .description("Remove a pool's concurrency limit.")
    .argument("<name>", "Name of the pool")
    .action((name: string) => setPoolLimit(ctx, name, null));

  pool
    .command("delete")
    .description("Delete a pool with its queues and workers.")
    .argument("<name>", "Name of the pool")
    .action((name: string) => deletePool(ctx, name));

  pool
    .command("preview")
    .description("List the scheduled runs of a pool due soon (late ones included), soonest first.")
    .argument("<name>", "Name of the pool")
    .option("--hours <h>", "How far ahead to look.", parseHours, 1)
    .option("--json", "Print the runs as JSON.")
    .action(async (name: string, options: { hours: number; json?: boolean }) => {
      await readPool(ctx.client(), name); // a clear "not found" beats an empty preview
      await previewRuns(ctx, { pool: name }, options);
    });

  pool
    .command("get-default-base-job-template")
    .description("Print the base job template a new pool of a type gets (to edit and pass back).")
    .requiredOption("-t, --type <type>", "Infrastructure type, e.g. process.")
    .option("-f, --file <file>", "Write it to this file instead of printing it.")
    .action((options: { type: string; file?: string }) => printDefaultTemplate(ctx, options));
}
