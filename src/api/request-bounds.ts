/**
 * @module Finds the holes in a request schema: an object that would strip unknown keys instead of
 * refusing them, a string or a list without a length cap, a number without a lower and upper bound. Used by the tests that keep every body
 * and query of the route table strict and bounded.
 */
import type { z } from "zod";

/** One hole: where in the schema and what is missing. */
export interface SchemaHole {
  readonly path: string;
  readonly problem:
    | "strips unknown keys"
    | "string without max length"
    | "array without max length"
    | "number without bounds";
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
  format?: string;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
}

function internals(schema: z.ZodType): { def: Def } {
  return { def: (schema as unknown as { _zod: { def: Def } })._zod.def };
}

/** Whether a string or array schema has a length cap (`.max()`, `.length()`). */
function capped(def: Def): boolean {
  return (def.checks ?? []).some((check) => ["max_length", "length_equals"].includes(check._zod.def.check));
}

/**
 * Whether a number schema has both a lower and an upper bound (`.min()` and `.max()`, or `.int()`,
 * whose safe-integer range bounds it). Zod refuses infinite numbers (and NaN) by itself.
 */
function boundedNumber(def: Def): boolean {
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  if (def.format !== undefined || checks.some((check) => check.check === "number_format")) return true;
  return ["greater_than", "less_than"].every((kind) => checks.some((check) => check.check === kind));
}

/** Every hole of `schema`, each named by its path (`flow_runs.name.like_`). */
export function schemaHoles(schema: z.ZodType, path = "", seen = new Set<z.ZodType>()): SchemaHole[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const { def } = internals(schema);
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  const inner = (child: z.ZodType | undefined, childPath = path) =>
    child === undefined ? [] : schemaHoles(child, childPath, seen);
  switch (def.type) {
    case "object": {
      // Strict (catchall never) refuses unknown keys; loose (catchall unknown) keeps them: neither strips.
      const strict = def.catchall !== undefined;
      const holes: SchemaHole[] = strict ? [] : [{ path: path || "(root)", problem: "strips unknown keys" }];
      for (const [key, child] of Object.entries(def.shape ?? {})) holes.push(...inner(child, at(key)));
      return holes;
    }
    case "string":
      // A format (uuid, datetime, …) bounds the length by itself.
      return (def.format !== undefined && def.format !== "regex") || capped(def)
        ? []
        : [{ path: path || "(root)", problem: "string without max length" }];
    case "array":
      return [
        ...(!capped(def) ? [{ path: path || "(root)", problem: "array without max length" } as const] : []),
        ...inner(def.element, `${path}[]`),
      ];
    case "number":
      return boundedNumber(def) ? [] : [{ path: path || "(root)", problem: "number without bounds" }];
    case "record":
      return [...inner(def.keyType, `${path}{key}`), ...inner(def.valueType, `${path}{}`)];
    case "union":
      return (def.options ?? []).flatMap((option) => inner(option));
    case "intersection":
      return [...inner(def.left), ...inner(def.right)];
    case "pipe":
      return inner(def.in);
    case "lazy":
      return inner(def.getter?.());
    default:
      return inner(def.innerType);
  }
}
