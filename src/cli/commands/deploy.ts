import type { Command } from "commander";
import { collect } from "../args.js";
import type { CliContext } from "../context.js";
import { deployEntrypoint } from "../deployments/deploy-entrypoint.js";
import type { DeployFlags } from "../deployments/deploy-flags.js";
import { deployFromProject } from "../deployments/deploy-project.js";
import { UsageError } from "../errors.js";
import { parseLimit } from "../work-pools/options.js";

const EXAMPLES = `
Examples:
  steward deploy flows/hello.ts:hello --name hello --pool my-pool --interval 60
  steward deploy flows/etl.ts:etl --name nightly --pool my-pool --cron "0 2 * * *" --timezone Europe/Paris
  steward deploy flows/etl.ts:etl --name sync --pool my-pool --interval PT10M --catchup-policy skip
  steward deploy flows/etl.ts:etl --name on-order --pool my-pool \
    --trigger '{"expect": ["order.created"], "parameters": {"id": "{{ event.payload.id }}"}}'
  steward deploy --all                 # every deployment in ./steward.yaml
  steward deploy --name nightly        # one of them (flags given here override the file)`;

/** `steward deploy`: registers deployments, from an entrypoint and flags or from steward.yaml. */
export function registerDeployCommand(program: Command, ctx: CliContext): void {
  program
    .command("deploy")
    .description("Create or update deployments: from an entrypoint and flags, or from steward.yaml.")
    .argument("[entrypoint]", "path/to/file.ts:exportName, relative to the current directory")
    .option("-n, --name <name>", "Deployment name (with --file mode: which ones; repeatable).", collect)
    .option("--all", "Deploy every deployment in steward.yaml.")
    .option("--file <file>", "The project file.", "steward.yaml")
    .option("-p, --pool <pool>", "Work pool whose workers run it (must exist).")
    .option("-q, --work-queue <queue>", "Queue of the pool (created if missing). Default: default.")
    .option("--param <key=value>", "A default parameter (repeatable); JSON when it parses.", collect)
    .option("--params <json>", "Default parameters as a JSON object; --param values win.")
    .option("--job-variable <key=value>", "A job variable (repeatable); env.FOO=bar nests.", collect)
    .option("-t, --tag <tag>", "A tag (repeatable).", collect)
    .option("--version <version>", "Version of the deployment.")
    .option("-d, --description <text>", "What the deployment does.")
    .option("--concurrency-limit <n>", "At most N of its runs PENDING or RUNNING at once.", parseLimit)
    .option("--collision-strategy <strategy>", "Beyond the limit: ENQUEUE (wait) or CANCEL_NEW.")
    .option("--enforce-parameter-schema", "Reject runs whose parameters break the flow's schema (default).")
    .option("--no-enforce-parameter-schema", "Accept runs whatever their parameters.")
    .option("--interval <every>", "Run every N seconds, or an ISO-8601 duration (PT10M) / 10m.")
    .option("--cron <expression>", 'Run on a cron schedule, e.g. "0 2 * * *".')
    .option("--rrule <rule>", 'Run on an RFC 5545 rule, e.g. "FREQ=WEEKLY;BYDAY=MO".')
    .option("--timezone <zone>", "Time zone of the schedule, e.g. Europe/Paris. Default: UTC.")
    .option("--anchor-date <iso>", "Start of the interval schedule, e.g. 2025-01-01T00:00:00Z.")
    .option(
      "--catchup-policy <policy>",
      "Runs missed while no worker was there: run_all, run_latest (default: only the newest) or skip.",
    )
    .option(
      "--trigger <json>",
      "Run it when a matching event arrives (repeatable): a JSON event trigger with parameters.",
      collect,
    )
    .addHelpText("after", EXAMPLES)
    .action(async (entrypoint: string | undefined, flags: DeployFlags, command: Command) => {
      // commander fills in the default, so only an explicit --file counts as choosing file mode.
      const fileGiven = command.getOptionValueSource("file") === "cli";
      if (entrypoint !== undefined) {
        if (flags.all || fileGiven) {
          throw new UsageError("Deploy an entrypoint or deployments of a file (--all / --file), not both.");
        }
        await deployEntrypoint(ctx, entrypoint, flags);
        return;
      }
      if (!flags.all && !flags.name?.length) {
        throw new UsageError(
          "Name what to deploy: an entrypoint (steward deploy flows/hello.ts:hello --name hello --pool POOL), " +
            "or deployments of steward.yaml with --all or --name NAME.",
        );
      }
      await deployFromProject(ctx, flags);
    });
}
