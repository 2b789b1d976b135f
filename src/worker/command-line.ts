import { StewardError } from "../core/errors.js";

/**
 * Splits a command line into arguments the way a POSIX shell would for plain words: whitespace
 * separates, single quotes keep everything literally, double quotes keep spaces and allow `\"`,
 * a backslash outside quotes escapes the next character. No variables, globs or pipes: the command
 * is started directly, not through a shell, so what you see is what runs.
 *
 * @throws StewardError INVALID_JOB_VARIABLES for an unclosed quote or an empty command.
 * @example
 * splitCommandLine(`node "my flows/run.js" --name 'Ada L'`); // ["node", "my flows/run.js", "--name", "Ada L"]
 */
export function splitCommandLine(text: string): string[] {
  const args: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === "\\" && /["\\$`]/.test(text.charAt(i + 1))) current += text.charAt(++i);
      else current += char;
    } else if (/\s/.test(char)) {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
    } else {
      inWord = true;
      if (char === "'" || char === '"') quote = char;
      else if (char === "\\" && i + 1 < text.length) current += text.charAt(++i);
      else current += char;
    }
  }
  if (quote) {
    throw new StewardError(
      "INVALID_JOB_VARIABLES",
      `The command ${JSON.stringify(text)} has an unclosed ${quote} quote; close it or pass the command as a list of arguments.`,
    );
  }
  if (inWord) args.push(current);
  if (args.length === 0) {
    throw new StewardError(
      "INVALID_JOB_VARIABLES",
      "The `command` job variable is empty; remove it to use the default command, or name a program to run.",
    );
  }
  return args;
}
