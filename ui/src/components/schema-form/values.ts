/**
 * @module The value a schema form edits: one JSON value, changed at paths (`["target", "port"]`),
 * pre-filled from the schema's defaults and the caller's values. Keys the form does not draw are
 * kept as they are, so editing never loses data.
 */
import type { FieldSchema } from "./schema.js";

/** Where a value sits: property names and array indexes. */
export type Path = readonly (string | number)[];

/** "target.port", "items.0": the key fields, errors and `data-field` use (the server's issue paths too). */
export function pathKey(path: Path): string {
  return path.join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined. */
export function getAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === "number") node = node[part];
    else if (isRecord(node)) node = node[String(part)];
    else return undefined;
  }
  return node;
}

/**
 * A copy of `value` with `next` at `path` (containers created on the way). `undefined` removes an
 * object's key; in an array it leaves a hole that validation reports.
 */
export function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    list[head] = setAt(list[head], rest, next);
    return list;
  }
  const object: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  const child = setAt(object[head], rest, next);
  if (child === undefined) delete object[head];
  else object[head] = child;
  return object;
}

/** A copy of `value` without the array item at `path`. */
export function removeAt(value: unknown, path: Path): unknown {
  const index = path[path.length - 1];
  const parent = path.slice(0, -1);
  const list = getAt(value, parent);
  if (!Array.isArray(list) || typeof index !== "number") return value;
  return setAt(
    value,
    parent,
    list.filter((_, i) => i !== index),
  );
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * The value a field starts with: its default; for an object, its properties' defaults (a required
 * object starts as `{}` so errors name its missing fields rather than the whole object).
 */
export function defaultValue(field: FieldSchema, required = false): unknown {
  if (field.hasDefault) return clone(field.default);
  if (field.kind !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const property of field.properties ?? []) {
    const value = defaultValue(property.field, property.required);
    if (value !== undefined) out[property.name] = value;
  }
  return Object.keys(out).length > 0 || required ? out : undefined;
}

/**
 * What the form starts with: the schema's defaults, overridden key by key by `given` (a
 * deployment's parameters), the way the server merges a run's parameters over the deployment's.
 */
export function initialValue(
  root: FieldSchema,
  given: Record<string, unknown> = {},
): Record<string, unknown> {
  const defaults = defaultValue(root, true);
  return { ...(isRecord(defaults) ? defaults : {}), ...clone(given) };
}

/**
 * The value of an emptied input: an array item stays in place (as "" for text, a hole otherwise,
 * which validation reports); a field with a default is left out, so its default applies; a
 * required nullable field becomes null; anything else is left out.
 */
export function emptyValue(
  field: FieldSchema,
  { required, inArray, defaulted = false }: { required: boolean; inArray: boolean; defaulted?: boolean },
): unknown {
  if (inArray) return field.kind === "string" ? "" : undefined;
  if (defaulted) return undefined;
  return field.nullable && required ? null : undefined;
}

/**
 * What a field left out becomes, if anything: for a top-level key, `fallback`'s value (the
 * deployment's parameters, which the server merges under a run's); else the schema's default.
 * Wrapped, since `null` is a default too.
 */
export function defaultAt(
  root: FieldSchema,
  path: Path,
  fallback: Record<string, unknown> = {},
): { value: unknown } | undefined {
  const [head] = path;
  if (path.length === 1 && typeof head === "string" && Object.hasOwn(fallback, head)) {
    return { value: fallback[head] };
  }
  let field: FieldSchema | undefined = root;
  for (const part of path) {
    if (typeof part === "number") return undefined;
    field = field?.properties?.find((property) => property.name === part)?.field;
  }
  return field?.hasDefault ? { value: field.default } : undefined;
}

/** A default as people read it: text as it is (`""` when empty), anything else as JSON, cut short. */
export function defaultWords(value: unknown): string {
  const words = typeof value === "string" && value !== "" ? value : JSON.stringify(value);
  return words.length > 80 ? `${words.slice(0, 79)}…` : words;
}

/** A new array item: the item schema's default, "" for text, else nothing yet. */
export function newItem(items: FieldSchema | undefined): unknown {
  if (!items) return "";
  const value = defaultValue(items, true);
  if (value !== undefined) return value;
  if (items.kind === "string") return "";
  if (items.kind === "boolean") return false;
  if (items.kind === "enum") return items.choices?.[0];
  if (items.kind === "array") return [];
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * An ISO date-time as `<input type="datetime-local">` shows it (the browser's zone, to the
 * second); undefined when it does not parse.
 */
export function isoToLocalInput(iso: unknown): string | undefined {
  if (typeof iso !== "string" || iso === "") return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * A `datetime-local` value (the browser's wall-clock time) as an ISO instant in UTC,
 * "2026-03-01T08:00:00Z". UTC's "Z" is the one offset every date-time schema accepts: zod's
 * `z.iso.datetime()` refuses "+01:00" unless the flow asked for offsets.
 */
export function localInputToIso(local: string): string | undefined {
  if (local === "") return undefined;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/**
 * The paths of every field a form draws for `value` (array items by the list's current length),
 * so issues can be placed on them. The root itself is not a field.
 */
export function fieldPaths(field: FieldSchema, value: unknown, path: Path = []): string[] {
  const own = path.length > 0 ? [pathKey(path)] : [];
  if (field.kind === "object") {
    return [
      ...own,
      ...(field.properties ?? []).flatMap((property) =>
        fieldPaths(property.field, getAt(value, [property.name]), [...path, property.name]),
      ),
    ];
  }
  if (field.kind === "array" && Array.isArray(value) && field.items) {
    const items = field.items;
    return [...own, ...value.flatMap((item, index) => fieldPaths(items, item, [...path, index]))];
  }
  return own;
}
