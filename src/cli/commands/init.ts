import { existsSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { writeStarterFiles } from "../project/scaffold.js";
import { starterYaml } from "../project/starter.js";

/** The work pool the starter steward.yaml and scripts name. */
const STARTER_POOL = "my-pool";

/**
 * `steward init`: scaffolds a Steward project in the current directory — a commented starter
 * `steward.yaml`, a first flow in `flows/hello.ts` (unless one is there) and npm scripts to run the
 * server, a worker and the deployments (added to package.json, never replacing a script it has).
 */
export function registerInitCommand(program: Command, ctx: CliContext): void {
  program
    .command("init")
    .description(
      "Start a Steward project here: a starter steward.yaml, a first flow (flows/hello.ts) and npm scripts.",
    )
    .option("--name <name>", "The project's name. Default: this folder's name.")
    .option("--force", "Overwrite an existing steward.yaml (a flow file that exists is always kept).")
    .action((options: { name?: string; force?: boolean }) => {
      const file = join(ctx.cwd, "steward.yaml");
      if (existsSync(file) && !options.force) {
        throw new CliError(
          `${file} already exists. Edit it, or pass --force to replace it with the starter.`,
        );
      }
      writeFileSync(file, starterYaml(options.name ?? basename(ctx.cwd)));
      ctx.out.line(`Wrote ${file}.`);
      const report = writeStarterFiles(ctx.cwd, STARTER_POOL);
      const show = (path: string) => relative(ctx.cwd, path);
      for (const path of report.written) ctx.out.line(`Wrote ${show(path)}.`);
      for (const path of report.kept) ctx.out.line(`Kept ${show(path)} (it exists).`);
      if (report.scriptsAdded.length > 0) {
        ctx.out.line(`Added npm scripts to package.json: ${report.scriptsAdded.join(", ")}.`);
      }
      if (report.scriptsKept.length > 0) {
        ctx.out.note(
          `package.json already has scripts named ${report.scriptsKept.join(", ")}; they were kept.`,
        );
      }
      if (!report.hasPackageJson) {
        ctx.out.warn(
          "There is no package.json here: create one with `npm init -y`, then `npm install steward zod`, and run `steward init` again for the npm scripts.",
        );
      }
      ctx.out.note(
        [
          "Next:",
          "  npx steward server start                                  # or: npm run steward:server",
          "  npx tsx flows/hello.ts                                    # or: npm run hello",
          `  npx steward work-pool create --type process ${STARTER_POOL}`,
          "  npx steward deploy --all                                  # or: npm run steward:deploy",
          `  npx steward worker start --pool ${STARTER_POOL}                # or: npm run steward:worker`,
        ].join("\n"),
      );
    });
}
