/** @module Timing the calls and printing their table. */
import type { StewardClient } from "../../src/client/index.js";
import type { BenchCall } from "./calls.js";

/** The p95 every call must beat. */
export const TARGET_P95_MS = 100;

/** Latencies of one call. */
export interface Measured {
  readonly call: BenchCall;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** What the last call answered (rows returned or counted). */
  readonly rows: string;
  readonly pass: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Times `call` `iterations` times, one after another, after `warmup` untimed calls. */
export async function measure(
  client: StewardClient,
  call: BenchCall,
  iterations: number,
  warmup: number,
): Promise<Measured> {
  let rows = "";
  for (let i = 0; i < warmup; i++) rows = await call.invoke(client, i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    rows = await call.invoke(client, i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p95 = percentile(samples, 95);
  return {
    call,
    p50: percentile(samples, 50),
    p95,
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? Number.NaN,
    rows,
    pass: p95 < TARGET_P95_MS,
  };
}

/** Prints one backend's table: call, p50, p95, p99, max (ms), rows, PASS/FAIL. */
export function printTable(title: string, results: readonly Measured[]): void {
  const header = ["page", "call", "p50", "p95", "p99", "max", "rows", `p95 < ${TARGET_P95_MS} ms`];
  const body = results.map((r) => [
    r.call.page,
    r.call.label,
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(1),
    r.rows,
    r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? "").length)));
  // Text columns left-aligned, figures right-aligned.
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${title} (latencies in ms)\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(line(cells));
}
