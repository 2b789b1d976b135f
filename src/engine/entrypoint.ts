import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { StewardError } from "../core/errors.js";
import { type Flow, isFlow } from "../sdk/flow.js";
import { loadUserModule, ModuleLoadError } from "./typescript-loader.js";

/** An entrypoint split into its file and export: `flows/etl.ts:etl`. */
export interface Entrypoint {
  /** The file as written (relative to the working directory, or absolute). */
  readonly path: string;
  readonly exportName: string;
}

const FORMAT_HINT = "Write it as path/to/file.ts:exportName, e.g. flows/hello.ts:hello.";

/**
 * Splits `path/to/file.ts:exportName` at its last colon (so Windows drive letters survive).
 *
 * @throws StewardError ENTRYPOINT_INVALID when the colon, the path or the export name is missing.
 */
export function parseEntrypoint(entrypoint: string): Entrypoint {
  const colon = entrypoint.lastIndexOf(":");
  const path = colon < 0 ? "" : entrypoint.slice(0, colon).trim();
  const exportName = colon < 0 ? "" : entrypoint.slice(colon + 1).trim();
  if (colon < 0 || !path || !exportName || /[\\/]/.test(exportName)) {
    throw new StewardError(
      "ENTRYPOINT_INVALID",
      `Entrypoint ${JSON.stringify(entrypoint)} is not valid. ${FORMAT_HINT}`,
    );
  }
  return { path, exportName };
}

/**
 * Imports the file of an entrypoint (TypeScript is loaded with tsx; ES modules and CommonJS each
 * the way Node runs them) and returns the flow it
 * exports under that name. The file's `import { flow } from "steward"` shares this process's SDK
 * state, so the flow it defines can be called directly.
 *
 * @param cwd - folder relative paths are resolved from. @default process.cwd()
 * @throws StewardError ENTRYPOINT_INVALID when the file is missing or fails to import, or the
 *   export is missing or not a flow (the message lists the flows the file exports).
 * @example
 * const hello = await loadFlowFromEntrypoint("flows/hello.ts:hello");
 * await hello({ name: "Ada" });
 */
export async function loadFlowFromEntrypoint(entrypoint: string, cwd: string = process.cwd()): Promise<Flow> {
  const { path, exportName } = parseEntrypoint(entrypoint);
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new StewardError(
      "ENTRYPOINT_INVALID",
      `Entrypoint ${JSON.stringify(entrypoint)}: the file ${file} does not exist. Check the path (relative paths start from ${cwd}).`,
    );
  }
  const module = await importFile(file, entrypoint);
  const value = module[exportName];
  if (isFlow(value)) return value;
  const flows = Object.keys(module).filter((key) => isFlow(module[key]));
  const available = flows.length > 0 ? `Flows it exports: ${flows.join(", ")}.` : "It exports no flows.";
  const problem =
    value === undefined
      ? `${path} has no export named "${exportName}"`
      : `the export "${exportName}" of ${path} is a ${typeof value}, not a flow (wrap the function with flow({ name }, fn))`;
  throw new StewardError(
    "ENTRYPOINT_INVALID",
    `Entrypoint ${JSON.stringify(entrypoint)}: ${problem}. ${available}`,
    {
      details: { flows },
    },
  );
}

async function importFile(file: string, entrypoint: string): Promise<Record<string, unknown>> {
  try {
    return await loadUserModule(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const what =
      error instanceof ModuleLoadError
        ? `it cannot be loaded: ${reason}`
        : `importing ${file} failed: ${reason}`;
    throw new StewardError("ENTRYPOINT_INVALID", `Entrypoint ${JSON.stringify(entrypoint)}: ${what}`, {
      cause: error,
    });
  }
}
