/**
 * @module What `steward … | head -3` does when `head` has read enough: the reader closes the pipe,
 * the next write fails with EPIPE (Node ignores SIGPIPE, so the error arrives as an event), and an
 * unhandled stream error would end the command with a stack trace. Like `git log | head`, the
 * command instead stops at once, quietly: the reader has what it wanted.
 */

/** The part of a stream this module listens to (process.stdout / process.stderr, or a test double). */
export interface ErrorSource {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** True for the error of a write to a pipe (or socket) whose reading end was closed. */
export function isBrokenPipe(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "EPIPE";
}

/**
 * Decides what a broken stdout or stderr does to this process: by default it exits with code 0,
 * printing nothing (there is nowhere to print). A process whose output feeds a worker keeps
 * running instead ({@link keepRunning}), so that its own guard, not a closed pipe, decides how
 * the flow run ends.
 */
export class BrokenPipePolicy {
  readonly #exit: (code: number) => void;
  #keepRunning = false;

  /** @param exit ends the process (`process.exit` in real use) */
  constructor(exit: (code: number) => void) {
    this.#exit = exit;
  }

  /** Listens for errors on `streams`. Any other error than EPIPE is rethrown, as if unhandled. */
  watch(streams: readonly ErrorSource[]): void {
    for (const stream of streams) stream.on("error", (error) => this.#onError(error));
  }

  /** From now on, output errors are ignored (the output is lost) and the process carries on. */
  keepRunning(): void {
    this.#keepRunning = true;
  }

  #onError(error: Error): void {
    if (this.#keepRunning) return;
    if (!isBrokenPipe(error)) throw error;
    this.#exit(0);
  }
}

/** The policy of this process's stdout and stderr; the `steward` entry point makes it watch them. */
export const processPipes = new BrokenPipePolicy((code) => process.exit(code));
