/**
 * @module How large and how deep one request to the server may be. Kept apart from settings.ts so
 * the limits read as one group; the bounds of single fields (string lengths, list sizes, `limit`)
 * live with the schemas in src/api/limits.ts.
 */
import { z } from "zod";

/** Largest body of an ordinary request by default: 4 MiB (a flow run's parameters alone may be 512 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Deepest nesting of a JSON body by default. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** The request-limit settings, spread into `SETTING_DEFINITIONS`. */
export const REQUEST_LIMIT_DEFINITIONS = {
  STEWARD_SERVER_MAX_BODY_BYTES: {
    description:
      "Largest request body the server reads, in bytes (API routes, webhooks and event batches); larger bodies get 413. The log and task-state batch routes allow 8 times this.",
    default: String(DEFAULT_MAX_BODY_BYTES),
  },
  STEWARD_SERVER_MAX_JSON_DEPTH: {
    description:
      "Deepest nesting of objects and arrays in a JSON request body (webhooks included); deeper bodies get 422.",
    default: String(DEFAULT_MAX_JSON_DEPTH),
  },
} as const satisfies Record<string, { description: string; default: string }>;

/** The request limits as numbers (see {@link REQUEST_LIMIT_DEFINITIONS}). */
export interface RequestLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
}

/** Schemas of the request-limit settings, by name. */
export const REQUEST_LIMIT_SCHEMAS = {
  STEWARD_SERVER_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024),
  STEWARD_SERVER_MAX_JSON_DEPTH: z.coerce.number().int().min(2).max(1000),
} as const;

/** The field of {@link RequestLimits} each setting fills. */
export const REQUEST_LIMIT_FIELDS: Readonly<
  Record<keyof typeof REQUEST_LIMIT_DEFINITIONS, keyof RequestLimits>
> = {
  STEWARD_SERVER_MAX_BODY_BYTES: "maxBodyBytes",
  STEWARD_SERVER_MAX_JSON_DEPTH: "maxJsonDepth",
};
