import { describe, expect, it } from "vitest";
import { parseSteps } from "./readme-steps.js";

describe("reading the README's steps", () => {
  it("finds files, commands, continuation lines, background commands and fresh projects", () => {
    const markdown = [
      "Intro.",
      "```ts file=flows/a.ts",
      "export const a = 1;",
      "```",
      "```bash",
      "# a comment line",
      "npx steward server start        # keeps running: a second terminal",
      "npx steward deploy flows/a.ts:a \\",
      "  --name a   # note",
      "",
      "```",
      "```json",
      '{"not": "a step"}',
      "```",
      "```bash fresh",
      "npx steward init",
      "```",
    ].join("\n");
    expect(parseSteps(markdown)).toEqual([
      { kind: "file", path: "flows/a.ts", text: "export const a = 1;\n", line: 3 },
      {
        kind: "commands",
        fresh: false,
        line: 5,
        commands: [
          { text: "npx steward server start", keepsRunning: true, line: 7 },
          { text: "npx steward deploy flows/a.ts:a --name a", keepsRunning: false, line: 8 },
        ],
      },
      {
        kind: "commands",
        fresh: true,
        line: 15,
        commands: [{ text: "npx steward init", keepsRunning: false, line: 16 }],
      },
    ]);
  });
});
