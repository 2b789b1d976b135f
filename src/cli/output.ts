import pc from "picocolors";
import type { CliIo, OutputStream } from "./io.js";
import { type Cell, type Column, formatTable } from "./table.js";

/** Colour functions; every one is the identity when colours are off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** True when `stream` should get ANSI colours: a terminal, and NO_COLOR not set (https://no-color.org). */
export function colorsEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * Everything a command prints goes through here: results to stdout (tables, key/value views, JSON),
 * notes and progress to stderr so that `steward … --json | jq` stays clean.
 */
export class Output {
  /** Colours for stdout (all no-ops when colours are off). */
  readonly colors: Colors;
  /** Colours for stderr. */
  readonly errorColors: Colors;
  readonly #io: CliIo;

  constructor(io: CliIo) {
    this.#io = io;
    this.colors = pc.createColors(colorsEnabled(io.stdout, io.env));
    this.errorColors = pc.createColors(colorsEnabled(io.stderr, io.env));
  }

  /** Prints one line to stdout. */
  line(text = ""): void {
    this.#io.stdout.write(`${text}\n`);
  }

  /** Prints a value as indented JSON (machine output for `--json`). */
  json(value: unknown): void {
    this.#io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Prints a note to stderr (dimmed), e.g. "No API configured; running untracked". */
  note(text: string): void {
    this.#io.stderr.write(`${this.errorColors.dim(text)}\n`);
  }

  /** Prints a warning to stderr (yellow). */
  warn(text: string): void {
    this.#io.stderr.write(`${this.errorColors.yellow(`warning: ${text}`)}\n`);
  }

  /**
   * Prints rows as a table, or `empty` (to stderr) when there are none. On a terminal the table is
   * fitted to its width and long cells are cut; piped, every cell is printed whole, without colour,
   * one row per line, in columns padded with spaces.
   */
  table(columns: readonly Column[], rows: readonly Cell[][], empty: string): void {
    if (rows.length === 0) {
      this.note(empty);
      return;
    }
    const terminal = this.#io.stdout.isTTY === true;
    const lines = formatTable(columns, rows, {
      width: terminal ? this.#io.stdout.columns : undefined,
      truncate: terminal,
      headerStyle: this.colors.bold,
    });
    // One write, like json(): a long table costs one system call rather than one per row.
    this.#io.stdout.write(`${lines.join("\n")}\n`);
  }

  /** Prints `key  value` pairs with the keys aligned; multi-line values are indented under the key. */
  keyValue(pairs: ReadonlyArray<readonly [string, string]>): void {
    const width = Math.max(...pairs.map(([key]) => key.length));
    for (const [key, value] of pairs) {
      const [first, ...rest] = value.split("\n");
      this.line(`${this.colors.bold(key.padEnd(width))}  ${first}`);
      for (const line of rest) this.line(`${" ".repeat(width)}  ${line}`);
    }
  }
}
