import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { policyOf, proposalOf, runOf, stateOf, summarise, TEST_NOW } from "../testing.js";
import type { PolicyChanges, RuleRun, RuleState } from "../types.js";
import { handlePausingFlows, handleResumingPausedFlows } from "./pausing.js";

describe("HandlePausingFlows", () => {
  const pause = (key?: string, reschedule = false): RuleState =>
    stateOf(T.PAUSED, { details: { pause_key: key ?? null, pause_reschedule: reschedule } });
  const cases: {
    name: string;
    from: RuleState;
    to: RuleState;
    run?: Partial<RuleRun>;
    expected: string;
    policy?: PolicyChanges;
  }[] = [
    {
      name: "RUNNING → PAUSED with a key",
      from: stateOf(T.RUNNING),
      to: pause("k1"),
      expected: "ACCEPT PAUSED/Paused",
      policy: { pauseKeys: ["k0", "k1"] },
    },
    {
      name: "RUNNING → PAUSED without a key",
      from: stateOf(T.RUNNING),
      to: pause(),
      expected: "ACCEPT PAUSED/Paused",
    },
    { name: "a key that already fired", from: stateOf(T.RUNNING), to: pause("k0"), expected: "REJECT null" },
    { name: "SCHEDULED → PAUSED", from: stateOf(T.SCHEDULED), to: pause("k1"), expected: "REJECT null" },
    { name: "PENDING → PAUSED", from: stateOf(T.PENDING), to: pause("k1"), expected: "REJECT null" },
    { name: "PAUSED → PAUSED", from: stateOf(T.PAUSED), to: pause("k1"), expected: "REJECT null" },
    {
      name: "suspend without a deployment",
      from: stateOf(T.RUNNING),
      to: pause("k1", true),
      expected: "ABORT",
    },
    {
      name: "suspend of a subflow",
      from: stateOf(T.RUNNING),
      to: pause("k1", true),
      run: { deploymentId: "d1", parentTaskRunId: "t1" },
      expected: "ABORT",
    },
    {
      name: "suspend with a deployment",
      from: stateOf(T.RUNNING),
      to: pause("k1", true),
      run: { deploymentId: "d1" },
      expected: "ACCEPT PAUSED/Paused",
      policy: { pauseKeys: ["k0", "k1"] },
    },
    {
      name: "ignores RUNNING → COMPLETED",
      from: stateOf(T.RUNNING),
      to: stateOf(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, run, expected, policy }) => {
    const flowRun = runOf("flow_run", from, { policy: policyOf({ pauseKeys: ["k0"] }), ...run });
    const decision = runPolicy([handlePausingFlows], proposalOf(flowRun, to));
    expect(summarise(decision)).toBe(expected);
    expect(decision.status === "ACCEPT" ? decision.policy : undefined).toEqual(policy);
  });
});

describe("HandleResumingPausedFlows", () => {
  const resuming: PolicyChanges = { resuming: true };
  const expired = stateOf(T.PAUSED, { details: { pause_timeout: TEST_NOW - 1 } });
  const suspended = stateOf(T.PAUSED, { name: "Suspended", details: { pause_reschedule: true } });
  const cases: {
    name: string;
    from: RuleState;
    to: T;
    deploymentId?: string;
    expected: string;
    policy?: PolicyChanges;
  }[] = [
    {
      name: "PAUSED → RUNNING",
      from: stateOf(T.PAUSED),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
      policy: resuming,
    },
    {
      name: "PAUSED → SCHEDULED",
      from: stateOf(T.PAUSED),
      to: T.SCHEDULED,
      expected: "ACCEPT SCHEDULED/Scheduled",
      policy: resuming,
    },
    {
      name: "PAUSED → COMPLETED",
      from: stateOf(T.PAUSED),
      to: T.COMPLETED,
      expected: "ACCEPT COMPLETED/Completed",
      policy: resuming,
    },
    {
      name: "PAUSED → CANCELLING",
      from: stateOf(T.PAUSED),
      to: T.CANCELLING,
      expected: "ACCEPT CANCELLING/Cancelling",
      policy: resuming,
    },
    { name: "PAUSED → PENDING", from: stateOf(T.PAUSED), to: T.PENDING, expected: "REJECT null" },
    { name: "PAUSED → PAUSED", from: stateOf(T.PAUSED), to: T.PAUSED, expected: "REJECT null" },
    { name: "past its pause timeout", from: expired, to: T.RUNNING, expected: "REJECT FAILED/Failed" },
    {
      name: "before its pause timeout",
      from: stateOf(T.PAUSED, { details: { pause_timeout: TEST_NOW + 1 } }),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
      policy: resuming,
    },
    { name: "suspended, without a deployment", from: suspended, to: T.SCHEDULED, expected: "REJECT null" },
    {
      name: "suspended, with a deployment",
      from: suspended,
      to: T.SCHEDULED,
      deploymentId: "d1",
      expected: "ACCEPT SCHEDULED/Scheduled",
      policy: resuming,
    },
    {
      name: "ignores RUNNING → PENDING",
      from: stateOf(T.RUNNING),
      to: T.PENDING,
      expected: "ACCEPT PENDING/Pending",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, deploymentId, expected, policy }) => {
    const run = runOf("flow_run", from, { deploymentId: deploymentId ?? null });
    const decision = runPolicy([handleResumingPausedFlows], proposalOf(run, stateOf(to)));
    expect(summarise(decision)).toBe(expected);
    expect(decision.status === "ACCEPT" ? decision.policy : undefined).toEqual(policy);
  });
});
