/**
 * @module `POST /api/hooks/{slug}` (and PUT): an incoming HTTP request becomes an event through the
 * webhook's template. The slug is the secret; an unknown and a disabled slug get the same 404, so
 * slugs cannot be probed.
 */
import type { Context } from "hono";
import { EventCreate } from "../../api/index.js";
import { StewardError } from "../../core/errors.js";
import { parseWebhookBody, renderWebhookTemplate, type WebhookRequest } from "../../core/webhook-template.js";
import type { EventTail } from "../events/event-tail.js";
import type { Store } from "../storage/store.js";
import { checkJsonDepth } from "./json-depth.js";
import { fieldIssues } from "./validation.js";

/** Path of the receiver under the API's base path (route-table syntax). */
export const WEBHOOK_RECEIVER_PATH = "/hooks/{slug}";

/** What the receiver is built from. */
export interface WebhookReceiverOptions {
  readonly store: Pick<Store, "webhooks" | "events">;
  /** Woken after the event is stored, so streams and the engine see it at once. */
  readonly tail?: EventTail;
  /** Largest accepted body. */
  readonly maxBodyBytes: number;
  /** Deepest nesting of a JSON body (`STEWARD_SERVER_MAX_JSON_DEPTH`). */
  readonly maxJsonDepth: number;
}

/** The handler: render, validate, store, 204. */
export function webhookReceiverHandler(options: WebhookReceiverOptions) {
  return async (c: Context): Promise<Response> => {
    const slug = c.req.param("slug") ?? "";
    const webhook = slug === "" ? undefined : await options.store.webhooks.readBySlug(slug);
    if (webhook === undefined || !webhook.enabled) throw noSuchWebhook();
    const request = await readWebhookRequest(c, options.maxBodyBytes);
    checkJsonDepth(request.body, options.maxJsonDepth, "webhook body");
    const rendered = renderWebhookTemplate(webhook.template, request);
    if (!rendered.ok) throw badTemplate(webhook.name, rendered.reason);
    const parsed = EventCreate.safeParse(rendered.value);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      const reason = issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
      throw badTemplate(webhook.name, `the event it made is not valid (${reason})`, issues);
    }
    await options.store.events.insert([parsed.data]);
    options.tail?.wake();
    return c.body(null, 204);
  };
}

/** The parts of the request a template may use. */
async function readWebhookRequest(c: Context, maxBodyBytes: number): Promise<WebhookRequest> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBodyBytes) throw tooLarge(maxBodyBytes);
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > maxBodyBytes) throw tooLarge(maxBodyBytes);
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    body: parseWebhookBody(headers["content-type"], raw),
    headers,
    query: c.req.query(),
    method: c.req.method,
    raw_body: raw,
  };
}

function noSuchWebhook(): StewardError {
  return new StewardError(
    "NOT_FOUND",
    "No webhook answers at this URL. Check the URL (`steward webhook ls` shows each webhook's URL); a rotated or disabled webhook stops answering.",
  );
}

function badTemplate(name: string, reason: string, details?: unknown): StewardError {
  return new StewardError(
    "INVALID_INPUT",
    `Webhook "${name}" could not turn this request into an event: ${reason}. Check the request against the template (\`steward webhook inspect ${name}\`).`,
    { details },
  );
}

function tooLarge(maxBodyBytes: number): StewardError {
  return new StewardError("BODY_TOO_LARGE", `The body is larger than ${maxBodyBytes} bytes; send less.`);
}
