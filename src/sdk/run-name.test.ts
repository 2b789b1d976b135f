import { describe, expect, it } from "vitest";
import { parameterNames, renderRunName, taskTemplateValues } from "./run-name.js";

describe("renderRunName", () => {
  it("fills placeholders, with dotted paths and non-string values", () => {
    expect(renderRunName("etl-{date}-{n}", { date: "2024-01-01", n: 3 }, "flow run name")).toBe(
      "etl-2024-01-01-3",
    );
    expect(renderRunName("{user.name}/{tags}", { user: { name: "ada" }, tags: ["a"] }, "x")).toBe(
      'ada/["a"]',
    );
  });

  it("names the missing placeholders and the known keys", () => {
    expect(() => renderRunName("etl-{day}", { date: "x" }, "flow run name")).toThrow(
      'The flow run name template "etl-{day}" uses {day}, which has no value. Known: date.',
    );
  });
});

describe("parameterNames", () => {
  it("reads plain, defaulted and rest parameters; destructured ones have no name", () => {
    expect(parameterNames((url: string, limit = 10) => [url, limit])).toEqual(["url", "limit"]);
    expect(
      parameterNames(async function fetchIt(a: number, ...rest: number[]) {
        return [a, rest];
      }),
    ).toEqual(["a", "rest"]);
    expect(parameterNames(({ a }: { a: number }, b: number) => a + b)).toEqual([undefined, "b"]);
    expect(parameterNames((x: unknown) => x)).toEqual(["x"]);
  });
});

describe("taskTemplateValues", () => {
  it("offers arguments by position, by name, and a single object's properties", () => {
    expect(taskTemplateValues(["url"], ["http://x"])).toEqual({ 0: "http://x", url: "http://x" });
    expect(taskTemplateValues([undefined], [{ city: "Oslo" }])).toMatchObject({ city: "Oslo" });
  });
});
