/**
 * @module Reads a JSON request body and says clearly what is wrong when it is not JSON, so that a
 * typo in a curl command gets a 400 that explains itself instead of a 500 or a silent `{}`.
 */
import type { Context } from "hono";
import { StewardError } from "../../core/errors.js";
import { HttpError, HttpErrorCode } from "./errors.js";
import { checkJsonDepth } from "./json-depth.js";

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * The parsed JSON body of a request, or `undefined` when it has none. A missing Content-Type is
 * accepted (scripts often omit it); any other non-JSON type is refused. A body nested deeper than
 * `maxDepth` is refused with a 422.
 */
export async function readJsonBody(c: Context, route: string, maxDepth: number): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  const type = c.req.header("content-type");
  if (type && !JSON_TYPE.test(type)) {
    throw new HttpError(
      415,
      HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `${route} takes a JSON body, but the request says Content-Type: ${type}. Send the body as JSON with Content-Type: application/json.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new StewardError(
      "MALFORMED_JSON",
      `The body of ${route} is not valid JSON (${(error as Error).message}). Check quoting and commas; the body must be one JSON value.`,
    );
  }
  checkJsonDepth(body, maxDepth, `body of ${route}`);
  return body;
}
