/**
 * @module Reads a JSON schema (as `z.toJSONSchema` and Prefect emit them) into a tree of fields a
 * form can draw: `$ref`s followed, `anyOf [X, null]` and `type: [X, "null"]` read as a nullable X,
 * `const`/`enum` as choices. Anything a form cannot draw faithfully (unions of several types,
 * free-form records, tuples) becomes a `json` field edited as JSON text, so every schema is usable.
 */

/** A JSON schema node. */
export type JsonSchema = Record<string, unknown>;

/** How a field is drawn. */
export type FieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "array" | "object" | "json";

/** One property of an object field. */
export interface PropertyField {
  readonly name: string;
  readonly required: boolean;
  readonly field: FieldSchema;
}

/** A schema node read for a form. */
export interface FieldSchema {
  readonly kind: FieldKind;
  readonly title?: string;
  readonly description?: string;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  /** `null` is allowed (`anyOf [X, null]`, `type: [X, "null"]`). */
  readonly nullable: boolean;
  /** String format: "date", "date-time", "email", … */
  readonly format?: string;
  /** The choices of an `enum` field. */
  readonly choices?: readonly unknown[];
  /** The item field of an `array`. */
  readonly items?: FieldSchema;
  /** The properties of an `object`, in schema order. */
  readonly properties?: readonly PropertyField[];
  /** The resolved schema node, for limits shown as hints (minimum, maxLength, …). */
  readonly schema: JsonSchema;
}

const MAX_DEPTH = 24;

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The node a local `$ref` ("#/$defs/Target", "#/definitions/x") points at in `root`. */
function lookup(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return isRecord(node) ? node : undefined;
}

/** Keywords that describe a node rather than constrain it: they survive a `$ref` or an `anyOf`. */
function annotations(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const key of ["title", "description", "default"]) if (Object.hasOwn(node, key)) out[key] = node[key];
  return out;
}

/**
 * `node` with `$ref`, one-element `allOf`, and null-only alternatives resolved; `nullable` says
 * whether null was one of the alternatives. A union a form cannot draw is marked `x-union`.
 */
function simplify(
  node: JsonSchema,
  root: JsonSchema,
  depth: number,
): { node: JsonSchema; nullable: boolean } {
  if (depth > MAX_DEPTH) return { node: {}, nullable: false };
  if (typeof node.$ref === "string") {
    const target = lookup(root, node.$ref);
    if (!target) return { node: {}, nullable: false };
    const { $ref: _ref, ...rest } = node;
    const inner = simplify(target, root, depth + 1);
    return { node: { ...inner.node, ...rest }, nullable: inner.nullable };
  }
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && isRecord(node.allOf[0])) {
    const { allOf: _allOf, ...rest } = node;
    const inner = simplify(node.allOf[0], root, depth + 1);
    return { node: { ...inner.node, ...rest }, nullable: inner.nullable };
  }
  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union) {
    const members = union.filter(isRecord).map((member) => simplify(member, root, depth + 1));
    const nonNull = members.filter((member) => member.node.type !== "null");
    const nullable = nonNull.length < members.length || members.some((member) => member.nullable);
    const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
    if (nonNull.length === 1 && nonNull[0])
      return { node: { ...nonNull[0].node, ...annotations(rest) }, nullable };
    const constants = nonNull.map((member) => constantsOf(member.node));
    if (nonNull.length > 0 && constants.every((values) => values !== undefined)) {
      return { node: { ...annotations(rest), enum: constants.flat() }, nullable };
    }
    return { node: { ...annotations(rest), "x-union": true }, nullable };
  }
  if (Array.isArray(node.type)) {
    const types = node.type.filter((type) => type !== "null");
    const nullable = types.length < node.type.length;
    if (types.length === 1) return { node: { ...node, type: types[0] }, nullable };
    return { node: { ...node, type: undefined, "x-union": true }, nullable };
  }
  return { node, nullable: node.type === "null" };
}

/** The values of a `const` or `enum` node, else undefined. */
function constantsOf(node: JsonSchema): unknown[] | undefined {
  if (Object.hasOwn(node, "const")) return [node.const];
  if (Array.isArray(node.enum)) return node.enum;
  return undefined;
}

/**
 * Reads `node` (a part of `root`, whose `$defs` its `$ref`s point into) into a field.
 *
 * @example
 * readField({ type: "object", properties: { n: { type: "integer", default: 3 } } }).properties?.[0]
 * // → { name: "n", required: false, field: { kind: "integer", default: 3, … } }
 */
export function readField(node: unknown, root: unknown = node, depth = 0): FieldSchema {
  const rootSchema = isRecord(root) ? root : {};
  const { node: resolved, nullable } = simplify(isRecord(node) ? node : {}, rootSchema, depth);
  const base = {
    title: typeof resolved.title === "string" ? resolved.title : undefined,
    description: typeof resolved.description === "string" ? resolved.description : undefined,
    hasDefault: Object.hasOwn(resolved, "default"),
    default: resolved.default,
    nullable,
    schema: resolved,
  };
  const constants = constantsOf(resolved);
  if (constants !== undefined) {
    const choices = constants.filter((value) => value !== null);
    return { ...base, kind: "enum", choices, nullable: nullable || choices.length < constants.length };
  }
  if (resolved["x-union"] === true || depth > MAX_DEPTH) return { ...base, kind: "json" };
  const type = resolved.type ?? (isRecord(resolved.properties) ? "object" : undefined);
  switch (type) {
    case "string":
      return {
        ...base,
        kind: "string",
        format: typeof resolved.format === "string" ? resolved.format : undefined,
      };
    case "number":
    case "integer":
    case "boolean":
      return { ...base, kind: type as "number" | "integer" | "boolean" };
    case "array":
      // Tuples (prefixItems, items as a list) are drawn as JSON.
      if (Array.isArray(resolved.prefixItems) || Array.isArray(resolved.items))
        return { ...base, kind: "json" };
      return { ...base, kind: "array", items: readField(resolved.items ?? {}, rootSchema, depth + 1) };
    case "object": {
      if (!isRecord(resolved.properties) || Object.keys(resolved.properties).length === 0) {
        return { ...base, kind: "json" };
      }
      const required = new Set(Array.isArray(resolved.required) ? resolved.required.map(String) : []);
      const properties = Object.entries(resolved.properties).map(([name, property]) => ({
        name,
        required: required.has(name),
        field: readField(property, rootSchema, depth + 1),
      }));
      return { ...base, kind: "object", properties };
    }
    default:
      return { ...base, kind: "json" };
  }
}

/** "integer", "string (date)", "list of string", "fast | thorough", "object", "JSON": for tables and hints. */
export function typeLabel(field: FieldSchema): string {
  const suffix = field.nullable ? " or null" : "";
  switch (field.kind) {
    case "string":
      return `string${field.format ? ` (${field.format})` : ""}${suffix}`;
    case "enum":
      return (field.choices ?? []).map((choice) => JSON.stringify(choice)).join(" | ") + suffix;
    case "array":
      return `list of ${field.items ? typeLabel(field.items) : "any"}${suffix}`;
    case "json":
      return field.schema.type === "object" ? `object${suffix}` : `JSON${suffix}`;
    default:
      return field.kind + suffix;
  }
}

/** Limits worth telling people before they hit them: "1 – 10", "≥ 0", "at most 20 characters". */
export function limitsHint(field: FieldSchema): string | undefined {
  const s = field.schema;
  const num = (key: string) => (typeof s[key] === "number" ? (s[key] as number) : undefined);
  // zod writes ±MAX_SAFE_INTEGER for plain .int(): not a limit anyone chose.
  const meaningful = (value: number | undefined) =>
    value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
  if (field.kind === "number" || field.kind === "integer") {
    const min = meaningful(num("minimum"));
    const max = meaningful(num("maximum"));
    const exMin = meaningful(num("exclusiveMinimum"));
    const exMax = meaningful(num("exclusiveMaximum"));
    const low = min !== undefined ? `≥ ${min}` : exMin !== undefined ? `> ${exMin}` : undefined;
    const high = max !== undefined ? `≤ ${max}` : exMax !== undefined ? `< ${exMax}` : undefined;
    if (min !== undefined && max !== undefined) return `${min} – ${max}`;
    return [low, high].filter(Boolean).join(", ") || undefined;
  }
  if (field.kind === "string") {
    const min = num("minLength");
    const max = num("maxLength");
    if (min !== undefined && max !== undefined) return `${min} – ${max} characters`;
    if (max !== undefined) return `at most ${max} characters`;
    if (min !== undefined && min > 1) return `at least ${min} characters`;
  }
  return undefined;
}
