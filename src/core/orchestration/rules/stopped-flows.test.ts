import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise } from "../testing.js";
import { preventRunningTasksFromStoppedFlows } from "./stopped-flows.js";

describe("PreventRunningTasksFromStoppedFlows", () => {
  const cases: { flow: T | null | undefined; to: T; expected: string }[] = [
    { flow: T.RUNNING, to: T.RUNNING, expected: "ACCEPT RUNNING/Running" },
    { flow: T.PAUSED, to: T.RUNNING, expected: "REJECT PAUSED/NotReady" },
    { flow: T.CANCELLING, to: T.RUNNING, expected: "ABORT" },
    { flow: T.COMPLETED, to: T.RUNNING, expected: "ABORT" },
    { flow: T.CRASHED, to: T.RUNNING, expected: "ABORT" },
    { flow: T.PENDING, to: T.RUNNING, expected: "ABORT" },
    { flow: null, to: T.RUNNING, expected: "ACCEPT RUNNING/Running" },
    { flow: undefined, to: T.RUNNING, expected: "ACCEPT RUNNING/Running" },
    { flow: T.CANCELLED, to: T.COMPLETED, expected: "ACCEPT COMPLETED/Completed" },
    { flow: T.PAUSED, to: T.FAILED, expected: "ACCEPT FAILED/Failed" },
  ];

  it.each(cases)("task → $to while the flow is $flow: $expected", ({ flow, to, expected }) => {
    const run = runOf("task_run", stateOf(T.PENDING), { flowRunStateType: flow });
    const decision = runPolicy([preventRunningTasksFromStoppedFlows], proposalOf(run, stateOf(to)));
    expect(summarise(decision)).toBe(expected);
  });
});
