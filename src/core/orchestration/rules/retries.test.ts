import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { policyOf, proposalOf, runOf, stateOf, summarise, TEST_NOW } from "../testing.js";
import type { Decision, RulePolicy, RuleState } from "../types.js";
import { renameReruns, retryDelaySeconds, retryFailedFlows, retryFailedTasks } from "./retries.js";

const failed = stateOf(T.FAILED, { message: "boom", data: { type: "json", storage_key: "err.json" } });

/** Seconds from now until the retry state returned by `decision` is due. */
function retryInSeconds(decision: Decision): number | null {
  if (decision.status !== "REJECT" || !decision.state) return null;
  return ((decision.state.details.scheduled_time ?? 0) - TEST_NOW) / 1000;
}

describe("RetryFailedFlows", () => {
  const cases: {
    name: string;
    runCount: number;
    retries: number | null;
    expected: string;
    retryType: string | null;
  }[] = [
    {
      name: "first failure, 2 retries",
      runCount: 1,
      retries: 2,
      expected: "REJECT SCHEDULED/AwaitingRetry",
      retryType: "in_process",
    },
    {
      name: "last retry",
      runCount: 2,
      retries: 2,
      expected: "REJECT SCHEDULED/AwaitingRetry",
      retryType: "in_process",
    },
    { name: "retries exhausted", runCount: 3, retries: 2, expected: "ACCEPT FAILED/Failed", retryType: null },
    {
      name: "no retries configured",
      runCount: 1,
      retries: null,
      expected: "ACCEPT FAILED/Failed",
      retryType: null,
    },
    { name: "zero retries", runCount: 1, retries: 0, expected: "ACCEPT FAILED/Failed", retryType: null },
  ];

  it.each(cases)("$name → $expected", ({ runCount, retries, expected, retryType }) => {
    const policy = policyOf({
      retries,
      retryDelay: 10,
      pauseKeys: ["k"],
      resuming: true,
      retryType: "reschedule",
    });
    const run = runOf("flow_run", stateOf(T.RUNNING), { runCount, policy });
    const decision = runPolicy([retryFailedFlows], proposalOf(run, failed));
    expect(summarise(decision)).toBe(expected);
    expect(decision.status !== "WAIT" && decision.status !== "ABORT" && decision.policy?.retryType).toBe(
      retryType,
    );
  });

  it("schedules the retry after the delay, carries message and data, and forgets pauses", () => {
    const run = runOf("flow_run", stateOf(T.RUNNING), {
      runCount: 1,
      policy: policyOf({ retries: 1, retryDelay: 10, pauseKeys: ["k"], resuming: true }),
    });
    const decision = runPolicy([retryFailedFlows], proposalOf(run, failed));
    expect(retryInSeconds(decision)).toBe(10);
    expect(decision).toMatchObject({
      state: { message: "boom", data: failed.data, timestamp: TEST_NOW },
      policy: { retryType: "in_process", pauseKeys: [], resuming: false },
    });
  });

  it("ignores RUNNING → COMPLETED and PENDING → FAILED", () => {
    const policy = policyOf({ retries: 3 });
    const running = runOf("flow_run", stateOf(T.RUNNING), { runCount: 1, policy });
    const pending = runOf("flow_run", stateOf(T.PENDING), { runCount: 1, policy });
    expect(summarise(runPolicy([retryFailedFlows], proposalOf(running, stateOf(T.COMPLETED))))).toBe(
      "ACCEPT COMPLETED/Completed",
    );
    expect(summarise(runPolicy([retryFailedFlows], proposalOf(pending, failed)))).toBe(
      "ACCEPT FAILED/Failed",
    );
  });
});

describe("RetryFailedTasks", () => {
  const cases: {
    name: string;
    runCount: number;
    policy: Partial<RulePolicy>;
    proposed?: RuleState;
    random?: number;
    expected: string;
    delay?: number;
  }[] = [
    {
      name: "number delay",
      runCount: 1,
      policy: { retries: 2, retryDelay: 5 },
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 5,
    },
    {
      name: "no delay",
      runCount: 1,
      policy: { retries: 2 },
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 0,
    },
    {
      name: "list, first retry",
      runCount: 1,
      policy: { retries: 3, retryDelay: [1, 10, 60] },
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 1,
    },
    {
      name: "list, third retry",
      runCount: 3,
      policy: { retries: 3, retryDelay: [1, 10, 60] },
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 60,
    },
    {
      name: "list, last entry repeats",
      runCount: 4,
      policy: { retries: 5, retryDelay: [1, 10] },
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 10,
    },
    {
      name: "jitter up",
      runCount: 1,
      policy: { retries: 1, retryDelay: 10, retryJitterFactor: 0.5 },
      random: 1,
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 15,
    },
    {
      name: "jitter down",
      runCount: 1,
      policy: { retries: 1, retryDelay: 10, retryJitterFactor: 0.5 },
      random: 0,
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 5,
    },
    {
      name: "jitter clamped at zero",
      runCount: 1,
      policy: { retries: 1, retryDelay: 10, retryJitterFactor: 3 },
      random: 0,
      expected: "REJECT SCHEDULED/AwaitingRetry",
      delay: 0,
    },
    {
      name: "not retriable",
      runCount: 1,
      policy: { retries: 3 },
      proposed: stateOf(T.FAILED, { details: { retriable: false } }),
      expected: "ACCEPT FAILED/Failed",
    },
    { name: "retries exhausted", runCount: 3, policy: { retries: 2 }, expected: "ACCEPT FAILED/Failed" },
    { name: "no retries", runCount: 1, policy: {}, expected: "ACCEPT FAILED/Failed" },
  ];

  it.each(cases)("$name → $expected", ({ runCount, policy, proposed, random, expected, delay }) => {
    const run = runOf("task_run", stateOf(T.RUNNING), { runCount, policy: policyOf(policy) });
    const ctx = proposalOf(run, proposed ?? failed, { random: () => random ?? 0.5 });
    const decision = runPolicy([retryFailedTasks], ctx);
    expect(summarise(decision)).toBe(expected);
    expect(retryInSeconds(decision)).toBe(delay ?? null);
    // Task retries leave the flow-level policy alone.
    expect(decision.status === "REJECT" ? decision.policy : undefined).toBeUndefined();
  });
});

describe("retryDelaySeconds", () => {
  it("uses the first list entry even for a run count of 0", () => {
    expect(retryDelaySeconds(policyOf({ retryDelay: [7, 8] }), 0, () => 0.5)).toBe(7);
  });

  it("treats an empty list as no delay", () => {
    expect(retryDelaySeconds(policyOf({ retryDelay: [] }), 1, () => 0.5)).toBe(0);
  });

  it("falls back to Math.random when the proposal has no random", () => {
    const run = runOf("task_run", stateOf(T.RUNNING), {
      runCount: 1,
      policy: policyOf({ retries: 1, retryDelay: 10, retryJitterFactor: 0.1 }),
    });
    const decision = runPolicy([retryFailedTasks], { run, proposed: failed, force: false, now: TEST_NOW });
    const seconds = retryInSeconds(decision) ?? -1;
    expect(seconds).toBeGreaterThanOrEqual(9);
    expect(seconds).toBeLessThanOrEqual(11);
  });
});

describe("RenameReruns", () => {
  const cases: { name: string; from: RuleState; runCount: number; expected: string }[] = [
    {
      name: "after AwaitingRetry",
      from: stateOf(T.SCHEDULED, { name: "AwaitingRetry" }),
      runCount: 1,
      expected: "ACCEPT RUNNING/Retrying",
    },
    {
      name: "after PENDING, ran before",
      from: stateOf(T.PENDING),
      runCount: 1,
      expected: "ACCEPT RUNNING/Rerunning",
    },
    {
      name: "after a terminal state, ran before",
      from: stateOf(T.COMPLETED),
      runCount: 2,
      expected: "ACCEPT RUNNING/Rerunning",
    },
    { name: "first run", from: stateOf(T.PENDING), runCount: 0, expected: "ACCEPT RUNNING/Running" },
    {
      name: "first run after AwaitingRetry",
      from: stateOf(T.SCHEDULED, { name: "AwaitingRetry" }),
      runCount: 0,
      expected: "ACCEPT RUNNING/Running",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, runCount, expected }) => {
    const run = runOf("task_run", from, { runCount });
    expect(summarise(runPolicy([renameReruns], proposalOf(run, stateOf(T.RUNNING))))).toBe(expected);
  });

  it("ignores transitions to other states", () => {
    const run = runOf("task_run", stateOf(T.RUNNING), { runCount: 2 });
    expect(summarise(runPolicy([renameReruns], proposalOf(run, stateOf(T.COMPLETED))))).toBe(
      "ACCEPT COMPLETED/Completed",
    );
  });
});
