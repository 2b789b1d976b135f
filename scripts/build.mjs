// Builds the package into dist/ (run by `npm install` through the `prepare` script, and by `npm run build`).
// `--in-place` skips the clean step, so processes already running from dist/ (tests that run in
// parallel) never see it missing; the test setup uses it.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

if (!process.argv.includes("--in-place")) rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
  stdio: "inherit",
});
