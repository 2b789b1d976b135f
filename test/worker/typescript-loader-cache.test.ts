/**
 * A flow-run process imports its entrypoint through tsx, which keeps each file it transpiles in a
 * cache on disk (by content), so the next process that loads the same file skips the transpiling:
 * the loader must not turn that cache off. Run in a plain Node process against the built engine
 * (`dist/`), since tsx's loaders are process-wide.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../e2e/harness.js";

/** Where tsx keeps transpiled files. */
const TSX_CACHE = join(tmpdir(), `tsx-${userInfo().uid}`);

function cachedFilesContaining(marker: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(TSX_CACHE);
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      return readFileSync(join(TSX_CACHE, name), "utf8").includes(marker);
    } catch {
      return false;
    }
  });
}

describe("the TypeScript loader's cache", () => {
  it("keeps an entrypoint transpiled once for the processes that load it after", () => {
    const dir = mkdtempSync(join(tmpdir(), "steward-tsx-cache-"));
    const marker = `cached-${process.pid}-${Date.now()}`;
    const file = join(dir, "flow.ts");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(file, `const word: string = ${JSON.stringify(marker)};\nexport { word };\n`);
    const engine = pathToFileURL(join(ROOT, "dist", "engine", "typescript-loader.js")).href;
    const script = `
      const { ensureTypeScriptLoader, loadUserModule } = await import(${JSON.stringify(engine)});
      await ensureTypeScriptLoader();
      const { word } = await loadUserModule(${JSON.stringify(file)});
      console.log(word);
      // tsx writes its cache from its loader thread without holding the process open; a flow-run
      // process runs its flow after the import, a script that ends at once may exit first.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    `;
    const load = () =>
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: dir,
        encoding: "utf8",
      }).trim();
    expect(cachedFilesContaining(marker)).toEqual([]);
    expect(load()).toBe(marker);
    const cached = cachedFilesContaining(marker);
    expect(cached).toHaveLength(1);
    // The next process finds it and adds nothing.
    expect(load()).toBe(marker);
    expect(cachedFilesContaining(marker)).toEqual(cached);
  });
});
