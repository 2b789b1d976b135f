import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise } from "../testing.js";
import { preventDuplicateTransitions } from "./prevent-duplicate-transitions.js";

describe("PreventDuplicateTransitions", () => {
  const cases: { name: string; current: string | null; proposed: string | null; expected: string }[] = [
    { name: "same transition id", current: "t-1", proposed: "t-1", expected: "REJECT null" },
    {
      name: "different transition id",
      current: "t-1",
      proposed: "t-2",
      expected: "ACCEPT COMPLETED/Completed",
    },
    { name: "no current id", current: null, proposed: "t-1", expected: "ACCEPT COMPLETED/Completed" },
    { name: "no proposed id", current: "t-1", proposed: null, expected: "ACCEPT COMPLETED/Completed" },
    { name: "neither has an id", current: null, proposed: null, expected: "ACCEPT COMPLETED/Completed" },
  ];

  it.each(cases)("$name → $expected", ({ current, proposed, expected }) => {
    const run = runOf("flow_run", stateOf(T.RUNNING, { details: { transition_id: current } }));
    const proposal = stateOf(T.COMPLETED, { details: { transition_id: proposed } });
    expect(summarise(runPolicy([preventDuplicateTransitions], proposalOf(run, proposal)))).toBe(expected);
  });
});
