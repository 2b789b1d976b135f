/**
 * A small table formatter: padded columns, truncation to fit, colour applied after measuring.
 * Every row is one line whatever the cells hold (control characters become spaces), so a table
 * piped to `grep`, `awk` or `cut` reads row by row.
 */

/** One cell: plain text, optionally with a style (e.g. a colour) applied after padding. */
export type Cell = string | { readonly text: string; readonly style?: (text: string) => string };

/** A column of a table. */
export interface Column {
  readonly header: string;
  /** Never narrower than this when shrinking to fit (defaults to the header width, at most 12). */
  readonly minWidth?: number;
  /** Never wider than this, whatever the content. */
  readonly maxWidth?: number;
  /** Right-align numbers and durations. */
  readonly align?: "left" | "right";
}

/** How {@link formatTable} lays the table out. */
export interface TableOptions {
  /** Total width available (terminal columns); content wider than this is truncated. */
  readonly width?: number;
  /** Styles the header row (bold when colours are on). */
  readonly headerStyle?: (text: string) => string;
  /**
   * Cut cells to their column's maxWidth (the default). Off when the output is not a terminal:
   * a pipe gets every cell whole.
   */
  readonly truncate?: boolean;
}

const GAP = "  ";

/** Formats rows as aligned columns and returns the lines (no trailing newline). */
export function formatTable(
  columns: readonly Column[],
  rows: readonly Cell[][],
  options: TableOptions = {},
): string[] {
  const widths = columnWidths(columns, rows, options.width, options.truncate ?? true);
  const headerStyle = options.headerStyle ?? ((text: string) => text);
  const header = columns.map((column, i) => pad(column.header, widths[i] ?? 0, column.align));
  const lines = [headerStyle(header.join(GAP).trimEnd())];
  for (const row of rows) {
    const cells = columns.map((column, i) => {
      const cell = row[i] ?? "";
      const text = truncate(cellText(cell), widths[i] ?? 0);
      const padding = " ".repeat((widths[i] ?? 0) - text.length);
      // Style only the text, not the padding, so colour codes never change the measured width.
      const styled = typeof cell !== "string" && cell.style ? cell.style(text) : text;
      return column.align === "right" ? padding + styled : styled + padding;
    });
    lines.push(cells.join(GAP).trimEnd());
  }
  return lines;
}

function columnWidths(
  columns: readonly Column[],
  rows: readonly Cell[][],
  total: number | undefined,
  truncate: boolean,
): number[] {
  const widths = columns.map((column, i) => {
    const natural = Math.max(column.header.length, ...rows.map((row) => cellText(row[i]).length));
    return truncate ? Math.min(natural, column.maxWidth ?? Number.POSITIVE_INFINITY) : natural;
  });
  if (total === undefined) return widths;
  // Shrink the widest column one character at a time until the table fits or nothing can shrink.
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (columns.length - 1) - total;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const floor = columns[i]?.minWidth ?? Math.min(columns[i]?.header.length ?? 0, 12);
      if ((widths[i] ?? 0) > floor && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

// C0 and C1 control characters (newlines, tabs, ESC of colour codes smuggled in by a name).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return "";
  return (typeof cell === "string" ? cell : cell.text).replace(CONTROL, " ");
}

/** Cuts `text` to `width` characters, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  return `${text.slice(0, width - 1)}…`;
}

function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  return align === "right" ? text.padStart(width) : text.padEnd(width);
}
