import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadFlowFromEntrypoint, parseEntrypoint } from "../../src/engine/index.js";
import { getRunContext } from "../../src/index.js";
import { flow } from "../../src/sdk/index.js";
import { configureForTest, makeHome } from "./helpers.js";

const { home, cleanup } = makeHome();
const FIXTURES = join(import.meta.dirname, "fixtures");
let lines: string[];

beforeEach(() => {
  lines = configureForTest({}, home).console.lines;
});
afterAll(cleanup);

describe("parseEntrypoint", () => {
  it("splits at the last colon", () => {
    expect(parseEntrypoint("flows/etl.ts:etl")).toEqual({ path: "flows/etl.ts", exportName: "etl" });
    expect(parseEntrypoint("C:\\work\\etl.ts:etl")).toEqual({ path: "C:\\work\\etl.ts", exportName: "etl" });
  });

  it("explains the format when the colon, the path or the name is missing", () => {
    for (const bad of ["flows/etl.ts", ":etl", "flows/etl.ts:", "a.ts:b/c"]) {
      expect(() => parseEntrypoint(bad)).toThrow(/is not valid\. Write it as path\/to\/file\.ts:exportName/);
    }
    expect(() => parseEntrypoint("flows/etl.ts")).toThrow(
      expect.objectContaining({ code: "ENTRYPOINT_INVALID" }),
    );
  });
});

describe("loadFlowFromEntrypoint", () => {
  it("imports a TypeScript file that imports 'steward' and returns a callable flow sharing the SDK state", async () => {
    const greet = await loadFlowFromEntrypoint("entry-flows.ts:greet", FIXTURES);
    expect(greet.name).toBe("greet");
    const result = (await greet({ name: "Ada" })) as { greeting: string; runName: string };
    expect(result.greeting).toBe("HI ADA");
    // The console writer configured through src/ was used by the flow built from dist/.
    expect(lines.some((line) => line.includes("greeting Ada"))).toBe(true);
    expect(greet.parametersJsonSchema()).toMatchObject({ properties: { name: { type: "string" } } });
  });

  it("shares the run context between copies: a dist/ flow is a subflow of a src/ flow", async () => {
    const greet = await loadFlowFromEntrypoint(join(FIXTURES, "entry-flows.ts:greet"));
    const outer = flow({ name: "outer", flowRunName: "outer-run" }, async () => {
      const inner = (await greet({ name: "x" })) as { runName: string };
      return { inner: inner.runName, outer: getRunContext().flowRun?.name };
    });
    const result = await outer();
    expect(result.outer).toBe("outer-run");
    expect(result.inner).not.toBe("outer-run");
  });

  it("says when the file does not exist", async () => {
    await expect(loadFlowFromEntrypoint("nope.ts:hello", FIXTURES)).rejects.toThrow(
      /"nope\.ts:hello": the file .*nope\.ts does not exist/,
    );
  });

  it("lists the flows the file exports when the export is missing or not a flow", async () => {
    await expect(loadFlowFromEntrypoint("entry-flows.ts:gret", FIXTURES)).rejects.toThrow(
      'entry-flows.ts has no export named "gret". Flows it exports: greet, other.',
    );
    await expect(loadFlowFromEntrypoint("entry-flows.ts:notAFlow", FIXTURES)).rejects.toThrow(
      /the export "notAFlow" of entry-flows\.ts is a function, not a flow .*Flows it exports: greet, other\./,
    );
    await expect(loadFlowFromEntrypoint("entry-flows.ts:answer", FIXTURES)).rejects.toThrow(
      /is a number, not a flow/,
    );
  });

  it("reports a file that fails to import", async () => {
    await expect(loadFlowFromEntrypoint("broken.ts:x", FIXTURES)).rejects.toThrow(
      /importing .*broken\.ts failed: this file fails on import/,
    );
  });
});
