import type { Command } from "commander";
import { parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import { addListOptions, sortedHere } from "../list-options.js";
import { parseHours, parseLimit } from "../work-pools/options.js";
import {
  inspectQueue,
  listQueues,
  previewQueue,
  QUEUE_SORTS,
  type QueueListOptions,
} from "../work-pools/queue-views.js";
import {
  createQueue,
  deleteQueue,
  type QueueOptions,
  setQueueLimit,
  setQueuePaused,
  updateQueue,
} from "../work-pools/queues.js";

const POOL_FLAGS = "-p, --pool <pool>";
const POOL_HELP = "The work pool of the queue (required).";

/** `steward work-queue …`: the queues of a work pool, which order and limit its runs. */
export function registerWorkQueueCommands(program: Command, ctx: CliContext): void {
  const queue = program
    .command("work-queue")
    .description("Manage the work queues of a pool: their priority (1 first) and limits.");

  queue
    .command("create")
    .description("Create a queue in a pool.")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .option("--priority <n>", "1 is served first. Default: the first free priority.", parseCount)
    .option("--limit <n>", "At most N runs of the queue PENDING or RUNNING at once.", parseLimit)
    .option("--description <text>", "What the queue is for.")
    .addHelpText("after", "\nExample:\n  steward work-queue create urgent --pool my-pool --priority 1")
    .action((name: string, options: QueueOptions) => createQueue(ctx, name, options));

  const ls = queue
    .command("ls")
    .description("List the queues of a pool by priority.")
    .option(POOL_FLAGS, POOL_HELP);
  addListOptions(ls, {
    what: "queues",
    sorts: Object.keys(QUEUE_SORTS),
    defaultSort: "priority-asc",
    sortHelp: sortedHere("work queues"),
  })
    .option("--json", "Print the queues as JSON.")
    .action((options: QueueListOptions) => listQueues(ctx, options));

  queue
    .command("inspect")
    .description("Show every field of a queue.")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .option("--json", "Print the queue as JSON.")
    .action((name: string, options: QueueOptions & { json?: boolean }) => inspectQueue(ctx, name, options));

  queue
    .command("update")
    .description("Change a queue's priority, limit or description.")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .option("--priority <n>", "1 is served first.", parseCount)
    .option("--limit <n>", "At most N runs of the queue PENDING or RUNNING at once.", parseLimit)
    .option("--description <text>", "What the queue is for.")
    .action((name: string, options: QueueOptions) => updateQueue(ctx, name, options));

  for (const [command, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    queue
      .command(command)
      .description(paused ? "Pause a queue: its runs wait." : "Resume a paused queue.")
      .argument("<name>", "Name of the queue")
      .option(POOL_FLAGS, POOL_HELP)
      .action((name: string, options: QueueOptions) => setQueuePaused(ctx, name, options, paused));
  }

  queue
    .command("set-concurrency-limit")
    .description("Limit how many runs of the queue may be PENDING or RUNNING at once.")
    .argument("<name>", "Name of the queue")
    .argument("<limit>", "The limit (0 or more)", parseLimit)
    .option(POOL_FLAGS, POOL_HELP)
    .action((name: string, limit: number, options: QueueOptions) => setQueueLimit(ctx, name, limit, options));

  queue
    .command("clear-concurrency-limit")
    .description("Remove a queue's concurrency limit.")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .action((name: string, options: QueueOptions) => setQueueLimit(ctx, name, null, options));

  queue
    .command("delete")
    .description("Delete a queue (not a pool's default queue).")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .action((name: string, options: QueueOptions) => deleteQueue(ctx, name, options));

  queue
    .command("preview")
    .description("List the scheduled runs of a queue due soon (late ones included), soonest first.")
    .argument("<name>", "Name of the queue")
    .option(POOL_FLAGS, POOL_HELP)
    .option("--hours <h>", "How far ahead to look.", parseHours, 1)
    .option("--json", "Print the runs as JSON.")
    .action((name: string, options: QueueOptions & { hours: number; json?: boolean }) =>
      previewQueue(ctx, name, options),
    );
}
