import { describe, expect, it } from "vitest";
import { mergeDeep, parseJobVariables } from "./job-variables.js";

describe("parseJobVariables", () => {
  it("parses values as JSON when they parse, else text, and nests dotted keys", () => {
    expect(
      parseJobVariables(["stream_output=false", "command=npx tsx run.ts", "labels=[1,2]", "env.FOO=bar"]),
    ).toEqual({ stream_output: false, command: "npx tsx run.ts", labels: [1, 2], env: { FOO: "bar" } });
  });

  it("keeps values under env as text, because environment variables are strings", () => {
    expect(parseJobVariables(["env.PORT=8080", "env.DEBUG=true", "a.b.c=1"])).toEqual({
      env: { PORT: "8080", DEBUG: "true" },
      a: { b: { c: 1 } },
    });
  });

  it("rejects a pair without =, an empty key part and a key that is both a value and an object", () => {
    expect(() => parseJobVariables(["env"])).toThrow('--job-variable expects KEY=VALUE, got "env"');
    expect(() => parseJobVariables(["env..FOO=1"])).toThrow(/has an invalid key/);
    expect(() => parseJobVariables(["__proto__.x=1"])).toThrow(/has an invalid key/);
    expect(() => parseJobVariables(["env=1", "env.FOO=x"])).toThrow(/env was already set to 1/);
  });
});

describe("mergeDeep", () => {
  it("merges objects key by key and replaces everything else", () => {
    expect(mergeDeep({ env: { A: "1" }, n: 1, list: [1] }, { env: { B: "2" }, list: [2] })).toEqual({
      env: { A: "1", B: "2" },
      n: 1,
      list: [2],
    });
  });
});
