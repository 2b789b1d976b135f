/**
 * @module Values no client should send, as fast-check arbitraries: wrong types, NaN-ish strings,
 * 1e308 and friends, lone surrogates and NUL, huge strings and arrays, deep nesting, many keys; and
 * the mutations that plant them (or unknown keys) anywhere inside an otherwise valid body.
 */
import fc from "fast-check";

/** Scalars that break naive code: edge numbers, NaN-ish text, control and surrogate characters. */
const NASTY_SCALARS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  0.5,
  -0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "-0",
  "0x10",
  "null",
  "undefined",
  "true",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\uFEFF",
  "\u202E",
  "💥",
  "%",
  "_",
  "%_%",
  "\\",
  "'; DROP TABLE flow; --",
  "../../../etc/passwd",
  "{{ event.payload }}",
  "*",
  "2024-02-30T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  [],
  {},
  [null],
  { "": null },
  JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 1}}'),
  { toString: 1, valueOf: "x", hasOwnProperty: null },
];

/** Longest huge string generated (the body limit is 4 MiB; the oversized bodies are raw text). */
const MAX_HUGE_STRING = 300_000;

/** A string far over any field's bound, or a LIKE pattern SQLite finds too complex. */
export function hugeString(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.integer({ min: 1001, max: MAX_HUGE_STRING }),
      fc.constantFrom("x", "%", "_%", "é", "\u0000", "\uD83D"),
    )
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));
}

/** An array with thousands of items. */
export function hugeArray(): fc.Arbitrary<unknown[]> {
  return (
    fc
      .tuple(fc.integer({ min: 1001, max: 20_000 }), fc.constantFrom<unknown>(0, "x", null, {}, []))
      // Distinct items: a mutation planted in a shared one would repeat in every item.
      .map(([length, item]) => Array.from({ length }, () => structuredClone(item)))
  );
}

/** An object with thousands of keys. */
export function manyKeys(): fc.Arbitrary<Record<string, number>> {
  return fc
    .integer({ min: 101, max: 5000 })
    .map((count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i])));
}

/** Objects or arrays nested far deeper than the depth limit (or just under it). */
export function deepNesting(): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.integer({ min: 2, max: 1500 }), fc.boolean())
    .map(([depth, objects]) => nest(depth, objects));
}

/** A value nested `depth` levels deep, in objects (`{"a": …}`) or arrays. */
export function nest(depth: number, objects: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = objects ? { a: value } : [value];
  return value;
}

/** Any hostile value. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_SCALARS), weight: 8 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 3 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: hugeString(), weight: 1 },
    { arbitrary: hugeArray(), weight: 1 },
    { arbitrary: manyKeys(), weight: 1 },
    { arbitrary: deepNesting(), weight: 1 },
  );
}

/** A key no schema knows, sometimes odd. */
export function unknownKey(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "nmae",
      "deployments",
      "__proto__",
      "constructor",
      "",
      "\u0000",
      "\uD800",
      "a".repeat(5000),
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
}

/** A change planted inside a value: where (an index over its objects and arrays), and what. */
export interface Mutation {
  readonly at: number;
  readonly kind: "replace" | "add-key" | "null-everywhere";
  readonly key: string;
  readonly value: unknown;
}

/** A mutation to apply with {@link mutate}. */
export function mutationArbitrary(): fc.Arbitrary<Mutation> {
  return fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Mutation["kind"]>("replace", "replace", "add-key", "null-everywhere"),
    key: unknownKey(),
    value: hostileValue(),
  });
}

/**
 * `value` with `mutation` applied to one of its objects or arrays (chosen by `at`): a field or an
 * item replaced by a hostile value, an unknown key added, or every field of it set to null.
 */
export function mutate(value: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(value);
  const containers = collectContainers(copy);
  const target = containers[mutation.at % Math.max(1, containers.length)];
  if (target === undefined) return mutation.value;
  if (Array.isArray(target)) {
    if (mutation.kind === "add-key" || target.length === 0) target.push(mutation.value);
    else target[mutation.at % target.length] = mutation.kind === "replace" ? mutation.value : null;
    return copy;
  }
  const keys = Object.keys(target);
  if (mutation.kind === "add-key" || keys.length === 0) {
    Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true });
  } else if (mutation.kind === "replace") {
    target[keys[mutation.at % keys.length] ?? ""] = mutation.value;
  } else {
    for (const key of keys) target[key] = null;
  }
  return copy;
}

// The first 100 levels are enough to plant a value anywhere a schema looks.
function collectContainers(value: unknown, out: (unknown[] | Record<string, unknown>)[] = [], depth = 0) {
  if (value === null || typeof value !== "object" || depth > 100) return out;
  out.push(value as unknown[] | Record<string, unknown>);
  for (const child of Object.values(value)) collectContainers(child, out, depth + 1);
  return out;
}

/** Raw bodies that are not one valid JSON value, or whose numbers overflow. */
export function rawTextBody(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "",
      " ",
      "{",
      '{"name": ',
      "[1,]",
      "{'a': 1}",
      "NaN",
      "undefined",
      '{"a": 1} {"b": 2}',
      "\u0000",
      '{"limit": 1e999}',
      '{"limit": -1e999, "offset": 1e-999}',
      '"\\ud800"',
      '{"\\u0000": "\\u0000"}',
      "\uFEFF{}",
      '{"__proto__": {"polluted": true}}',
    ),
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.integer({ min: 100, max: 100_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
    fc.integer({ min: 100, max: 100_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
  );
}

/** JSON text of `value` with every number written as `1e999` (which parses to Infinity). */
export function overflowNumbers(value: unknown): string {
  return JSON.stringify(value).replace(/(:|\[|,)(-?\d+(\.\d+)?([eE][+-]?\d+)?)(?=[,}\]])/g, "$11e999");
}
