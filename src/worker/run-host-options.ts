import type { Environment, Settings } from "../config/settings.js";
import type { Infrastructure } from "./infrastructure.js";
import type { LeftRun } from "./job-set.js";
import type { OutputSink } from "./types/process.js";
import type { WorkerLog } from "./worker-log.js";

/**
 * Options shared by everything that claims flow runs and runs them in child processes: the
 * {@link Worker} (runs of a pool) and the serve Runner (runs of a few deployments).
 */
export interface RunHostOptions {
  /** Where the API is (`apiUrl`) and the intervals and grace periods. */
  readonly settings: Settings;
  readonly name?: string;
  /** Most flow runs at once. */
  readonly limit?: number;
  /** Claim runs due up to this many seconds ahead. @default 10 */
  readonly prefetchSeconds?: number;
  /** How long one claim long-polls the server. @default 20 */
  readonly claimWaitSeconds?: number;
  /** How often runs being cancelled are looked for. @default 1000 */
  readonly cancellationPollMs?: number;
  /** @default lines on stdout / stderr */
  readonly log?: WorkerLog;
  /** Where flow-run output lines (prefixed with the run's name) go. @default stdout / stderr */
  readonly output?: OutputSink;
  /** Replaces the infrastructure type's implementation (tests). */
  readonly infrastructure?: Infrastructure;
  /** Environment the flow-run processes inherit. @default process.env */
  readonly env?: Environment;
  /** Directory runs without pull steps or working_dir start in. @default process.cwd() */
  readonly cwd?: string;
  readonly fetch?: typeof fetch;
}

/** What stopping a worker or runner reports. */
export interface StopReport {
  /** Runs that did not finish within the grace period and were stopped (they end CRASHED). */
  readonly left: readonly LeftRun[];
}
