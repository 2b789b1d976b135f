/** @module Handlers of the `/events` routes: emit a batch, find, page, count and read events. */
import { found, RESOURCES } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type EventRoutes = "createEvents" | "filterEvents" | "filterEventsNext" | "countEvents" | "readEvent";

const EVENT = RESOURCES.events;

/**
 * Event handlers. A batch is answered 204 only once it is stored; the live tail is woken right
 * after, so open streams and the automations engine see the batch without waiting for a poll.
 * Names under `steward.` are accepted from clients too: the worker emits its own that way.
 */
export function eventRoutes({ store, events }: RouteDeps): RouteHandlers<EventRoutes> {
  return {
    createEvents: async ({ body }) => {
      await store.events.insert(body);
      events?.wake();
      return {};
    },
    filterEvents: async ({ body }) => ({ body: await store.events.filter(body) }),
    filterEventsNext: async ({ query }) => ({ body: await store.events.next(query.page_token) }),
    countEvents: async ({ body }) => ({ body: await store.events.count(body) }),
    readEvent: async ({ params }) => ({ body: found(await store.events.read(params.id), EVENT, params.id) }),
  };
}
