/** Where a worker reports what it does: one line per event, for people watching its terminal. */
export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A WorkerLog that prints `HH:MM:SS | LEVEL | message` lines to the given writers. */
export function consoleWorkerLog(
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): WorkerLog {
  const line = (level: string, message: string) => `${clock()} | ${level.padEnd(7)} | ${message}`;
  return {
    info: (message) => out(line("INFO", message)),
    warn: (message) => err(line("WARNING", message)),
    error: (message) => err(line("ERROR", message)),
  };
}

/** A WorkerLog that drops everything (tests that only look at the API). */
export const silentWorkerLog: WorkerLog = { info: () => {}, warn: () => {}, error: () => {} };

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** The message of an error, for one log line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
