import { execFileSync } from "node:child_process";

/**
 * Builds dist/ once before the suite: end-to-end tests start the real `steward` binary, which runs
 * the compiled CLI and serves the built UI, so a stale dist/ would make them test old code. Type
 * errors are reported by `npm run typecheck`; here they only warn, because tsc still emits the
 * JavaScript. Then makes sure Chromium is there for the UI tests (installing it when it can).
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ["scripts/build.mjs", "--in-place"], { stdio: "pipe" });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? "");
    const errors = String((error as { stderr?: Buffer }).stderr ?? "");
    console.warn(
      `steward build reported errors (tests run against what was emitted):\n${(output + errors).slice(0, 4000)}`,
    );
  }
  try {
    execFileSync("bash", ["scripts/ensure-chromium.sh"], { stdio: "pipe" });
  } catch (error) {
    // The UI tests then fail with the same explanation (test/ui/browser.ts); the rest still runs.
    console.warn(String((error as { stderr?: Buffer }).stderr ?? error));
  }
}
