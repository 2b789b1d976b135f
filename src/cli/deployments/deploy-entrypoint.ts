import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { StewardError } from "../../core/errors.js";
import type { Flow } from "../../sdk/flow.js";
import { registerDeployment, workingDirectoryStep } from "../../sdk/deploy.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { type DeployFlags, flagOverrides } from "./deploy-flags.js";
import { reportDeployment } from "./deploy-report.js";

const EXAMPLE = "steward deploy flows/hello.ts:hello --name hello --pool my-pool";

/**
 * `steward deploy ENTRYPOINT --name NAME --pool POOL …`: imports the flow (for its name and
 * parameter schema) and registers the deployment; its runs start in the current directory.
 */
export async function deployEntrypoint(
  ctx: CliContext,
  entrypoint: string,
  flags: DeployFlags,
): Promise<void> {
  const names = flags.name ?? [];
  if (names.length !== 1) {
    throw new UsageError(
      `${names.length === 0 ? "--name is required" : "Give one --name"} when deploying an entrypoint, e.g. ${EXAMPLE}.`,
    );
  }
  if (!flags.pool) {
    throw new UsageError(
      "--pool is required: the work pool whose workers run the deployment. List pools with " +
        `\`steward work-pool ls\` or create one with \`steward work-pool create --type process my-pool\`.`,
    );
  }
  const overrides = flagOverrides(flags);
  if (overrides.collisionStrategy && overrides.concurrencyLimit === undefined) {
    throw new UsageError("--collision-strategy only applies with --concurrency-limit N.");
  }
  const client = ctx.client();
  const flow = await loadFlow(entrypoint, ctx.cwd);
  const registered = await registerDeployment(client, flow, {
    ...overrides,
    name: names[0] ?? "",
    workPool: flags.pool,
    entrypoint,
    pullSteps: [workingDirectoryStep(ctx.cwd)],
  });
  reportDeployment(ctx, registered, overrides.triggers?.length);
}

/**
 * The flow of an entrypoint, imported on demand (the engine and tsx are only needed here). The
 * loader's errors name the file, the export and what it holds; when importing the file threw,
 * the line it threw at is added.
 */
export async function loadFlow(entrypoint: string, cwd: string): Promise<Flow> {
  const { loadFlowFromEntrypoint, parseEntrypoint } = await import("../../engine/entrypoint.js");
  try {
    return await loadFlowFromEntrypoint(entrypoint, cwd);
  } catch (error) {
    throw withThrowSite(error, resolve(cwd, parseEntrypoint(entrypoint).path));
  }
}

/**
 * `error` with " (thrown at file:line:column)" when its cause's stack or message points into
 * `file`. Transpilers name the file in their own way (absolute, or relative to some directory,
 * coloured), so the match is on the file's name and the result always gives the absolute path.
 */
function withThrowSite(error: unknown, file: string): unknown {
  if (!(error instanceof StewardError) || !(error.cause instanceof Error)) return error;
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes from transpiler output
  const text = `${error.cause.stack ?? ""}\n${error.cause.message}`.replace(/\u001b\[[0-9;]*m/g, "");
  const frames = text.replaceAll(pathToFileURL(file).href, file);
  const site = new RegExp(`(?:^|[\\s(/])${escapeRegExp(basename(file))}:(\\d+):(\\d+)`, "m").exec(frames);
  if (!site) return error;
  const location = `${file}:${site[1]}:${site[2]}`;
  if (error.message.includes(location)) return error;
  return new StewardError(error.code, `${error.message} (thrown at ${location})`, {
    cause: error.cause,
    details: error.details,
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
