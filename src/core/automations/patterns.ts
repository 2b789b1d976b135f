/**
 * @module `*` wildcards in event names, resource ids and label values (`steward.flow-run.*`),
 * as Prefect's triggers and event filters accept them. Nothing else is special: dots, brackets and
 * the like match themselves.
 */

const compiled = new Map<string, readonly string[] | string>();
const CACHE_LIMIT = 10_000;

/**
 * A pattern without `*` compares as a string; with one, as its literal parts (`a*b` → `["a", "b"]`).
 * Not a regular expression: `^a.*a.*…b$` backtracks exponentially (a trigger of a dozen `*` against
 * a 40-character event name blocked the server for minutes).
 */
function compile(pattern: string): readonly string[] | string {
  let hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  hit = pattern.includes("*") ? pattern.split("*") : pattern;
  // Patterns come from automations and filters, few and reused; the cap only guards against abuse.
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, hit);
  return hit;
}

/**
 * Whether `value` is the literal `parts` in order, with anything between them: the first part is
 * a prefix, the last a suffix, and each middle part is found leftmost after the one before it, which
 * is exact for `*`-only globs and takes at most (pattern length × value length) steps.
 */
function matchesParts(parts: readonly string[], value: string): boolean {
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** True when `value` matches `pattern` (`*` matches any run of characters, also none). */
export function matchesPattern(pattern: string, value: string): boolean {
  const compiledPattern = compile(pattern);
  return typeof compiledPattern === "string"
    ? compiledPattern === value
    : matchesParts(compiledPattern, value);
}

/** True when `value` matches one of `patterns`; an empty list matches everything (Prefect's `expect`). */
export function matchesAnyPattern(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => matchesPattern(pattern, value));
}
