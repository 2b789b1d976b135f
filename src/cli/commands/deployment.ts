import type { Command } from "commander";
import { collect } from "../args.js";
import type { CliContext } from "../context.js";
import { inspectDeployment } from "../deployments/inspect.js";
import { DEPLOYMENT_SORTS, type DeploymentListOptions, listDeployments } from "../deployments/list.js";
import { deleteDeployment, setDeploymentPaused } from "../deployments/manage.js";
import { type RunDeploymentOptions, runDeployment } from "../deployments/run.js";
import { registerScheduleCommands } from "../deployments/schedules-command.js";
import { addListOptions, sortName } from "../list-options.js";

const NAME_ARGUMENT = "FLOW/DEPLOYMENT, e.g. hello/hello";

/** `steward deployment …`: list, inspect, run, pause, resume and delete deployments; their schedules. */
export function registerDeploymentCommands(program: Command, ctx: CliContext): void {
  const deployment = program
    .command("deployment")
    .description("Inspect, run and manage deployments (create them with `steward deploy`).");

  const ls = deployment.command("ls").description("List deployments with their pool, schedules and status.");
  addListOptions(ls, {
    what: "deployments",
    sorts: DEPLOYMENT_SORTS,
    defaultSort: sortName("NAME_ASC"),
    sortHelp: "The name orders go by FLOW/DEPLOYMENT (sorted by the CLI over all deployments).",
  })
    .option("--json", "Print the deployments as JSON.")
    .action((options: DeploymentListOptions) => listDeployments(ctx, options));

  deployment
    .command("inspect")
    .description("Show every field of a deployment.")
    .argument("<name>", NAME_ARGUMENT)
    .option("--json", "Print the deployment as JSON.")
    .action((name: string, options: { json?: boolean }) => inspectDeployment(ctx, name, options));

  deployment
    .command("run")
    .description("Create a flow run of a deployment, for a worker of its pool to run.")
    .argument("<name>", NAME_ARGUMENT)
    .option("-p, --param <key=value>", "A parameter (repeatable); JSON when it parses.", collect)
    .option("--params <json>", "Parameters as a JSON object; --param values win.")
    .option(
      "--job-variable <key=value>",
      "A job variable for this run (repeatable); env.FOO=bar nests.",
      collect,
    )
    .option("--start-in <duration>", 'Start later: "30s", "5 minutes", "1h30m".')
    .option("--start-at <time>", "Start at an ISO-8601 time, e.g. 2025-06-01T09:30:00Z.")
    .option("-t, --tag <tag>", "A tag for the run (repeatable).", collect)
    .option("--flow-run-name <name>", "Name of the run. Default: a generated one.")
    .option("-w, --watch", "Follow the run's states and logs until it ends; exit 1 unless it completes.")
    .addHelpText("after", "\nExample:\n  steward deployment run hello/hello --param name=Ada --watch")
    .action((name: string, options: RunDeploymentOptions) => runDeployment(ctx, name, options));

  for (const [command, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    deployment
      .command(command)
      .description(
        paused ? "Pause a deployment: its schedules create no runs." : "Resume a paused deployment.",
      )
      .argument("<name>", NAME_ARGUMENT)
      .action((name: string) => setDeploymentPaused(ctx, name, paused));
  }

  deployment
    .command("delete")
    .description("Delete a deployment and its scheduled runs.")
    .argument("<name>", NAME_ARGUMENT)
    .action((name: string) => deleteDeployment(ctx, name));

  registerScheduleCommands(deployment, ctx);
}
