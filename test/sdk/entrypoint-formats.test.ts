import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadFlowFromEntrypoint } from "../../src/engine/index.js";
import { steward } from "../e2e/harness.js";
import { configureForTest, makeHome } from "./helpers.js";

// Entrypoints load in every kind of project, as Node itself would run each file: ESM and CommonJS
// package.json, .ts / .mts / .cts / .js / .mjs / .cjs, with and without a tsconfig. Each project is a
// folder whose node_modules/steward links to this package (its built dist/, as a user installs it).
const { home, cleanup } = makeHome();
const root = mkdtempSync(join(tmpdir(), "steward-formats-"));
const packageRoot = resolve(import.meta.dirname, "../..");

beforeEach(() => {
  configureForTest({}, home);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  cleanup();
});

let projects = 0;
/** A project folder with `files` (path → text); `type` goes into its package.json unless undefined. */
function project(type: "module" | "commonjs" | undefined, files: Record<string, string>): string {
  const dir = join(root, `p${++projects}`);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(packageRoot, join(dir, "node_modules", "steward"), "dir");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `p${projects}`, ...(type ? { type } : {}) }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ESM_FLOW = (value: string) =>
  `import { flow } from "steward";\nimport { twice } from "./helper";\nexport const f = flow({ name: "f" }, async () => twice(${value}));\n`;
const ESM_HELPER = "export function twice(value: string): string { return value + value; }\n";

describe("entrypoints in every kind of project", () => {
  it.each([
    ["commonjs", "flows/a.ts"],
    ["commonjs", "flows/a.mts"],
    ["commonjs", "flows/a.cts"],
    [undefined, "flows/a.ts"],
    ["module", "flows/a.ts"],
    ["module", "flows/a.mts"],
    ["module", "flows/a.cts"],
  ] as const)("a %s project loads %s (TypeScript importing a local file and steward)", async (type, file) => {
    const extension = file.slice(file.lastIndexOf("."));
    const helper = `flows/helper${extension === ".ts" ? ".ts" : extension}`;
    const text = ESM_FLOW('"ab"').replace(
      '"./helper"',
      `"./helper${extension === ".ts" ? "" : extension.replace("t", "j")}"`,
    );
    const dir = project(type, { [file]: text, [helper]: ESM_HELPER });
    const f = await loadFlowFromEntrypoint(`${file}:f`, dir);
    expect(await f()).toBe("abab");
  });

  it.each([
    [
      "commonjs",
      "flows/plain.js",
      'const { flow } = require("steward");\nexports.f = flow({ name: "f" }, async () => 1);\n',
    ],
    [
      "commonjs",
      "flows/esm-syntax.js",
      'import { flow } from "steward";\nexport const f = flow({ name: "f" }, async () => 1);\n',
    ],
    [
      "commonjs",
      "flows/a.mjs",
      'import { flow } from "steward";\nexport const f = flow({ name: "f" }, async () => 1);\n',
    ],
    [
      "module",
      "flows/a.js",
      'import { flow } from "steward";\nexport const f = flow({ name: "f" }, async () => 1);\n',
    ],
    [
      "module",
      "flows/a.cjs",
      'const { flow } = require("steward");\nexports.f = flow({ name: "f" }, async () => 1);\n',
    ],
  ] as const)("a %s project loads JavaScript %s", async (type, file, text) => {
    const dir = project(type, { [file]: text });
    const f = await loadFlowFromEntrypoint(`${file}:f`, dir);
    expect(await f()).toBe(1);
  });

  it("runs top-level await in an ES module", async () => {
    const dir = project("module", {
      "flows/a.ts":
        'import { flow } from "steward";\nconst n = await Promise.resolve(7);\nexport const f = flow({ name: "f" }, async () => n);\n',
    });
    expect(await (await loadFlowFromEntrypoint("flows/a.ts:f", dir))()).toBe(7);
  });

  it("follows the tsconfig of the folder it runs in (path aliases, nodenext modules with .mts files)", async () => {
    const dir = project("commonjs", {
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          paths: { "@lib/*": ["./lib/*"] },
        },
      }),
      "lib/words.mts": 'export const word = "tsconfig";\n',
      "flows/a.mts":
        'import { flow } from "steward";\nimport { word } from "@lib/words.mjs";\nexport const f = flow({ name: "f" }, async () => word);\n',
    });
    // tsx reads the tsconfig of the process's working directory, once: a process of its own, as
    // `steward flow run` and `steward flow-run execute` are.
    const result = await steward(
      ["flow", "run", "flows/a.mts:f"],
      { STEWARD_HOME: home, STEWARD_API_URL: "" },
      dir,
    );
    expect(result.stderr).not.toContain("Error");
    expect(result.stdout.trim().split("\n").at(-1)).toBe('"tsconfig"');
    expect(result.code).toBe(0);
  });
});

describe("entrypoints that cannot be loaded say why and what to change", () => {
  it("top-level await in a CommonJS file names the package.json and the fixes", async () => {
    const dir = project("commonjs", {
      "flows/a.ts":
        'import { flow } from "steward";\nawait Promise.resolve();\nexport const f = flow({ name: "f" }, async () => 1);\n',
    });
    const error = (await loadFlowFromEntrypoint("flows/a.ts:f", dir).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: "ENTRYPOINT_INVALID" });
    expect(error.message).toContain(
      `is loaded as CommonJS because ${join(dir, "package.json")} has "type": "commonjs"`,
    );
    expect(error.message).toContain("uses top-level await, which only ES modules can");
    expect(error.message).toContain('Rename it to .mts, or set "type": "module"');
  });

  it("a package that is not installed is named, with the install command", async () => {
    for (const type of ["commonjs", "module"] as const) {
      const dir = project(type, {
        "flows/a.ts":
          'import { flow } from "steward";\nimport { x } from "@acme/missing/deep";\nexport const f = flow({ name: "f" }, async () => x);\n',
      });
      await expect(loadFlowFromEntrypoint("flows/a.ts:f", dir)).rejects.toThrow(
        /imports "@acme\/missing\/deep", but no installed package "@acme\/missing" was found from there\. Install it in that project \(`npm install @acme\/missing`\)/,
      );
    }
  });

  it("an error thrown by the file itself is reported as it is", async () => {
    const dir = project("commonjs", { "flows/a.ts": 'throw new Error("config is missing");\n' });
    await expect(loadFlowFromEntrypoint("flows/a.ts:f", dir)).rejects.toThrow(
      /importing .*a\.ts failed: config is missing/,
    );
  });
});
