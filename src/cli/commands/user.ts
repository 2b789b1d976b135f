import { type Command, Option } from "commander";
import { USER_ROLES } from "../../api/users.js";
import type { CliContext } from "../context.js";
import type { PasswordOptions } from "../users/password-input.js";
import {
  type CreateUserOptions,
  createUser,
  disableUser,
  listUsers,
  setUserPassword,
  setUserRole,
} from "../users/commands.js";

const EXAMPLES = `
Users sign in to the web UI with a name and password; scripts and workers use API keys.
Roles: admin (everything, keys and users too), developer, operator, viewer (docs/auth.md).
Examples:
  steward user create ada --role developer            (asks for the password twice)
  printf '%s' "$PASSWORD" | steward user create ci-viewer --role viewer --password-stdin
  steward user set-role ada operator
  steward user disable ada`;

/** `--password-stdin`, and a hidden `--password` that is refused with a reason. */
function passwordOptions(command: Command): Command {
  return command
    .option("--password-stdin", "Read the password from standard input (one line).")
    .addOption(new Option("--password <password>", "Refused: use --password-stdin.").hideHelp());
}

/** `steward user …`: users who sign in to the UI with a password (admins only). */
export function registerUserCommands(program: Command, ctx: CliContext): void {
  const user = program
    .command("user")
    .description("Create, list, change and disable users of the web UI (admins only).");

  passwordOptions(
    user
      .command("create")
      .description("Create a user; the password is asked twice at a terminal, or read with --password-stdin.")
      .argument("<name>", "The user's name, e.g. ada or ada@example.com")
      .requiredOption("--role <role>", `One of ${USER_ROLES.join(", ")}.`)
      .option("--json", "Print the new user as JSON."),
  )
    .addHelpText("after", EXAMPLES)
    .action((name: string, options: CreateUserOptions) => createUser(ctx, name, options));

  user
    .command("ls")
    .description("List users with their role, creation, last sign-in and status.")
    .option("--all", "Also list disabled users.")
    .option("--json", "Print the users as JSON.")
    .action((options: { all?: boolean; json?: boolean }) => listUsers(ctx, options));

  passwordOptions(
    user
      .command("set-password")
      .description("Set a new password for a user (their open sessions end).")
      .argument("<name>", "Name of the user"),
  ).action((name: string, options: PasswordOptions) => setUserPassword(ctx, name, options));

  user
    .command("set-role")
    .description("Give a user another role; it applies to their open sessions at once.")
    .argument("<name>", "Name of the user")
    .argument("<role>", `One of ${USER_ROLES.join(", ")}.`)
    .action((name: string, role: string) => setUserRole(ctx, name, role));

  user
    .command("disable")
    .description("Disable a user: their sessions end at once and they can no longer sign in.")
    .argument("<name>", "Name of the user")
    .action((name: string) => disableUser(ctx, name));
}
