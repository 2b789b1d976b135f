import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";

/** How Node runs a file: as an ES module or as CommonJS. */
export type ModuleFormat = "module" | "commonjs";

/** Why a file has its format, in words for an error message. */
export interface FormatReason {
  readonly format: ModuleFormat;
  /** The package.json that decided it, or undefined when the extension did. */
  readonly packageJson: string | undefined;
  /** E.g. `its extension is .mts`, `/app/package.json has "type": "commonjs"`. */
  readonly because: string;
}

const ESM_EXTENSIONS = new Set([".mts", ".mjs"]);
const CJS_EXTENSIONS = new Set([".cts", ".cjs"]);

/**
 * The format Node (and tsx) give `file`, by Node's own rules: `.mts` / `.mjs` are ES modules,
 * `.cts` / `.cjs` CommonJS, and anything else follows the `"type"` of the nearest package.json
 * (`"module"`, or CommonJS when it is `"commonjs"`, missing, or there is no package.json).
 */
export function moduleFormatOf(file: string): FormatReason {
  const extension = extname(file).toLowerCase();
  if (ESM_EXTENSIONS.has(extension)) {
    return { format: "module", packageJson: undefined, because: `its extension is ${extension}` };
  }
  if (CJS_EXTENSIONS.has(extension)) {
    return { format: "commonjs", packageJson: undefined, because: `its extension is ${extension}` };
  }
  const packageJson = nearestPackageJson(dirname(file));
  if (packageJson === undefined) {
    return { format: "commonjs", packageJson, because: "no package.json above it says otherwise" };
  }
  const type = packageType(packageJson);
  if (type === "module")
    return { format: "module", packageJson, because: `${packageJson} has "type": "module"` };
  const said = type === undefined ? 'no "type"' : `"type": ${JSON.stringify(type)}`;
  return { format: "commonjs", packageJson, because: `${packageJson} has ${said}` };
}

function nearestPackageJson(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "package.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

function packageType(packageJson: string): unknown {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { type?: unknown }).type;
  } catch {
    // Node itself refuses a broken package.json when it loads the file; that error is clearer.
    return undefined;
  }
}
