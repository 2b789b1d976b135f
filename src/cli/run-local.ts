import { parseParamsJson, splitAssignment } from "./args.js";
import type { CliContext } from "./context.js";
import { CliError, UsageError } from "./errors.js";

/** Options of `steward flow run`. */
export interface RunLocalOptions {
  /** `--param key=value`, repeatable. */
  param?: string[];
  /** `--params '{"key": …}'`. */
  params?: string;
}

/**
 * `steward flow run ENTRYPOINT`: imports the flow and calls it in this process, reported to the
 * API when one is configured. The result goes to stdout as JSON; the flow's console logs go to
 * stderr so that `steward flow run … | jq` sees only the result.
 */
export async function runFlowFromEntrypoint(
  ctx: CliContext,
  entrypoint: string,
  options: RunLocalOptions,
): Promise<void> {
  // Check the command line before loading anything, so typos fail fast with a usage error.
  const base = options.params === undefined ? {} : parseParamsJson(options.params);
  const pairs = options.param ?? [];
  for (const pair of pairs) splitAssignment(pair, "--param");
  const settings = ctx.settings();
  // Loaded on demand: the engine and SDK are only needed by this command.
  const { loadFlowFromEntrypoint, parseParameterArgs } = await import("../engine/index.js");
  const { configureSdk } = await import("../sdk/config.js");
  // --param pairs win over --params JSON, as in `deployment run`.
  const parameters = { ...base, ...parsePairs(pairs, parseParameterArgs) };
  configureSdk({
    settings,
    // A stray STEWARD_FLOW_RUN_ID (from a worker's environment) must not make this run adopt it.
    flowRunId: null,
    consoleWrite: (line) => ctx.io.stderr.write(`${line}\n`),
  });
  try {
    const flow = await loadFlowFromEntrypoint(entrypoint, ctx.cwd);
    announce(ctx, flow.name, settings.apiUrl);
    let result: unknown;
    try {
      result = await flow(parameters);
    } catch (error) {
      throw new CliError(`Flow "${flow.name}" failed: ${describeFailure(error)}`, undefined, {
        cause: error,
      });
    }
    ctx.out.line(toJson(result));
  } finally {
    // In-process callers (tests) must not keep this invocation's settings and output streams.
    configureSdk({ settings: undefined, flowRunId: undefined, consoleWrite: undefined });
  }
}

function announce(ctx: CliContext, flowName: string, apiUrl: string | null): void {
  if (apiUrl) {
    ctx.out.note(`Running flow "${flowName}", tracked by the API at ${apiUrl}.`);
  } else {
    ctx.out.note(
      `Running flow "${flowName}" untracked: no STEWARD_API_URL is configured (start one with \`steward server start\`).`,
    );
  }
}

/** `--param` values are parsed by the engine, exactly as `deployment run` parses them. */
function parsePairs(
  pairs: string[],
  parseParameterArgs: (args: string[]) => Record<string, unknown>,
): Record<string, unknown> {
  try {
    return parseParameterArgs(pairs);
  } catch (error) {
    if (error instanceof Error) throw new UsageError(error.message);
    throw error;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The result as JSON; values JSON cannot hold (BigInt, cycles) are printed as text instead. */
function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? "null";
  } catch {
    return String(value);
  }
}
