import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { processPipes } from "./broken-pipe.js";
import { registerAutomationCommands } from "./commands/automation.js";
import { registerConfigCommands } from "./commands/config.js";
import { registerDeployCommand } from "./commands/deploy.js";
import { registerDeploymentCommands } from "./commands/deployment.js";
import { registerEventsCommands } from "./commands/events.js";
import { registerFlowCommands } from "./commands/flow.js";
import { registerFlowRunCommands } from "./commands/flow-run.js";
import { registerInitCommand } from "./commands/init.js";
import { registerProfileCommands } from "./commands/profile.js";
import { registerServerCommands } from "./commands/server.js";
import { registerTaskRunCommands } from "./commands/task-run.js";
import { registerVersionCommand } from "./commands/version.js";
import { registerWebhookCommands } from "./commands/webhook.js";
import { registerApiKeyCommands } from "./commands/api-key.js";
import { registerUserCommands } from "./commands/user.js";
import { registerAuditCommands } from "./commands/audit.js";
import { registerWorkerCommands } from "./commands/worker.js";
import { registerWorkPoolCommands } from "./commands/work-pool.js";
import { registerWorkQueueCommands } from "./commands/work-queue.js";
import { CliContext } from "./context.js";
import { handleError } from "./errors.js";
import { type CliIo, processIo } from "./io.js";
import { colorsEnabled } from "./output.js";
import { packageVersion } from "./package-info.js";

export type { CliIo } from "./io.js";

/**
 * Builds the `steward` program for one invocation. Settings are wired before the subcommands are
 * added, because commander copies them to subcommands only when they are created.
 */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command("steward")
    .description("Workflow orchestration for TypeScript: flows, tasks, deployments, work pools and workers.")
    .version(packageVersion(), "-V, --version", "Print the Steward version.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed once, by handleError, in the same format as every other error.
      outputError: () => {},
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => colorsEnabled(io.stdout, io.env),
      getErrHasColors: () => colorsEnabled(io.stderr, io.env),
    })
    .showSuggestionAfterError(true)
    // `steward deploy --version 1.2` sets the deployment's version: -V/--version only before a command.
    .enablePositionalOptions();
  registerServerCommands(program, ctx);
  registerFlowCommands(program, ctx);
  registerFlowRunCommands(program, ctx);
  registerTaskRunCommands(program, ctx);
  registerWorkPoolCommands(program, ctx);
  registerWorkQueueCommands(program, ctx);
  registerDeployCommand(program, ctx);
  registerDeploymentCommands(program, ctx);
  registerInitCommand(program, ctx);
  registerWorkerCommands(program, ctx);
  registerEventsCommands(program, ctx);
  registerWebhookCommands(program, ctx);
  registerApiKeyCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerAutomationCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerProfileCommands(program, ctx);
  registerVersionCommand(program, ctx);
  return program;
}

/**
 * Runs one `steward` invocation and resolves with its exit code (0 success, 1 failure, 2 usage
 * error). Never throws and never exits the process, so tests can run it in-process.
 *
 * @param argv the arguments after `steward`, e.g. `["flow-run", "ls", "--json"]`
 * @example
 * const code = await runCli(["version"], { stdout, stderr, env: { STEWARD_HOME: home } });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    return handleError(error, io, commandPath(program, argv));
  }
}

/** "steward flow-run" for `flow-run ls --bad`: the deepest command named in argv, for help hints. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = [program.name()];
  let command = program;
  for (const token of argv) {
    if (token.startsWith("-")) continue;
    const sub = command.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (!sub) break;
    names.push(sub.name());
    command = sub;
  }
  return names.join(" ");
}

/** True when this module is the program (run directly, or imported by bin/steward.js). */
function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const self = fileURLToPath(import.meta.url);
  const bin = fileURLToPath(new URL("../../bin/steward.js", import.meta.url));
  return [self, bin].map(real).includes(real(entry));
}

/** Exits once stdout and stderr have flushed (pipes may be asynchronous), even if user code left timers. */
async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise((r) => s.write("", r))));
  process.exit(code);
}

if (isEntryModule()) {
  // `steward flow-run ls | head -3`: once the reader has gone, stop quietly (no EPIPE stack trace).
  processPipes.watch([process.stdout, process.stderr]);
  await exitWhenFlushed(await runCli(process.argv.slice(2), processIo()));
}
