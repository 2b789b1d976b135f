/** @module What `steward user …` does: users are addressed by name; passwords never on the command line. */
import type { User, UserRole } from "../../api/users.js";
import { USER_ROLES } from "../../api/users.js";
import type { StewardClient } from "../../client/client.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { formatTimestamp } from "../format.js";
import { didYouMean } from "../work-pools/lookup.js";
import { type PasswordOptions, readNewPassword } from "./password-input.js";

/** Options of `steward user create`. */
export interface CreateUserOptions extends PasswordOptions {
  role: string;
  json?: boolean;
}

/** `steward user create NAME --role ROLE [--password-stdin]`. */
export async function createUser(ctx: CliContext, name: string, options: CreateUserOptions): Promise<void> {
  const role = roleOf(options.role);
  const client = ctx.client();
  const password = await readNewPassword(ctx, options, `the new user "${name}"`);
  const user = await client.call("createUser", { body: { name, role, password } });
  if (options.json) return ctx.out.json(user);
  ctx.out.line(
    `Created the ${user.role} user "${user.name}": they sign in to the UI with this name and password.`,
  );
}

/** `steward user ls [--all] [--json]`. */
export async function listUsers(ctx: CliContext, options: { all?: boolean; json?: boolean }): Promise<void> {
  const users = await ctx.client().call("filterUsers", { body: { include_disabled: options.all === true } });
  if (options.json) return ctx.out.json(users);
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "ROLE" },
      { header: "CREATED" },
      { header: "LAST LOGIN" },
      { header: "STATUS" },
    ],
    users.map((user) => [
      user.name,
      user.role,
      formatTimestamp(user.created),
      user.last_login ? formatTimestamp(user.last_login) : "never",
      user.disabled ? "disabled" : "active",
    ]),
    options.all
      ? "No users. Create one with `steward user create NAME --role ROLE`."
      : "No active users (`--all` also lists disabled ones). Create one with `steward user create NAME --role ROLE`.",
  );
}

/** `steward user set-password NAME [--password-stdin]`: an admin sets a new password. */
export async function setUserPassword(
  ctx: CliContext,
  name: string,
  options: PasswordOptions,
): Promise<void> {
  const client = ctx.client();
  const user = await userByName(client, name);
  const password = await readNewPassword(ctx, options, `user "${name}"`);
  await client.call("updateUser", { params: { id: user.id }, body: { password } });
  ctx.out.line(`Set a new password for "${name}"; their open sessions have ended.`);
}

/** `steward user set-role NAME ROLE`. */
export async function setUserRole(ctx: CliContext, name: string, role: string): Promise<void> {
  const client = ctx.client();
  const user = await userByName(client, name);
  const updated = await client.call("updateUser", { params: { id: user.id }, body: { role: roleOf(role) } });
  ctx.out.line(`"${name}" is now ${updated.role} (was ${user.role}), in open sessions too.`);
}

/** `steward user disable NAME`. */
export async function disableUser(ctx: CliContext, name: string): Promise<void> {
  const client = ctx.client();
  const user = await userByName(client, name);
  if (user.disabled !== null) {
    ctx.out.note(`The user "${name}" was disabled already (${formatTimestamp(user.disabled)}).`);
    return;
  }
  await client.call("disableUser", { params: { id: user.id } });
  ctx.out.line(`Disabled "${name}": their sessions have ended and they can no longer sign in.`);
}

function roleOf(role: string): UserRole {
  if ((USER_ROLES as readonly string[]).includes(role)) return role as UserRole;
  throw new UsageError(
    `A user's role is one of ${USER_ROLES.join(", ")}, not ${JSON.stringify(role)} (workers use API keys: \`steward api-key create\`).`,
  );
}

async function userByName(client: StewardClient, name: string): Promise<User> {
  const [found] = await client.call("filterUsers", { body: { names: [name], include_disabled: true } });
  if (found) return found;
  const names = (await client.call("filterUsers", { body: {} })).map((user) => user.name);
  throw new CliError(
    `User "${name}" not found.${didYouMean(name, names)} List users with \`steward user ls\`.`,
  );
}
