// Builds the package into dist/ (run by `npm install` through the `prepare` script, and by `npm run build`):
// the compiled TypeScript, then the web UI into dist/ui (Vite), then the CommonJS entry (dist/cjs/).
// `--in-place` skips the clean step, so processes already running from dist/ (tests that run in
// parallel) never see it missing; the test setup uses it.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { writeCommonJsEntry } from "./cjs-entry.mjs";

const inPlace = process.argv.includes("--in-place");
if (!inPlace) rmSync("dist", { recursive: true, force: true });
// tsc emits JavaScript even when it reports type errors; the UI is built either way, then the
// build fails if either step did.
let failed;
for (const args of [
  ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
  [
    "node_modules/vite/bin/vite.js",
    "build",
    "--config",
    "ui/vite.config.ts",
    "--logLevel",
    "warn",
    // In place, dist/ui keeps its old files while the new ones are written: a server already
    // serving them never finds its index.html gone.
    ...(inPlace ? ["--emptyOutDir", "false"] : []),
  ],
]) {
  try {
    execFileSync(process.execPath, args, { stdio: "inherit" });
  } catch (error) {
    failed ??= error;
  }
}
if (failed) throw failed;

writeCommonJsEntry();
