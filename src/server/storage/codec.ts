import type { JsonText, StoredBoolean } from "./database.js";

/**
 * Conversions between stored column values and API values, shared by the mappers: epoch
 * milliseconds ↔ ISO-8601 strings, JSON text ↔ values, stored booleans ↔ booleans.
 */

/** ISO-8601 (UTC) for stored epoch milliseconds. */
export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO-8601 for nullable epoch milliseconds. */
export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoFromMs(ms);
}

/** Epoch milliseconds for an ISO-8601 timestamp already validated by the API schemas. */
export function msFromIso(iso: string): number {
  return Date.parse(iso);
}

/** Epoch milliseconds for a nullable ISO-8601 timestamp. */
export function msOrNull(iso: string | null | undefined): number | null {
  return iso === null || iso === undefined ? null : msFromIso(iso);
}

/** JSON text for a column; `undefined` is stored as JSON null. */
export function toJson(value: unknown): JsonText {
  return JSON.stringify(value ?? null);
}

/** JSON text for a nullable column: null and undefined are stored as SQL NULL. */
export function toJsonOrNull(value: unknown): JsonText | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The value stored in a JSON column, or `fallback` when the column is NULL. */
export function fromJson<T>(text: JsonText | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

/** A boolean as both dialects accept it on insert (PostgreSQL reads '0'/'1' as booleans). */
export function toStoredBoolean(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** SQLite returns 0/1, PostgreSQL true/false. */
export function fromStoredBoolean(value: StoredBoolean): boolean {
  return value === true || value === 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID. Ids that reach the store unvalidated (path parameters) are checked first:
 * PostgreSQL's `uuid` columns reject anything else with an error instead of "no such row".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
