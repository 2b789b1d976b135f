import { describe, expect, it } from "vitest";
import { parseParameterArgs } from "./parameter-args.js";

describe("parseParameterArgs", () => {
  it("parses JSON values and keeps the rest as text", () => {
    expect(parseParameterArgs(["name=Ada", "n=3", 'obj={"a":1}', "on=true", "none=null", 'q="3"'])).toEqual({
      name: "Ada",
      n: 3,
      obj: { a: 1 },
      on: true,
      none: null,
      q: "3",
    });
  });

  it("splits on the first = only and lets later keys win", () => {
    expect(parseParameterArgs(["expr=a=b", "x=1", "x=2", "empty="])).toEqual({
      expr: "a=b",
      x: 2,
      empty: "",
    });
  });

  it("says how to write an argument without =", () => {
    expect(() => parseParameterArgs(["name"])).toThrow(
      /"name" must look like key=value, e\.g\. --param name=Ada/,
    );
    expect(() => parseParameterArgs(["=3"])).toThrow(/key=value/);
  });
});
