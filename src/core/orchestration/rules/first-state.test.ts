import { describe, expect, it } from "vitest";
import { STATE_TYPES, StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { abort, type TransitionRule } from "../rule.js";
import { proposalOf, runOf, stateOf, summarise } from "../testing.js";
import { acceptFirstState } from "./first-state.js";

const abortEverything: TransitionRule = {
  name: "AbortEverything",
  from: "any",
  to: "any",
  apply: () => abort("no"),
};

describe("AcceptFirstState", () => {
  it.each(STATE_TYPES)("accepts %s as a first state before any transition rule runs", (type) => {
    const decision = runPolicy(
      [acceptFirstState, abortEverything],
      proposalOf(runOf("flow_run", null), stateOf(type)),
    );
    expect(decision.status).toBe("ACCEPT");
  });

  it("ignores runs that already have a state", () => {
    const run = runOf("flow_run", stateOf(T.SCHEDULED));
    expect(
      summarise(runPolicy([acceptFirstState, abortEverything], proposalOf(run, stateOf(T.PENDING)))),
    ).toBe("ABORT");
  });
});
