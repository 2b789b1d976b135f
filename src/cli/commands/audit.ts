import type { Command } from "commander";
import { type AuditListOptions, listAuditRecords } from "../audit/commands.js";
import type { CliContext } from "../context.js";

const EXAMPLES = `
Every write through the API is recorded with the key or user that made it and the role it used
(heartbeats, claims, logs, events and task-run bookkeeping aside). Viewers may read it.
Examples:
  steward audit ls --resource <flow-run-or-deployment-id>
  steward audit ls --actor ci --action updateDeployment
  steward audit ls --kind user --json`;

/** `steward audit …`: the audit trail. */
export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command("audit").description("Read the audit trail: who wrote what, and when.");
  audit
    .command("ls")
    .description("List audit records, newest first.")
    .option("--resource <id>", "Records about this resource (an id, or a pool's name).")
    .option("--actor <name>", "Records of this key or user.")
    .option("--kind <kind>", "Records of this kind of caller: api-key, user, run, bootstrap, anonymous.")
    .option("--action <route>", "Records of this API route, e.g. deleteDeployment.")
    .option("--limit <n>", "How many (1–200, default 50).")
    .option("--json", "Print the records as JSON.")
    .addHelpText("after", EXAMPLES)
    .action((options: AuditListOptions) => listAuditRecords(ctx, options));
}
