import { execFileSync } from "node:child_process";

/**
 * Builds dist/ once before the suite: end-to-end tests start the real `steward` binary, which runs
 * the compiled CLI, so a stale dist/ would make them test old code. Type errors are reported by
 * `npm run typecheck`; here they only warn, because tsc still emits the JavaScript.
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ["scripts/build.mjs", "--in-place"], { stdio: "pipe" });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? "");
    console.warn(
      `steward build reported errors (tests run against what was emitted):\n${output.slice(0, 4000)}`,
    );
  }
}
