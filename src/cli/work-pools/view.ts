import type { Colors } from "../output.js";
import type { Cell } from "../table.js";

/**
 * A pool, queue or deployment status as a coloured cell, as the UI shows it: green READY, red
 * NOT_READY (no worker polling), yellow PAUSED.
 */
export function statusCell(status: string, colors: Colors): Cell {
  const style = status === "READY" ? colors.green : status === "PAUSED" ? colors.yellow : colors.red;
  return { text: status, style };
}

/** A worker status as a coloured cell: green ONLINE, red OFFLINE. */
export function workerStatusCell(status: string, colors: Colors): Cell {
  return { text: status, style: status === "ONLINE" ? colors.green : colors.red };
}

/** A cell's text with its style applied (for key/value views, which take plain strings). */
export function styled(cell: Cell): string {
  return typeof cell === "string" ? cell : (cell.style?.(cell.text) ?? cell.text);
}

/** A concurrency limit for people: "unlimited" for none. */
export function limitText(limit: number | null): string {
  return limit === null ? "unlimited" : String(limit);
}
