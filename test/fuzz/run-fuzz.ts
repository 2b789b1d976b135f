/**
 * @module The fuzz loop shared by the CI suite and `bench/fuzz.ts`: for every operation of the
 * server's OpenAPI document, fast-check generates requests and sends them one at a time; a 5xx, a
 * request over 5 s, a success for a credential the route does not admit, or a 401/429 for a working
 * key fails the property, and fast-check shrinks it to a small counterexample. Every answer is
 * counted, so the caller can print or assert the figures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { RouteAccess } from "../../src/core/access.js";
import { ROOT } from "../e2e/harness.js";
import { authLabel, isWorkingKey, mayBeAllowed } from "./fuzz-auth.js";
import {
  CLOSED_WHILE_SENDING,
  describeRequest,
  type FuzzRequest,
  type FuzzTarget,
  sendFuzzRequest,
} from "./fuzz-request.js";
import type { FuzzServer } from "./fuzz-server.js";
import { fetchOpenApi, listOperations } from "./openapi-operations.js";
import { requestArbitrary } from "./request-arbitrary.js";
import { seed } from "./seed.js";

/** How big a fuzz run is. */
export interface FuzzOptions {
  /** Generated requests per operation (shrinking a failure sends more). */
  readonly runsPerOperation: number;
  /** fast-check seed, to replay a run. @default random */
  readonly seed?: number;
  /** Only the operations whose key (`PUT /api/automations/{id}`) matches. @default all */
  readonly only?: RegExp;
  /** Called after each operation, e.g. to print progress. */
  readonly onOperation?: (operation: string, failure: FuzzFailure | undefined, ms: number) => void;
}

/**
 * Longest one operation's property may run, shrinking included: a hang costs 5 s per attempt, and
 * the smallest counterexample found by then is reported.
 */
const OPERATION_TIME_LIMIT_MS = 60_000;

/** The figures of one run. */
export interface FuzzStats {
  requests: number;
  /** Answers by class: `2xx`, `4xx`, `5xx`, and `closed` (oversized bodies cut off by the server). */
  readonly byClass: Record<string, number>;
  /** Answers by exact status (`401`, `403`, `429`, …). */
  readonly byStatus: Record<string, number>;
  /** Answers by class for each kind of credential (`admin`, `viewer`, `no key`, `random key`, …). */
  readonly byAuth: Record<string, Record<string, number>>;
  /** Operations that got at least one request, and those that answered at least one 2xx. */
  readonly covered: Set<string>;
  readonly succeeded: Set<string>;
  operations: number;
  slowestMs: number;
  slowest: string;
}

/** One operation whose property failed: the shrunk request and why. */
export interface FuzzFailure {
  readonly operation: string;
  readonly message: string;
  readonly counterexample: FuzzRequest | undefined;
}

/** Default requests per operation in CI: about a minute per backend on two cores. */
export const DEFAULT_CI_RUNS = 25;

/** `STEWARD_FUZZ_RUNS`, or `fallback`. */
export function runsFromEnv(fallback: number): number {
  const runs = Number(process.env.STEWARD_FUZZ_RUNS ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`STEWARD_FUZZ_RUNS must be a positive integer`);
  return runs;
}

/** `STEWARD_FUZZ_SEED`, when set. */
export function seedFromEnv(): number | undefined {
  const text = process.env.STEWARD_FUZZ_SEED;
  return text === undefined || text === "" ? undefined : Number(text);
}

/** `STEWARD_FUZZ_ONLY` (a regular expression over `METHOD /api/path`), when set. */
export function onlyFromEnv(): RegExp | undefined {
  const text = process.env.STEWARD_FUZZ_ONLY;
  return text === undefined || text === "" ? undefined : new RegExp(text);
}

/** Empty figures. */
export function emptyStats(): FuzzStats {
  return {
    requests: 0,
    byClass: {},
    byStatus: {},
    byAuth: {},
    covered: new Set(),
    succeeded: new Set(),
    operations: 0,
    slowestMs: 0,
    slowest: "",
  };
}

/** Seeds `server`, then fuzzes every operation of its OpenAPI document; answers the failures. */
export async function fuzzEveryOperation(
  server: FuzzServer,
  options: FuzzOptions,
  stats: FuzzStats = emptyStats(),
): Promise<FuzzFailure[]> {
  const { known, keys } = await seed(server);
  const target: FuzzTarget = { origin: server.origin, keys };
  const document = await fetchOpenApi(server.apiUrl, server.apiKey);
  const operations = listOperations(document).filter((op) => options.only?.test(op.key) ?? true);
  stats.operations = operations.length;
  const failures: FuzzFailure[] = [];
  for (const operation of operations) {
    const arbitrary = requestArbitrary(operation, { document, known });
    const property = fc.asyncProperty(arbitrary, async (request) => {
      const answer = await sendFuzzRequest(target, request);
      record(stats, request, answer.status, answer.ms);
      const problem = wrongAnswer(request, operation.access, answer.status);
      if (problem !== undefined) {
        throw new Error(`${describeRequest(request)} ${problem}: ${answer.excerpt}`);
      }
    });
    const started = Date.now();
    const details = await fc.check(property, {
      numRuns: options.runsPerOperation,
      seed: options.seed,
      interruptAfterTimeLimit: OPERATION_TIME_LIMIT_MS,
    });
    const failure = details.failed ? failureOf(operation.key, details) : undefined;
    if (failure) failures.push(failure);
    options.onOperation?.(operation.key, failure, Date.now() - started);
  }
  if (failures.length > 0) saveFailures(server.backend, failures);
  return failures;
}

/**
 * Why `status` is the wrong answer to `request` on a route with `access`, or undefined: never a
 * 5xx; never a success for a credential the route does not admit (no key, a bad key, too small a
 * role); never 401 or 429 for a working key on a route that needs one (a key that works always
 * passes, however many bad keys the same address sent).
 */
export function wrongAnswer(request: FuzzRequest, access: RouteAccess, status: number): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status === CLOSED_WHILE_SENDING) return undefined;
  if (status < 400 && !mayBeAllowed(request.auth, access)) {
    return `answered ${status} though the route needs ${JSON.stringify(access)} (authorisation bypass)`;
  }
  // Open routes ignore the header: a login's own limiter may answer 429 whatever key is sent.
  if ((status === 401 || status === 429) && isWorkingKey(request.auth) && access.role !== "open") {
    return `answered ${status} to a working ${authLabel(request.auth)} key`;
  }
  return undefined;
}

function record(stats: FuzzStats, request: FuzzRequest, status: number, ms: number): void {
  stats.requests++;
  const statusClass = status === CLOSED_WHILE_SENDING ? "closed" : `${Math.floor(status / 100)}xx`;
  stats.byClass[statusClass] = (stats.byClass[statusClass] ?? 0) + 1;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  const byAuth = (stats.byAuth[authLabel(request.auth)] ??= {});
  byAuth[statusClass] = (byAuth[statusClass] ?? 0) + 1;
  stats.covered.add(request.operation);
  if (status < 300) stats.succeeded.add(request.operation);
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = describeRequest(request);
  }
}

function failureOf(operation: string, details: fc.RunDetails<[FuzzRequest]>): FuzzFailure {
  const error = details.errorInstance;
  const reason = error instanceof Error ? error.message : String(error);
  const replay = `seed ${details.seed}, path "${details.counterexamplePath ?? ""}"`;
  return {
    operation,
    message: `${operation}: ${reason.slice(0, 2000)} (after ${details.numRuns} runs, ${details.numShrinks} shrinks; ${replay})`,
    counterexample: details.counterexample?.[0],
  };
}

/** A failure as one JSON line; a counterexample too large for a string is described instead. */
function serializeFailure(failure: FuzzFailure): string {
  try {
    return JSON.stringify(failure);
  } catch (error) {
    return JSON.stringify({ ...failure, counterexample: `not written: ${(error as Error).message}` });
  }
}

/** Writes the full counterexamples (they can be megabytes) where a person can copy them into the corpus. */
function saveFailures(backend: string, failures: readonly FuzzFailure[]): void {
  const dir = join(ROOT, "test/artifacts");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fuzz-failures-${backend}.json`);
  // One line per failure: a pretty-printed 20,000-item array would not fit in a string.
  writeFileSync(file, `[\n${failures.map(serializeFailure).join(",\n")}\n]\n`);
  console.error(`fuzz: ${failures.length} failing operation(s) on ${backend}; counterexamples in ${file}`);
}
