/**
 * @module Writes demand a JSON content type. A page of another site can send a POST without a
 * preflight only as a "simple" request: no Content-Type, or text/plain, form or multipart. Refusing
 * every such write (415), with or without a body, keeps such pages from changing anything even
 * where the Origin header is missing. The webhook receiver is exempt: it takes form and text bodies
 * by design.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError, HttpErrorCode } from "./errors.js";

/** `application/json` and `application/<anything>+json`, with or without parameters. */
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

const WRITES_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** Whether `contentType` (a Content-Type header) names JSON. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_TYPE.test(contentType.trim());
}

/**
 * Whether a request must say Content-Type JSON: every POST, PUT and PATCH, body or not, and a
 * DELETE that carries a body. A DELETE without a body needs none: browsers preflight DELETE anyway.
 */
export function needsJsonContentType(method: string, headers: Headers): boolean {
  if (WRITES_WITH_BODY.has(method)) return true;
  if (method !== "DELETE") return false;
  const length = headers.get("content-length");
  return headers.has("transfer-encoding") || (length !== null && length.trim() !== "0");
}

/**
 * Middleware refusing (415 UNSUPPORTED_MEDIA_TYPE) writes without a JSON Content-Type, except on
 * the paths for which `exempt` is true.
 */
export function jsonWrites(exempt: (path: string) => boolean): MiddlewareHandler {
  return async function requireJson(c, next) {
    const type = c.req.header("content-type");
    if (
      needsJsonContentType(c.req.method, c.req.raw.headers) &&
      !isJsonContentType(type) &&
      !exempt(c.req.path)
    ) {
      const said = type === undefined ? "no Content-Type" : `Content-Type: ${type}`;
      throw new HttpError(
        415,
        HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `${c.req.method} ${c.req.path} was sent with ${said}; every write to the API must say Content-Type: application/json, even without a body ` +
          `(so that pages of other sites cannot send it). Add the header, e.g. curl -H 'Content-Type: application/json'.`,
      );
    }
    await next();
  };
}
