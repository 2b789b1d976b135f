import { describe, expect, it } from "vitest";
import { StateType as T } from "../states.js";
import { initialBookkeeping, nextBookkeeping } from "./bookkeeping.js";
import { stateOf, TEST_NOW } from "./testing.js";
import type { RuleRun, RuleState, RunBookkeeping } from "./types.js";

const at = (type: T, seconds: number, overrides: Partial<RuleState> = {}): RuleState =>
  stateOf(type, { timestamp: TEST_NOW + seconds * 1000, ...overrides });

/** Bookkeeping after writing `states` one after the other onto a new run. */
function replay(kind: RuleRun["kind"], states: RuleState[], resuming = false): RunBookkeeping {
  let bookkeeping = initialBookkeeping();
  let previous: RuleState | null = null;
  for (const state of states) {
    bookkeeping = nextBookkeeping(kind, bookkeeping, previous, state, { resuming });
    previous = state;
  }
  return bookkeeping;
}

describe("nextBookkeeping", () => {
  it("starts empty", () => {
    expect(initialBookkeeping()).toEqual({
      runCount: 0,
      startTime: null,
      endTime: null,
      totalRunTimeMs: 0,
      expectedStartTime: null,
      nextScheduledStartTime: null,
    });
  });

  it("sums a retry cycle: RUNNING → AwaitingRetry → RUNNING → COMPLETED", () => {
    const retry = at(T.SCHEDULED, 10, {
      name: "AwaitingRetry",
      details: { scheduled_time: TEST_NOW + 15_000 },
    });
    const states = [at(T.RUNNING, 0), retry, at(T.RUNNING, 15), at(T.COMPLETED, 20)];
    expect(replay("task_run", states)).toEqual({
      runCount: 2,
      startTime: TEST_NOW,
      endTime: TEST_NOW + 20_000,
      totalRunTimeMs: 15_000,
      expectedStartTime: TEST_NOW,
      nextScheduledStartTime: null,
    });
  });

  const cases: {
    name: string;
    kind: RuleRun["kind"];
    states: RuleState[];
    expected: Partial<RunBookkeeping>;
  }[] = [
    {
      name: "a scheduled run expects to start at its first scheduled time",
      kind: "flow_run",
      states: [
        at(T.SCHEDULED, 0, { details: { scheduled_time: TEST_NOW + 60_000 } }),
        at(T.SCHEDULED, 1, { name: "Late", details: { scheduled_time: TEST_NOW + 90_000 } }),
      ],
      expected: {
        expectedStartTime: TEST_NOW + 60_000,
        nextScheduledStartTime: TEST_NOW + 90_000,
        runCount: 0,
      },
    },
    {
      name: "the next scheduled start clears once the run leaves SCHEDULED",
      kind: "flow_run",
      states: [at(T.SCHEDULED, 0, { details: { scheduled_time: TEST_NOW } }), at(T.PENDING, 1)],
      expected: { nextScheduledStartTime: null, expectedStartTime: TEST_NOW },
    },
    {
      name: "an ad-hoc run expects to start at its first state",
      kind: "flow_run",
      states: [at(T.PENDING, 3), at(T.RUNNING, 4)],
      expected: { expectedStartTime: TEST_NOW + 3_000, startTime: TEST_NOW + 4_000, runCount: 1 },
    },
    {
      name: "the first terminal time sticks",
      kind: "flow_run",
      states: [at(T.RUNNING, 0), at(T.FAILED, 2), at(T.CRASHED, 5)],
      expected: { endTime: TEST_NOW + 2_000, totalRunTimeMs: 2_000 },
    },
    {
      name: "leaving a terminal state clears the end time, and a flow keeps counting",
      kind: "flow_run",
      states: [at(T.RUNNING, 0), at(T.FAILED, 2), at(T.RUNNING, 5)],
      expected: { endTime: null, runCount: 2, startTime: TEST_NOW, totalRunTimeMs: 2_000 },
    },
    {
      name: "a task rerun after a terminal state starts counting again",
      kind: "task_run",
      states: [at(T.RUNNING, 0), at(T.FAILED, 2), at(T.RUNNING, 5)],
      expected: { endTime: null, runCount: 1 },
    },
    {
      name: "a flow resumed from PAUSED continues the same attempt",
      kind: "flow_run",
      states: [at(T.RUNNING, 0), at(T.PAUSED, 2), at(T.RUNNING, 10), at(T.COMPLETED, 11)],
      expected: { runCount: 1, totalRunTimeMs: 3_000 },
    },
    {
      name: "a task leaving PAUSED starts a new attempt",
      kind: "task_run",
      states: [at(T.RUNNING, 0), at(T.PAUSED, 2), at(T.RUNNING, 10)],
      expected: { runCount: 2 },
    },
    {
      name: "a clock step backwards never makes run time negative",
      kind: "flow_run",
      states: [at(T.RUNNING, 10), at(T.COMPLETED, 5)],
      expected: { totalRunTimeMs: 0 },
    },
  ];

  it.each(cases)("$name", ({ kind, states, expected }) => {
    expect(replay(kind, states)).toMatchObject(expected);
  });

  it("does not count a flow resumed after a suspend (RUNNING after PENDING) as a new attempt", () => {
    const previous = { ...initialBookkeeping(), runCount: 1 };
    const next = nextBookkeeping("flow_run", previous, at(T.PENDING, 0), at(T.RUNNING, 1), {
      resuming: true,
    });
    expect(next.runCount).toBe(1);
  });
});
