import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { addListOptions, sortedHere } from "../list-options.js";
import {
  createWebhook,
  deleteWebhook,
  inspectWebhook,
  listWebhooks,
  rotateWebhook,
  type UpdateWebhookOptions,
  updateWebhook,
  WEBHOOK_SORTS,
} from "../webhooks/commands.js";

const EXAMPLES = `
Example: a POST with {"order": {"id": 7, "total": 12.5}} becomes the event order.created about order.7
  steward webhook create orders --template '{"event": "order.created",
    "resource": {"steward.resource.id": "order.{{ body.order.id }}"}, "payload": {"total": "{{ body.order.total }}"}}'
Placeholders: {{ body.… }}, {{ headers.… }} (lower-case names), {{ query.… }}, {{ method }}, {{ raw_body }}.`;

/** `steward webhook …`: secret URLs that turn incoming HTTP requests into events. */
export function registerWebhookCommands(program: Command, ctx: CliContext): void {
  const webhook = program
    .command("webhook")
    .description("Manage webhooks: secret URLs that turn incoming HTTP requests into events.");

  webhook
    .command("create")
    .description("Create a webhook and print the URL to call.")
    .argument("<name>", "Name of the webhook")
    .requiredOption("--template <json>", "The event to make, as JSON with {{ … }} placeholders, or @file.")
    .option("--description <text>", "What the webhook is for.")
    .option("--disabled", "Create it switched off (its URL answers 404 until enabled).")
    .option("--json", "Print the webhook (with its url) as JSON.")
    .addHelpText("after", EXAMPLES)
    .action(
      (
        name: string,
        options: { template: string; description?: string; disabled?: boolean; json?: boolean },
      ) => createWebhook(ctx, name, options),
    );

  const ls = webhook.command("ls").description("List webhooks with their URLs.");
  addListOptions(ls, {
    what: "webhooks",
    sorts: Object.keys(WEBHOOK_SORTS),
    defaultSort: "name-asc",
    sortHelp: sortedHere("webhooks"),
  })
    .option("--json", "Print the webhooks as JSON.")
    .action((options: { limit?: number; sort: string; json?: boolean }) => listWebhooks(ctx, options));

  webhook
    .command("inspect")
    .description("Show a webhook: its URL and template.")
    .argument("<name>", "Name of the webhook")
    .option("--json", "Print the webhook as JSON.")
    .action((name: string, options: { json?: boolean }) => inspectWebhook(ctx, name, options));

  webhook
    .command("rotate")
    .description("Give a webhook a new secret URL; the old one stops working at once.")
    .argument("<name>", "Name of the webhook")
    .option("--json", "Print the webhook as JSON.")
    .action((name: string, options: { json?: boolean }) => rotateWebhook(ctx, name, options));

  webhook
    .command("update")
    .description("Change a webhook's template or description, or switch it on or off.")
    .argument("<name>", "Name of the webhook")
    .option("--template <json>", "The new event template (JSON or @file).")
    .option("--description <text>", "What the webhook is for.")
    .option("--enable", "Switch it on.")
    .option("--disable", "Switch it off (its URL answers 404).")
    .action((name: string, options: UpdateWebhookOptions) => updateWebhook(ctx, name, options));

  webhook
    .command("delete")
    .description("Delete a webhook; its URL stops working.")
    .argument("<name>", "Name of the webhook")
    .action((name: string) => deleteWebhook(ctx, name));
}
