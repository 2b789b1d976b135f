import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise, TEST_NOW } from "../testing.js";
import type { RuleState } from "../types.js";
import { preventPendingTransitions } from "./prevent-pending-transitions.js";

describe("PreventPendingTransitions", () => {
  const claimed = stateOf(T.PENDING, { details: { scheduled_time: TEST_NOW + 60_000 } });
  const cases: { name: string; from: RuleState; to: RuleState; expected: string }[] = [
    { name: "PENDING → PENDING", from: stateOf(T.PENDING), to: stateOf(T.PENDING), expected: "ABORT" },
    { name: "RUNNING → PENDING", from: stateOf(T.RUNNING), to: stateOf(T.PENDING), expected: "ABORT" },
    { name: "CANCELLING → PENDING", from: stateOf(T.CANCELLING), to: stateOf(T.PENDING), expected: "ABORT" },
    { name: "CANCELLED → PENDING", from: stateOf(T.CANCELLED), to: stateOf(T.PENDING), expected: "ABORT" },
    {
      name: "Pending → Submitting",
      from: claimed,
      to: stateOf(T.PENDING, { name: "Submitting" }),
      expected: "ACCEPT PENDING/Submitting",
    },
    {
      name: "Submitting → Submitting",
      from: stateOf(T.PENDING, { name: "Submitting" }),
      to: stateOf(T.PENDING, { name: "Submitting" }),
      expected: "ABORT",
    },
    {
      name: "Submitting → Pending",
      from: stateOf(T.PENDING, { name: "Submitting" }),
      to: stateOf(T.PENDING),
      expected: "ABORT",
    },
    {
      name: "SCHEDULED → PENDING",
      from: stateOf(T.SCHEDULED),
      to: stateOf(T.PENDING),
      expected: "ACCEPT PENDING/Pending",
    },
    {
      name: "PAUSED → PENDING",
      from: stateOf(T.PAUSED),
      to: stateOf(T.PENDING),
      expected: "ACCEPT PENDING/Pending",
    },
    {
      name: "FAILED → PENDING",
      from: stateOf(T.FAILED),
      to: stateOf(T.PENDING),
      expected: "ACCEPT PENDING/Pending",
    },
    {
      name: "ignores PENDING → RUNNING",
      from: stateOf(T.PENDING),
      to: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, expected }) => {
    const decision = runPolicy([preventPendingTransitions], proposalOf(runOf("flow_run", from), to));
    expect(summarise(decision)).toBe(expected);
  });

  it("carries the scheduled time into a named PENDING sub-state", () => {
    const run = runOf("flow_run", claimed);
    const decision = runPolicy(
      [preventPendingTransitions],
      proposalOf(run, stateOf(T.PENDING, { name: "Submitting" })),
    );
    expect(decision.status === "ACCEPT" && decision.state.details.scheduled_time).toBe(TEST_NOW + 60_000);
  });
});
