/** @module What `steward webhook …` does: webhooks are addressed by name, shown with their full URL. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Webhook } from "../../api/events.js";
import type { StewardClient } from "../../client/client.js";
import { namedSorts, sortedBy } from "../compare.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { formatJson, formatTimestamp } from "../format.js";
import { noteMore, takeLimit } from "../list-options.js";
import { fetchUpTo } from "../paging.js";
import { didYouMean } from "../work-pools/lookup.js";

/** The URL to call: `<api url>/hooks/<slug>`. */
export function webhookUrl(client: StewardClient, webhook: Pick<Webhook, "slug">): string {
  return `${client.apiUrl}/hooks/${webhook.slug}`;
}

const TEMPLATE_EXAMPLE =
  '{"event": "order.created", "resource": {"steward.resource.id": "order.{{ body.id }}"}, "payload": {"order": "{{ body }}"}}';

/** `--template`: JSON text of an event (placeholders inside its strings), or `@file`. */
export function readTemplate(text: string, cwd: string): Record<string, unknown> {
  const source = text.startsWith("@") ? readTemplateFile(resolve(cwd, text.slice(1))) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new UsageError(
      `--template is not valid JSON (${(error as Error).message}); placeholders go inside strings. Example: --template '${TEMPLATE_EXAMPLE}'`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `--template must be a JSON object of an event. Example: --template '${TEMPLATE_EXAMPLE}'`,
    );
  }
  return parsed as Record<string, unknown>;
}

function readTemplateFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read the template file ${path} (${(error as Error).message}).`);
  }
}

/** The webhook named `name`, or a message listing close names. */
export async function webhookByName(client: StewardClient, name: string): Promise<Webhook> {
  const [found] = await client.call("filterWebhooks", { body: { name: [name] } });
  if (found) return found;
  const names = (await client.call("filterWebhooks", { body: {} })).map((webhook) => webhook.name);
  throw new CliError(
    `Webhook "${name}" not found.${didYouMean(name, names)} List webhooks with \`steward webhook ls\`, ` +
      `or create it with \`steward webhook create ${name} --template '…'\`.`,
  );
}

/** `steward webhook create NAME --template JSON`. */
export async function createWebhook(
  ctx: CliContext,
  name: string,
  options: { template: string; description?: string; disabled?: boolean; json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const webhook = await client.call("createWebhook", {
    body: {
      name,
      template: readTemplate(options.template, ctx.cwd),
      description: options.description ?? null,
      enabled: !options.disabled,
    },
  });
  if (options.json) return ctx.out.json({ ...webhook, url: webhookUrl(client, webhook) });
  ctx.out.line(`Created webhook "${name}". Send requests to:`);
  ctx.out.line(`  ${webhookUrl(client, webhook)}`);
  ctx.out.note("The URL is the secret: share it only with the sender; `steward webhook rotate` replaces it.");
  ctx.out.note(
    `Try it: curl -X POST -H 'content-type: application/json' -d '{}' ${webhookUrl(client, webhook)}`,
  );
}

/** The `--sort` orders of `steward webhook ls` (the CLI sorts: the API lists webhooks by name). */
export const WEBHOOK_SORTS = namedSorts<Webhook>();

/** `steward webhook ls`. */
export async function listWebhooks(
  ctx: CliContext,
  options: { limit?: number; sort: string; json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const fetched = await fetchUpTo(Number.POSITIVE_INFINITY, (offset, limit) =>
    client.call("filterWebhooks", { body: { limit, offset } }),
  );
  const order = WEBHOOK_SORTS[options.sort];
  const listed = takeLimit(order ? sortedBy(fetched, order) : fetched, options.limit);
  const webhooks = listed.shown;
  if (options.json) return ctx.out.json(webhooks.map((w) => ({ ...w, url: webhookUrl(client, w) })));
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "ENABLED" },
      { header: "URL", minWidth: 30 },
      { header: "DESCRIPTION" },
    ],
    webhooks.map((w) => [w.name, w.enabled ? "yes" : "no", webhookUrl(client, w), w.description ?? ""]),
    "No webhooks yet. Create one with `steward webhook create NAME --template '<event JSON>'`.",
  );
  noteMore(ctx.out, { ...listed, what: "webhooks", total: fetched.length });
}

/** `steward webhook inspect NAME`. */
export async function inspectWebhook(
  ctx: CliContext,
  name: string,
  options: { json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const webhook = await webhookByName(client, name);
  if (options.json) return ctx.out.json({ ...webhook, url: webhookUrl(client, webhook) });
  ctx.out.keyValue([
    ["ID", webhook.id],
    ["Name", webhook.name],
    ["Description", webhook.description ?? "-"],
    ["Enabled", webhook.enabled ? "yes" : "no"],
    ["URL", webhookUrl(client, webhook)],
    ["Template", formatJson(webhook.template)],
    ["Created", formatTimestamp(webhook.created)],
    ["Updated", formatTimestamp(webhook.updated)],
  ]);
}

/** `steward webhook rotate NAME`: a new URL; the old one stops working. */
export async function rotateWebhook(
  ctx: CliContext,
  name: string,
  options: { json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const { id } = await webhookByName(client, name);
  const webhook = await client.call("rotateWebhookSlug", { params: { id } });
  if (options.json) return ctx.out.json({ ...webhook, url: webhookUrl(client, webhook) });
  ctx.out.line(`Rotated webhook "${name}"; the old URL no longer answers. New URL:`);
  ctx.out.line(`  ${webhookUrl(client, webhook)}`);
}

/** Options of `steward webhook update`. */
export interface UpdateWebhookOptions {
  template?: string;
  description?: string;
  enable?: boolean;
  disable?: boolean;
}

/** `steward webhook update NAME [--template …] [--description …] [--enable|--disable]`. */
export async function updateWebhook(
  ctx: CliContext,
  name: string,
  options: UpdateWebhookOptions,
): Promise<void> {
  if (options.enable && options.disable) throw new UsageError("Give --enable or --disable, not both.");
  const patch = {
    ...(options.template === undefined ? {} : { template: readTemplate(options.template, ctx.cwd) }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
  };
  if (Object.keys(patch).length === 0) {
    throw new UsageError("Nothing to change: give --template, --description, --enable or --disable.");
  }
  const client = ctx.client();
  const { id } = await webhookByName(client, name);
  await client.call("updateWebhook", { params: { id }, body: patch });
  ctx.out.line(`Updated webhook "${name}".`);
}

/** `steward webhook delete NAME`. */
export async function deleteWebhook(ctx: CliContext, name: string): Promise<void> {
  const client = ctx.client();
  const { id } = await webhookByName(client, name);
  await client.call("deleteWebhook", { params: { id } });
  ctx.out.line(`Deleted webhook "${name}"; its URL no longer answers.`);
}
