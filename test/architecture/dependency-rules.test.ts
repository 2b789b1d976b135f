import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { afterEach, describe, expect, it } from "vitest";

// The rules `npm run lint` checks (.dependency-cruiser.cjs), tried on small made-up trees: each rule
// must catch the import it forbids and name both files, and allowed imports must pass.
const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration;

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** Writes `files` (path → source) into a fresh folder and cruises it with the project's rules. */
async function check(files: Record<string, string>): Promise<ICruiseResult> {
  root = mkdtempSync(join(tmpdir(), "steward-layers-"));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const reported = await cruise(
    ["src", "ui"].filter((folder) => Object.keys(files).some((f) => f.startsWith(folder))),
    {
      baseDir: root,
      ruleSet: { forbidden: config.forbidden },
      tsPreCompilationDeps: true,
      validate: true,
    },
  );
  return reported.output as ICruiseResult;
}

/** The violations as `rule: from → to`. */
function violations(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("the dependency rules", () => {
  it.each([
    ["core-is-pure", "src/core/states.ts", "src/api/flows.ts"],
    ["api-only-core", "src/api/flows.ts", "src/client/client.ts"],
    ["client-only-api-core", "src/client/client.ts", "src/sdk/flow.ts"],
    ["config-only-core", "src/config/settings.ts", "src/api/flows.ts"],
    ["server-not-clients", "src/server/app.ts", "src/sdk/flow.ts"],
    ["server-not-clients", "src/server/app.ts", "src/client/client.ts"],
    ["nothing-imports-server", "src/worker/worker.ts", "src/server/app.ts"],
    ["nothing-imports-server", "src/engine/execute.ts", "src/server/app.ts"],
    ["nothing-imports-cli", "src/sdk/flow.ts", "src/cli/main.ts"],
    ["worker-engine-not-sdk", "src/worker/worker.ts", "src/engine/execute.ts"],
    ["ui-only-api-client-core", "ui/src/main.tsx", "src/config/settings.ts"],
  ])("%s: %s may not import %s", async (rule, from, to) => {
    const result = await check({
      [from]: `import { x } from "${relative(from, to)}";\nexport const y = x;\n`,
      [to]: "export const x = 1;\n",
    });
    expect(violations(result)).toContain(`${rule}: ${from} → ${to}`);
  });

  it("lets each layer import the layers below it", async () => {
    const result = await check({
      "src/core/states.ts": "export const x = 1;\n",
      "src/api/flows.ts": 'import { x } from "../core/states.js";\nexport const y = x;\n',
      "src/client/client.ts": 'import { y } from "../api/flows.js";\nexport const z = y;\n',
      "src/sdk/flow.ts": 'import { z } from "../client/client.js";\nexport const f = z;\n',
      "src/server/app.ts": 'import { y } from "../api/flows.js";\nexport const s = y;\n',
      "src/cli/main.ts":
        'import { s } from "../server/app.js";\nimport { f } from "../sdk/flow.js";\nexport const m = [s, f];\n',
      "ui/src/main.tsx": 'import { z } from "../../src/client/client.js";\nexport const u = z;\n',
    });
    expect(violations(result)).toEqual([]);
  });

  it("finds a circle made of type-only imports", async () => {
    const result = await check({
      "src/sdk/a.ts": 'import type { B } from "./b.js";\nexport interface A { b?: B }\n',
      "src/sdk/b.ts": 'import type { A } from "./a.js";\nexport interface B { a?: A }\n',
    });
    expect(violations(result)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: src\/sdk\/(a|b)\.ts → src\/sdk\/(a|b)\.ts$/),
      ]),
    );
  });

  it("keeps Node's built-in modules out of core", async () => {
    const result = await check({
      "src/core/clock.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
    });
    expect(violations(result)).toEqual(["core-does-no-io: src/core/clock.ts → fs"]);
  });

  it("explains every rule in words", () => {
    for (const rule of config.forbidden ?? []) {
      expect(rule.comment, rule.name).toMatch(/\w+ .{40,}/);
    }
  });
});

/** The import specifier that reaches `to` from `from` (both relative to the tree's root). */
function relative(from: string, to: string): string {
  const up = from.split("/").length - 1;
  return `${"../".repeat(up)}${to.replace(/\.tsx?$/, ".js")}`;
}
