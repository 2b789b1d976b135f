import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { STARTER_FLOW } from "../../src/cli/project/scaffold.js";
import { steward, tempHome } from "./helpers.js";

let dir: string;
const { home, cleanup } = tempHome();
const init = (...argv: string[]) => steward(["init", ...argv], { STEWARD_HOME: home }, { cwd: dir });
const readJson = (path: string) =>
  JSON.parse(readFileSync(join(dir, path), "utf8")) as Record<string, unknown>;

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterAll(cleanup);

describe("steward init", () => {
  it("scaffolds a project: steward.yaml, a first flow and npm scripts, keeping the scripts it has", async () => {
    dir = mkdtempSync(join(tmpdir(), "steward-init-"));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify(
        { name: "shop", type: "commonjs", scripts: { test: "vitest", hello: "echo mine" } },
        null,
        2,
      ),
    );
    const result = await init();
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, "steward.yaml"), "utf8")).toContain("entrypoint: flows/hello.ts:hello");
    expect(readFileSync(join(dir, "flows/hello.ts"), "utf8")).toBe(STARTER_FLOW);
    expect(readJson("package.json")).toEqual({
      name: "shop",
      type: "commonjs",
      scripts: {
        test: "vitest",
        hello: "echo mine",
        "steward:server": "steward server start",
        "steward:worker": "steward worker start --pool my-pool",
        "steward:deploy": "steward deploy --all",
      },
    });
    expect(result.stdout).toContain("Wrote flows/hello.ts.");
    expect(result.stdout).toContain(
      "Added npm scripts to package.json: steward:server, steward:worker, steward:deploy.",
    );
    expect(result.stderr).toContain("package.json already has scripts named hello; they were kept.");
    expect(result.stderr).toContain("npx steward deploy --all");
  });

  it("never replaces a flow the project has, even with --force", async () => {
    dir = mkdtempSync(join(tmpdir(), "steward-init-"));
    writeFileSync(join(dir, "package.json"), "{}");
    expect((await init()).code).toBe(0);
    writeFileSync(join(dir, "flows/hello.ts"), "// mine\n");
    const again = await init("--force");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Kept flows/hello.ts (it exists).");
    expect(readFileSync(join(dir, "flows/hello.ts"), "utf8")).toBe("// mine\n");
  });

  it("says how to make a package.json when there is none", async () => {
    dir = mkdtempSync(join(tmpdir(), "steward-init-"));
    const result = await init();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("There is no package.json here: create one with `npm init -y`");
    expect(readFileSync(join(dir, "flows/hello.ts"), "utf8")).toBe(STARTER_FLOW);
  });
});
