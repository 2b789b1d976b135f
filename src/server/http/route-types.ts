/**
 * @module Types that tie each handler to its entry in the route table, so a handler receives the
 * parsed body and query of *its* route and must answer with *its* response schema's type.
 */
import type { Context } from "hono";
import type { z } from "zod";
import type { RouteName, routes } from "../../api/routes.js";
import type { Principal } from "../../core/access.js";

type Spec<N extends RouteName> = (typeof routes)[N];

/** `"/flow_runs/{id}/set_state"` → `"id"`. */
type ParamNames<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? K | ParamNames<Rest>
  : never;

/** Path parameters of a route, decoded; `id` parameters are already checked to be UUIDs. */
export type ParamsOf<N extends RouteName> = { readonly [K in ParamNames<Spec<N>["path"]>]: string };

/** Parsed request body (defaults applied), or undefined for routes without one. */
export type BodyOf<N extends RouteName> =
  Spec<N> extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;

/** Parsed query string, or undefined for routes without one. */
export type QueryOf<N extends RouteName> =
  Spec<N> extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;

/** What a handler gets: the validated parts of the request, plus the raw context for rare needs. */
export interface RouteRequest<N extends RouteName> {
  readonly params: ParamsOf<N>;
  readonly body: BodyOf<N>;
  readonly query: QueryOf<N>;
  /** Who is calling; undefined on open routes (health, ready). */
  readonly principal: Principal | undefined;
  readonly c: Context;
}

/** Success statuses a handler may choose; errors are thrown, never returned. */
export type SuccessStatus = 200 | 201 | 204;

/**
 * What a handler answers. `status` defaults to the route's; routes with a response schema must
 * return a body of that type, 204 routes return none.
 */
export type Reply<N extends RouteName> =
  Spec<N> extends { response: infer R extends z.ZodType }
    ? { readonly status?: SuccessStatus; readonly body: z.output<R> }
    : { readonly status?: SuccessStatus; readonly body?: unknown };

/** A handler of one route. */
export type Handler<N extends RouteName> = (request: RouteRequest<N>) => Promise<Reply<N>>;

/** Handlers for a set of routes; `RouteHandlers<RouteName>` must cover the whole table. */
export type RouteHandlers<N extends RouteName> = { readonly [K in N]: Handler<K> };
