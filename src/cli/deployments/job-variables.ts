import { splitAssignment } from "../args.js";
import { UsageError } from "../errors.js";

const EXAMPLE = "e.g. --job-variable env.LOG_LEVEL=debug or --job-variable stream_output=false";

/**
 * Parses `--job-variable key=value` arguments. A value is JSON when it parses as JSON, else text,
 * as `--param` values are; a dotted key nests (`env.FOO=bar` → `{ env: { FOO: "bar" } }`). Values
 * under `env` stay text, because environment variables are strings (`env.PORT=8080` is "8080").
 *
 * @throws UsageError for a pair without `=`, an empty key part, or a key that is both a value and
 *   an object (`env=1` with `env.FOO=x`).
 */
export function parseJobVariables(pairs: readonly string[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, raw] = splitAssignment(pair, "--job-variable");
    const path = key.split(".").map((part) => part.trim());
    if (path.some((part) => part === "" || part === "__proto__")) {
      throw new UsageError(`--job-variable ${JSON.stringify(pair)} has an invalid key; ${EXAMPLE}.`);
    }
    setPath(variables, path, path[0] === "env" && path.length > 1 ? raw : parseValue(raw), pair);
  }
  return variables;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown, pair: string): void {
  let node = target;
  for (const [i, part] of path.entries()) {
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const next = node[part] ?? {};
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      throw new UsageError(
        `--job-variable ${JSON.stringify(pair)}: ${path.slice(0, i + 1).join(".")} was already set to ` +
          `${JSON.stringify(next)}, so it cannot also hold keys. Set one or the other.`,
      );
    }
    node[part] = next;
    node = next as Record<string, unknown>;
  }
}

/** `over` merged into `base`, objects key by key (so `env.FOO` adds to the file's `env`). */
export function mergeDeep(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
