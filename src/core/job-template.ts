/**
 * @module Job templating, as Prefect's workers do it: a pool's `job_configuration` holds
 * `{{ placeholders }}` that are filled from the job variables, which are the schema defaults,
 * overridden by the deployment's job variables, overridden by the flow run's.
 */
import type { BaseJobTemplateShape, JsonRecord } from "./worker-types.js";

/** `{{ name }}`, `{{ env.FOO }}`, `{{ items[0] }}`; Prefect's pattern. */
const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;
const SOLE_PLACEHOLDER = /^\{\{\s*([\w.\-[\]$]+)\s*\}\}$/;

/** True for a plain JSON object (not an array, not null). */
export function isJsonRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value a placeholder names: an exact key first (so a variable may itself contain dots),
 * else the path through nested objects and arrays (`a.b`, `a[0].b`). Undefined when absent.
 */
export function lookupValue(values: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(values, name)) return values[name];
  let current: unknown = values;
  for (const segment of name.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isJsonRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** How placeholders are written and resolved: job templates and automation templates differ only here. */
export interface TemplateSyntax {
  /** Every placeholder in a string (global); group 1 is the name or path. */
  readonly placeholder: RegExp;
  /** A string that is exactly one placeholder; group 1 is the name or path. */
  readonly sole: RegExp;
  /** The value a name or path stands for; undefined when absent. */
  readonly lookup: (values: Record<string, unknown>, name: string) => unknown;
}

const JOB_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, sole: SOLE_PLACEHOLDER, lookup: lookupValue };

/**
 * `template` with every placeholder filled from `values`, in `syntax`:
 * - a string that is exactly one placeholder becomes the raw value, keeping its JSON type (so
 *   numbers, booleans, objects and arrays stay what they are);
 * - placeholders inside longer strings are interpolated (objects as JSON; unset ones as "");
 * - a key (or array item) whose sole placeholder has no value is removed;
 * - objects and arrays are walked recursively; other values are kept as they are.
 * Returns `undefined` when `template` itself is a sole placeholder with no value.
 */
export function fillTemplate(
  template: unknown,
  values: Record<string, unknown>,
  syntax: TemplateSyntax,
): unknown {
  if (typeof template === "string") {
    const sole = syntax.sole.exec(template);
    if (sole?.[1] !== undefined) return syntax.lookup(values, sole[1]);
    return template.replace(syntax.placeholder, (_, name: string) => asText(syntax.lookup(values, name)));
  }
  if (Array.isArray(template)) {
    return template.map((item) => fillTemplate(item, values, syntax)).filter((item) => item !== undefined);
  }
  if (isJsonRecord(template)) {
    const out: JsonRecord = {};
    for (const [key, item] of Object.entries(template)) {
      const filled = fillTemplate(item, values, syntax);
      if (filled !== undefined) out[key] = filled;
    }
    return out;
  }
  return template;
}

/** `template` filled from the job variables `values` (`{{ name }}`, `{{ env.FOO }}`; see {@link fillTemplate}). */
export function applyTemplate(template: unknown, values: Record<string, unknown>): unknown {
  return fillTemplate(template, values, JOB_SYNTAX);
}

/** The `default` of each property of a variables schema (properties without one are left out). */
export function variableDefaults(variablesSchema: unknown): Record<string, unknown> {
  const properties = isJsonRecord(variablesSchema) ? variablesSchema.properties : undefined;
  const out: JsonRecord = {};
  if (!isJsonRecord(properties)) return out;
  for (const [name, property] of Object.entries(properties)) {
    if (isJsonRecord(property) && Object.hasOwn(property, "default"))
      out[name] = structuredClone(property.default);
  }
  return out;
}

/** `target` with `value` set at the dotted `path`, copying (never mutating) objects on the way. */
function setPath(target: JsonRecord, path: readonly string[], value: unknown): JsonRecord {
  const [head, ...rest] = path;
  if (head === undefined) return target;
  if (rest.length === 0) return { ...target, [head]: value };
  const child = isJsonRecord(target[head]) ? target[head] : {};
  return { ...target, [head]: setPath(child, rest, value) };
}

function mergeLayer(merged: JsonRecord, layer: Record<string, unknown>): JsonRecord {
  let out = merged;
  for (const [key, value] of Object.entries(layer)) {
    if (key.includes(".")) {
      // "env.FOO": "1" sets one nested value rather than replacing the whole object.
      out = setPath(out, key.split("."), value);
    } else if (key === "env" && isJsonRecord(value) && isJsonRecord(out.env)) {
      // Environments add up: a run's variable must not wipe the deployment's others.
      out = { ...out, env: { ...out.env, ...value } };
    } else {
      out = { ...out, [key]: value };
    }
  }
  return out;
}

/**
 * Job variables merged from `layers`, later layers winning key by key. `env` objects are merged
 * variable by variable, and dot keys (`"env.FOO": "1"`) set one nested value.
 */
export function mergeJobVariables(...layers: Record<string, unknown>[]): Record<string, unknown> {
  return layers.reduce<JsonRecord>((merged, layer) => mergeLayer(merged, layer), {});
}

/**
 * The job configuration for one flow run: the pool's variable defaults, overridden by the
 * deployment's job variables, overridden by the flow run's, applied to the pool's
 * `job_configuration`. Also returns the merged variables (what was applied).
 */
export function buildJobConfiguration(
  baseJobTemplate: BaseJobTemplateShape,
  deploymentVariables: Record<string, unknown>,
  flowRunVariables: Record<string, unknown>,
): { configuration: Record<string, unknown>; variables: Record<string, unknown> } {
  const variables = mergeJobVariables(
    variableDefaults(baseJobTemplate.variables),
    deploymentVariables,
    flowRunVariables,
  );
  const applied = applyTemplate(baseJobTemplate.job_configuration, variables);
  return { configuration: isJsonRecord(applied) ? applied : {}, variables };
}
