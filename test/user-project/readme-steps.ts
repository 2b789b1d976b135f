import { readFileSync } from "node:fs";

/**
 * What the README tells a user to do, in order, read from its code blocks up to "## Developing
 * Steward" (the user's part):
 * - a block whose info string names a file (```` ```ts file=flows/hello.ts ````) is a file to write;
 * - a `bash` block is commands to run in the project; with `fresh` in its info string, in a new
 *   project of the same kind. A command whose trailing comment starts with "keeps running" (a server,
 *   a worker, a stream) goes on in the background while the next ones run.
 * Other blocks (a table, an example of output) are not steps.
 */
export type ReadmeStep =
  | { readonly kind: "file"; readonly path: string; readonly text: string; readonly line: number }
  | {
      readonly kind: "commands";
      readonly fresh: boolean;
      readonly commands: ReadmeCommand[];
      readonly line: number;
    };

/** One command of a bash block, continuation lines joined, comments removed. */
export interface ReadmeCommand {
  readonly text: string;
  readonly keepsRunning: boolean;
  /** Line of the README it starts on. */
  readonly line: number;
}

const USER_PART_END = /^## Developing Steward/m;

/** The steps of the README at `path`. */
export function readReadmeSteps(path: string): ReadmeStep[] {
  const text = readFileSync(path, "utf8");
  const end = USER_PART_END.exec(text)?.index ?? text.length;
  return parseSteps(text.slice(0, end));
}

/** The steps of a README's text (exported for its unit test). */
export function parseSteps(markdown: string): ReadmeStep[] {
  const steps: ReadmeStep[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)(.*)$/.exec(lines[index] ?? "");
    if (!open || open[1] === "") continue;
    const start = index;
    const body: string[] = [];
    while (++index < lines.length && lines[index] !== "```") body.push(lines[index] ?? "");
    const [language = "", info = ""] = [open[1], open[2] ?? ""];
    const file = /(?:^|\s)file=(\S+)/.exec(info)?.[1];
    if (file !== undefined) {
      steps.push({ kind: "file", path: file, text: `${body.join("\n")}\n`, line: start + 2 });
    } else if (language === "bash") {
      steps.push({
        kind: "commands",
        fresh: /(?:^|\s)fresh(?:\s|$)/.test(info),
        commands: commandsOf(body, start + 2),
        line: start + 1,
      });
    }
  }
  return steps;
}

function commandsOf(body: string[], firstLine: number): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  body.forEach((raw, offset) => {
    const line = firstLine + offset;
    if (pending === undefined && /^\s*(#|$)/.test(raw)) return;
    pending ??= { parts: [], line };
    if (raw.endsWith("\\")) {
      pending.parts.push(raw.slice(0, -1).trim());
      return;
    }
    // A trailing comment is two or more spaces, then `#`: the README's convention for notes.
    const comment = /\s{2,}#\s?(.*)$/.exec(raw);
    pending.parts.push((comment ? raw.slice(0, comment.index) : raw).trim());
    commands.push({
      text: pending.parts.join(" "),
      keepsRunning: comment?.[1]?.startsWith("keeps running") ?? false,
      line: pending.line,
    });
    pending = undefined;
  });
  return commands;
}
