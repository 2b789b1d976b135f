import { InvalidArgumentError } from "commander";
import { UsageError } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an id argument before it reaches the API, so a typo gets a clear message instead of a
 * 404 or a validation error about a path parameter.
 *
 * @param what what the id names, e.g. "flow run"
 * @param listHint the command that lists valid ids, e.g. "steward flow-run ls"
 */
export function requireUuid(value: string, what: string, listHint: string): string {
  if (!UUID.test(value)) {
    throw new UsageError(
      `${JSON.stringify(value)} is not a valid ${what} id: expected a UUID such as ` +
        `0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d. List ${what}s and their ids with \`${listHint}\`.`,
    );
  }
  return value.toLowerCase();
}

/** Commander option parser for a count such as `--limit 20` (a whole number ≥ 1). */
export function parseCount(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError("Expected a whole number of at least 1.");
  }
  return parsed;
}

/** Commander option parser for a TCP port (0–65535; 0 picks a free port). */
export function parsePort(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65_535) {
    throw new InvalidArgumentError("Expected a port number between 0 and 65535.");
  }
  return parsed;
}

/** Commander collector for repeatable options: `--param a=1 --param b=2` → ["a=1", "b=2"]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Splits `KEY=VALUE` at the first `=`; fails with a usage error naming the option when there is none. */
export function splitAssignment(text: string, option: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) {
    throw new UsageError(`${option} expects KEY=VALUE, got ${JSON.stringify(text)}.`);
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Parses `--params` JSON, which must be an object of parameter names to values. */
export function parseParamsJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--params is not valid JSON (${(error as Error).message}). Pass an object, e.g. --params '{"name": "Ada"}'.`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `--params must be a JSON object of parameter names to values, got ${describeJson(parsed)}. Example: --params '{"name": "Ada"}'.`,
    );
  }
  return parsed as Record<string, unknown>;
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
