/**
 * @module What the API keys section says about keys and roles, and how it reads the create form:
 * pure functions, no React.
 */
import type { ApiKey } from "../../../../src/api/api-keys.js";
import { ROLES, type Role } from "../../../../src/core/access.js";
import { isApiError } from "../../api/client.js";

/** Every role, in the order the role select lists them (most power first). */
export const KEY_ROLES: readonly Role[] = ROLES;

/** One line per role: what a key of it may do (see docs/auth.md). */
export const ROLE_HELP: Readonly<Record<Role, string>> = {
  admin: "Everything, API keys included.",
  developer: "Flows, deployments, runs, schedules, automations, pools; no keys.",
  operator: "Run, cancel, pause, resume and retry runs; read everything; no new code.",
  worker: "For a worker: claim and report the runs of its pools, read their deployments; nothing else.",
  viewer: "Read everything except keys.",
};

/** Whether a key works now. */
export type KeyStatus = "active" | "revoked" | "expired";

/** The status of `key` at `now` (ms): revoked wins over expired. */
export function keyStatus(key: ApiKey, now: number): KeyStatus {
  if (key.revoked) return "revoked";
  if (key.expires && Date.parse(key.expires) <= now) return "expired";
  return "active";
}

/** "east, west ,east" → ["east", "west"]: trimmed, without empties and repeats. */
export function parsePools(text: string): string[] {
  return [...new Set(text.split(",").map((pool) => pool.trim()))].filter((pool) => pool !== "");
}

/** Seconds in a day. */
const DAY_SECONDS = 86_400;

/**
 * The expiry field in seconds: null when empty (the key works until revoked), undefined when it
 * is not a positive number of days.
 */
export function expirySeconds(days: string): number | null | undefined {
  if (days.trim() === "") return null;
  const value = Number(days);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.round(value * DAY_SECONDS);
}

/**
 * The field messages of a 422 answer, by the form field they belong to (`pools[0]` → `pools`); an
 * empty object for other errors.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error, 422) || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof issue.path !== "string" || typeof issue.message !== "string") continue;
    const field = issue.path.split(/[.[]/)[0] ?? "";
    out[field] ??= issue.message;
  }
  return out;
}
