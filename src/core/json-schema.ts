/**
 * @module JSON-schema validation of parameters and job variables, with issues people can read
 * ("env.FOO: must be string; n: is required"). Schemas come from users (flows' parameter schemas,
 * pools' templates), so compiled validators are cached by the schema's JSON text.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { isJsonRecord, mergeJobVariables } from "./job-template.js";

/** One problem with a value: where (`env.FOO`, `limit`; "" for the whole value) and what. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** Options of {@link validateAgainstSchema}. */
export interface ValidateOptions {
  /** Skip `required` (deployment defaults may be partial; the flow run completes them). */
  readonly ignoreRequired?: boolean;
}

// Formats are documentation here ("path"), and user schemas carry extra keywords ("position").
const AJV_OPTIONS: Options = { strict: false, allErrors: true, validateFormats: false };

type AjvLike = Pick<Ajv, "compile" | "validateSchema" | "errorsText">;
const validators: Record<"07" | "2019" | "2020", AjvLike | undefined> = {
  "07": undefined,
  "2019": undefined,
  "2020": undefined,
};

/** The validator for the schema's `$schema` draft (zod emits 2020-12, Prefect draft-07). */
function ajvFor(schema: Record<string, unknown>): AjvLike {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  if (dialect.includes("2020-12")) return (validators["2020"] ??= new Ajv2020(AJV_OPTIONS));
  if (dialect.includes("2019-09")) return (validators["2019"] ??= new Ajv2019(AJV_OPTIONS));
  return (validators["07"] ??= new Ajv(AJV_OPTIONS));
}

/**
 * The schema as Ajv should compile it. Draft-07 Ajv refuses `$schema`s it has no meta-schema for
 * (draft-04/06): those are validated as 07. A root `$id` goes too: Ajv registers ids, and the
 * same schema compiled again (with `required` ignored, or after the cache was cleared) would
 * collide with itself.
 */
function compilable(schema: Record<string, unknown>): Record<string, unknown> {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  const { $schema, $id: _id, ...rest } = schema;
  return /2020-12|2019-09|draft-07/.test(dialect) ? { $schema, ...rest } : rest;
}

const MAX_CACHED = 500;
const compiled = new Map<string, ValidateFunction | SchemaIssue[]>();

function compile(schema: Record<string, unknown>): ValidateFunction | SchemaIssue[] {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  let result: ValidateFunction | SchemaIssue[];
  try {
    const usable = compilable(schema);
    result = ajvFor(usable).compile(usable);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result = [{ path: "", message: `the schema itself is invalid: ${reason}` }];
  }
  // A busy server sees few distinct schemas; the cap only guards against unbounded growth. Ajv
  // keeps every schema it compiled, so its instances are dropped along with the cache.
  if (compiled.size >= MAX_CACHED) {
    compiled.clear();
    validators["07"] = validators["2019"] = validators["2020"] = undefined;
  }
  compiled.set(key, result);
  return result;
}

/** `schema` without `required` lists, at every depth. */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (!isJsonRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Only the keyword (an array) goes: a property that happens to be called "required" stays.
    if (key === "required" && Array.isArray(value)) continue;
    out[key] = withoutRequired(value);
  }
  return out;
}

/** "/env/FOO" → "env.FOO"; "/items/0" → "items.0". */
function dottedPath(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function join(path: string, child: string): string {
  if (path === "") return child;
  return child === "" ? path : `${path}.${child}`;
}

function issueOf(error: ErrorObject): SchemaIssue {
  const path = dottedPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: join(path, String(params.missingProperty)), message: "is required" };
    case "additionalProperties":
      return { path: join(path, String(params.additionalProperty)), message: "is not allowed" };
    case "enum": {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}` };
    }
    case "type":
      // ["string", "null"] reads "must be string or null", not ajv's "must be string,null".
      return { path, message: `must be ${[params.type].flat().map(String).join(" or ")}` };
    default:
      return { path, message: error.message ?? `fails "${error.keyword}"` };
  }
}

/** Issues without repeats (allErrors can report one problem through several branches). */
function unique(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Problems of `value` against the JSON schema `schema` (draft-07, 2019-09 or 2020-12 by its
 * `$schema`); empty when valid. An invalid schema gives one issue at path "".
 */
export function validateAgainstSchema(
  schema: unknown,
  value: unknown,
  options: ValidateOptions = {},
): SchemaIssue[] {
  if (!isJsonRecord(schema))
    return [{ path: "", message: "the schema itself is invalid: must be an object" }];
  const usable = options.ignoreRequired ? (withoutRequired(schema) as Record<string, unknown>) : schema;
  const validate = compile(usable);
  if (Array.isArray(validate)) return validate;
  if (validate(value)) return [];
  return unique((validate.errors ?? []).map(issueOf));
}

/** Problems of `schema` as a JSON schema (not of a value against it); empty when valid. */
export function validateJsonSchema(schema: unknown): SchemaIssue[] {
  if (!isJsonRecord(schema)) return [{ path: "", message: "must be a JSON schema object" }];
  const compiledOrIssues = compile(schema);
  return Array.isArray(compiledOrIssues) ? compiledOrIssues : [];
}

/**
 * Problems of a pool's base job template: `job_configuration` must be an object, `variables` a
 * valid JSON schema of type object, and each variable's `default` must satisfy its own schema.
 */
export function validateBaseJobTemplate(template: unknown): SchemaIssue[] {
  if (!isJsonRecord(template)) return [{ path: "", message: "must be an object" }];
  const issues: SchemaIssue[] = [];
  if (!isJsonRecord(template.job_configuration)) {
    issues.push({ path: "job_configuration", message: "must be an object" });
  }
  const variables = template.variables;
  if (!isJsonRecord(variables)) {
    issues.push({ path: "variables", message: "must be a JSON schema object" });
    return issues;
  }
  if (variables.type !== undefined && variables.type !== "object") {
    return [...issues, { path: "variables.type", message: 'must be "object"' }];
  }
  const schemaIssues = validateJsonSchema(variables);
  if (schemaIssues.length > 0) {
    return [...issues, ...schemaIssues.map((i) => ({ path: join("variables", i.path), message: i.message }))];
  }
  return [...issues, ...defaultIssues(variables)];
}

/** Each property's `default` against the property's own schema. */
function defaultIssues(variables: Record<string, unknown>): SchemaIssue[] {
  const properties = isJsonRecord(variables.properties) ? variables.properties : {};
  const defaults: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (isJsonRecord(property) && Object.hasOwn(property, "default")) defaults[name] = property.default;
  }
  return validateAgainstSchema(variables, defaults, { ignoreRequired: true }).map((issue) => {
    const [name = "", ...rest] = issue.path.split(".");
    const path = name === "" ? "variables" : ["variables.properties", name, "default", ...rest].join(".");
    return { path, message: issue.message };
  });
}

/**
 * Problems of job variables against a pool's template: the variables schema of `baseJobTemplate`
 * (no schema: anything goes). `ignoreRequired` for deployment-level variables, which a run may
 * still complete.
 */
export function validateJobVariables(
  baseJobTemplate: unknown,
  variables: Record<string, unknown>,
  options: ValidateOptions = {},
): SchemaIssue[] {
  const schema = isJsonRecord(baseJobTemplate) ? baseJobTemplate.variables : undefined;
  if (!isJsonRecord(schema)) return [];
  // Dot keys ("env.FOO") are validated where they will land.
  return validateAgainstSchema(schema, mergeJobVariables(variables), options);
}

/** Issues as one line: "env.FOO: must be string; limit: must be number". */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`))
    .join("; ");
}
