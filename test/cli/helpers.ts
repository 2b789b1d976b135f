import type { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo, OutputStream } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

/** An output stream that keeps what was written. */
export class CapturedStream implements OutputStream {
  readonly chunks: string[] = [];
  readonly isTTY: boolean;
  readonly columns?: number;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  get text(): string {
    return this.chunks.join("");
  }
}

/** What one in-process `steward` invocation printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Extra io for one invocation. */
export interface RunOptions {
  cwd?: string;
  signals?: EventEmitter;
  stdout?: CapturedStream;
  stderr?: CapturedStream;
  /** Standard input (none: the invocation has nothing to read). */
  stdin?: CliIo["stdin"];
}

/** Runs `steward ...argv` in-process with exactly `env` (never the test process's environment). */
export async function steward(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: RunOptions = {},
): Promise<CliResult> {
  const stdout = options.stdout ?? new CapturedStream();
  const stderr = options.stderr ?? new CapturedStream();
  const io: CliIo = { stdout, stderr, env, cwd: options.cwd, signals: options.signals, stdin: options.stdin };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh STEWARD_HOME in the temp folder, removed by `cleanup()`. */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), "steward-cli-"));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
