import type { Command } from "commander";
import { ROLES } from "../../core/access.js";
import { collect } from "../args.js";
import type { CliContext } from "../context.js";
import { type CreateKeyOptions, createApiKey, listApiKeys, revokeApiKey } from "../api-keys/commands.js";

const EXAMPLES = `
Roles: admin (everything, keys too), developer (flows, deployments, runs, schedules, automations),
operator (run, cancel, pause, retry; no new code), worker (claim and report runs of its pools),
viewer (read). docs/auth.md lists what each route needs.
Examples:
  steward api-key create ci --role developer --expires 90d
  steward api-key create worker-east --role worker --pool east --pool east-gpu
  STEWARD_API_KEY=stw_… steward worker start --pool east`;

/** `steward api-key …`: API keys and their roles (admins only). */
export function registerApiKeyCommands(program: Command, ctx: CliContext): void {
  const apiKey = program.command("api-key").description("Create, list and revoke API keys (admins only).");

  apiKey
    .command("create")
    .description("Create an API key and print it (the only time it is shown).")
    .argument("<name>", "Name of the key, e.g. ci or worker-east")
    .requiredOption("--role <role>", `One of ${ROLES.join(", ")}.`)
    .option("--expires <duration>", "Stop working after this long, e.g. 30d (default: never).")
    .option("--pool <pool>", "A work pool a worker key may serve (repeatable; default: every pool).", collect)
    .option("--json", "Print the key and its record as JSON.")
    .addHelpText("after", EXAMPLES)
    .action((name: string, options: CreateKeyOptions) => createApiKey(ctx, name, options));

  apiKey
    .command("ls")
    .description("List API keys (never the keys themselves, only their prefix).")
    .option("--all", "Also list revoked and expired keys.")
    .option("--json", "Print the keys as JSON.")
    .action((options: { all?: boolean; json?: boolean }) => listApiKeys(ctx, options));

  apiKey
    .command("revoke")
    .description("Revoke an API key: it stops working at once.")
    .argument("<name>", "Name of the key")
    .action((name: string) => revokeApiKey(ctx, name));
}
