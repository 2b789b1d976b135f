import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, parseIsoDuration } from "./durations.js";
import { ErrorCode, isStewardError } from "./errors.js";

describe("formatDuration", () => {
  it.each([
    [0, "0ms"],
    [450, "450ms"],
    [999.6, "1.0s"],
    [1_200, "1.2s"],
    [59_940, "59.9s"],
    [59_960, "1m 00s"],
    [184_000, "3m 04s"],
    [3_599_400, "59m 59s"],
    [3_599_600, "1h 00m"],
    [7_290_000, "2h 01m"],
    [86_400_000, "1d 00h"],
    [273_600_000, "3d 04h"],
    [-1_500, "-1.5s"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["5s", 5_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    ["1.5h", 5_400_000],
    ["1h30m", 5_400_000],
    ["1m 30s", 90_000],
    [" 10M ", 600_000],
    ["60", 60_000],
    ["0s", 0],
  ] as const)("%j → %d ms", (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    [60, 60_000],
    [0.25, 250],
  ])("treats the number %d as seconds", (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(["", "   ", "abc", "5x", "5 mins", "-5s", "s", "1h-30m", "1h 30"] as const)(
    "rejects %j",
    (input) => {
      expect(() => parseDuration(input)).toThrowError(/is not a duration/);
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects the number %d", (input) => {
    expect(() => parseDuration(input)).toThrowError(/is not a duration/);
  });

  it("throws a VALIDATION_FAILED StewardError with the input in its details", () => {
    try {
      parseDuration("soon");
      expect.unreachable();
    } catch (error) {
      expect(isStewardError(error) && error.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(isStewardError(error) && error.details).toEqual({ input: "soon" });
    }
  });
});

describe("parseIsoDuration", () => {
  it.each([
    ["PT10M", 600],
    ["PT1H30M", 5_400],
    ["PT45S", 45],
    ["PT0.5S", 0.5],
    ["PT1,5S", 1.5],
    ["P1D", 86_400],
    ["P1DT2H", 93_600],
    ["P2W", 1_209_600],
    ["P1W1D", 691_200],
    ["pt10m", 600],
    [" PT1H ", 3_600],
    ["PT0S", 0],
  ])("%s → %d seconds", (input, expected) => {
    expect(parseIsoDuration(input)).toBe(expected);
  });

  it.each([
    ["10M", /must start with "P"/],
    ["", /must start with "P"/],
    ["P", /has no amounts/],
    ["PT", /has no amounts/],
    ["P1DT", /has no amounts/],
    ["P1M", /years and months vary in length/],
    ["P1Y", /years and months vary in length/],
    ["PT-5M", /non-negative numbers in W, D, H, M, S order/],
    ["PT5S10M", /non-negative numbers in W, D, H, M, S order/],
    ["P10M5D", /years and months vary/],
    ["PT10X", /non-negative numbers/],
    ["P1H", /non-negative numbers/],
  ] as const)("rejects %j", (input, message) => {
    expect(() => parseIsoDuration(input)).toThrowError(message);
    expect(() => parseIsoDuration(input)).toThrowError(/is not an ISO-8601 duration/);
  });

  it("throws a VALIDATION_FAILED StewardError with the input in its details", () => {
    try {
      parseIsoDuration("PT");
      expect.unreachable();
    } catch (error) {
      expect(isStewardError(error) && error.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(isStewardError(error) && error.details).toEqual({ input: "PT" });
    }
  });
});
