/**
 * @module Actions that call out over HTTP: call-webhook (a templated JSON body) and
 * send-notification (a generic JSON webhook, or a Slack-compatible incoming webhook). One call per
 * attempt; the executor reschedules retryable failures.
 */
import type { Action } from "../../../api/automations.js";
import { renderTemplate } from "../../../core/automations/index.js";
import type { ActionContext, ActionOutcome } from "./action-context.js";

/** Characters of a response body kept with the attempt. */
export const EXCERPT_CHARS = 500;

/** Calls the webhook with the templated payload (by default the triggering event). */
export function callWebhook(
  ctx: ActionContext,
  action: Extract<Action, { type: "call-webhook" }>,
): Promise<ActionOutcome> {
  const body = action.payload === undefined ? ctx.event : renderTemplate(action.payload, ctx.templateValues);
  return send(ctx, action.url, action.method, action.headers, body ?? null, action.timeout_seconds);
}

/** Sends the notification in its destination's format. */
export function sendNotification(
  ctx: ActionContext,
  action: Extract<Action, { type: "send-notification" }>,
): Promise<ActionOutcome> {
  const subject = String(renderTemplate(action.subject, ctx.templateValues) ?? "");
  const text = String(renderTemplate(action.body, ctx.templateValues) ?? "");
  const destination = action.destination;
  if (destination.type === "slack") {
    return send(ctx, destination.url, "POST", {}, { text: `*${subject}*\n${text}` }, action.timeout_seconds);
  }
  return send(
    ctx,
    destination.url,
    "POST",
    destination.headers,
    { subject, body: text, event: ctx.event },
    action.timeout_seconds,
  );
}

async function send(
  ctx: ActionContext,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutSeconds: number,
): Promise<ActionOutcome> {
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutSeconds}s`
        : describe(error);
    return { ok: false, reason: `${method} ${url} failed: ${reason}`, retryable: true, excerpt: reason };
  }
  const excerpt = (await response.text().catch(() => "")).slice(0, EXCERPT_CHARS);
  if (response.ok)
    return { ok: true, result: { status: response.status, body: excerpt }, status: response.status, excerpt };
  return {
    ok: false,
    reason: `${method} ${url} answered HTTP ${response.status}${excerpt === "" ? "" : `: ${excerpt.slice(0, 200)}`}`,
    retryable: true,
    status: response.status,
    excerpt,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
