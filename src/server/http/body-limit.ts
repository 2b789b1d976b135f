/**
 * @module The body size limit of the routes, decided from the Content-Length header whenever the
 * request has one. Hono's own `bodyLimit` asks for `c.req.raw.body` first, which makes the Node
 * adapter build a whole web `Request` with a web stream over the socket (and an AbortSignal) for
 * every request, GETs included; the JSON body is then read through that stream. Deciding from the
 * header leaves the adapter's lightweight request alone, so `c.req.text()` reads the body straight
 * from the socket. A chunked body (no Content-Length) still goes through Hono's limit, which counts
 * the bytes as they arrive: the limit holds either way.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit as streamingBodyLimit } from "hono/body-limit";

/**
 * Middleware refusing a request whose body is over `maxBytes`: `onTooLarge` throws (or answers)
 * the refusal. Exactly Hono's `bodyLimit` in what it lets through; only cheaper.
 */
export function bodyLimit(maxBytes: number, onTooLarge: (c: Context) => Response | Promise<Response>) {
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  const limitBody: MiddlewareHandler = async (c, next) => {
    const method = c.req.method;
    // The adapter gives GET and HEAD requests no body at all (nor may a web Request have one).
    if (method === "GET" || method === "HEAD") return next();
    const length = c.req.header("content-length");
    // Node's HTTP parser reads no more than Content-Length bytes as the body, so the header is the size.
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return parseInt(length || "0", 10) > maxBytes ? onTooLarge(c) : next();
    }
    return streaming(c, next);
  };
  return limitBody;
}
