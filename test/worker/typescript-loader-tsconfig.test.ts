/**
 * A warm flow-run process registers the TypeScript loader in the worker's directory and may then
 * be handed a run that starts elsewhere: the loader must read that directory's tsconfig (its
 * `paths` aliases), as a cold process started there would. Run in a plain Node process against
 * the built engine (`dist/`), since tsx's loaders are process-wide.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../e2e/harness.js";

/** A project whose tsconfig maps `@lib/*` to its own `lib/`, where `name.ts` says `word`. */
function project(dir: string, word: string): void {
  mkdirSync(join(dir, "lib"), { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(dir, "lib", "name.ts"), `export const name: string = ${JSON.stringify(word)};\n`);
  writeFileSync(join(dir, "main.ts"), `export { name } from "@lib/name";\n`);
}

describe("the TypeScript loader across directories", () => {
  it("reads the tsconfig of the directory a run starts in, also after loading elsewhere", () => {
    const base = mkdtempSync(join(tmpdir(), "steward-tsconfig-"));
    const first = join(base, "first");
    const second = join(base, "second");
    project(first, "first");
    project(second, "second");
    const engine = pathToFileURL(join(ROOT, "dist", "engine", "index.js")).href;
    const script = `
      const { ensureTypeScriptLoader } = await import(${JSON.stringify(engine)});
      const names = [];
      for (const dir of ${JSON.stringify([first, second, first])}) {
        process.chdir(dir);
        await ensureTypeScriptLoader();
        const mod = await import(${JSON.stringify(pathToFileURL(base).href)} + "/" + dir.split("/").pop() + "/main.ts?" + names.length);
        names.push(mod.name);
      }
      console.log(names.join(" "));
    `;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: first,
      encoding: "utf8",
    });
    expect(output.trim()).toBe("first second first");
  });
});
