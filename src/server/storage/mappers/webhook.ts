import type { Webhook } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { fromStoredBoolean, isoFromMs } from "../codec.js";
import type { WebhookTable } from "../database.js";

/** The path a webhook is called at: the slug is the secret. */
export function webhookPath(slug: string): string {
  return `/api/hooks/${slug}`;
}

/** The API form of a webhook row. */
export function webhookFromRow(row: WebhookTable): Webhook {
  return {
    id: row.id,
    created: isoFromMs(Number(row.created)),
    updated: isoFromMs(Number(row.updated)),
    name: row.name,
    description: row.description,
    enabled: fromStoredBoolean(row.enabled),
    template: JSON.parse(row.template) as Webhook["template"],
    slug: row.slug,
    path: webhookPath(row.slug),
  };
}

/**
 * A webhook's template as an object: given as one, or as JSON text (how the CLI passes
 * `--template`). It must be an event template, an object giving at least `event` and `resource`;
 * anything else is refused with INVALID_INPUT, so a webhook never exists that cannot make an event.
 */
export function parseWebhookTemplate(template: string | Record<string, unknown>): Record<string, unknown> {
  let value: unknown = template;
  if (typeof template === "string") {
    try {
      value = JSON.parse(template);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StewardError(
        "INVALID_INPUT",
        `the template is not valid JSON: ${reason}. Give a JSON object such as {"event": "my.event", "resource": {"steward.resource.id": "my.resource"}}.`,
      );
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StewardError(
      "INVALID_INPUT",
      'the template must be a JSON object describing the event, such as {"event": "my.event", "resource": {"steward.resource.id": "my.resource"}}.',
    );
  }
  const missing = ["event", "resource"].filter((key) => !(key in value));
  if (missing.length > 0) {
    throw new StewardError(
      "INVALID_INPUT",
      `the template gives no ${missing.map((key) => `"${key}"`).join(" and ")}: an event template needs at least the event's name ("event") and its resource ("resource", with "steward.resource.id").`,
    );
  }
  return value as Record<string, unknown>;
}
