import { describe, expect, it } from "vitest";
import { StateType as T } from "../../states.js";
import { runPolicy } from "../pipeline.js";
import { proposalOf, runOf, stateOf, summarise, TEST_NOW } from "../testing.js";
import type { RuleState } from "../types.js";
import { copyScheduledTime, waitForScheduledTime } from "./scheduled-time.js";

const at = (type: T, scheduledTime: number | null): RuleState =>
  stateOf(type, { details: { scheduled_time: scheduledTime } });

describe("CopyScheduledTime", () => {
  const cases: { name: string; from: RuleState; to: RuleState; expected: number | null }[] = [
    {
      name: "SCHEDULED → PENDING copies the time",
      from: at(T.SCHEDULED, 1_000),
      to: stateOf(T.PENDING),
      expected: 1_000,
    },
    {
      name: "a time on the proposal wins",
      from: at(T.SCHEDULED, 1_000),
      to: at(T.PENDING, 2_000),
      expected: 2_000,
    },
    { name: "nothing to copy", from: at(T.SCHEDULED, null), to: stateOf(T.PENDING), expected: null },
    { name: "ignores RUNNING → PENDING", from: at(T.RUNNING, 1_000), to: stateOf(T.PENDING), expected: null },
    {
      name: "ignores SCHEDULED → RUNNING",
      from: at(T.SCHEDULED, 1_000),
      to: stateOf(T.RUNNING),
      expected: null,
    },
  ];

  it.each(cases)("$name", ({ from, to, expected }) => {
    const decision = runPolicy([copyScheduledTime], proposalOf(runOf("flow_run", from), to));
    expect(decision.status === "ACCEPT" && (decision.state.details.scheduled_time ?? null)).toBe(expected);
  });
});

describe("WaitForScheduledTime", () => {
  const cases: { name: string; from: RuleState; to: T; expected: string }[] = [
    {
      name: "SCHEDULED 30 s ahead",
      from: at(T.SCHEDULED, TEST_NOW + 30_000),
      to: T.RUNNING,
      expected: "WAIT 30s",
    },
    {
      name: "PENDING 1.2 s ahead rounds up",
      from: at(T.PENDING, TEST_NOW + 1_200),
      to: T.RUNNING,
      expected: "WAIT 2s",
    },
    { name: "PENDING 1 ms ahead", from: at(T.PENDING, TEST_NOW + 1), to: T.RUNNING, expected: "WAIT 1s" },
    {
      name: "exactly on time",
      from: at(T.SCHEDULED, TEST_NOW),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "overdue",
      from: at(T.SCHEDULED, TEST_NOW - 5_000),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "no scheduled time",
      from: at(T.PENDING, null),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
    },
    {
      name: "ignores SCHEDULED → PENDING",
      from: at(T.SCHEDULED, TEST_NOW + 30_000),
      to: T.PENDING,
      expected: "ACCEPT PENDING/Pending",
    },
    {
      name: "ignores PAUSED → RUNNING",
      from: at(T.PAUSED, TEST_NOW + 30_000),
      to: T.RUNNING,
      expected: "ACCEPT RUNNING/Running",
    },
  ];

  it.each(cases)("$name → $expected", ({ from, to, expected }) => {
    const decision = runPolicy([waitForScheduledTime], proposalOf(runOf("flow_run", from), stateOf(to)));
    expect(summarise(decision)).toBe(expected);
  });
});
