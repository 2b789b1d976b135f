/**
 * @module The `next_page` token of event pages: the query (with its time range fixed when the
 * first page was read, so later pages neither gain nor lose events that arrived meanwhile) and the
 * position after the last event handed out. Not a secret, just opaque: base64url JSON.
 */
import { z } from "zod";
import { EventQuery, Id } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import type { Parsed } from "../types.js";

/** Where a page ends: the last event's occurred time (ms) and id, the keyset to continue after. */
export interface PagePosition {
  readonly occurred: number;
  readonly id: string;
}

/** What a token holds. */
export interface PageToken {
  readonly query: Parsed<typeof EventQuery>;
  readonly after: PagePosition;
}

const TokenShape = z.object({
  query: EventQuery,
  after: z.object({ occurred: z.number().int(), id: Id }),
});

/** The token for the page after `after`. */
export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

/** The query and position of `text`; INVALID_INPUT when it is not a token this server made. */
export function decodePageToken(text: string): PageToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const result = TokenShape.safeParse(parsed);
  if (!result.success) {
    throw new StewardError(
      "INVALID_INPUT",
      "The page token is not valid: pass the `next_page` value of the previous page unchanged, or start again with POST /events/filter.",
    );
  }
  return result.data;
}
