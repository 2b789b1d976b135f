/**
 * @module Validation of a form's value with Ajv, configured as the server's `validateAgainstSchema`
 * (src/core/json-schema.ts) so the form accepts exactly what the API will: same drafts, no format
 * checks, extra keywords allowed. Messages are for people ("must be at most 10", "must be a date
 * (YYYY-MM-DD)" rather than a regular expression) and each names the field it belongs to.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";

/** One problem: the dotted path of the value (`target.port`, `items.0`; "" for the whole value) and what is wrong. */
export interface FormIssue {
  readonly path: string;
  readonly message: string;
}

// The server's options, plus `verbose` so messages can read the failing schema (its format).
const OPTIONS: Options = { strict: false, allErrors: true, validateFormats: false, verbose: true };

type AjvLike = Pick<Ajv, "compile">;
const instances: Partial<Record<"07" | "2019" | "2020", AjvLike>> = {};
const compiled = new Map<string, ValidateFunction | FormIssue[]>();

function ajvFor(dialect: string): AjvLike {
  if (dialect.includes("2020-12")) return (instances["2020"] ??= new Ajv2020(OPTIONS));
  if (dialect.includes("2019-09")) return (instances["2019"] ??= new Ajv2019(OPTIONS));
  return (instances["07"] ??= new Ajv(OPTIONS));
}

/** Compiled once per schema text; an invalid schema gives one issue instead of throwing. */
function compile(schema: Record<string, unknown>): ValidateFunction | FormIssue[] {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  // As the server: drafts Ajv has no meta-schema for are read as 07, and a root $id would
  // collide with itself when the same schema is compiled twice.
  const { $schema, $id: _id, ...rest } = schema;
  const usable = /2020-12|2019-09|draft-07/.test(dialect) ? { $schema, ...rest } : rest;
  let result: ValidateFunction | FormIssue[];
  try {
    result = ajvFor(dialect).compile(usable);
  } catch (error) {
    result = [{ path: "", message: `the parameter schema itself is invalid: ${(error as Error).message}` }];
  }
  compiled.set(key, result);
  return result;
}

function dotted(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function join(path: string, child: string): string {
  return path === "" ? child : `${path}.${child}`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "empty",
};

const FORMAT_WORDS: Record<string, string> = {
  date: "a date (YYYY-MM-DD)",
  "date-time": "a date and time such as 2026-01-31T09:00:00Z",
  time: "a time (HH:MM:SS)",
  email: "an email address",
  uuid: "a UUID",
  uri: "a URL",
  url: "a URL",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A sentence for one Ajv error. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a known field";
    case "type":
      return `must be ${String(params.type)
        .split(",")
        .map((type) => TYPE_WORDS[type] ?? type)
        .join(" or ")}`;
    case "minimum":
      return `must be at least ${String(params.limit)}`;
    case "maximum":
      return `must be at most ${String(params.limit)}`;
    case "exclusiveMinimum":
      return `must be greater than ${String(params.limit)}`;
    case "exclusiveMaximum":
      return `must be less than ${String(params.limit)}`;
    case "multipleOf":
      return `must be a multiple of ${String(params.multipleOf)}`;
    case "minLength":
      return params.limit === 1
        ? "must not be empty"
        : `must be at least ${plural(Number(params.limit), "character")}`;
    case "maxLength":
      return `must be at most ${plural(Number(params.limit), "character")}`;
    case "minItems":
      return `must have at least ${plural(Number(params.limit), "item")}`;
    case "maxItems":
      return `must have at most ${plural(Number(params.limit), "item")}`;
    case "uniqueItems":
      return "must not repeat items";
    case "enum":
      return `must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "pattern": {
      const format = typeof parent.format === "string" ? FORMAT_WORDS[parent.format] : undefined;
      if (format) return `must be ${format}`;
      const pattern = String(params.pattern);
      return `must match the pattern ${pattern.length > 60 ? `${pattern.slice(0, 57)}…` : pattern}`;
    }
    case "anyOf":
    case "oneOf":
      return "does not match any of the allowed forms";
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** Where an error belongs: the missing or unknown property itself for those keywords. */
function pathOf(error: ErrorObject): string {
  const path = dotted(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return join(path, String(params.missingProperty));
  if (error.keyword === "additionalProperties") return join(path, String(params.additionalProperty));
  return path;
}

/** Ranks errors at one path: specific ones beat type mismatches, which beat "no branch matched". */
function rank(error: ErrorObject): number {
  if (error.keyword === "anyOf" || error.keyword === "oneOf") return 0;
  if (error.keyword === "type") return (error.params as { type?: unknown }).type === "null" ? 0 : 1;
  return 2;
}

/**
 * Problems of `value` against `schema`, at most a few per path: where a union (`anyOf [X, null]`)
 * failed, only the most specific reasons are kept ("must be at most 10", not also "must be
 * empty" and "does not match any of the allowed forms").
 */
export function validateValue(schema: unknown, value: unknown): FormIssue[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [];
  const validate = compile(schema as Record<string, unknown>);
  if (Array.isArray(validate)) return validate;
  if (validate(value)) return [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of validate.errors ?? []) {
    const path = pathOf(error);
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  const issues: FormIssue[] = [];
  for (const [path, errors] of byPath) {
    const best = Math.max(...errors.map(rank));
    const messages = new Set(errors.filter((error) => rank(error) === best).map(messageOf));
    for (const message of messages) issues.push({ path, message });
  }
  return issues;
}

/**
 * Sorts issues onto the fields that are drawn: each goes to the deepest field whose path is a
 * prefix of its own (a problem inside a JSON-edited field shows on that field); the rest
 * (unknown keys, problems of the whole value) are returned as `unplaced`.
 */
export function placeIssues(
  issues: readonly FormIssue[],
  fieldPaths: ReadonlySet<string>,
): { byField: Map<string, string[]>; unplaced: FormIssue[] } {
  const byField = new Map<string, string[]>();
  const unplaced: FormIssue[] = [];
  for (const issue of issues) {
    const parts = issue.path === "" ? [] : issue.path.split(".");
    let target: string | undefined;
    for (let length = parts.length; length > 0 && target === undefined; length--) {
      const candidate = parts.slice(0, length).join(".");
      if (fieldPaths.has(candidate)) target = candidate;
    }
    if (target === undefined) {
      unplaced.push(issue);
      continue;
    }
    const inside = target === issue.path ? "" : `${issue.path.slice(target.length + 1)}: `;
    byField.set(target, [...(byField.get(target) ?? []), `${inside}${issue.message}`]);
  }
  return { byField, unplaced };
}
