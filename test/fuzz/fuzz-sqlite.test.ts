/**
 * API fuzz on SQLite: see fuzz-suite.ts. `STEWARD_FUZZ_RUNS=200 npx vitest run test/fuzz` for a longer run.
 */
import { describeFuzz } from "./fuzz-suite.js";

describeFuzz("sqlite");
