/**
 * @module CORS for the origins configured in `STEWARD_SERVER_ALLOWED_ORIGINS`, and for them only:
 * with none configured (the default) no Access-Control-* header is ever sent, so browsers keep
 * other sites from reading answers. Runs after the Origin check, which has refused other origins.
 */
import type { MiddlewareHandler } from "hono";
import { normaliseOrigin } from "./origin-check.js";

/** Methods the API uses, as announced to preflights. */
export const CORS_METHODS = "GET, POST, PUT, PATCH, DELETE";

/** Request headers the API reads, as announced to preflights. */
export const CORS_HEADERS = "Content-Type, Authorization, Last-Event-ID";

/** How long (seconds) a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Middleware answering preflights (`OPTIONS` with Access-Control-Request-Method) from an allowed
 * origin with 204 and the methods and headers the API uses, and adding Access-Control-Allow-Origin
 * to the answers of other requests from such an origin. Does nothing when `allowedOrigins` is empty.
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async function corsHeaders(c, next) {
    const origin = c.req.header("origin");
    const normalised = origin === undefined ? undefined : normaliseOrigin(origin);
    if (normalised === undefined || !allowedOrigins.includes(normalised)) {
      await next();
      return;
    }
    const headers: Record<string, string> = {
      "Access-Control-Allow-Origin": normalised,
      Vary: "Origin",
    };
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined) {
      return c.body(null, 204, {
        ...headers,
        "Access-Control-Allow-Methods": CORS_METHODS,
        "Access-Control-Allow-Headers": CORS_HEADERS,
        "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
      });
    }
    await next();
    headers["Access-Control-Expose-Headers"] = "Retry-After";
    // Answers built as plain Responses may have immutable headers; copy them first.
    let response = c.res;
    try {
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    } catch {
      response = new Response(response.body, response);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      c.res = response;
    }
  };
}
