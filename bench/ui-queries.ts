/**
 * UI query latency: every API call the dashboard, the flow runs list and the flow run page make,
 * against a database of N flow runs and N × logs-per-run log lines, on SQLite and PostgreSQL.
 * Target: p95 under 100 ms for each call; with --browser, the two pages ready in under 1 s.
 *
 *   npm run bench:ui-queries                              # both backends, 1,000,000 runs, 10 lines each
 *   npm run bench:ui-queries -- --db sqlite --runs 20000 --iterations 30
 *   npm run bench:ui-queries -- --browser                 # also page loads in Chromium (needs dist/ui)
 *
 * The database is seeded by bench/seed-runs.ts on first use and reused afterwards (--fresh redoes
 * it). Calls go over HTTP, one after another, to a server in this process; each is made `warm-up`
 * times untimed, then --iterations times timed. Time ranges are relative to the seed's clock.
 */
import { parseArgs } from "node:util";
import { StewardClient } from "../src/client/index.js";
import { seedRuns } from "./seed-runs.js";
import { type Dialect, positiveInteger, SEED_ARGS, seedOptions } from "./seed/options.js";
import {
  browserAvailable,
  measurePageLoads,
  type PageLoad,
  printPageLoads,
  TARGET_LOAD_MS,
} from "./ui-queries/browser.js";
import { dashboardCalls, pickTargets, runPageCalls, runsListCalls } from "./ui-queries/calls.js";
import { type Measured, measure, printTable, TARGET_P95_MS } from "./ui-queries/measure.js";
import { startBenchServer } from "./ui-queries/server.js";

const WARMUP = 3;
const PAGE_LOADS = 5;

interface BackendResult {
  readonly dialect: Dialect;
  readonly results: readonly Measured[];
  readonly pages?: readonly PageLoad[];
  readonly note?: string;
}

async function benchBackend(
  dialect: Dialect,
  options: ReturnType<typeof seedOptions>,
  iterations: number,
  browser: boolean,
): Promise<BackendResult> {
  const seed = await seedRuns({
    dialect,
    runs: options.runs,
    logsPerRun: options.logsPerRun,
    fresh: options.fresh,
  });
  const server = await startBenchServer(seed);
  try {
    // No retries: a slow or failing call must show, not be papered over.
    const client = new StewardClient({ apiUrl: server.apiUrl, retries: 0 });
    const targets = await pickTargets(client, seed.now);
    const calls = [...dashboardCalls(targets), ...runsListCalls(targets), ...runPageCalls(targets)];
    const results: Measured[] = [];
    for (const call of calls) results.push(await measure(client, call, iterations, WARMUP));
    const size = `${seed.runs.toLocaleString("en")} runs, ${(seed.runs * seed.logsPerRun).toLocaleString("en")} log lines`;
    printTable(
      `${dialect === "sqlite" ? "SQLite" : "PostgreSQL"}: ${size}, ${iterations} calls each`,
      results,
    );
    if (!browser) return { dialect, results };
    if (!browserAvailable()) return { dialect, results, note: "page loads skipped: no Chromium" };
    if (!server.ui)
      return { dialect, results, note: "page loads skipped: no built UI in dist/ui (npm run build)" };
    const ageHours = (Date.now() - seed.now) / 3_600_000;
    if (ageHours > 12) {
      console.log(
        `\n(the seed is ${ageHours.toFixed(0)} h old: the pages' time ranges hold fewer runs; --fresh reseeds)`,
      );
    }
    const pages = await measurePageLoads(server.url, PAGE_LOADS);
    printPageLoads(`${dialect === "sqlite" ? "SQLite" : "PostgreSQL"}: page loads in Chromium`, pages);
    return { dialect, results, pages };
  } finally {
    await server.close();
  }
}

function printSummary(backends: readonly BackendResult[]): boolean {
  console.log("\nSummary\n");
  let ok = true;
  for (const { dialect, results, pages, note } of backends) {
    const failed = results.filter((r) => !r.pass);
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `  ${dialect.padEnd(9)} ${results.length - failed.length}/${results.length} calls with p95 < ${TARGET_P95_MS} ms; slowest p95 ${worst.p95.toFixed(1)} ms (${worst.call.label})`,
    );
    for (const r of failed) console.log(`            FAIL ${r.call.label}: p95 ${r.p95.toFixed(1)} ms`);
    for (const page of pages ?? []) {
      const max = Math.max(...page.samples);
      console.log(
        `            page ${page.path.padEnd(6)} max ${max.toFixed(0)} ms ${max < TARGET_LOAD_MS ? "PASS" : "FAIL"}`,
      );
      ok &&= max < TARGET_LOAD_MS;
    }
    if (note !== undefined) console.log(`            ${note}`);
    ok &&= failed.length === 0;
  }
  return ok;
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    ...SEED_ARGS,
    iterations: { type: "string", default: "60" },
    browser: { type: "boolean", default: false },
  },
  strict: true,
});
const options = seedOptions(values);
const iterations = positiveInteger("--iterations", values.iterations, 1);
const backends: BackendResult[] = [];
for (const dialect of options.dialects)
  backends.push(await benchBackend(dialect, options, iterations, values.browser));
const ok = printSummary(backends);
console.log(ok ? "\nAll targets met." : "\nSome targets missed (FAIL above).");
