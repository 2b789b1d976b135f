/**
 * @module `*` wildcards in event names, resource ids and label values (`steward.flow-run.*`),
 * as Prefect's triggers and event filters accept them. Nothing else is special: dots, brackets and
 * the like match themselves.
 */

const compiled = new Map<string, RegExp | string>();
const CACHE_LIMIT = 10_000;

/** A pattern without `*` compares as a string; with one, as an anchored regular expression. */
function compile(pattern: string): RegExp | string {
  let hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  hit = pattern.includes("*")
    ? new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s")
    : pattern;
  // Patterns come from automations and filters, few and reused; the cap only guards against abuse.
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, hit);
  return hit;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when `value` matches `pattern` (`*` matches any run of characters, also none). */
export function matchesPattern(pattern: string, value: string): boolean {
  const compiledPattern = compile(pattern);
  return typeof compiledPattern === "string" ? compiledPattern === value : compiledPattern.test(value);
}

/** True when `value` matches one of `patterns`; an empty list matches everything (Prefect's `expect`). */
export function matchesAnyPattern(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => matchesPattern(pattern, value));
}
