import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { warnOnConsole } from "./console.js";

/**
 * Runs `main` when the file that calls `runIfMain` is the script Node was started with
 * (`npx tsx flows/hello.ts`, `node dist/flows/hello.js`), and does nothing when that file is
 * imported — by `steward flow run`, a worker, a deployment, a test. So a flow file doubles as a
 * script, in ES module and CommonJS projects alike, with no top-level await (which CommonJS files
 * cannot use). When `main` throws or rejects, the error is printed and the exit code set to 1.
 *
 * @example
 * export const hello = flow({ name: "hello" }, async () => "hi");
 * runIfMain(async () => console.log(await hello()));
 */
export function runIfMain(main: () => unknown): void {
  if (!isMainScript(callerFile(runIfMain))) return;
  void Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      process.exitCode = 1;
      warnOnConsole(error instanceof Error ? (error.stack ?? error.message) : String(error));
    });
}

/** The file of the code that called `fn` (as V8 reports it: a path or a file: URL), or undefined. */
function callerFile(fn: (...args: never[]) => unknown): string | undefined {
  const holder: { stack?: unknown } = {};
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    Error.captureStackTrace(holder, fn);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    return sites?.[0]?.getFileName() ?? undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}

/** True when `file` is the script the process was started with (`process.argv[1]`). */
function isMainScript(file: string | undefined): boolean {
  const script = process.argv[1];
  if (file === undefined || script === undefined) return false;
  return canonical(file.startsWith("file:") ? fileURLToPath(file) : file) === canonical(script);
}

function canonical(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}
