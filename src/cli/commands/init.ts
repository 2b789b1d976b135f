import { existsSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { starterYaml } from "../project/starter.js";

/** `steward init`: writes a commented starter `steward.yaml` in the current directory. */
export function registerInitCommand(program: Command, ctx: CliContext): void {
  program
    .command("init")
    .description("Write a commented starter steward.yaml (deployments of this project) here.")
    .option("--name <name>", "The project's name. Default: this folder's name.")
    .option("--force", "Overwrite an existing steward.yaml.")
    .action((options: { name?: string; force?: boolean }) => {
      const file = join(ctx.cwd, "steward.yaml");
      if (existsSync(file) && !options.force) {
        throw new CliError(
          `${file} already exists. Edit it, or pass --force to replace it with the starter.`,
        );
      }
      writeFileSync(file, starterYaml(options.name ?? basename(ctx.cwd)));
      ctx.out.line(`Wrote ${file}.`);
      ctx.out.note("Edit its deployments, then register them with `steward deploy --all`.");
    });
}
