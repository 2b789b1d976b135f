/**
 * @module Which API routes change something, so that the app tells the change feed after each of
 * them succeeds — one rule for the whole route table instead of a call in every handler.
 */
import { type RouteName, routes } from "../../api/routes.js";
import type { Handler } from "../http/route-types.js";
import type { ChangeFeed } from "./change-feed.js";

/** POST routes that only read: the filters, counts and pages, and the history chart. */
const READ_ONLY_POST = /^(filter|count|paginate)[A-Z]|^flowRunHistory$/;

/**
 * True when a successful call of route `name` may change what the UI shows: every route whose
 * method is not GET, except the POSTs that only read. Prefect's poll (`get_scheduled_flow_runs`)
 * and the claims count as changes: they mark workers, queues and deployments polled (READY).
 */
export function changesData(name: RouteName): boolean {
  return isWriteRoute(name, routes[name].method);
}

/** {@link changesData} for a route known by its name and method (also one outside the table). */
export function isWriteRoute(name: string, method: string): boolean {
  return method !== "GET" && !READ_ONLY_POST.test(name);
}

/** `handler`, telling `feed` after each call that succeeded. */
export function notifyingHandler<N extends RouteName>(handler: Handler<N>, feed: ChangeFeed): Handler<N> {
  return async (request) => {
    const reply = await handler(request);
    feed.notify();
    return reply;
  };
}
