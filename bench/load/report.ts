import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";
import type { DeploymentRunsOutcome } from "./deployment-runs.js";
import type { Summary } from "./latencies.js";

/** Everything the load run measured. */
export interface LoadReport {
  readonly title: string;
  readonly summaries: readonly Summary[];
  readonly seconds: number;
  readonly requests: number;
  readonly statuses: string;
  readonly retryableAnswers: number;
  readonly serverErrors: number;
  readonly noAnswer: number;
  readonly errorCount: number;
  readonly firstErrors: readonly string[];
  /** Where "database is locked" / SQLITE_BUSY showed up: answers and process output lines. */
  readonly locked: readonly string[];
  readonly deploymentRuns: DeploymentRunsOutcome;
  /** Flow runs of any kind not in a final state after the drain. */
  readonly nonTerminalRuns: number;
}

/** The failures that make the benchmark exit non-zero; empty when it passed. */
export function failures(report: LoadReport): string[] {
  const { deploymentRuns: d } = report;
  return [
    report.errorCount > 0 ? `${report.errorCount} requests failed after the client's retries` : "",
    report.locked.length > 0 ? `"database is locked" appeared ${report.locked.length} times` : "",
    d.completed < d.created
      ? `${d.created - d.completed} of ${d.created} deployment runs did not complete`
      : "",
    d.executedTwice > 0 ? `${d.executedTwice} deployment runs executed more than once` : "",
    report.nonTerminalRuns > 0 ? `${report.nonTerminalRuns} flow runs were left without a final state` : "",
  ].filter(Boolean);
}

/** The report as the lines printed to the terminal (and, fenced, written to the results file). */
export function reportLines(report: LoadReport): string[] {
  const d = report.deploymentRuns;
  const failed = failures(report);
  return [
    report.title,
    "",
    `  ${"operation".padEnd(36)} ${"count".padStart(7)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"max".padStart(9)}`,
    ...report.summaries.map(
      (s) =>
        `  ${s.operation.padEnd(36)} ${String(s.count).padStart(7)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)}`,
    ),
    "",
    `  requests                ${report.requests} in ${report.seconds.toFixed(1)} s = ${(report.requests / report.seconds).toFixed(0)} requests/s`,
    `  answers                 ${report.statuses}`,
    `  retried by the client   ${report.retryableAnswers} × 502/503/504, ${report.noAnswer} without an answer`,
    `  other 5xx               ${report.serverErrors}`,
    `  errors after retries    ${report.errorCount}${report.firstErrors.map((e) => `\n    - ${e}`).join("")}`,
    `  "database is locked"    ${report.locked.length === 0 ? "nowhere (answers, server and worker output)" : report.locked.length}${report.locked
      .slice(0, 5)
      .map((line) => `\n    - ${line}`)
      .join("")}`,
    `  deployment runs         ${d.completed} completed of ${d.created} created; ${d.failed.length} ended otherwise, ${d.unfinished} unfinished, ${d.executedTwice} executed twice${d.failed
      .slice(0, 5)
      .map((line) => `\n    - ${line}`)
      .join("")}`,
    `  runs left non-final     ${report.nonTerminalRuns} (after the drain)`,
    "",
    failed.length === 0 ? "  PASS" : `  FAIL: ${failed.join("; ")}`,
  ];
}

/** Writes the report to `path` (Markdown) with the date and the machine it ran on. */
export function writeResults(path: string, lines: readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const cores = cpus();
  const machine =
    `${cores.length} cores (${cores[0]?.model.trim() ?? "unknown CPU"}), ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}, Node.js ${process.version}`;
  const text = [
    "# Load on the embedded SQLite default",
    "",
    "Written by `npm run bench:load` (bench/load.ts); the last run wins.",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine}`,
    "",
    "```text",
    ...lines,
    "```",
    "",
  ].join("\n");
  writeFileSync(path, text);
}

function ms(value: number): string {
  return (Number.isNaN(value) ? "–" : `${value.toFixed(value < 10 ? 1 : 0)} ms`).padStart(9);
}
