import type { Command } from "commander";
import { collect } from "../args.js";
import type { CliContext } from "../context.js";
import { addListOptions } from "../list-options.js";
import {
  EVENT_SORTS,
  type EmitOptions,
  emitEventCommand,
  type ListOptions,
  listEvents,
  type StreamOptions,
  streamEventsCommand,
} from "../events/commands.js";

const EMIT_EXAMPLES = `
Examples:
  steward events emit order.shipped --resource-id order.1234 --payload '{"carrier": "DHL"}'
  steward events emit heartbeat --resource-id sensor.7 --resource steward.resource.name=kitchen \\
    --related '{"steward.resource.id": "site.paris", "steward.resource.role": "site"}'`;

const READ_EXAMPLES = `
Examples:
  steward events ls --name 'steward.flow-run.*' --since 1h
  steward events ls --prefix order. --exclude-prefix order.draft
  steward events stream --name 'steward.flow-run.Failed' --no-backfill
  steward events stream --filter '{"any_resource": {"id": ["steward.deployment.*"]}}' --json`;

/** `steward events …`: emit events, list recent ones, follow them live. */
export function registerEventsCommands(program: Command, ctx: CliContext): void {
  const events = program
    .command("events")
    .alias("event")
    .description("Emit, list and stream events: what happened, to what, in relation to what.");

  events
    .command("emit")
    .description("Emit an event (names under steward. are Steward's own, but may be emitted too).")
    .argument("<name>", "Event name, e.g. order.shipped")
    .requiredOption("--resource-id <id>", "The steward.resource.id of what it happened to.")
    .option("--resource <key=value>", "Another label of the resource (repeatable).", collect)
    .option(
      "--related <json>",
      "A related resource as JSON labels with an id and a role (repeatable).",
      collect,
    )
    .option("--payload <json>", "The payload, a JSON object.")
    .option("--json", "Print the event sent as JSON.")
    .addHelpText("after", EMIT_EXAMPLES)
    .action((name: string, options: EmitOptions) => emitEventCommand(ctx, name, options));

  const ls = events
    .command("ls")
    .description("List recent events, newest first.")
    .option("--name <pattern>", "Event name or pattern with * (repeatable).", collect)
    .option("--prefix <prefix>", "Event names starting with this, taken literally (repeatable).", collect)
    .option("--exclude-prefix <prefix>", "Leave out event names starting with this (repeatable).", collect)
    .option("--resource-id <id>", "Resource id or pattern with * (repeatable).", collect)
    .option(
      "--since <when>",
      "Only events since then: a duration back from now (30m, 1h, 2d) or an ISO time.",
    )
    .option("--filter <json>", "An event filter as JSON (the flags above are applied over it).");
  addListOptions(ls, {
    what: "events",
    sorts: Object.keys(EVENT_SORTS),
    defaultSort: "occurred-desc",
    defaultLimit: 20,
  })
    .option("--json", "Print the events as JSON.")
    .addHelpText("after", READ_EXAMPLES)
    .action((options: ListOptions) => listEvents(ctx, options));

  events
    .command("stream")
    .description("Follow matching events live (recent ones first); runs until Ctrl+C.")
    .option("--name <pattern>", "Event name or pattern with * (repeatable).", collect)
    .option("--prefix <prefix>", "Event names starting with this, taken literally (repeatable).", collect)
    .option("--exclude-prefix <prefix>", "Leave out event names starting with this (repeatable).", collect)
    .option("--resource-id <id>", "Resource id or pattern with * (repeatable).", collect)
    .option("--filter <json>", "An event filter as JSON (the flags above are applied over it).")
    .option("--no-backfill", "Only new events, not those of the last 15 minutes.")
    .option("--json", "Print each event as one line of JSON.")
    .addHelpText("after", READ_EXAMPLES)
    .action((options: StreamOptions) => streamEventsCommand(ctx, options));
}
