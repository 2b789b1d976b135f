import { describe, expect, it } from "vitest";
import { splitCommandLine } from "./command-line.js";

describe("splitCommandLine", () => {
  it("splits words and honours quotes and escapes", () => {
    expect(splitCommandLine(`node "my flows/run.js" --name 'Ada L'`)).toEqual([
      "node",
      "my flows/run.js",
      "--name",
      "Ada L",
    ]);
    expect(splitCommandLine(`echo a\\ b "say \\"hi\\"" '' x`)).toEqual(["echo", "a b", 'say "hi"', "", "x"]);
    expect(splitCommandLine("  python   -m  mod  ")).toEqual(["python", "-m", "mod"]);
  });

  it("says what is wrong with an unclosed quote or an empty command", () => {
    expect(() => splitCommandLine(`node "run.js`)).toThrow(/unclosed " quote/);
    expect(() => splitCommandLine("   ")).toThrow(/`command` job variable is empty/);
  });
});
