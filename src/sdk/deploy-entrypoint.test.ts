import { describe, expect, it } from "vitest";
import { exportNameAt, parseDefinitionSite } from "./deploy-entrypoint.js";

const at = (line: number, column: number) => ({ file: "/x.ts", line, column });

describe("parseDefinitionSite", () => {
  it("reads the first frame of a stack, as a path or a file URL", () => {
    expect(
      parseDefinitionSite("Error\n    at file:///work/flows/etl.ts:12:22\n    at x (/y.ts:1:1)"),
    ).toEqual({
      file: "/work/flows/etl.ts",
      line: 12,
      column: 22,
    });
    expect(parseDefinitionSite("Error\n    at Object.<anonymous> (/work/a.ts:3:9)")).toMatchObject({
      line: 3,
    });
    expect(parseDefinitionSite("Error\n    at <anonymous>")).toBeUndefined();
    expect(parseDefinitionSite(undefined)).toBeUndefined();
  });
});

describe("exportNameAt", () => {
  const source = [
    'import { flow } from "steward";',
    'export const etl = flow({ name: "etl" }, () => 1);',
    "export const typed: Flow<{ a: string }> =",
    '  flow({ name: "typed" }, () => 2);',
    'const inner = flow({ name: "inner" }, () => 3);',
    'const hidden = flow({ name: "hidden" }, () => 4);',
    'const main = steward.flow({ name: "main" }, () => 5);',
    "export { inner as renamed };",
    "export default main;",
  ].join("\n");

  it("finds exported declarations, renamed exports and the default export", () => {
    expect(exportNameAt(source, at(2, 20))).toBe("etl");
    expect(exportNameAt(source, at(4, 3))).toBe("typed");
    expect(exportNameAt(source, at(5, 15))).toBe("renamed");
    expect(exportNameAt(source, at(7, 22))).toBe("default");
  });

  it("gives up on a flow that is not exported or not assigned", () => {
    expect(exportNameAt(source, at(6, 16))).toBeUndefined();
    expect(exportNameAt("register(flow({ name: 'x' }, f));", at(1, 10))).toBeUndefined();
  });
});
