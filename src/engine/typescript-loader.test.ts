import { describe, expect, it } from "vitest";
import { explainLoadError } from "./typescript-loader.js";
import type { FormatReason } from "./module-format.js";

const FILE = "/app/flows/etl.ts";
const CJS: FormatReason = {
  format: "commonjs",
  packageJson: "/app/package.json",
  because: '/app/package.json has "type": "commonjs"',
};
const ESM: FormatReason = {
  format: "module",
  packageJson: "/app/package.json",
  because: '/app/package.json has "type": "module"',
};
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("explainLoadError", () => {
  it("explains Node's require(esm) failures in the user's terms, with the fix", () => {
    const asyncModule = explainLoadError(
      nodeError("ERR_REQUIRE_ASYNC_MODULE", "require() of async module"),
      FILE,
      CJS,
    );
    expect(asyncModule?.message).toContain("requires an ES module that uses top-level await");
    expect(asyncModule?.message).toContain('Rename it to .mts, or set "type": "module"');
    const tooOld = explainLoadError(nodeError("ERR_REQUIRE_ESM", "require() of ES Module"), FILE, CJS);
    expect(tooOld?.message).toContain(
      "Use Node 20.19, 22.12 or later, or make the file an ES module: rename it to .mts",
    );
    const cycle = explainLoadError(nodeError("ERR_REQUIRE_CYCLE_MODULE", "cycle"), FILE, CJS);
    expect(cycle?.message).toContain("Make the files of the cycle the same kind: rename it to .mts");
    for (const explained of [asyncModule, tooOld, cycle]) {
      expect(explained?.message).toMatch(
        /^\/app\/flows\/etl\.ts is loaded as CommonJS because \/app\/package\.json has "type": "commonjs"/,
      );
    }
  });

  it("names a missing package, scoped or not, but leaves a missing relative file to Node's own message", () => {
    const scoped = explainLoadError(
      nodeError("ERR_MODULE_NOT_FOUND", "Cannot find package '@acme/x' imported from /app"),
      FILE,
      ESM,
    );
    expect(scoped?.message).toContain("`npm install @acme/x`");
    const plain = explainLoadError(
      nodeError("MODULE_NOT_FOUND", "Cannot find module 'lodash/fp'"),
      FILE,
      CJS,
    );
    expect(plain?.message).toContain("`npm install lodash`");
    expect(
      explainLoadError(nodeError("MODULE_NOT_FOUND", "Cannot find module './helper'"), FILE, CJS),
    ).toBeUndefined();
  });

  it("leaves top-level await in an ES module and unknown errors alone", () => {
    expect(explainLoadError(new Error("top-level await went wrong"), FILE, ESM)).toBeUndefined();
    expect(explainLoadError(new Error("config is missing"), FILE, CJS)).toBeUndefined();
  });
});
