import type { Command } from "commander";
import { collect } from "../args.js";
import type { CliContext } from "../context.js";
import { addListOptions, sortName } from "../list-options.js";
import { inspectTaskRun } from "../task-runs/inspect.js";
import { listTaskRuns, TASK_RUN_SORTS, type TaskRunListOptions } from "../task-runs/list.js";

const LS_EXAMPLES = `
Examples:
  steward task-run ls --flow-run 0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d
  steward task-run ls --state failed --limit 5
  steward task-run inspect 0190b3c5-1a2b-7c3d-8e4f-5a6b7c8d9e0f`;

/** `steward task-run …`: list and inspect the task runs that flows record. */
export function registerTaskRunCommands(program: Command, ctx: CliContext): void {
  const taskRun = program
    .command("task-run")
    .description("List and inspect task runs: each call of a task inside a flow run.");

  const ls = taskRun
    .command("ls")
    .description("List the latest task runs, newest first; of one flow run with --flow-run.")
    .option("--flow-run <id>", "Only the task runs of this flow run.")
    .option(
      "--state <state>",
      "A state type (FAILED) or name (AwaitingRetry), any case; repeatable.",
      collect,
    );
  addListOptions(ls, {
    what: "task runs",
    sorts: TASK_RUN_SORTS,
    defaultSort: sortName("EXPECTED_START_TIME_DESC"),
    defaultLimit: 15,
  })
    .option("--json", "Print the task runs as JSON.")
    .addHelpText("after", LS_EXAMPLES)
    .action((options: TaskRunListOptions) => listTaskRuns(ctx, options));

  taskRun
    .command("inspect")
    .description("Show a task run: its fields, attempts, error if it failed, and state history.")
    .argument("<id>", "Task run id")
    .option("--json", "Print the task run (with its state_history) as JSON.")
    .action((id: string, options: { json?: boolean }) => inspectTaskRun(ctx, id, options));
}
