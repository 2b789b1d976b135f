import type { Command } from "commander";
import { StewardClient } from "../../client/client.js";
import type { Settings } from "../../config/settings.js";
import type { CliContext } from "../context.js";
import { redactPassword } from "../format.js";
import { packageVersion } from "../package-info.js";

/** What `steward version` reports. */
interface VersionInfo {
  version: string;
  node: string;
  api_url: string | null;
  /** The server's API version, or null when no API is configured or it is unreachable. */
  api_version: string | null;
  server_version: string | null;
  database: string | null;
  profile: string | null;
}

/** `steward version`: this package, Node.js, the server (when reachable) and the local database. */
export function registerVersionCommand(program: Command, ctx: CliContext): void {
  program
    .command("version")
    .description("Show the versions of Steward, Node.js and the server, and the local database.")
    .option("--json", "Print the versions as JSON.")
    .action(async (options: { json?: boolean }) => {
      const info = await collectVersions(ctx);
      if (options.json) {
        ctx.out.json(info);
        return;
      }
      ctx.out.keyValue([
        ["Version:", info.version],
        ["Node.js:", info.node],
        ["API:", describeApi(info)],
        ["Database:", info.database ?? "- (settings are invalid; see `steward config view`)"],
        ["Profile:", info.profile ?? "-"],
      ]);
    });
}

async function collectVersions(ctx: CliContext): Promise<VersionInfo> {
  let settings: Settings | null = null;
  try {
    settings = ctx.settings();
  } catch {
    // `version` must work even with a broken configuration: it is what people run first.
  }
  const server = settings?.apiUrl ? await serverVersion(settings.apiUrl, settings.apiKey) : null;
  return {
    version: packageVersion(),
    node: process.version,
    api_url: settings?.apiUrl ?? null,
    api_version: server?.api_version ?? null,
    server_version: server?.version ?? null,
    database: settings ? redactPassword(settings.databaseUrl) : null,
    profile: settings?.profile ?? null,
  };
}

async function serverVersion(
  apiUrl: string,
  apiKey: string | null,
): Promise<{ version: string; api_version: string } | null> {
  // One quick try: a version report should not hang for seconds on a server that is down.
  const client = new StewardClient({ apiUrl, apiKey, retries: 0, timeoutMs: 2_000 });
  try {
    return await client.call("version");
  } catch {
    return null;
  }
}

function describeApi(info: VersionInfo): string {
  if (!info.api_url) return "- (no STEWARD_API_URL configured)";
  if (!info.api_version) return `${info.api_url} (not reachable)`;
  return `${info.api_version} (server ${info.server_version} at ${info.api_url})`;
}
