/** Where the CLI writes and what it reads from its surroundings, so tests can run it in-process. */

/** The part of a writable stream the CLI uses. `isTTY` and `columns` decide colours and table width. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Delivers SIGINT / SIGTERM; `process` in real use, an EventEmitter in tests. */
export interface SignalSource {
  once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** The part of standard input the CLI uses: piped secrets (`--password-stdin`) and terminal prompts. */
export interface InputStream extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: "data", listener: (chunk: string | Buffer) => void): unknown;
  off(event: "data", listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Everything a CLI invocation touches outside itself. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Environment the settings are resolved from (never `process.env` implicitly). */
  readonly env: NodeJS.ProcessEnv;
  /** Directory relative entrypoints are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** Standard input; none: nothing to read (a password must then come another way). */
  readonly stdin?: InputStream;
  /** Where shutdown signals come from. @default process */
  readonly signals?: SignalSource;
}

/** The io of a real `steward` process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    signals: process,
  };
}
