/**
 * @module The seeded flow runs and their state rows, generated in chunks: a realistic mix of
 * states over the last 30 days, times and bookkeeping consistent with each state (as the write
 * path would have left them), tags and queues copied from the deployment.
 */
import { randomRunName } from "../../src/core/names.js";
import type { Catalog, SeedDeployment } from "./catalog.js";
import { logNormalMs, pick, type Random, uuidV7At } from "./random.js";

const DAY_MS = 86_400_000;
/** Past runs spread over this many days before the seed's `now`. */
export const HISTORY_DAYS = 30;
/** Future SCHEDULED runs spread over this many days after it. */
const FUTURE_DAYS = 3;
/** Share of started runs that keep their PENDING and RUNNING states as history rows. */
const HISTORY_SHARE = 0.1;

/** A flow_run row, in {@link RUN_COLUMNS} order. */
export type RunRow = readonly (string | number | null)[];
/** A flow_run_state row, in {@link STATE_COLUMNS} order. */
export type StateRow = readonly (string | number | null)[];

/** The flow_run columns the seed writes (the rest keep their defaults). */
export const RUN_COLUMNS = [
  "id",
  "created",
  "updated",
  "name",
  "flow_id",
  "deployment_id",
  "work_queue_id",
  "work_queue_name",
  "work_pool_id",
  "work_pool_name",
  "parameters",
  "empirical_policy",
  "tags",
  "auto_scheduled",
  "state_id",
  "state_type",
  "state_name",
  "state_timestamp",
  "run_count",
  "expected_start_time",
  "next_scheduled_start_time",
  "start_time",
  "end_time",
  "total_run_time",
] as const;

/** The flow_run_state columns the seed writes. */
export const STATE_COLUMNS = [
  "id",
  "created",
  "flow_run_id",
  "type",
  "name",
  "timestamp",
  "message",
  "details",
] as const;

/** The state of a generated run, drawn with the weights of the brief (percent). */
const MIX: readonly { type: string; name: string; weight: number }[] = [
  { type: "COMPLETED", name: "Completed", weight: 80 },
  { type: "FAILED", name: "Failed", weight: 7 },
  { type: "CRASHED", name: "Crashed", weight: 1 },
  { type: "CANCELLED", name: "Cancelled", weight: 3 },
  { type: "SCHEDULED", name: "Scheduled", weight: 3 },
  { type: "SCHEDULED", name: "Late", weight: 1 },
  { type: "RUNNING", name: "Running", weight: 1 },
  { type: "PENDING", name: "Pending", weight: 4 },
];

const MESSAGES: Record<string, string> = {
  FAILED: "Flow run encountered an exception: ValueError: upstream returned no rows",
  CRASHED: "Flow run infrastructure exited with non-zero status code 137 (out of memory?).",
  CANCELLED: "Cancelled by a user from the UI.",
  SCHEDULED: "Flow run scheduled",
};

const POLICY = JSON.stringify({
  retries: null,
  retry_delay: null,
  retry_type: null,
  pause_keys: [],
  resuming: false,
});

/** The generated rows of one chunk. */
export interface RunChunk {
  readonly runs: RunRow[];
  readonly states: StateRow[];
}

/** Generates runs `from` .. `to` - 1 of `total`, relative to the seed's clock `now`. */
export function generateRuns(
  catalog: Catalog,
  random: Random,
  now: number,
  total: number,
  from: number,
  to: number,
): RunChunk {
  const runs: RunRow[] = [];
  const states: StateRow[] = [];
  const start = now - HISTORY_DAYS * DAY_MS;
  for (let i = from; i < to; i++) {
    const state = drawState(random);
    const future = state.name === "Scheduled";
    // Past runs in order of i (so ids, which follow creation, mostly grow as rows are written).
    const expected = future
      ? now + Math.round(random() * FUTURE_DAYS * DAY_MS)
      : start + Math.round(((i + random()) / total) * HISTORY_DAYS * DAY_MS);
    // Skewed like real traffic: a few deployments make most runs; 5% of runs have none.
    const deployment =
      random() < 0.05
        ? undefined
        : catalog.deployments[Math.floor(random() ** 2 * catalog.deployments.length)];
    const auto = deployment !== undefined && random() < 0.7;
    // The scheduler creates runs ahead of time; a manual run is created when it is due.
    const created = auto ? Math.min(now, expected - Math.round(random() * DAY_MS)) : Math.min(now, expected);
    const id = uuidV7At(created, random);
    const flowId = deployment?.flowId ?? catalog.flowIds[pick(random, catalog.flowIds.length)] ?? "";
    const times = stateTimes(state.type, state.name, expected, created, now, random);
    const stateId = uuidV7At(times.stateTimestamp, random);
    runs.push([
      id,
      created,
      times.stateTimestamp,
      randomRunName(),
      flowId,
      deployment?.id ?? null,
      deployment?.queueId ?? null,
      deployment?.queueName ?? null,
      deployment?.poolId ?? null,
      deployment?.poolName ?? null,
      JSON.stringify({ day: new Date(expected).toISOString().slice(0, 10), limit: 1000 }),
      POLICY,
      JSON.stringify(runTags(deployment, auto)),
      auto ? 1 : 0,
      stateId,
      state.type,
      state.name,
      times.stateTimestamp,
      times.runCount,
      expected,
      state.type === "SCHEDULED" ? expected : null,
      times.startTime,
      times.endTime,
      times.totalRunTime,
    ]);
    const details: Record<string, string> = { flow_run_id: id };
    if (state.type === "SCHEDULED") details.scheduled_time = new Date(expected).toISOString();
    states.push(
      stateRow(stateId, id, state.type, state.name, times.stateTimestamp, details, MESSAGES[state.type]),
    );
    if (times.startTime !== null && random() < HISTORY_SHARE) {
      const pendingAt = Math.max(created, times.startTime - 1000);
      const history: [string, string, number][] = [["PENDING", "Pending", pendingAt]];
      // A run that is RUNNING now has that state as its current row already.
      if (state.type !== "RUNNING") history.push(["RUNNING", "Running", times.startTime]);
      for (const [type, name, at] of history) {
        states.push(stateRow(uuidV7At(at, random), id, type, name, at, { flow_run_id: id }, undefined));
      }
    }
  }
  return { runs, states };
}

function drawState(random: Random): { type: string; name: string } {
  let u = random() * 100;
  for (const entry of MIX) {
    if (u < entry.weight) return entry;
    u -= entry.weight;
  }
  return { type: "PENDING", name: "Pending" };
}

function runTags(deployment: SeedDeployment | undefined, auto: boolean): string[] {
  if (deployment === undefined) return [];
  return auto ? [...deployment.tags, "auto-scheduled"] : [...deployment.tags];
}

interface StateTimes {
  readonly stateTimestamp: number;
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly totalRunTime: number;
  readonly runCount: number;
}

/** Times and counters as the orchestration rules would have set them for a run now in this state. */
function stateTimes(
  type: string,
  name: string,
  expected: number,
  created: number,
  now: number,
  random: Random,
): StateTimes {
  // Workers pick runs up within seconds; a few are slow. Nothing has happened after `now`.
  const startTime = Math.min(now, expected + logNormalMs(random, 2_000, 1, 300_000));
  const duration = Math.min(now - startTime, logNormalMs(random, 90_000, 1.3, 6 * 3_600_000));
  const retries = type === "FAILED" && random() < 0.2 ? 1 + pick(random, 3) : 0;
  switch (type) {
    case "COMPLETED":
    case "FAILED":
    case "CRASHED":
      return {
        stateTimestamp: startTime + duration,
        startTime,
        endTime: startTime + duration,
        totalRunTime: duration,
        runCount: 1 + retries,
      };
    case "CANCELLED":
      // Half were cancelled while running, half before they started.
      return random() < 0.5
        ? {
            stateTimestamp: startTime + duration,
            startTime,
            endTime: startTime + duration,
            totalRunTime: duration,
            runCount: 1,
          }
        : { stateTimestamp: startTime, startTime: null, endTime: startTime, totalRunTime: 0, runCount: 0 };
    case "RUNNING":
      return { stateTimestamp: startTime, startTime, endTime: null, totalRunTime: 0, runCount: 1 };
    case "PENDING":
      return { stateTimestamp: startTime, startTime: null, endTime: null, totalRunTime: 0, runCount: 0 };
    default:
      // SCHEDULED: marked Late 15 s after its time, or still waiting since its creation.
      return {
        stateTimestamp: name === "Late" ? Math.min(now, expected + 15_000) : created,
        startTime: null,
        endTime: null,
        totalRunTime: 0,
        runCount: 0,
      };
  }
}

function stateRow(
  id: string,
  runId: string,
  type: string,
  name: string,
  at: number,
  details: Record<string, string>,
  message: string | undefined,
): StateRow {
  return [id, at, runId, type, name, at, message ?? null, JSON.stringify(details)];
}
