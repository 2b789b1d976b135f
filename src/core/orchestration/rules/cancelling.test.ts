import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise } from "../testing.js";
import type { RuleState } from "../types.js";
import { bypassCancellingFlowRunsWithNoInfra, enforceCancellingToCancelledTransition } from "./cancelling.js";

describe("EnforceCancellingToCancelledTransition", () => {
  const cases: { from: T; to: T; expected: string }[] = [
    { from: T.CANCELLING, to: T.RUNNING, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.COMPLETED, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.FAILED, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.CRASHED, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.CANCELLING, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.SCHEDULED, expected: "REJECT null" },
    { from: T.CANCELLING, to: T.CANCELLED, expected: "ACCEPT CANCELLED/Cancelled" },
    { from: T.RUNNING, to: T.COMPLETED, expected: "ACCEPT COMPLETED/Completed" },
  ];

  it.each(cases)("$from → $to: $expected", ({ from, to, expected }) => {
    const run = runOf("flow_run", stateOf(from));
    const decision = runPolicy([enforceCancellingToCancelledTransition], proposalOf(run, stateOf(to)));
    expect(summarise(decision)).toBe(expected);
  });
});

describe("BypassCancellingFlowRunsWithNoInfra", () => {
  const suspended = stateOf(T.PAUSED, { name: "Suspended", details: { pause_reschedule: true } });
  const cases: { name: string; from: RuleState; pid: string | null; expected: string }[] = [
    {
      name: "SCHEDULED without a pid",
      from: stateOf(T.SCHEDULED),
      pid: null,
      expected: "REJECT CANCELLED/Cancelled",
    },
    {
      name: "SCHEDULED with a pid",
      from: stateOf(T.SCHEDULED),
      pid: "host:42",
      expected: "ACCEPT CANCELLING/Cancelling",
    },
    {
      name: "SCHEDULED 'Resuming' with a pid",
      from: stateOf(T.SCHEDULED, { name: "Resuming" }),
      pid: "host:42",
      expected: "REJECT CANCELLED/Cancelled",
    },
    {
      name: "PAUSED without a pid",
      from: stateOf(T.PAUSED),
      pid: null,
      expected: "REJECT CANCELLED/Cancelled",
    },
    {
      name: "PAUSED with a pid",
      from: stateOf(T.PAUSED),
      pid: "host:42",
      expected: "ACCEPT CANCELLING/Cancelling",
    },
    {
      name: "suspended with a stale pid",
      from: suspended,
      pid: "host:42",
      expected: "REJECT CANCELLED/Cancelled",
    },
    {
      name: "ignores RUNNING without a pid",
      from: stateOf(T.RUNNING),
      pid: null,
      expected: "ACCEPT CANCELLING/Cancelling",
    },
    {
      name: "ignores PENDING without a pid",
      from: stateOf(T.PENDING),
      pid: null,
      expected: "ACCEPT CANCELLING/Cancelling",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, pid, expected }) => {
    const run = runOf("flow_run", from, { infrastructurePid: pid });
    const decision = runPolicy([bypassCancellingFlowRunsWithNoInfra], proposalOf(run, stateOf(T.CANCELLING)));
    expect(summarise(decision)).toBe(expected);
  });

  it("stamps the Cancelled state with the decision time", () => {
    const run = runOf("flow_run", stateOf(T.SCHEDULED));
    const decision = runPolicy(
      [bypassCancellingFlowRunsWithNoInfra],
      proposalOf(run, stateOf(T.CANCELLING), { now: 5 }),
    );
    expect(decision.status === "REJECT" && decision.state?.timestamp).toBe(5);
  });
});
