import { describe, expect, it } from "vitest";
import { StateType as T } from "../states.js";
import { normaliseProposedState } from "./normalise.js";

const NOW = 1_700_000_000_000;

describe("normaliseProposedState", () => {
  it("fills the name, timestamp, message, data and details in", () => {
    expect(normaliseProposedState({ type: T.RUNNING }, NOW)).toEqual({
      type: T.RUNNING,
      name: "Running",
      timestamp: NOW,
      message: null,
      data: null,
      details: {},
    });
  });

  it("keeps what the proposer gave", () => {
    const input = {
      type: T.FAILED,
      name: "TimedOut",
      timestamp: 5,
      message: "slow",
      data: { a: 1 },
      details: { retriable: false },
    };
    expect(normaliseProposedState(input, NOW)).toEqual({ ...input });
  });

  it.each([null, ""])("names the state after its type when the name is %j", (name) => {
    expect(normaliseProposedState({ type: T.CANCELLING, name }, NOW).name).toBe("Cancelling");
  });

  it("makes a SCHEDULED state without a time due now", () => {
    expect(
      normaliseProposedState({ type: T.SCHEDULED, details: { transition_id: "t" } }, NOW).details,
    ).toEqual({
      transition_id: "t",
      scheduled_time: NOW,
    });
    expect(
      normaliseProposedState({ type: T.SCHEDULED, details: { scheduled_time: 9 } }, NOW).details
        .scheduled_time,
    ).toBe(9);
  });

  it("leaves other types without a scheduled time", () => {
    expect(normaliseProposedState({ type: T.PENDING }, NOW).details.scheduled_time).toBeUndefined();
  });
});
