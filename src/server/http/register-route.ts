/**
 * @module Registers one route of the table on the app: body limit, path-parameter, body and query
 * validation, the handler, then the answer with the route's status. Handlers only see valid input.
 */
import type { Context, Hono } from "hono";
import { type RouteName, type RouteSpec, routes } from "../../api/routes.js";
import type { Principal } from "../../core/access.js";
import { StewardError } from "../../core/errors.js";
import { requireAccess } from "./auth.js";
import { bodyLimit } from "./body-limit.js";
import { readJsonBody } from "./request-body.js";
import { requireUuid, resourceOf } from "./resources.js";
import type { Handler, RouteRequest } from "./route-types.js";
import { fieldIssues, validate } from "./validation.js";

/** How one route is registered. */
export interface RegisterOptions {
  /** Largest accepted request body in bytes. */
  readonly maxBodyBytes: number;
  /** Deepest nesting of a JSON body (`STEWARD_SERVER_MAX_JSON_DEPTH`). */
  readonly maxJsonDepth: number;
  /**
   * Parse every answer with the route's response schema and fail (500) on a mismatch. Meant for
   * tests, where it catches a storage layer drifting from the wire contract.
   * @default false
   */
  readonly checkResponses?: boolean;
  /**
   * Checks the resource itself once the request is parsed: a worker key's pools, a run key's run.
   * Throws FORBIDDEN (or a not-found error) to refuse. @default no resource checks
   */
  readonly checkScope?: (name: RouteName, request: RouteRequest<RouteName>) => Promise<void>;
}

/**
 * `/flows/{id}` → `/flows/:id{[0-9a-fA-F-]+}` (Hono's syntax). Only UUID-shaped ids reach the
 * route, so `GET /flows/filter` falls through to the not-found handler, which answers 405 "use POST".
 * The trailing slash goes: with `strict: false` Hono strips it from requests, not from routes.
 */
export function toHonoPath(path: string): string {
  return path
    .replace(/\{(\w+)\}/g, (_, name: string) => (name === "id" ? ":id{[0-9a-fA-F-]+}" : `:${name}`))
    .replace(/(.)\/+$/, "$1");
}

/** Registers the handler of route `name` on `app` (whose base path is `/api`). */
export function registerRoute<N extends RouteName>(
  app: Hono,
  name: N,
  handler: Handler<N>,
  options: RegisterOptions,
): void {
  const spec: RouteSpec = routes[name];
  const label = `${spec.method} /api${spec.path}`;
  const limit = bodyLimit(options.maxBodyBytes, () => {
    throw new StewardError(
      "BODY_TOO_LARGE",
      `The body of ${label} is larger than ${formatBytes(options.maxBodyBytes)}; send the data in smaller batches.`,
    );
  });
  app.on(spec.method, toHonoPath(spec.path), limit, async function route(c) {
    const principal = requireAccess(c, spec.access, label);
    const parsed = await readRequest(c, spec, label, options.maxJsonDepth, principal);
    await options.checkScope?.(name, parsed);
    const request = parsed as RouteRequest<N>;
    const reply = await handler(request);
    const status = reply.status ?? spec.status;
    if (status === 204) return c.body(null, 204);
    if (options.checkResponses) checkResponse(spec, label, reply.body);
    return c.json(reply.body as object, status);
  });
}

async function readRequest(
  c: Context,
  spec: RouteSpec,
  label: string,
  maxJsonDepth: number,
  principal: Principal | undefined,
): Promise<RouteRequest<RouteName>> {
  const params = readParams(c, spec);
  const body = spec.body
    ? validate(spec.body, await bodyOrEmpty(c, spec, label, maxJsonDepth), "request body")
    : undefined;
  const query = spec.query ? validate(spec.query, c.req.query(), "query string") : undefined;
  return { params, body, query, principal, c } as RouteRequest<RouteName>;
}

function readParams(c: Context, spec: RouteSpec): Record<string, string> {
  const params: Record<string, string> = c.req.param();
  // Every `{id}` in the table is a UUID; checking here keeps malformed ids away from the database.
  if (params.id !== undefined) requireUuid(resourceOf(spec.path), params.id);
  return params;
}

// An empty body on a filter route means "no filters", as in Prefect; object schemas get `{}` so
// their defaults apply, and anything else is validated as missing.
async function bodyOrEmpty(c: Context, spec: RouteSpec, label: string, maxDepth: number): Promise<unknown> {
  const body = await readJsonBody(c, label, maxDepth);
  if (body !== undefined) return body;
  return spec.body?.def.type === "object" ? {} : undefined;
}

function checkResponse(spec: RouteSpec, label: string, body: unknown): void {
  if (!spec.response) return;
  const parsed = spec.response.safeParse(body);
  if (parsed.success) return;
  const issues = fieldIssues(parsed.error)
    .map((issue) => `${issue.path || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new Error(`${label} produced an answer that breaks its response schema: ${issues}`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
