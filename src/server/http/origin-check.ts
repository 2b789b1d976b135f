/**
 * @module The Origin check: a browser names the page that sent a request in its Origin header, so
 * a request under `/api` whose Origin is neither the server's own origin nor one configured in
 * `STEWARD_SERVER_ALLOWED_ORIGINS` is refused with 403. Reads are refused too, not only writes: no
 * legitimate page of another origin calls the API unless it is configured. Requests without an
 * Origin header (curl, the CLI, workers, flow runs, webhook senders) pass.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.js";

/** Code of the 403 answer. */
export const ORIGIN_NOT_ALLOWED = "ORIGIN_NOT_ALLOWED";

/**
 * `value` as a browser would send it in an Origin header (`scheme://host[:port]`, lower case,
 * default port dropped), or undefined when it is not an http(s) origin.
 */
export function normaliseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password || url.search || url.hash || !["", "/"].includes(url.pathname)) {
    return undefined;
  }
  return url.origin;
}

/**
 * Whether `origin` (an Origin header) is the server's own: an http or https origin whose host and
 * port are the request's Host header (https too, for a TLS-terminating proxy that keeps the Host).
 * With `secure` (the server speaks HTTPS itself) only `https://` + the Host header is.
 */
export function isOwnOrigin(origin: string, host: string | undefined, secure = false): boolean {
  if (host === undefined) return false;
  const normalised = normaliseOrigin(origin);
  if (normalised === undefined || normalised !== origin.trim().toLowerCase()) return false;
  if (secure) return normalised === normaliseOrigin(`https://${host}`);
  const own = normaliseOrigin(`http://${host}`);
  return own !== undefined && new URL(normalised).host === new URL(own).host;
}

/** Whether a request with this Origin and Host headers may use the API (see {@link isOwnOrigin} for `secure`). */
export function isAllowedOrigin(
  origin: string,
  host: string | undefined,
  allowedOrigins: readonly string[],
  secure = false,
): boolean {
  if (isOwnOrigin(origin, host, secure)) return true;
  const normalised = normaliseOrigin(origin);
  return normalised !== undefined && allowedOrigins.includes(normalised);
}

/**
 * Middleware refusing (403 ORIGIN_NOT_ALLOWED) a request that carries an Origin header naming
 * another site than this server or one of `allowedOrigins` (already normalised, see
 * {@link normaliseOrigin}). `secure`: the server speaks HTTPS itself, so its own origin is https only.
 */
export function originCheck(allowedOrigins: readonly string[], secure = false): MiddlewareHandler {
  return async function checkOrigin(c, next) {
    const origin = c.req.header("origin");
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (origin !== undefined && !isAllowedOrigin(origin, host, allowedOrigins, secure)) {
      throw new HttpError(
        403,
        ORIGIN_NOT_ALLOWED,
        `${c.req.method} ${c.req.path} was sent by a page of ${JSON.stringify(origin)}, which is not this server's origin, so it is refused ` +
          `(another site's page must not drive this API). If that site should use the API, add its origin to ` +
          `STEWARD_SERVER_ALLOWED_ORIGINS (comma-separated, e.g. https://ops.example.com) and restart the server.`,
      );
    }
    await next();
  };
}
