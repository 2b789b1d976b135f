/**
 * @module Where a flow was defined, so `flow.deploy()` can record `path/to/file.ts:exportName`
 * without being told. The file and line come from the stack of the `flow()` call; the export name
 * from the declaration at that line. When either is unclear, deploy() asks for `entrypoint`.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { StewardError } from "../core/errors.js";

/** Where `flow()` was called: a file and a 1-based line and column. */
export interface DefinitionSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The raw stack of the call to `fn`, starting at its caller. Parsing waits until `deploy()` needs
 * it, because most flows are never deployed from code.
 */
export function captureCallerStack(fn: (...args: never[]) => unknown): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  return holder.stack;
}

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

/** The first frame of a captured stack, or undefined when it names no file (e.g. a REPL). */
export function parseDefinitionSite(stack: string | undefined): DefinitionSite | undefined {
  const frame = stack?.split("\n").find((line) => line.trimStart().startsWith("at "));
  const match = frame ? FRAME.exec(frame) : null;
  if (!match?.[1]) return undefined;
  const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
  if (!isAbsolute(file)) return undefined;
  return { file, line: Number(match[2]), column: Number(match[3]) };
}

const IDENTIFIER = "[A-Za-z_$][\\w$]*";
/** `export const hello =` (optionally typed) right before the `flow(` call. */
const DECLARATION = new RegExp(
  `(export\\s+)?(?:const|let|var)\\s+(${IDENTIFIER})\\s*(?::[^=;]+)?=\\s*(?:${IDENTIFIER}\\.)*$`,
);

/**
 * The name under which the file exports the flow defined at `site`: the declared name when the
 * declaration is exported, else the name of an `export { local as name }` / `export default local`.
 */
export function exportNameAt(source: string, site: DefinitionSite): string | undefined {
  const lines = source.split("\n");
  const before = [...lines.slice(0, site.line - 1), (lines[site.line - 1] ?? "").slice(0, site.column - 1)];
  const declaration = DECLARATION.exec(before.join("\n"));
  const local = declaration?.[2];
  if (!local) return undefined;
  if (declaration[1]) return local;
  for (const list of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const item of (list[1] ?? "").split(",")) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (name === local) return alias?.trim() ?? local;
    }
  }
  return new RegExp(`export\\s+default\\s+${local.replace(/\$/g, "\\$")}\\s*;?\\s*$`, "m").test(source)
    ? "default"
    : undefined;
}

/**
 * `path/to/file.ts:exportName` for the flow defined at `stack`, relative to `cwd` (the folder the
 * deployment's runs start in).
 *
 * @throws StewardError ENTRYPOINT_INVALID when the file or export cannot be told for sure.
 */
export function deriveEntrypoint(flowName: string, stack: string | undefined, cwd: string): string {
  const site = parseDefinitionSite(stack);
  const ask = (why: string) =>
    new StewardError(
      "ENTRYPOINT_INVALID",
      `flow "${flowName}".deploy(): ${why}, so the entrypoint cannot be derived. Pass it: ` +
        `deploy({ entrypoint: "path/to/file.ts:exportName", … }), relative to ${cwd}.`,
    );
  if (!site) throw ask("the file that defines the flow is not known");
  let source: string;
  try {
    source = readFileSync(site.file, "utf8");
  } catch {
    throw ask(`${site.file} cannot be read`);
  }
  const exportName = exportNameAt(source, site);
  if (!exportName) {
    throw ask(`${site.file}:${site.line} does not export the flow as \`export const name = flow(…)\``);
  }
  const path = relative(cwd, site.file).split(sep).join("/");
  return `${path}:${exportName}`;
}
