/**
 * @module The CI fuzz for one backend, as a vitest suite: a real server, every operation of its
 * OpenAPI document fuzzed (`STEWARD_FUZZ_RUNS` requests each, `STEWARD_FUZZ_SEED` to replay), then
 * the server must be healthy. One file per backend so the two run side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FuzzBackend, type FuzzServer, healthProblems, startFuzzServer } from "./fuzz-server.js";
import {
  DEFAULT_CI_RUNS,
  emptyStats,
  fuzzEveryOperation,
  onlyFromEnv,
  runsFromEnv,
  seedFromEnv,
} from "./run-fuzz.js";

/** Milliseconds the suite may take at the default size; larger runs get proportionally more. */
const BUDGET_MS = 240_000;

/** Declares the fuzz suite for `backend`. */
export function describeFuzz(backend: FuzzBackend): void {
  const runs = runsFromEnv(DEFAULT_CI_RUNS);
  const timeout = Math.max(BUDGET_MS, (BUDGET_MS * runs) / DEFAULT_CI_RUNS);

  describe(`API fuzz on ${backend}: every operation of the OpenAPI document`, () => {
    let server: FuzzServer | undefined;
    beforeAll(async () => {
      server = await startFuzzServer(backend);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it(
      `answers ${runs} generated requests per operation with no 5xx and none over 5 s, and stays healthy`,
      async () => {
        if (!server) throw new Error("the fuzz server did not start");
        const stats = emptyStats();
        const failures = await fuzzEveryOperation(
          server,
          { runsPerOperation: runs, seed: seedFromEnv(), only: onlyFromEnv() },
          stats,
        );
        expect(failures.map((f) => f.message)).toEqual([]);
        expect(stats.covered.size).toBe(stats.operations);
        expect(stats.byClass["5xx"] ?? 0).toBe(0);
        expect(await healthProblems(server)).toEqual([]);
      },
      timeout,
    );
  });
}
