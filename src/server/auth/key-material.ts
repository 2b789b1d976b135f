/**
 * @module The shape of an API key and how it is hashed. A key is `stw_<8 hex>_<43 base64url>`:
 * the first part (`stw_1a2b3c4d`) is its public prefix, shown in lists and logs; the rest is 32
 * random bytes. Only the SHA-256 of the whole key is stored: keys are long random strings, so a
 * plain hash cannot be reversed, and a lookup by hash needs no per-key salt.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const KEY_PATTERN = /^stw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
const RUN_KEY_PATTERN = /^stwr_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** A newly made key: the key (shown once), its prefix and its hash. */
export interface KeyMaterial {
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
}

/** Makes a new random key. */
export function newApiKey(): KeyMaterial {
  const key = `stw_${randomBytes(4).toString("hex")}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: keyPrefix(key), hash: hashApiKey(key) };
}

/** Makes a new flow-run key (`stwr_…`): told apart from API keys by its start. */
export function newRunKey(): KeyMaterial {
  const key = `stwr_${randomBytes(4).toString("hex")}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 13), hash: hashApiKey(key) };
}

/** Whether `text` has the shape of a flow-run key. */
export function looksLikeRunKey(text: string): boolean {
  return RUN_KEY_PATTERN.test(text);
}

/** SHA-256 of a key, hex: what the database stores and looks keys up by. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Whether `text` has the shape of a Steward key (cheap check before any lookup). */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

/**
 * The public start of a key, for logs: `stw_1a2b3c4d` for a well-formed key, else `(not a Steward
 * key)`, so nothing of a mistyped secret is ever logged.
 */
export function keyPrefix(text: string): string {
  if (looksLikeRunKey(text)) return text.slice(0, 13);
  return looksLikeApiKey(text) ? text.slice(0, 12) : "(not a Steward key)";
}

/** Compares two key hashes (hex SHA-256) in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
