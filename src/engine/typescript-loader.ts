import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type FormatReason, moduleFormatOf } from "./module-format.js";

const KEY = Symbol.for("steward.engine.tsx-registered.v3");

/** The loaders in place: which tsconfig they read, and how to take them out again. */
interface Registration {
  readonly tsconfig: string;
  unregister(): Promise<void>;
}

type Holder = typeof globalThis & { [KEY]?: Promise<Registration> };

/**
 * Registers tsx's loaders for ES modules and for CommonJS, so the user's `.ts`, `.mts` and `.cts`
 * files (and whatever they import or require) load whether Steward runs from `dist/` under plain
 * Node or from source. tsx reads one tsconfig when it is registered (its `paths` aliases, its
 * compiler options): the one `TSX_TSCONFIG_PATH` names, else the nearest above the working
 * directory. Called again once the process has moved to a directory with another tsconfig (a warm
 * flow-run process, loaded in the worker's directory, given a run that starts elsewhere), it
 * registers them again for that one; otherwise it does nothing.
 */
export function ensureTypeScriptLoader(): Promise<void> {
  const holder = globalThis as Holder;
  const tsconfig = process.env.TSX_TSCONFIG_PATH ?? nearestTsconfig(process.cwd()) ?? "";
  const previous = holder[KEY];
  holder[KEY] = (async () => {
    const current = await previous?.catch(() => undefined);
    if (current?.tsconfig === tsconfig) return current;
    await current?.unregister();
    const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
    const unregisterEsm = esm.register();
    const unregisterCjs = cjs.register();
    return {
      tsconfig,
      unregister: async () => {
        unregisterCjs();
        await unregisterEsm();
      },
    };
  })();
  return holder[KEY].then(() => undefined);
}

/** The tsconfig.json tsx would read from `dir`: the nearest in it or a folder above, if any. */
function nearestTsconfig(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** A file that could not be loaded, with the reason in the user's terms and what to change. */
export class ModuleLoadError extends Error {
  override readonly name = "ModuleLoadError";
}

/**
 * Loads a user's file the way Node would run it — an ES module through `import()`, CommonJS
 * through `require()` — and returns its exports. Loading a CommonJS file through `import()` would
 * make Node require it from inside its own ESM graph, which it refuses as a cycle; loading each
 * kind its own way works in ESM and CommonJS projects alike.
 *
 * @throws ModuleLoadError when the file cannot be loaded for a reason the user can fix (its
 *   message says what to change); other errors (a throw in the file's top level) pass through.
 */
export async function loadUserModule(file: string): Promise<Record<string, unknown>> {
  await ensureTypeScriptLoader();
  const format = moduleFormatOf(file);
  try {
    if (format.format === "module")
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return createRequire(import.meta.url)(file) as Record<string, unknown>;
  } catch (error) {
    throw explainLoadError(error, file, format) ?? error;
  }
}

/** The user-facing explanation of a load failure Node reports in its own terms, or undefined. */
export function explainLoadError(
  error: unknown,
  file: string,
  format: FormatReason,
): ModuleLoadError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const cjs = `${file} is loaded as CommonJS because ${format.because}`;
  const toEsm =
    'Rename it to .mts, or set "type": "module" in the package.json (then every .ts and .js file of the project is an ES module)';
  const toEsmLower = `${toEsm.charAt(0).toLowerCase()}${toEsm.slice(1)}`;
  if (/top-level await/i.test(message) && format.format === "commonjs") {
    return new ModuleLoadError(
      `${cjs}, and it uses top-level await, which only ES modules can. ${toEsm}, or move the await into a function.`,
      { cause: error },
    );
  }
  if (code === "ERR_REQUIRE_ASYNC_MODULE") {
    return new ModuleLoadError(
      `${cjs}, and it requires an ES module that uses top-level await, which CommonJS cannot wait for (${message}). ${toEsm}, or move that await into a function.`,
      { cause: error },
    );
  }
  if (code === "ERR_REQUIRE_ESM") {
    return new ModuleLoadError(
      `${cjs}, and it requires an ES module, which Node ${process.version} cannot do (${message}). Use Node 20.19, 22.12 or later, or make the file an ES module: ${toEsmLower}.`,
      { cause: error },
    );
  }
  if (code === "ERR_REQUIRE_CYCLE_MODULE") {
    return new ModuleLoadError(
      `${cjs}, and its imports form a cycle through an ES module, which Node cannot require (${message}). Make the files of the cycle the same kind: ${toEsmLower}.`,
      { cause: error },
    );
  }
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (
    missing !== undefined &&
    (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") &&
    !/^[./]/.test(missing)
  ) {
    const name = missing.startsWith("@") ? missing.split("/").slice(0, 2).join("/") : missing.split("/")[0];
    return new ModuleLoadError(
      `${file} imports "${missing}", but no installed package "${name}" was found from there. Install it in that project (\`npm install ${name}\`), or check the name (a "paths" alias is read from the tsconfig.json of the folder the run starts in, ${process.cwd()}).`,
      { cause: error },
    );
  }
  return undefined;
}
