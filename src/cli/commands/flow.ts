import type { Command } from "commander";
import { collect, parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import { formatTimestamp } from "../format.js";
import { fetchUpTo } from "../paging.js";
import { runFlowFromEntrypoint } from "../run-local.js";

/** `steward flow …`: list flows and run one from an entrypoint in this process. */
export function registerFlowCommands(program: Command, ctx: CliContext): void {
  const flow = program.command("flow").description("List flows and run a flow in this process.");

  flow
    .command("ls")
    .description("List flows, newest first.")
    .option("--limit <n>", "How many flows to show.", parseCount, 15)
    .option("--json", "Print the flows as JSON.")
    .action(async (options: { limit: number; json?: boolean }) => {
      const client = ctx.client();
      const flows = await fetchUpTo(options.limit, (offset, limit) =>
        client.call("filterFlows", { body: { sort: "CREATED_DESC", limit, offset } }),
      );
      if (options.json) {
        ctx.out.json(flows);
        return;
      }
      ctx.out.table(
        [{ header: "ID", minWidth: 36 }, { header: "NAME" }, { header: "CREATED" }],
        flows.map((f) => [f.id, f.name, formatTimestamp(f.created)]),
        "No flows yet. Run one with `steward flow run path/to/file.ts:flowName`.",
      );
    });

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
}
