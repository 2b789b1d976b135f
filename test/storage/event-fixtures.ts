/** Reading back the events the store's triggers wrote, oldest first, for the storage tests. */
import { type Event, EventQuery } from "../../src/api/index.js";
import type { Store } from "../../src/server/storage/store.js";

const FAR_FUTURE = "2999-01-01T00:00:00.000Z";

async function oldestFirst(store: Store, filter: Record<string, unknown>): Promise<Event[]> {
  const page = await store.events.filter(
    EventQuery.parse({ filter: { ...filter, occurred: { until: FAR_FUTURE } }, order: "ASC", limit: 200 }),
  );
  return page.events;
}

/** Every event about `resourceId` (as the resource or a related one), oldest first. */
export function eventsAbout(store: Store, resourceId: string): Promise<Event[]> {
  return oldestFirst(store, { any_resource: { id: [resourceId] } });
}

/** Events whose resource is `resourceId`, oldest first. */
export function eventsOf(store: Store, resourceId: string): Promise<Event[]> {
  return oldestFirst(store, { resource: { id: [resourceId] } });
}
