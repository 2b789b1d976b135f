import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise } from "../testing.js";
import type { RuleState } from "../types.js";
import { ensureOnlyScheduledFlowsMarkedLate } from "./mark-late.js";

describe("EnsureOnlyScheduledFlowsMarkedLate", () => {
  const late = stateOf(T.SCHEDULED, { name: "Late" });
  const cases: { name: string; from: RuleState; to: RuleState; expected: string }[] = [
    { name: "Scheduled → Late", from: stateOf(T.SCHEDULED), to: late, expected: "ACCEPT SCHEDULED/Late" },
    {
      name: "AwaitingRetry → Late",
      from: stateOf(T.SCHEDULED, { name: "AwaitingRetry" }),
      to: late,
      expected: "ACCEPT SCHEDULED/Late",
    },
    { name: "Late → Late", from: late, to: late, expected: "REJECT null" },
    { name: "PENDING → Late", from: stateOf(T.PENDING), to: late, expected: "REJECT null" },
    { name: "RUNNING → Late", from: stateOf(T.RUNNING), to: late, expected: "REJECT null" },
    {
      name: "ignores RUNNING → Scheduled",
      from: stateOf(T.RUNNING),
      to: stateOf(T.SCHEDULED),
      expected: "ACCEPT SCHEDULED/Scheduled",
    },
    {
      name: "ignores PENDING → RUNNING",
      from: stateOf(T.PENDING),
      to: stateOf(T.RUNNING),
      expected: "ACCEPT RUNNING/Running",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, expected }) => {
    const decision = runPolicy([ensureOnlyScheduledFlowsMarkedLate], proposalOf(runOf("flow_run", from), to));
    expect(summarise(decision)).toBe(expected);
  });
});
