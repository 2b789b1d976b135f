/** @module What `steward api-key …` does: keys are addressed by name; the key itself is printed once. */
import type { ApiKey } from "../../api/api-keys.js";
import type { StewardClient } from "../../client/client.js";
import { parseDuration } from "../../core/durations.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { formatTimestamp } from "../format.js";
import { didYouMean } from "../work-pools/lookup.js";

/** Options of `steward api-key create`. */
export interface CreateKeyOptions {
  role: string;
  expires?: string;
  pool?: string[];
  json?: boolean;
}

/** `steward api-key create NAME --role ROLE [--expires 30d] [--pool POOL…]`. */
export async function createApiKey(ctx: CliContext, name: string, options: CreateKeyOptions): Promise<void> {
  const created = await ctx.client().call("createApiKey", {
    body: {
      name,
      role: options.role as ApiKey["role"],
      expires_in_seconds: options.expires === undefined ? null : expirySeconds(options.expires),
      pools: options.pool ?? [],
    },
  });
  if (options.json) return ctx.out.json(created);
  ctx.out.line(created.key);
  const { api_key: key } = created;
  const scope = key.pools.length > 0 ? ` for the pools ${key.pools.join(", ")}` : "";
  const until = key.expires ? `, until ${formatTimestamp(key.expires)}` : "";
  ctx.out.note(`Created the ${key.role} key "${key.name}"${scope}${until}.`);
  ctx.out.note(
    "This is the only time the key is shown: store it now (e.g. `STEWARD_API_KEY=… steward worker start …`).",
  );
}

/** `steward api-key ls [--all]`. */
export async function listApiKeys(
  ctx: CliContext,
  options: { all?: boolean; json?: boolean },
): Promise<void> {
  const keys = await ctx.client().call("filterApiKeys", { body: { include_inactive: options.all === true } });
  if (options.json) return ctx.out.json(keys);
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "ROLE" },
      { header: "PREFIX" },
      { header: "POOLS" },
      { header: "EXPIRES" },
      { header: "LAST USED" },
      { header: "STATUS" },
    ],
    keys.map((key) => [
      key.name,
      key.role,
      `${key.prefix}…`,
      key.pools.join(", ") || (key.role === "worker" ? "all" : ""),
      key.expires ? formatTimestamp(key.expires) : "never",
      key.last_used ? formatTimestamp(key.last_used) : "never",
      statusOf(key),
    ]),
    options.all
      ? "No API keys. Create one with `steward api-key create NAME --role ROLE`."
      : "No active API keys (`--all` also lists revoked and expired ones). Create one with `steward api-key create NAME --role ROLE`.",
  );
}

/** `steward api-key revoke NAME`. */
export async function revokeApiKey(ctx: CliContext, name: string): Promise<void> {
  const client = ctx.client();
  const key = await keyByName(client, name);
  if (key.revoked !== null) {
    ctx.out.note(`The key "${name}" was revoked already (${formatTimestamp(key.revoked)}).`);
    return;
  }
  await client.call("revokeApiKey", { params: { id: key.id } });
  ctx.out.line(`Revoked the key "${name}" (${key.prefix}…): it stops working at once.`);
}

async function keyByName(client: StewardClient, name: string): Promise<ApiKey> {
  const [found] = await client.call("filterApiKeys", { body: { names: [name], include_inactive: true } });
  if (found) return found;
  const names = (await client.call("filterApiKeys", { body: {} })).map((key) => key.name);
  throw new CliError(
    `API key "${name}" not found.${didYouMean(name, names)} List keys with \`steward api-key ls\`.`,
  );
}

function statusOf(key: ApiKey): string {
  if (key.revoked !== null) return "revoked";
  if (key.expires !== null && Date.parse(key.expires) <= Date.now()) return "expired";
  return "active";
}

/** `--expires 30d` in whole seconds. */
function expirySeconds(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    throw new UsageError(`--expires ${JSON.stringify(text)} is not a duration; use e.g. 30d, 12h or 90m.`);
  }
  if (ms < 60_000) throw new UsageError("--expires must be at least a minute (e.g. 30d).");
  return Math.round(ms / 1000);
}
