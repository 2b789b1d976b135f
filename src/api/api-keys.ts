/**
 * @module API keys: what a client sends as `Authorization: Bearer stw_…`. The server keeps only a
 * hash of each key; the key itself is answered once, when it is created.
 */
import { z } from "zod";
import { ROLES } from "../core/access.js";
import { Id, Timestamp } from "./common.js";
import { MAX_FILTER_VALUES } from "./limits.js";
import { ResourceName } from "./work-pools.js";

/** A key's name: how people and the audit trail refer to it. */
export const ApiKeyName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.@-]+$/, "use letters, digits, '.', '_', '@' and '-'");

export const ApiKeyRole = z.enum(ROLES);

/** Longest lifetime a key may be given: ten years. */
export const MAX_API_KEY_SECONDS = 10 * 366 * 86_400;

/** An API key as listed: never the key itself, only its prefix (`stw_1a2b3c4d`). */
export const ApiKey = z.object({
  id: Id,
  created: Timestamp,
  name: z.string(),
  role: ApiKeyRole,
  /** The key's first characters, shown in lists and logs to tell keys apart. */
  prefix: z.string(),
  /** Work pools a worker key is limited to; empty: every pool. */
  pools: z.array(z.string()),
  expires: Timestamp.nullable(),
  revoked: Timestamp.nullable(),
  /** When the key was last accepted (to the minute). */
  last_used: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** Body of `POST /api_keys/`. */
export const ApiKeyCreate = z
  .strictObject({
    name: ApiKeyName,
    role: ApiKeyRole,
    /** Seconds from now until the key stops working; none: it works until revoked. */
    expires_in_seconds: z.number().int().min(60).max(MAX_API_KEY_SECONDS).nullable().default(null),
    /** Work pools a worker key may serve (only for role `worker`); empty: every pool. */
    pools: z.array(ResourceName).max(100).default([]),
  })
  .refine((input) => input.role === "worker" || input.pools.length === 0, {
    message: "only a worker key is limited to pools; leave out pools for other roles",
    path: ["pools"],
  });

/** What `POST /api_keys/` answers: the key, once, beside its record. */
export const ApiKeyCreated = z.object({ api_key: ApiKey, key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

/** Body of `POST /api_keys/filter`. */
export const ApiKeyQuery = z.strictObject({
  names: z.array(ApiKeyName).max(MAX_FILTER_VALUES).optional(),
  /** Also list revoked and expired keys. @default false */
  include_inactive: z.boolean().default(false),
});
