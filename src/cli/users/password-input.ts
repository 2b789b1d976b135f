/**
 * @module Where `steward user` commands get a password: piped on standard input
 * (`--password-stdin`), or typed twice at a terminal without echo. Never from the command line,
 * where it would end up in the shell's history and in every `ps` listing.
 */
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../api/users.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import type { InputStream } from "../io.js";

/** Options of the commands that take a password. */
export interface PasswordOptions {
  passwordStdin?: boolean;
  /** Refused: only declared so that its use gets a clear message instead of "unknown option". */
  password?: string;
}

/** The new password for `what` (e.g. `user "ada"`), from stdin or a terminal prompt. */
export async function readNewPassword(
  ctx: CliContext,
  options: PasswordOptions,
  what: string,
): Promise<string> {
  if (options.password !== undefined) {
    throw new UsageError(
      "A password on the command line ends up in shell history and process listings; pipe it with --password-stdin, or run the command at a terminal to be asked for it.",
    );
  }
  const stdin = ctx.io.stdin;
  if (options.passwordStdin) {
    if (stdin === undefined) throw new UsageError("--password-stdin needs a standard input to read from.");
    return checked(await readAll(stdin));
  }
  if (stdin?.isTTY !== true || stdin.setRawMode === undefined || ctx.io.stderr.isTTY !== true) {
    throw new UsageError(
      `No terminal to ask for the password of ${what}: pipe it with --password-stdin, e.g. \`printf '%s' "$PASSWORD" | steward … --password-stdin\`.`,
    );
  }
  const first = checked(await prompt(ctx, stdin, `Password for ${what}: `));
  const second = await prompt(ctx, stdin, "Repeat the password: ");
  if (first !== second)
    throw new CliError("The two passwords differ; nothing was changed. Run the command again.");
  return first;
}

/** `text` as a password, or a usage error that states the rule. */
function checked(text: string): string {
  if (text.length < MIN_PASSWORD_LENGTH || text.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(
      `A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters; this one has ${text.length}.`,
    );
  }
  return text;
}

/** All of `stdin`, less one final line break (`echo` adds one; it is not part of the password). */
async function readAll(stdin: InputStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (text.length > MAX_PASSWORD_LENGTH + 2) break;
  }
  return text.replace(/\r?\n$/, "");
}

/** One line typed at the terminal in raw mode, so nothing is echoed; Ctrl-C and Ctrl-D give up. */
function prompt(ctx: CliContext, stdin: InputStream, question: string): Promise<string> {
  ctx.io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      ctx.io.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of typeof chunk === "string" ? chunk : chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003" || char === "\u0004")
          return finish(new CliError("Cancelled; nothing was changed."));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (typed.length <= MAX_PASSWORD_LENGTH) typed += char;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on("data", onData);
    stdin.resume();
  });
}
