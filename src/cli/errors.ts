import { CommanderError } from "commander";
import pc from "picocolors";
import { ApiError } from "../client/errors.js";
import { isStewardError } from "../core/errors.js";
import type { CliIo } from "./io.js";
import { colorsEnabled } from "./output.js";

/** Exit code of a command that failed (bad state, API error, failed flow). */
export const EXIT_FAILURE = 1;
/** Exit code of a malformed command line (unknown command or option, bad argument). */
export const EXIT_USAGE = 2;

/** A failure the CLI detected itself; its message says what went wrong and what to do. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** A malformed command line: exit code 2 and a usage hint. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** Commander "errors" that are really successful exits (help or version printed). */
const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

/**
 * The one top-level handler: turns any error into a one-line red message on stderr and returns the
 * exit code. The stack is printed only with STEWARD_DEBUG=1, because users need the message, not
 * the stack, and a stack makes a clear message look like a crash.
 *
 * @param commandPath e.g. "steward flow-run", used for the "--help" hint on usage errors.
 */
export function handleError(error: unknown, io: CliIo, commandPath = "steward"): number {
  if (error instanceof CommanderError) {
    if (CLEAN_EXITS.has(error.code) || (error.code === "commander.help" && error.exitCode === 0)) return 0;
    // `steward flow` without a subcommand: commander already printed the help to stderr.
    if (error.code === "commander.help") return EXIT_USAGE;
    const message = error.message.replace(/^error:\s*/, "").replace(/\s*\n\s*/g, " ");
    printError(io, message, `Run \`${commandPath} --help\` for usage.`);
    return EXIT_USAGE;
  }
  const { message, exitCode, hint } = describe(error, commandPath);
  printError(io, message, hint);
  if (io.env.STEWARD_DEBUG === "1" && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  }
  return exitCode;
}

function describe(error: unknown, commandPath: string): { message: string; exitCode: number; hint?: string } {
  if (error instanceof UsageError) {
    return {
      message: error.message,
      exitCode: error.exitCode,
      hint: `Run \`${commandPath} --help\` for usage.`,
    };
  }
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ApiError) {
    return {
      message: `The API answered ${error.status} ${error.code}: ${error.message}`,
      exitCode: EXIT_FAILURE,
    };
  }
  if (isStewardError(error)) return { message: error.message, exitCode: EXIT_FAILURE };
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    message: `Unexpected error: ${text}`,
    exitCode: EXIT_FAILURE,
    hint: "Run again with STEWARD_DEBUG=1 for the stack trace, and please report it.",
  };
}

function printError(io: CliIo, message: string, hint?: string): void {
  const colors = pc.createColors(colorsEnabled(io.stderr, io.env));
  io.stderr.write(`${colors.red(`error: ${message}`)}\n`);
  if (hint) io.stderr.write(`${colors.dim(hint)}\n`);
}
