import type { Command } from "commander";
import { FlowSort } from "../../api/filters.js";
import { collect, parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import { formatTimestamp } from "../format.js";
import { addListOptions, apiSort, noteMore, sortName, takeLimit } from "../list-options.js";
import { fetchUpTo } from "../paging.js";
import { type DeployFlags, flagOverrides } from "../deployments/deploy-flags.js";
import { runFlowFromEntrypoint } from "../run-local.js";
import { cliWorkerLog, stopOnSignal } from "./worker.js";

/** Flags of `steward flow serve`. */
interface ServeFlags extends Pick<
  DeployFlags,
  | "param"
  | "params"
  | "tag"
  | "interval"
  | "cron"
  | "rrule"
  | "timezone"
  | "anchorDate"
  | "description"
  | "version"
> {
  name: string;
  limit?: number;
  pauseOnShutdown: boolean;
}

const SERVE_EXAMPLES = `
Examples:
  steward flow serve flows/hello.ts:hello --name hello
  steward flow serve flows/etl.ts:etl --name hourly --interval 3600 --limit 2 --param rows=10
  steward flow serve flows/etl.ts:etl --name nightly --cron "0 2 * * *" --timezone Europe/Paris`;

/** `steward flow …`: list flows and run one from an entrypoint in this process. */
export function registerFlowCommands(program: Command, ctx: CliContext): void {
  const flow = program
    .command("flow")
    .description("List flows, run a flow in this process, or serve one from this process.");

  const ls = flow.command("ls").description("List flows, newest first.");
  addListOptions(ls, {
    what: "flows",
    sorts: FlowSort.options.map(sortName),
    defaultSort: sortName("CREATED_DESC"),
    defaultLimit: 15,
  })
    .option("--json", "Print the flows as JSON.")
    .action((options: { limit: number; sort: string; json?: boolean }) => listFlows(ctx, options));

  flow
    .command("run")
    .description("Run a flow in this process (tracked when an API is configured) and print its result.")
    .argument("<entrypoint>", "path/to/file.ts:exportName, relative to the current directory")
    .option(
      "-p, --param <key=value>",
      "A parameter (repeatable); the value is parsed as JSON when it can be.",
      collect,
    )
    .option("--params <json>", "Parameters as a JSON object; --param values win over these.")
    .addHelpText("after", "\nExample:\n  steward flow run flows/hello.ts:hello --param name=Ada")
    .action(async (entrypoint: string, options: { param?: string[]; params?: string }) => {
      await runFlowFromEntrypoint(ctx, entrypoint, options);
    });

  flow
    .command("serve")
    .description(
      "Register a deployment of a flow (no work pool) and run its flow runs from this process until Ctrl+C.",
    )
    .argument("<entrypoint>", "path/to/file.ts:exportName, relative to the current directory")
    .requiredOption("-n, --name <name>", "Deployment name: it is addressed as FLOW/NAME.")
    .option("--interval <every>", "Run every N seconds, or an ISO-8601 duration (PT10M) / 10m.")
    .option("--cron <expression>", 'Run on a cron schedule, e.g. "0 2 * * *".')
    .option("--rrule <rule>", 'Run on an RFC 5545 rule, e.g. "FREQ=WEEKLY;BYDAY=MO".')
    .option("--timezone <zone>", "Time zone of the schedule, e.g. Europe/Paris. Default: UTC.")
    .option("--anchor-date <iso>", "Start of the interval schedule, e.g. 2025-01-01T00:00:00Z.")
    .option("-l, --limit <n>", "Most flow runs to run at once (default: 5).", parseCount)
    .option("-p, --param <key=value>", "A default parameter (repeatable); JSON when it parses.", collect)
    .option("--params <json>", "Default parameters as a JSON object; --param values win.")
    .option("-t, --tag <tag>", "A tag (repeatable).", collect)
    .option("--version <version>", "Version of the deployment.")
    .option("-d, --description <text>", "What the deployment does.")
    .option("--no-pause-on-shutdown", "Leave the deployment's schedules active when serving stops.")
    .addHelpText("after", SERVE_EXAMPLES)
    .action((entrypoint: string, flags: ServeFlags) => serveEntrypoint(ctx, entrypoint, flags));
}

/** `steward flow ls`: flows in the order asked for (newest first by default). */
async function listFlows(
  ctx: CliContext,
  options: { limit: number; sort: string; json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const sort = apiSort(options.sort, FlowSort.options);
  // One more than asked for tells whether the list goes on.
  const flows = await fetchUpTo(options.limit + 1, (offset, limit) =>
    client.call("filterFlows", { body: { sort, limit, offset } }),
  );
  const listed = takeLimit(flows, options.limit);
  if (options.json) return ctx.out.json(listed.shown);
  ctx.out.table(
    [{ header: "ID", minWidth: 36 }, { header: "NAME" }, { header: "CREATED" }],
    listed.shown.map((f) => [f.id, f.name, formatTimestamp(f.created)]),
    "No flows yet. Run one with `steward flow run path/to/file.ts:flowName`.",
  );
  noteMore(ctx.out, { ...listed, what: "flows" });
}

/**
 * `steward flow serve ENTRYPOINT --name N …`: imports the flow, registers its deployment without a
 * pool and runs a runner for it here. First Ctrl+C: stop claiming, let running flows finish within
 * the grace, pause the schedules; a second one stops running flows at once.
 */
async function serveEntrypoint(ctx: CliContext, entrypoint: string, flags: ServeFlags): Promise<void> {
  // Flags are checked before the flow file is imported or the API is called.
  const { name: _name, limit: _limit, pauseOnShutdown: _pause, ...deployFlags } = flags;
  const overrides = flagOverrides(deployFlags);
  const settings = ctx.apiSettings();
  const { loadFlow } = await import("../deployments/deploy-entrypoint.js");
  const { startServing } = await import("../../sdk/serve.js");
  const flowToServe = await loadFlow(entrypoint, ctx.cwd);
  const served = await startServing({ client: ctx.client(), settings, cwd: ctx.cwd }, flowToServe, {
    name: flags.name,
    entrypoint,
    parameters: overrides.parameters,
    tags: overrides.tags,
    schedules: overrides.schedules,
    description: overrides.description,
    version: overrides.version,
    limit: flags.limit,
    pauseOnShutdown: flags.pauseOnShutdown,
    print: (line) => ctx.out.line(line),
    runner: {
      log: cliWorkerLog(ctx),
      output: (line, stream) => (stream === "stderr" ? ctx.io.stderr : ctx.io.stdout).write(`${line}\n`),
      env: ctx.io.env,
    },
  });
  const release = stopOnSignal(ctx.io.signals ?? process, ctx, (graceMs) => void served.stop({ graceMs }));
  try {
    await served.finished;
  } finally {
    release();
  }
}
