/** @module Handlers of the `/webhooks` routes: the secret URLs that turn requests into events. */
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type WebhookRoutes =
  | "createWebhook"
  | "readWebhook"
  | "updateWebhook"
  | "deleteWebhook"
  | "filterWebhooks"
  | "rotateWebhookSlug";

const WEBHOOK = RESOURCES.webhooks;

/**
 * Webhook handlers. The store checks the template (INVALID_INPUT when it cannot make an event) and
 * makes the slug; rotating gives a new slug at once, so a leaked URL can be cut off.
 */
export function webhookRoutes({ store }: RouteDeps): RouteHandlers<WebhookRoutes> {
  const webhooks = store.webhooks;
  return {
    createWebhook: async ({ body }) => ({ body: await webhooks.create(body) }),
    readWebhook: async ({ params }) => ({ body: found(await webhooks.read(params.id), WEBHOOK, params.id) }),
    updateWebhook: async ({ params, body }) => {
      requireMatch(await webhooks.update(params.id, body), WEBHOOK, params.id);
      return {};
    },
    deleteWebhook: async ({ params }) => {
      requireMatch(await webhooks.delete(params.id), WEBHOOK, params.id);
      return {};
    },
    filterWebhooks: async ({ body }) => ({ body: await webhooks.filter(body) }),
    rotateWebhookSlug: async ({ params }) => ({
      body: found(await webhooks.rotate(params.id), WEBHOOK, params.id),
    }),
  };
}
