import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { processPipes } from "./broken-pipe.js";
import { CliContext } from "./context.js";
import { handleError } from "./errors.js";
import { type CliIo, processIo } from "./io.js";
import { colorsEnabled } from "./output.js";
import { packageVersion } from "./package-info.js";

export type { CliIo } from "./io.js";

/** Adds one group of commands (`flow-run …`, `deploy`, …) to the program. */
type Register = (program: Command, ctx: CliContext) => void;

/**
 * Every top-level command, in the order `steward --help` lists them, with its aliases and the
 * module that registers it. Each module is loaded only when its command runs (or help lists them
 * all): a flow-run process started for every run loads `flow-run`'s module, not the other
 * eighteen, with their dependencies (issue 17).
 */
export const COMMANDS: readonly {
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}[] = [
  { names: ["server"], load: async () => (await import("./commands/server.js")).registerServerCommands },
  { names: ["flow"], load: async () => (await import("./commands/flow.js")).registerFlowCommands },
  { names: ["flow-run"], load: async () => (await import("./commands/flow-run.js")).registerFlowRunCommands },
  { names: ["task-run"], load: async () => (await import("./commands/task-run.js")).registerTaskRunCommands },
  {
    names: ["work-pool"],
    load: async () => (await import("./commands/work-pool.js")).registerWorkPoolCommands,
  },
  {
    names: ["work-queue"],
    load: async () => (await import("./commands/work-queue.js")).registerWorkQueueCommands,
  },
  { names: ["deploy"], load: async () => (await import("./commands/deploy.js")).registerDeployCommand },
  {
    names: ["deployment"],
    load: async () => (await import("./commands/deployment.js")).registerDeploymentCommands,
  },
  { names: ["init"], load: async () => (await import("./commands/init.js")).registerInitCommand },
  { names: ["worker"], load: async () => (await import("./commands/worker.js")).registerWorkerCommands },
  {
    names: ["events", "event"],
    load: async () => (await import("./commands/events.js")).registerEventsCommands,
  },
  { names: ["webhook"], load: async () => (await import("./commands/webhook.js")).registerWebhookCommands },
  { names: ["api-key"], load: async () => (await import("./commands/api-key.js")).registerApiKeyCommands },
  { names: ["user"], load: async () => (await import("./commands/user.js")).registerUserCommands },
  { names: ["audit"], load: async () => (await import("./commands/audit.js")).registerAuditCommands },
  {
    names: ["automation"],
    load: async () => (await import("./commands/automation.js")).registerAutomationCommands,
  },
  { names: ["config"], load: async () => (await import("./commands/config.js")).registerConfigCommands },
  { names: ["profile"], load: async () => (await import("./commands/profile.js")).registerProfileCommands },
  { names: ["version"], load: async () => (await import("./commands/version.js")).registerVersionCommand },
];

/**
 * The commands an invocation needs: the one its first argument names, else (`steward`,
 * `steward --help`, `steward help deploy`, a typo that gets a suggestion) all of them.
 */
export function commandsFor(argv: readonly string[]): typeof COMMANDS {
  const first = argv[0];
  const named = COMMANDS.find((command) => first !== undefined && command.names.includes(first));
  return named ? [named] : COMMANDS;
}

/**
 * Builds the `steward` program for one invocation, with the commands `argv` needs (all of them
 * when `argv` is not given). Settings are wired before the subcommands are added, because
 * commander copies them to subcommands only when they are created.
 */
export async function buildProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
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
  const registers = await Promise.all((argv ? commandsFor(argv) : COMMANDS).map((command) => command.load()));
  for (const register of registers) register(program, ctx);
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
  const program = await buildProgram(ctx, argv);
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
