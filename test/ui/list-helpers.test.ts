// The pure helpers behind the run lists: the runs URL read forgivingly (states in any case, the
// upcoming view and its order), the history window that ends at now, and durations in words.
import { describe, expect, it } from "vitest";
import { HISTORY_STEP_MS, historyWindow } from "../../ui/src/components/history-window.js";
import { parseRunsWhen, whenFilter } from "../../ui/src/components/run-split.js";
import { formatDuration } from "../../ui/src/components/time-format.js";
import {
  parseRunsQuery,
  runsFilter,
  runsQueryString,
  sortOf,
  stateChoiceOf,
} from "../../ui/src/pages/flow-runs/runs-query.js";

const parse = (query: string) => parseRunsQuery(new URLSearchParams(query));

describe("the runs URL", () => {
  it("reads a state by its id or its label, in any case and spacing", () => {
    for (const written of ["Completed", "completed", "COMPLETED", " Completed "])
      expect(stateChoiceOf(written)).toBe("COMPLETED");
    expect(stateChoiceOf("late")).toBe("Late");
    expect(stateChoiceOf("LATE")).toBe("Late");
    expect(stateChoiceOf("cancelling")).toBe("CANCELLING");
    expect(stateChoiceOf("Complet")).toBeUndefined();
  });

  it("keeps the states it knows in the picker's order, each once, and the unknown ones aside", () => {
    const query = parse("state=failed,Completed,COMPLETED,Bogus,crashed");
    expect(query.states).toEqual(["COMPLETED", "FAILED", "CRASHED"]);
    expect(query.unknownStates).toEqual(["Bogus"]);
    // Written back in the UI's own spelling; the unknown one is dropped from the link.
    expect(runsQueryString(query)).toBe("state=COMPLETED%2CFAILED%2CCRASHED");
    expect(runsFilter(query, Date.now()).state).toEqual({
      type: { any_: ["COMPLETED", "FAILED", "CRASHED"] },
    });
  });

  it("lists past runs newest first by default, and upcoming ones soonest first", () => {
    const past = parse("");
    expect(past.view).toBe("past");
    expect(sortOf(past)).toBe("EXPECTED_START_TIME_DESC");
    const upcoming = parse("view=Upcoming");
    expect(upcoming.view).toBe("upcoming");
    expect(sortOf(upcoming)).toBe("EXPECTED_START_TIME_ASC");
    expect(runsQueryString(upcoming)).toBe("view=upcoming");
    // An order chosen in the upcoming view is kept in the link.
    expect(runsQueryString({ ...upcoming, sort: "newest" })).toBe("view=upcoming&sort=newest");
    expect(parseRunsWhen("nonsense")).toBe("past");
  });

  it("asks the API for upcoming runs, or the rest, at one moment", () => {
    const at = "2026-12-08T01:00:00.000Z";
    expect(whenFilter("upcoming", at)).toEqual({ upcoming: { eq_: true, at_: at } });
    expect(whenFilter("past", at)).toEqual({ upcoming: { eq_: false, at_: at } });
  });
});

describe("the history window", () => {
  it("ends at now (on a step), never after it, and spans the range", () => {
    const now = Date.parse("2026-12-08T01:23:47.500Z");
    for (const seconds of [3600, 86_400, 7 * 86_400, 30 * 86_400]) {
      const window = historyWindow(seconds, 60, now);
      const end = Date.parse(window.end);
      expect(end).toBeLessThanOrEqual(now);
      expect(now - end).toBeLessThan(HISTORY_STEP_MS);
      expect(end - Date.parse(window.start)).toBe(window.interval * 60 * 1000);
      expect(window.interval * 60).toBeGreaterThanOrEqual(seconds);
    }
  });
});

describe("durations", () => {
  it("shows milliseconds under a second, never 0s for a run that took time", () => {
    expect(formatDuration(0.002)).toBe("2 ms");
    expect(formatDuration(0.48)).toBe("480 ms");
    expect(formatDuration(0.0004)).toBe("< 1 ms");
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(0.9996)).toBe("1s");
    expect(formatDuration(3)).toBe("3s");
    expect(formatDuration(252)).toBe("4m 12s");
    expect(formatDuration(null)).toBe("—");
  });
});
