/**
 * @module The nesting-depth limit of JSON bodies (`STEWARD_SERVER_MAX_JSON_DEPTH`): one check, for
 * every shape (objects, arrays, both mixed), run right after parsing so that no deep value reaches
 * a schema, a template or the database.
 */
import { StewardError } from "../../core/errors.js";
import { formatPath } from "./validation.js";

/**
 * The path to the first value nested deeper than `maxDepth` in `value` (a parsed JSON value), or
 * undefined when it is shallow enough. The top-level value is depth 1, `{"a": {}}` depth 2. Walks
 * iteratively, so a body 100,000 levels deep costs no stack.
 */
export function tooDeepAt(value: unknown, maxDepth: number): string | undefined {
  const stack: { value: unknown; depth: number; path: PropertyKey[] }[] = [{ value, depth: 1, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined || item.value === null || typeof item.value !== "object") continue;
    if (item.depth > maxDepth) return formatPath(item.path) || "(root)";
    const entries: [PropertyKey, unknown][] = Array.isArray(item.value)
      ? item.value.map((child, index) => [index, child])
      : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === "object") {
        // Paths are only kept while short; a deep body's path is reported by its first levels.
        const path = item.path.length < 8 ? [...item.path, key] : item.path;
        stack.push({ value: child, depth: item.depth + 1, path });
      }
    }
  }
  return undefined;
}

/** Throws VALIDATION_FAILED (422) when `value` is nested deeper than `maxDepth`. */
export function checkJsonDepth(value: unknown, maxDepth: number, what: string): void {
  const at = tooDeepAt(value, maxDepth);
  if (at === undefined) return;
  throw new StewardError(
    "VALIDATION_FAILED",
    `The ${what} is nested more than ${maxDepth} levels deep (at ${at}…); flatten it. The limit is the server setting STEWARD_SERVER_MAX_JSON_DEPTH.`,
    { details: [{ path: at, message: `nested more than ${maxDepth} levels deep` }] },
  );
}
