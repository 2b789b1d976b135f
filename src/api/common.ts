import { z } from "zod";
import {
  MAX_JSON_KEY_LENGTH,
  MAX_LABEL_KEY_LENGTH,
  MAX_LABEL_VALUE_LENGTH,
  MAX_LABELS,
  MAX_LIMIT,
  MAX_OFFSET,
  MAX_TAG_LENGTH,
  maxEntries,
} from "./limits.js";

/** A UUID (Steward generates UUIDv7, but any UUID is accepted). */
export const Id = z.uuid();

/** An ISO-8601 timestamp on the wire (stored as UTC epoch milliseconds). */
export const Timestamp = z.iso.datetime({ offset: true });

/** Free-form JSON object (parameters, context, job variables). */
export const JsonObject = z.record(z.string(), z.unknown());

/** Free-form JSON object of a request: keys capped; the whole is bounded by the body size and depth. */
export const JsonObjectInput = z.record(z.string().max(MAX_JSON_KEY_LENGTH), z.unknown());

/** Key-value labels (as stored and answered). */
export const Labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/**
 * Key-value labels of a request: capped keys and string values, numbers within the safe-integer
 * range, at most {@link MAX_LABELS} of them.
 */
export const LabelsInput = maxEntries(
  z.record(
    z.string().max(MAX_LABEL_KEY_LENGTH),
    z.union([
      z.string().max(MAX_LABEL_VALUE_LENGTH),
      z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
      z.boolean(),
    ]),
  ),
  MAX_LABELS,
  "labels",
);

export const Tags = z.array(z.string().min(1).max(MAX_TAG_LENGTH)).max(100);

/** `limit` for filter requests: 200 by default, which is also the maximum (Prefect's rule). */
export const Limit = z.number().int().min(0).max(MAX_LIMIT).default(MAX_LIMIT);
/** `offset` for filter requests. */
export const Offset = z.number().int().min(0).max(MAX_OFFSET).default(0);

/** Body of every error response. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Response of the `/paginate` endpoints. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    results: z.array(item),
    count: z.number().int(),
    limit: z.number().int(),
    pages: z.number().int(),
    page: z.number().int(),
  });
}

/** Body of the `/paginate` endpoints' paging part. */
export const PageRequest = z.strictObject({
  limit: Limit,
  page: z.number().int().min(1).max(MAX_OFFSET).default(1),
});

export const Health = z.literal(true);
export const Version = z.object({ version: z.string(), api_version: z.string() });
