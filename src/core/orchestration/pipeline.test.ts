import { describe, expect, it } from "vitest";
import { StateType as T } from "../states.js";
import { applyPolicyChanges, runPolicy } from "./pipeline.js";
import { insertRulesAfter } from "./policy.js";
import { abort, amend, type Rule, reject, type TransitionRule, wait } from "./rule.js";
import { policyOf, proposalOf, runOf, stateOf, summarise } from "./testing.js";

const rule = (name: string, apply: TransitionRule["apply"]): TransitionRule => ({
  name,
  from: "any",
  to: "any",
  apply,
});

const forgetPauses = rule("ForgetPauses", () => amend({ policy: { pauseKeys: [] } }));
const runningRun = runOf("flow_run", stateOf(T.RUNNING), { policy: policyOf({ pauseKeys: ["k"] }) });

describe("runPolicy", () => {
  it("accepts the proposal when no rule objects, with the amendments' policy changes", () => {
    const decision = runPolicy([forgetPauses], proposalOf(runningRun, stateOf(T.COMPLETED)));
    expect(decision).toEqual({
      status: "ACCEPT",
      state: stateOf(T.COMPLETED),
      reason: null,
      policy: { pauseKeys: [] },
    });
  });

  it("lets later rules see earlier amendments", () => {
    const rename = rule("Rename", ({ proposed }) =>
      amend({ proposed: { ...proposed, name: "Renamed" }, runCount: 7 }),
    );
    const check = rule("Check", ({ proposed, run }) =>
      proposed.name === "Renamed" && run.runCount === 7 && run.policy.pauseKeys.length === 0
        ? undefined
        : abort("unseen"),
    );
    const decision = runPolicy([forgetPauses, rename, check], proposalOf(runningRun, stateOf(T.COMPLETED)));
    expect(summarise(decision)).toBe("ACCEPT COMPLETED/Renamed");
  });

  it.each([
    ["REJECT", reject(null, "no")],
    ["WAIT", wait(3, "later")],
    ["ABORT", abort("never")],
  ] as const)("drops earlier policy changes on %s", (_status, answer) => {
    const decision = runPolicy(
      [forgetPauses, rule("Answer", () => answer)],
      proposalOf(runningRun, stateOf(T.COMPLETED)),
    );
    expect(decision).toEqual(answer);
  });

  it("keeps the deciding rule's own policy changes", () => {
    const retry = rule("Retry", () => reject(stateOf(T.SCHEDULED), "Retrying", { retryType: "in_process" }));
    const decision = runPolicy([forgetPauses, retry], proposalOf(runningRun, stateOf(T.FAILED)));
    expect(decision.status === "REJECT" && decision.policy).toEqual({ retryType: "in_process" });
  });

  it("skips rules whose FROM or TO do not match", () => {
    const onlyFromPending: Rule = {
      name: "FromPending",
      from: new Set([T.PENDING]),
      to: "any",
      apply: () => abort("x"),
    };
    const onlyToFailed: Rule = {
      name: "ToFailed",
      from: "any",
      to: new Set([T.FAILED]),
      apply: () => abort("x"),
    };
    const decision = runPolicy([onlyFromPending, onlyToFailed], proposalOf(runningRun, stateOf(T.COMPLETED)));
    expect(decision.status).toBe("ACCEPT");
  });

  it("aborts, naming the rule, when a rule throws", () => {
    const broken = rule("Broken", () => {
      throw new Error("bad details");
    });
    const decision = runPolicy([broken], proposalOf(runningRun, stateOf(T.COMPLETED)));
    expect(decision).toEqual({ status: "ABORT", reason: "Orchestration rule Broken failed: bad details" });
  });
});

describe("applyPolicyChanges", () => {
  it("changes only the keys given, including changes to null", () => {
    const policy = policyOf({ retries: 2, retryType: "in_process", pauseKeys: ["k"] });
    expect(applyPolicyChanges(policy, { retryType: null })).toEqual({ ...policy, retryType: null });
    expect(applyPolicyChanges(policy, undefined)).toBe(policy);
  });
});

describe("insertRulesAfter", () => {
  const a = rule("A", () => undefined);
  const b = rule("B", () => undefined);
  const c = rule("C", () => undefined);

  it("inserts right after the anchor and leaves the original alone", () => {
    const policy = [a, b];
    expect(insertRulesAfter(policy, "A", c).map((r) => r.name)).toEqual(["A", "C", "B"]);
    expect(policy.map((r) => r.name)).toEqual(["A", "B"]);
  });

  it("refuses a missing anchor, listing the rules there are", () => {
    expect(() => insertRulesAfter([a, b], "Z", c)).toThrow(
      'No rule named "Z" in the policy; pick one of: A, B.',
    );
  });
});
