import { describe, expect, it } from "vitest";
import { formatTable, truncate } from "./table.js";

describe("formatTable", () => {
  const columns = [{ header: "ID" }, { header: "NAME" }, { header: "N", align: "right" as const }];

  it("pads columns to the widest cell and right-aligns numbers", () => {
    expect(
      formatTable(columns, [
        ["a", "alpha", "1"],
        ["bbb", "b", "100"],
      ]),
    ).toEqual(["ID   NAME     N", "a    alpha    1", "bbb  b      100"]);
  });

  it("shrinks the widest column with an ellipsis to fit the width", () => {
    const lines = formatTable([{ header: "ID" }, { header: "NAME" }], [["1", "a-very-long-flow-name"]], {
      width: 15,
    });
    expect(lines).toEqual(["ID  NAME", "1   a-very-lon…"]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(15);
  });

  it("honours maxWidth and styles cells without counting escape codes", () => {
    const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
    const lines = formatTable(
      [{ header: "STATE", maxWidth: 6 }, { header: "X" }],
      [[{ text: "Completed", style: red }, "x"]],
    );
    expect(lines[1]).toBe(`${red("Compl…")}  x`);
  });

  it("truncates to the width, marking the cut", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });
  it("prints cells whole, past maxWidth, when truncation is off (output piped)", () => {
    const lines = formatTable([{ header: "STATE", maxWidth: 6 }, { header: "X" }], [["Completed", "x"]], {
      truncate: false,
    });
    expect(lines).toEqual(["STATE      X", "Completed  x"]);
  });

  it("keeps every row on one line: control characters in cells become spaces", () => {
    const lines = formatTable(
      [{ header: "NAME" }, { header: "N" }],
      [["two\nlines\tand \u001b[31mred", "1"]],
    );
    expect(lines).toEqual([`NAME${" ".repeat(20)}N`, "two lines and  [31mred  1"]);
  });
});
