/** @module Command-line options shared by `bench/seed-runs.ts` and `bench/ui-queries.ts`. */
import { MAX_LOGS_PER_RUN } from "./log-lines.js";

/** A database the seed can fill. */
export type Dialect = "sqlite" | "postgres";

/** The options both scripts understand, parsed and checked. */
export interface SeedCliOptions {
  readonly dialects: readonly Dialect[];
  readonly runs: number;
  readonly logsPerRun: number;
  /** Seed again even when a complete seed of this size exists. */
  readonly fresh: boolean;
}

/** The `parseArgs` option table of the shared options. */
export const SEED_ARGS = {
  db: { type: "string", default: "both" },
  runs: { type: "string", default: "1000000" },
  "logs-per-run": { type: "string", default: "10" },
  fresh: { type: "boolean", default: false },
} as const;

/** Checks the shared options' values. */
export function seedOptions(values: {
  db?: string | boolean;
  runs?: string | boolean;
  "logs-per-run"?: string | boolean;
  fresh?: string | boolean;
}): SeedCliOptions {
  const db = String(values.db ?? "both");
  if (!["sqlite", "postgres", "both"].includes(db)) fail(`--db must be sqlite, postgres or both, not ${db}`);
  const runs = positiveInteger("--runs", values.runs, 1);
  const logsPerRun = positiveInteger("--logs-per-run", values["logs-per-run"], 0);
  if (logsPerRun > MAX_LOGS_PER_RUN) fail(`--logs-per-run is at most ${MAX_LOGS_PER_RUN}`);
  const dialects: Dialect[] = db === "both" ? ["sqlite", "postgres"] : [db as Dialect];
  return { dialects, runs, logsPerRun, fresh: values.fresh === true };
}

/** A whole number ≥ `min` from an option (underscores and commas allowed: 1_000_000). */
export function positiveInteger(name: string, value: unknown, min: number): number {
  const parsed = Number(String(value).replaceAll(/[_,]/g, ""));
  if (!Number.isInteger(parsed) || parsed < min)
    fail(`${name} must be a whole number ≥ ${min}, not ${String(value)}`);
  return parsed;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
