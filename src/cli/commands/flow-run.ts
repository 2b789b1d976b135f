import { type Command, Option } from "commander";
import { FLOW_RUN_SORT_VALUES } from "../../api/flow-run-sorts.js";
import { collect, parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import type { ListOptions } from "../flow-runs/list.js";
import type { LogsOptions } from "../flow-runs/logs.js";
import { addListOptions, sortName } from "../list-options.js";

/** The `--sort` orders of `steward flow-run ls`: the API's flow-run sorts. */
export const FLOW_RUN_SORTS = FLOW_RUN_SORT_VALUES.map(sortName);

const LS_EXAMPLES = `
Examples:
  steward flow-run ls --state failed --flow-name etl
  steward flow-run ls --upcoming --limit 5
  steward flow-run ls --sort end-time-desc --json | jq -r '.[].id'`;

/**
 * `steward flow-run …`: list, inspect, follow, cancel and delete flow runs. Each action's module
 * is loaded when it runs: a flow-run process (`execute`) loads only what executing needs.
 */
export function registerFlowRunCommands(program: Command, ctx: CliContext): void {
  const flowRun = program.command("flow-run").description("Inspect and manage flow runs.");

  const ls = flowRun
    .command("ls")
    .description(
      "List the latest flow runs, newest start first (or expected start, before they start); " +
        "scheduled runs still to come are left out: --upcoming lists them.",
    )
    .option("--state <state>", "A state type (RUNNING) or name (Late), any case; repeatable.", collect)
    .option("--flow-name <name>", "Only runs of this flow; repeatable.", collect)
    .option("--upcoming", "List the scheduled runs still to come instead, soonest first.");
  addListOptions(ls, {
    what: "runs",
    sorts: FLOW_RUN_SORTS,
    defaultLimit: 15,
    sortHelp: "Default: start-time-desc; with --upcoming, expected-start-time-asc.",
  })
    .option("--json", "Print the flow runs as JSON.")
    .addHelpText("after", LS_EXAMPLES)
    .action(async (options: ListOptions) =>
      (await import("../flow-runs/list.js")).listFlowRuns(ctx, options),
    );

  flowRun
    .command("inspect")
    .description("Show every detail of a flow run.")
    .argument("<id>", "Flow run id")
    .option("--json", "Print the flow run as JSON.")
    .action(async (id: string, options: { json?: boolean }) =>
      (await import("../flow-runs/inspect.js")).inspectFlowRun(ctx, id, options),
    );

  flowRun
    .command("logs")
    .description("Print a flow run's logs in order.")
    .argument("<id>", "Flow run id")
    .option("-f, --follow", "Keep printing new lines until the run finishes.")
    .option("--head <n>", "Only the first N lines.", parseCount)
    .option("--tail <n>", "Only the last N lines.", parseCount)
    .option("--level <level>", "Only lines at this level or above: DEBUG, INFO, WARNING, ERROR, CRITICAL.")
    .option("--json", "Print each line as one JSON object per line.")
    .action(async (id: string, options: LogsOptions) =>
      (await import("../flow-runs/logs.js")).showFlowRunLogs(ctx, id, options),
    );

  flowRun
    .command("cancel")
    .description("Cancel a flow run that has not finished.")
    .argument("<id>", "Flow run id")
    .action(async (id: string) => (await import("../flow-runs/cancel.js")).cancelFlowRun(ctx, id));

  flowRun
    .command("execute")
    .description(
      "Run a deployment's flow run in this process: pull steps, entrypoint, flow (what workers start for each run).",
    )
    .argument("[id]", "Flow run id (default: STEWARD_FLOW_RUN_ID)")
    // Workers start warm processes with it: load now, wait for a run on the IPC channel.
    .addOption(new Option("--warm").hideHelp())
    .action(async (id: string | undefined, options: { warm?: boolean }) =>
      options.warm
        ? (await import("../flow-runs/warm-start.js")).executeWhenAssigned(ctx)
        : (await import("../flow-runs/execute.js")).executeFlowRunCommand(ctx, id),
    );

  flowRun
    .command("delete")
    .description("Delete a flow run with its task runs, states and logs.")
    .argument("<id>", "Flow run id")
    .action(async (id: string) => (await import("../flow-runs/delete.js")).deleteFlowRun(ctx, id));
}
