/**
 * API fuzz, the big version of test/fuzz: a real server on SQLite and on PostgreSQL, and for every
 * operation of its OpenAPI document N generated requests (valid-ish, mutated, hostile, malformed),
 * with auth on (a bootstrap key); about a quarter go with a smaller role or a key that does not work.
 *
 *   npm run bench:fuzz                          # N = 300 per operation, both backends
 *   STEWARD_FUZZ_RUNS=50 npm run bench:fuzz
 *   STEWARD_FUZZ_BACKENDS=sqlite STEWARD_FUZZ_SEED=42 npm run bench:fuzz
 *
 * Prints per backend: requests sent, operations covered (and how many answered a 2xx at least
 * once), answers by status class (and 401/403/429 apart, and by credential), 5xx count and the
 * slowest request. Exits 1 on any 5xx, any request over 5 s, a success for a credential the route
 * does not admit, a 401/429 for a working key, or a server that is unhealthy afterwards; the
 * counterexamples go to
 * test/artifacts/fuzz-failures-<backend>.json.
 */
import { type FuzzBackend, healthProblems, startFuzzServer } from "../test/fuzz/fuzz-server.js";
import {
  emptyStats,
  type FuzzFailure,
  type FuzzStats,
  fuzzEveryOperation,
  onlyFromEnv,
  runsFromEnv,
  seedFromEnv,
} from "../test/fuzz/run-fuzz.js";

const RUNS = runsFromEnv(300);
const BACKENDS = (process.env.STEWARD_FUZZ_BACKENDS ?? "sqlite,postgres").split(",") as FuzzBackend[];

let failed = false;
console.log(`\nAPI fuzz: ${RUNS} generated requests per operation\n`);
for (const backend of BACKENDS) {
  const started = Date.now();
  const server = await startFuzzServer(backend);
  const stats = emptyStats();
  try {
    const failures = await fuzzEveryOperation(
      server,
      { runsPerOperation: RUNS, seed: seedFromEnv(), only: onlyFromEnv(), onOperation: progress },
      stats,
    );
    const problems = await healthProblems(server);
    report(backend, stats, (Date.now() - started) / 1000);
    for (const failure of failures) console.log(`  FAIL ${failure.message}`);
    for (const problem of problems) console.log(`  UNHEALTHY ${problem}`);
    failed ||= failures.length > 0 || problems.length > 0 || (stats.byClass["5xx"] ?? 0) > 0;
  } finally {
    await server.stop();
  }
}
process.exit(failed ? 1 : 0);

/** One line per slow or failing operation while it runs (to stderr, so the table stays clean). */
function progress(operation: string, failure: FuzzFailure | undefined, ms: number): void {
  const seconds = (ms / 1000).toFixed(1);
  if (failure) console.error(`    FAILED (${seconds} s) ${failure.message.slice(0, 600)}`);
  else if (ms > 10_000) console.error(`    slow ${operation} (${seconds} s)`);
}

function report(backend: string, stats: FuzzStats, seconds: number): void {
  const classes = ["2xx", "3xx", "4xx", "5xx", "closed"]
    .map((c) => `${c} ${stats.byClass[c] ?? 0}`)
    .join(", ");
  console.log(`  ${backend}`);
  console.log(`    requests sent        ${stats.requests} in ${seconds.toFixed(0)} s`);
  console.log(
    `    operations covered   ${stats.covered.size} of ${stats.operations} (${stats.succeeded.size} answered 2xx at least once)`,
  );
  console.log(`    answers              ${classes}`);
  const auth = ["401", "403", "429"].map((s) => `${s} ${stats.byStatus[s] ?? 0}`).join(", ");
  console.log(`    auth refusals        ${auth}`);
  for (const [label, byClass] of Object.entries(stats.byAuth).sort(([a], [b]) => a.localeCompare(b))) {
    const line = Object.entries(byClass)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, n]) => `${c} ${n}`)
      .join(", ");
    console.log(`      ${`${label}:`.padEnd(19)}${line}`);
  }
  console.log(`    5xx                  ${stats.byClass["5xx"] ?? 0}`);
  console.log(`    slowest request      ${stats.slowestMs.toFixed(0)} ms  ${stats.slowest.slice(0, 100)}`);
  console.log();
}
