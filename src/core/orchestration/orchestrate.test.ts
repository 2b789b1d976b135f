import { describe, expect, it } from "vitest";
import { StateType as T } from "../states.js";
import { initialBookkeeping, nextBookkeeping } from "./bookkeeping.js";
import { orchestrateFlowRun, orchestrateTaskRun } from "./orchestrate.js";
import { applyPolicyChanges } from "./pipeline.js";
import { CORE_FLOW_POLICY, CORE_TASK_POLICY, MINIMAL_FLOW_POLICY } from "./policy.js";
import { PERSISTED_RESULT, policyOf, proposalOf, runOf, stateOf, summarise, TEST_NOW } from "./testing.js";
import type { Decision, RuleRun, RuleState, RunBookkeeping } from "./types.js";

/** A run as a store would hold it: rule inputs plus bookkeeping. */
interface StoredRun {
  readonly run: RuleRun;
  readonly bookkeeping: RunBookkeeping;
}

/** Proposes `proposed` at `now` and writes what the decision says, as the server will. */
function propose(stored: StoredRun, proposed: RuleState, now: number, force = false): [Decision, StoredRun] {
  const ctx = proposalOf(stored.run, { ...proposed, timestamp: now }, { now, force });
  const decision = stored.run.kind === "flow_run" ? orchestrateFlowRun(ctx) : orchestrateTaskRun(ctx);
  if (decision.status === "WAIT" || decision.status === "ABORT" || decision.state === null) {
    return [decision, stored];
  }
  const policy = applyPolicyChanges(stored.run.policy, decision.policy);
  const bookkeeping = nextBookkeeping(stored.run.kind, stored.bookkeeping, stored.run.state, decision.state, {
    resuming: policy.resuming,
  });
  const run = { ...stored.run, state: decision.state, policy, runCount: bookkeeping.runCount };
  return [decision, { run, bookkeeping }];
}

const fresh = (kind: RuleRun["kind"], overrides: Partial<RuleRun> = {}): StoredRun => ({
  run: runOf(kind, null, overrides),
  bookkeeping: initialBookkeeping(),
});

describe("the flow policy", () => {
  it("lists the rules in Prefect's order", () => {
    expect(CORE_FLOW_POLICY.map((rule) => rule.name)).toEqual([
      "AcceptFirstState",
      "PreventDuplicateTransitions",
      "HandleFlowTerminalStateTransitions",
      "EnforceCancellingToCancelledTransition",
      "BypassCancellingFlowRunsWithNoInfra",
      "PreventPendingTransitions",
      "EnsureOnlyScheduledFlowsMarkedLate",
      "HandlePausingFlows",
      "HandleResumingPausedFlows",
      "CopyScheduledTime",
      "WaitForScheduledTime",
      "RetryFailedFlows",
    ]);
    expect(MINIMAL_FLOW_POLICY.map((rule) => rule.name)).toEqual([
      "AcceptFirstState",
      "PreventResultDataLoss",
      "BypassCancellingFlowRunsWithNoInfra",
    ]);
  });

  const cases: { name: string; run: RuleRun; proposed: RuleState; force?: boolean; expected: string }[] = [
    {
      name: "a first state is accepted",
      run: runOf("flow_run", null),
      proposed: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "a duplicate transition id beats the PENDING guard",
      run: runOf("flow_run", stateOf(T.PENDING, { details: { transition_id: "t1" } })),
      proposed: stateOf(T.PENDING, { details: { transition_id: "t1" } }),
      expected: "REJECT null",
    },
    {
      name: "a duplicate transition id beats the terminal guard",
      run: runOf("flow_run", stateOf(T.COMPLETED, { details: { transition_id: "t1" } })),
      proposed: stateOf(T.CANCELLING, { details: { transition_id: "t1" } }),
      expected: "REJECT null",
    },
    {
      name: "CANCELLING → RUNNING",
      run: runOf("flow_run", stateOf(T.CANCELLING)),
      proposed: stateOf(T.RUNNING),
      expected: "REJECT null",
    },
    {
      name: "SCHEDULED → CANCELLING without pid",
      run: runOf("flow_run", stateOf(T.SCHEDULED)),
      proposed: stateOf(T.CANCELLING),
      expected: "REJECT CANCELLED/Cancelled",
    },
    {
      name: "RUNNING → PENDING",
      run: runOf("flow_run", stateOf(T.RUNNING)),
      proposed: stateOf(T.PENDING),
      expected: "ABORT",
    },
    {
      name: "COMPLETED → CRASHED",
      run: runOf("flow_run", stateOf(T.COMPLETED)),
      proposed: stateOf(T.CRASHED),
      expected: "ABORT",
    },
    {
      name: "PENDING → PAUSED",
      run: runOf("flow_run", stateOf(T.PENDING)),
      proposed: stateOf(T.PAUSED),
      expected: "REJECT null",
    },
    {
      name: "FAILED with retries left",
      run: runOf("flow_run", stateOf(T.RUNNING), { runCount: 1, policy: policyOf({ retries: 1 }) }),
      proposed: stateOf(T.FAILED),
      expected: "REJECT SCHEDULED/AwaitingRetry",
    },
    {
      name: "forced CANCELLING → RUNNING",
      run: runOf("flow_run", stateOf(T.CANCELLING)),
      proposed: stateOf(T.RUNNING),
      force: true,
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "forced RUNNING → PENDING",
      run: runOf("flow_run", stateOf(T.RUNNING)),
      proposed: stateOf(T.PENDING),
      force: true,
      expected: "ACCEPT PENDING/Pending",
    },
    {
      name: "forced FAILED with retries left is not retried",
      run: runOf("flow_run", stateOf(T.RUNNING), { runCount: 1, policy: policyOf({ retries: 3 }) }),
      proposed: stateOf(T.FAILED),
      force: true,
      expected: "ACCEPT FAILED/Failed",
    },
    {
      name: "forced unpersisted COMPLETED over a persisted one",
      run: runOf("flow_run", stateOf(T.COMPLETED, { data: PERSISTED_RESULT })),
      proposed: stateOf(T.COMPLETED),
      force: true,
      expected: "REJECT null",
    },
    {
      name: "forced SCHEDULED → CANCELLING without pid",
      run: runOf("flow_run", stateOf(T.SCHEDULED)),
      proposed: stateOf(T.CANCELLING),
      force: true,
      expected: "REJECT CANCELLED/Cancelled",
    },
  ];

  it.each(cases)("$name → $expected", ({ run, proposed, force, expected }) => {
    expect(summarise(orchestrateFlowRun(proposalOf(run, proposed, { force: force ?? false })))).toBe(
      expected,
    );
  });

  it("aborts the second of two PENDING proposals", () => {
    const scheduled = { ...fresh("flow_run", { deploymentId: "d1" }) };
    const [, created] = propose(
      scheduled,
      stateOf(T.SCHEDULED, { details: { scheduled_time: TEST_NOW } }),
      TEST_NOW,
    );
    const [first, claimed] = propose(created, stateOf(T.PENDING), TEST_NOW + 1);
    const [second] = propose(claimed, stateOf(T.PENDING), TEST_NOW + 2);
    expect(summarise(first)).toBe("ACCEPT PENDING/Pending");
    expect(summarise(second)).toBe("ABORT");
  });

  it("holds RUNNING back until the scheduled time, by the server's clock", () => {
    const due = TEST_NOW + 90_000;
    const [, created] = propose(
      fresh("flow_run"),
      stateOf(T.SCHEDULED, { details: { scheduled_time: due } }),
      TEST_NOW,
    );
    const [, claimed] = propose(created, stateOf(T.PENDING), TEST_NOW + 500);
    expect(claimed.run.state?.details.scheduled_time).toBe(due);
    expect(summarise(propose(claimed, stateOf(T.RUNNING), TEST_NOW + 1_000)[0])).toBe("WAIT 89s");
    expect(summarise(propose(claimed, stateOf(T.RUNNING), due)[0])).toBe("ACCEPT RUNNING/Running");
  });

  it("retries a failed flow in process, then fails it when retries run out", () => {
    const policy = policyOf({ retries: 1, retryDelay: 0 });
    let stored = propose(fresh("flow_run", { policy }), stateOf(T.RUNNING), TEST_NOW)[1];
    let decision: Decision;
    [decision, stored] = propose(stored, stateOf(T.FAILED), TEST_NOW + 1_000);
    expect(summarise(decision)).toBe("REJECT SCHEDULED/AwaitingRetry");
    expect(stored.run.policy.retryType).toBe("in_process");
    [decision, stored] = propose(stored, stateOf(T.RUNNING), TEST_NOW + 1_500);
    expect(summarise(decision)).toBe("ACCEPT RUNNING/Running");
    [decision, stored] = propose(stored, stateOf(T.FAILED), TEST_NOW + 4_000);
    expect(summarise(decision)).toBe("ACCEPT FAILED/Failed");
    expect(stored.run.policy.retryType).toBeNull();
    expect(stored.bookkeeping).toMatchObject({
      runCount: 2,
      totalRunTimeMs: 3_500,
      endTime: TEST_NOW + 4_000,
    });
  });

  it("reruns a failed deployment run from the UI through SCHEDULED", () => {
    const failed = runOf("flow_run", stateOf(T.FAILED), {
      deploymentId: "d1",
      policy: policyOf({ pauseKeys: ["k"] }),
    });
    const decision = orchestrateFlowRun(proposalOf(failed, stateOf(T.SCHEDULED, { name: "AwaitingRetry" })));
    expect(decision).toMatchObject({
      status: "ACCEPT",
      policy: { retryType: "reschedule", pauseKeys: [], resuming: false },
    });
  });

  it("pauses once per key and resumes without counting a new attempt", () => {
    let stored = propose(fresh("flow_run"), stateOf(T.RUNNING), TEST_NOW)[1];
    const pause = stateOf(T.PAUSED, { details: { pause_key: "approval" } });
    stored = propose(stored, pause, TEST_NOW + 1_000)[1];
    expect(stored.run.policy.pauseKeys).toEqual(["approval"]);
    stored = propose(stored, stateOf(T.RUNNING), TEST_NOW + 5_000)[1];
    expect(stored.run.policy.resuming).toBe(true);
    expect(summarise(propose(stored, pause, TEST_NOW + 6_000)[0])).toBe("REJECT null");
    expect(stored.bookkeeping.runCount).toBe(1);
  });
});

describe("the task policy", () => {
  it("lists the rules in Prefect's order", () => {
    expect(CORE_TASK_POLICY.map((rule) => rule.name)).toEqual([
      "AcceptFirstState",
      "HandleTaskTerminalStateTransitions",
      "PreventRunningTasksFromStoppedFlows",
      "CopyScheduledTime",
      "WaitForScheduledTime",
      "RetryFailedTasks",
      "RenameReruns",
    ]);
  });

  const cases: { name: string; run: RuleRun; proposed: RuleState; force?: boolean; expected: string }[] = [
    {
      name: "RUNNING while the flow is paused",
      run: runOf("task_run", stateOf(T.PENDING), { flowRunStateType: T.PAUSED }),
      proposed: stateOf(T.RUNNING),
      expected: "REJECT PAUSED/NotReady",
    },
    {
      name: "a rerun after FAILED is a fresh attempt",
      run: runOf("task_run", stateOf(T.FAILED), { runCount: 3, flowRunStateType: T.RUNNING }),
      proposed: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "terminal → PAUSED beats the stopped-flow check",
      run: runOf("task_run", stateOf(T.COMPLETED), { flowRunStateType: T.CANCELLED }),
      proposed: stateOf(T.PAUSED),
      expected: "ABORT",
    },
    {
      name: "forced terminal → CRASHED",
      run: runOf("task_run", stateOf(T.COMPLETED, { data: PERSISTED_RESULT })),
      proposed: stateOf(T.CRASHED),
      force: true,
      expected: "ACCEPT CRASHED/Crashed",
    },
    {
      name: "CANCELLING → RUNNING is not policed for tasks",
      run: runOf("task_run", stateOf(T.CANCELLING), { runCount: 1 }),
      proposed: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Rerunning",
    },
  ];

  it.each(cases)("$name → $expected", ({ run, proposed, force, expected }) => {
    expect(summarise(orchestrateTaskRun(proposalOf(run, proposed, { force: force ?? false })))).toBe(
      expected,
    );
  });

  it("retries a failed task, names the retry, and counts both attempts", () => {
    const policy = policyOf({ retries: 2, retryDelay: [2, 20] });
    let stored = propose(
      fresh("task_run", { policy, flowRunStateType: T.RUNNING }),
      stateOf(T.PENDING),
      TEST_NOW,
    )[1];
    stored = propose(stored, stateOf(T.RUNNING), TEST_NOW + 100)[1];
    let decision: Decision;
    [decision, stored] = propose(stored, stateOf(T.FAILED), TEST_NOW + 1_100);
    expect(summarise(decision)).toBe("REJECT SCHEDULED/AwaitingRetry");
    expect(stored.run.state?.details.scheduled_time).toBe(TEST_NOW + 1_100 + 2_000);
    expect(summarise(propose(stored, stateOf(T.RUNNING), TEST_NOW + 1_200)[0])).toBe("WAIT 2s");
    [decision, stored] = propose(stored, stateOf(T.RUNNING), TEST_NOW + 3_100);
    expect(summarise(decision)).toBe("ACCEPT RUNNING/Retrying");
    [decision, stored] = propose(stored, stateOf(T.COMPLETED), TEST_NOW + 4_100);
    expect(summarise(decision)).toBe("ACCEPT COMPLETED/Completed");
    expect(stored.bookkeeping).toMatchObject({
      runCount: 2,
      totalRunTimeMs: 2_000,
      startTime: TEST_NOW + 100,
    });
  });
});
