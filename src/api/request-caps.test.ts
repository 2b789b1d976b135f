import { describe, expect, it } from "vitest";
import { Action, ActionInput, Trigger, TriggerInput } from "./automations.js";
import { Labels, LabelsInput } from "./common.js";
import { PullStep, PullStepInput, Schedule, ScheduleInput } from "./deployments.js";
import {
  MAX_LABEL_KEY_LENGTH,
  MAX_LABELS,
  MAX_SCRIPT_LENGTH,
  MAX_SECONDS,
  MAX_TEXT_LENGTH,
  MAX_TIMEZONE_LENGTH,
  MAX_TRIGGER_LIST,
} from "./limits.js";

const manyLabels = Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, i]));

describe("request caps, applied to requests and not to what is stored", () => {
  const cases: [string, { safeParse(value: unknown): { success: boolean } }, typeof Labels, unknown][] = [
    ["too many labels", LabelsInput, Labels, manyLabels],
    ["a long label key", LabelsInput, Labels, { ["k".repeat(MAX_LABEL_KEY_LENGTH + 1)]: "v" }],
    [
      "a long time zone",
      ScheduleInput,
      Schedule as never,
      { cron: "* * * * *", timezone: "Z".repeat(MAX_TIMEZONE_LENGTH + 1) },
    ],
    ["an interval over the longest span", ScheduleInput, Schedule as never, { interval: MAX_SECONDS + 1 }],
    [
      "a long script",
      PullStepInput,
      PullStep as never,
      { run_shell_script: { script: "x".repeat(MAX_SCRIPT_LENGTH + 1) } },
    ],
    [
      "too many expected events",
      TriggerInput,
      Trigger as never,
      { type: "event", expect: Array.from({ length: MAX_TRIGGER_LIST + 1 }, (_, i) => `e${i}`) },
    ],
    [
      "a window over the longest span",
      TriggerInput,
      Trigger as never,
      { type: "event", within: MAX_SECONDS + 1 },
    ],
    [
      "a long state message",
      ActionInput,
      Action as never,
      { type: "change-flow-run-state", state: "FAILED", message: "m".repeat(MAX_TEXT_LENGTH + 1) },
    ],
  ];
  for (const [what, request, stored, value] of cases) {
    it(`refuses ${what} in a request and reads it back when stored`, () => {
      expect(request.safeParse(value).success).toBe(false);
      expect(stored.safeParse(value).success).toBe(true);
    });
  }

  it("accepts values at the caps", () => {
    const atCap = Object.fromEntries(Array.from({ length: MAX_LABELS }, (_, i) => [`k${i}`, i]));
    expect(LabelsInput.safeParse(atCap).success).toBe(true);
    expect(
      ScheduleInput.safeParse({ interval: MAX_SECONDS, timezone: "America/Argentina/ComodRivadavia" })
        .success,
    ).toBe(true);
    expect(TriggerInput.safeParse({ type: "event", within: "1h" }).success).toBe(true);
  });
});
