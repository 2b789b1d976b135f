import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** What a finished command printed and how it ended. */
export interface CommandOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives each output line as it arrives (pull steps with `stream_output`). */
  readonly onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/**
 * Runs a program to completion, collecting its output (and streaming it line by line when asked).
 * Rejects only when the program cannot be started at all.
 */
export function runCommand(
  program: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collected = { stdout: "", stderr: "" };
    for (const stream of ["stdout", "stderr"] as const) {
      const input = child[stream];
      input.setEncoding("utf8");
      input.on("data", (chunk: string) => {
        collected[stream] += chunk;
      });
      const onLine = options.onLine;
      if (onLine)
        createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) =>
          onLine(line, stream),
        );
    }
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, ...collected }));
  });
}
