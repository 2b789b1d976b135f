/**
 * @module Webhook templates: how an incoming HTTP request becomes an event. The template is an
 * event (a JSON object, or JSON text) whose strings hold `{{ body.… }}`, `{{ headers.… }}`,
 * `{{ query.… }}`, `{{ method }}` and `{{ raw_body }}` placeholders, filled by the rules of
 * job templates: a string that is only a placeholder keeps the value's JSON type.
 */
import { applyTemplate, isJsonRecord, lookupValue } from "./job-template.js";

/** What a template is filled from: the request as received. */
export interface WebhookRequest {
  /** Parsed JSON, the fields of a form, or the text itself when it is neither. */
  readonly body: unknown;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly method: string;
  readonly raw_body: string;
}

/** The result of {@link renderWebhookTemplate}: the filled-in event, or why none could be made. */
export type RenderedWebhook =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

/** Fills `template` from `request`. The caller still checks that the result is a valid event. */
export function renderWebhookTemplate(
  template: Record<string, unknown> | string,
  request: WebhookRequest,
): RenderedWebhook {
  const values = { ...request } as Record<string, unknown>;
  if (typeof template !== "string") return asObject(applyTemplate(template, values));
  return renderText(template, values);
}

function asObject(rendered: unknown): RenderedWebhook {
  if (isJsonRecord(rendered)) return { ok: true, value: rendered };
  return { ok: false, reason: "the template did not produce a JSON object" };
}

/**
 * A template given as JSON text. When the text is JSON already (placeholders inside strings), it is
 * filled as an object, so values keep their types and quotes in them cannot break the JSON. Else
 * each placeholder is replaced by its value as JSON (`null` when absent), and the result parsed.
 */
function renderText(template: string, values: Record<string, unknown>): RenderedWebhook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    const text = template.replace(
      PLACEHOLDER,
      (_, name: string) => JSON.stringify(lookupValue(values, name)) ?? "null",
    );
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `the filled-in template is not valid JSON (${(error as Error).message})` };
    }
    return asObject(parsed);
  }
  return asObject(applyTemplate(parsed, values));
}

/** Reads a request body by its content type: JSON, a form, or else the text itself (or null when empty). */
export function parseWebhookBody(contentType: string | undefined, raw: string): unknown {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (raw === "") return null;
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(raw));
  if (type === "application/json" || type.endsWith("+json") || type === "") {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}
