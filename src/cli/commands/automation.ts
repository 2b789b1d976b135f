import type { Command } from "commander";
import {
  AUTOMATION_SORTS,
  createAutomations,
  deleteAutomation,
  inspectAutomation,
  listAutomations,
  setAutomationEnabled,
  updateAutomation,
} from "../automations/commands.js";
import type { CliContext } from "../context.js";
import { addListOptions, sortName } from "../list-options.js";

const EXAMPLE = `
Example file (YAML or JSON; one automation or a list):
  name: cancel-late-runs
  trigger:
    type: event
    expect: ["steward.flow-run.Late"]
    match: { "steward.resource.id": "steward.flow-run.*" }
  actions:
    - type: cancel-flow-run`;

/** `steward automation …`: when a trigger fires, run actions. */
export function registerAutomationCommands(program: Command, ctx: CliContext): void {
  const automation = program
    .command("automation")
    .description("Manage automations: when a trigger fires (events arrive, or do not), run actions.");

  const ls = automation.command("ls").description("List automations.");
  addListOptions(ls, { what: "automations", sorts: AUTOMATION_SORTS, defaultSort: sortName("NAME_ASC") })
    .option("--json", "Print the automations as JSON.")
    .action((options: { limit?: number; sort: string; json?: boolean }) => listAutomations(ctx, options));

  automation
    .command("inspect")
    .description("Show an automation with its recent firings and action results.")
    .argument("<name-or-id>", "Name or id of the automation")
    .option("--json", "Print the automation (with recent_events) as JSON.")
    .action((nameOrId: string, options: { json?: boolean }) => inspectAutomation(ctx, nameOrId, options));

  automation
    .command("create")
    .description("Create the automations of a YAML or JSON file.")
    .requiredOption("-f, --file <file>", "The file: one automation or a list.")
    .option("--json", "Print the created automations as JSON.")
    .addHelpText("after", EXAMPLE)
    .action((options: { file: string; json?: boolean }) => createAutomations(ctx, options));

  automation
    .command("update")
    .description("Replace an automation's definition by the one in a file.")
    .argument("<name-or-id>", "Name or id of the automation")
    .requiredOption("-f, --file <file>", "A YAML or JSON file with one automation.")
    .action((nameOrId: string, options: { file: string }) => updateAutomation(ctx, nameOrId, options));

  for (const [command, enabled] of [
    ["pause", false],
    ["resume", true],
  ] as const) {
    automation
      .command(command)
      .description(enabled ? "Resume a paused automation." : "Pause an automation: it stops firing.")
      .argument("<name-or-id>", "Name or id of the automation")
      .action((nameOrId: string) => setAutomationEnabled(ctx, nameOrId, enabled));
  }

  automation
    .command("delete")
    .description("Delete an automation.")
    .argument("<name-or-id>", "Name or id of the automation")
    .action((nameOrId: string) => deleteAutomation(ctx, nameOrId));
}
