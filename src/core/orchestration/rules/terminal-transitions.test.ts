import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { PERSISTED_RESULT, proposalOf, runOf, stateOf, summarise } from "../testing.js";
import type { PolicyChanges, RuleState } from "../types.js";
import { renameReruns } from "./retries.js";
import {
  handleFlowTerminalStateTransitions,
  handleTaskTerminalStateTransitions,
  preventResultDataLoss,
} from "./terminal-transitions.js";

const persisted = (type: T): RuleState => stateOf(type, { data: PERSISTED_RESULT });
const unpersisted = stateOf(T.COMPLETED, { data: { type: "unpersisted", storage_key: "x" } });

describe("HandleFlowTerminalStateTransitions", () => {
  const fresh: PolicyChanges = { pauseKeys: [], resuming: false };
  const cases: {
    name: string;
    from: RuleState;
    to: RuleState;
    deploymentId?: string;
    expected: string;
    policy?: PolicyChanges;
  }[] = [
    {
      name: "COMPLETED → CANCELLING",
      from: stateOf(T.COMPLETED),
      to: stateOf(T.CANCELLING),
      expected: "ABORT",
    },
    { name: "FAILED → PAUSED", from: stateOf(T.FAILED), to: stateOf(T.PAUSED), expected: "ABORT" },
    { name: "CANCELLED → CRASHED", from: stateOf(T.CANCELLED), to: stateOf(T.CRASHED), expected: "ABORT" },
    { name: "CRASHED → CANCELLING", from: stateOf(T.CRASHED), to: stateOf(T.CANCELLING), expected: "ABORT" },
    {
      name: "persisted COMPLETED → RUNNING",
      from: persisted(T.COMPLETED),
      to: stateOf(T.RUNNING),
      expected: "REJECT null",
    },
    {
      name: "persisted COMPLETED → SCHEDULED",
      from: persisted(T.COMPLETED),
      to: stateOf(T.SCHEDULED),
      deploymentId: "d1",
      expected: "REJECT null",
    },
    {
      name: "persisted COMPLETED → unpersisted COMPLETED",
      from: persisted(T.COMPLETED),
      to: unpersisted,
      expected: "REJECT null",
    },
    {
      name: "persisted COMPLETED → persisted COMPLETED",
      from: persisted(T.COMPLETED),
      to: persisted(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
    {
      name: "persisted COMPLETED → FAILED",
      from: persisted(T.COMPLETED),
      to: stateOf(T.FAILED),
      expected: "ACCEPT FAILED/Failed",
    },
    {
      name: "unpersisted COMPLETED → RUNNING",
      from: unpersisted,
      to: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
      policy: { ...fresh, retryType: null },
    },
    {
      name: "FAILED → SCHEDULED without deployment",
      from: stateOf(T.FAILED),
      to: stateOf(T.SCHEDULED),
      expected: "ABORT",
    },
    {
      name: "FAILED → SCHEDULED with deployment",
      from: stateOf(T.FAILED),
      to: stateOf(T.SCHEDULED, { name: "AwaitingRetry" }),
      deploymentId: "d1",
      expected: "ACCEPT SCHEDULED/AwaitingRetry",
      policy: { ...fresh, retryType: "reschedule" },
    },
    {
      name: "CRASHED → PENDING",
      from: stateOf(T.CRASHED),
      to: stateOf(T.PENDING),
      expected: "ACCEPT PENDING/Pending",
      policy: { ...fresh, retryType: null },
    },
    {
      name: "FAILED → COMPLETED (final to final)",
      from: stateOf(T.FAILED),
      to: stateOf(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
    {
      name: "ignores RUNNING → CANCELLING",
      from: stateOf(T.RUNNING),
      to: stateOf(T.CANCELLING),
      expected: "ACCEPT CANCELLING/Cancelling",
    },
    {
      name: "ignores SCHEDULED → PAUSED",
      from: stateOf(T.SCHEDULED),
      to: stateOf(T.PAUSED),
      expected: "ACCEPT PAUSED/Paused",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, deploymentId, expected, policy }) => {
    const run = runOf("flow_run", from, { deploymentId: deploymentId ?? null });
    const decision = runPolicy([handleFlowTerminalStateTransitions], proposalOf(run, to));
    expect(summarise(decision)).toBe(expected);
    expect(decision.status === "ACCEPT" ? decision.policy : undefined).toEqual(policy);
  });
});

describe("HandleTaskTerminalStateTransitions", () => {
  const cases: { name: string; from: RuleState; to: RuleState; expected: string }[] = [
    { name: "COMPLETED → PAUSED", from: stateOf(T.COMPLETED), to: stateOf(T.PAUSED), expected: "ABORT" },
    { name: "FAILED → CRASHED", from: stateOf(T.FAILED), to: stateOf(T.CRASHED), expected: "ABORT" },
    {
      name: "CANCELLED → CANCELLING",
      from: stateOf(T.CANCELLED),
      to: stateOf(T.CANCELLING),
      expected: "ABORT",
    },
    {
      name: "persisted COMPLETED → RUNNING",
      from: persisted(T.COMPLETED),
      to: stateOf(T.RUNNING),
      expected: "REJECT null",
    },
    {
      name: "persisted COMPLETED → COMPLETED",
      from: persisted(T.COMPLETED),
      to: persisted(T.COMPLETED),
      expected: "REJECT null",
    },
    // The reset run count keeps RenameReruns from calling the fresh attempt a rerun.
    {
      name: "FAILED → RUNNING resets the run count",
      from: stateOf(T.FAILED),
      to: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "unpersisted COMPLETED → SCHEDULED",
      from: unpersisted,
      to: stateOf(T.SCHEDULED),
      expected: "ACCEPT SCHEDULED/Scheduled",
    },
    {
      name: "FAILED → COMPLETED keeps the count",
      from: stateOf(T.FAILED),
      to: stateOf(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
    {
      name: "ignores RUNNING → RUNNING",
      from: stateOf(T.RUNNING),
      to: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Rerunning",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, expected }) => {
    const run = runOf("task_run", from, { runCount: 3 });
    const decision = runPolicy([handleTaskTerminalStateTransitions, renameReruns], proposalOf(run, to));
    expect(summarise(decision)).toBe(expected);
  });
});

describe("PreventResultDataLoss", () => {
  const cases: { name: string; from: RuleState; to: RuleState; expected: string }[] = [
    {
      name: "persisted → unpersisted COMPLETED",
      from: persisted(T.COMPLETED),
      to: unpersisted,
      expected: "REJECT null",
    },
    {
      name: "persisted → COMPLETED without data",
      from: persisted(T.COMPLETED),
      to: stateOf(T.COMPLETED),
      expected: "REJECT null",
    },
    {
      name: "persisted → persisted COMPLETED",
      from: persisted(T.COMPLETED),
      to: persisted(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
    {
      name: "unpersisted → COMPLETED",
      from: unpersisted,
      to: stateOf(T.COMPLETED),
      expected: "ACCEPT COMPLETED/Completed",
    },
    {
      name: "ignores persisted COMPLETED → SCHEDULED",
      from: persisted(T.COMPLETED),
      to: stateOf(T.SCHEDULED),
      expected: "ACCEPT SCHEDULED/Scheduled",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, expected }) => {
    const decision = runPolicy([preventResultDataLoss], proposalOf(runOf("flow_run", from), to));
    expect(summarise(decision)).toBe(expected);
  });
});
