import { execFileSync } from "node:child_process";

/**
 * Builds dist/ once before the suite: end-to-end tests start the real `steward` binary, which runs
 * the compiled CLI. Unit tests do not need it, but a stale dist/ would make e2e tests lie.
 */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
