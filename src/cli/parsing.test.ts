import { describe, expect, it } from "vitest";
import { parseCount, parseParamsJson, requireUuid, splitAssignment } from "./args.js";
import { UsageError } from "./errors.js";
import { parseStateSelection } from "./state-filter.js";
import { closestNames } from "./suggest.js";

describe("argument parsing", () => {
  it("accepts UUIDs and rejects anything else with a usage error", () => {
    const id = "0190B3C4-7D2E-7A41-9C5F-3E2D1A0B9C8D";
    expect(requireUuid(id, "flow run", "steward flow-run ls")).toBe(id.toLowerCase());
    expect(() => requireUuid("42", "flow run", "steward flow-run ls")).toThrow(UsageError);
  });

  it("parses counts and KEY=VALUE", () => {
    expect(parseCount("20")).toBe(20);
    expect(() => parseCount("0")).toThrow();
    expect(() => parseCount("2x")).toThrow();
    expect(splitAssignment("a=b=c", "--param")).toEqual(["a", "b=c"]);
    expect(() => splitAssignment("=b", "--param")).toThrow(/expects KEY=VALUE/);
  });

  it("parses --params as a JSON object only", () => {
    expect(parseParamsJson('{"a": 1}')).toEqual({ a: 1 });
    expect(() => parseParamsJson("{a: 1}")).toThrow(/not valid JSON/);
    expect(() => parseParamsJson("[1]")).toThrow(/got an array/);
  });
});

describe("parseStateSelection", () => {
  it("reads types and names case-insensitively", () => {
    expect(parseStateSelection(["running", "late", "Completed", "AWAITINGRETRY", "Custom"])).toEqual({
      types: ["RUNNING", "COMPLETED"],
      names: ["Late", "AwaitingRetry", "Custom"],
      unrecognised: ["Custom"],
    });
  });
});

describe("closestNames", () => {
  it("suggests settings for typos and missing prefixes", () => {
    const names = ["STEWARD_API_URL", "STEWARD_DATABASE_URL", "STEWARD_SERVER_PORT"];
    expect(closestNames("STEWARD_API_ULR", names)[0]).toBe("STEWARD_API_URL");
    expect(closestNames("server_port", names)).toEqual(["STEWARD_SERVER_PORT"]);
    expect(closestNames("COMPLETELY_DIFFERENT_THING", names)).toEqual([]);
  });
});
