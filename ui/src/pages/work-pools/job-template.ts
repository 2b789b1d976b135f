/**
 * @module A base job template's variables as form fields: which input each JSON-schema property
 * gets, how its default reads as text, and how edited text becomes the template's new defaults.
 */
import type { BaseJobTemplate } from "../../../../src/api/work-pools.js";

/** The input a variable gets. */
export type VariableKind = "string" | "number" | "integer" | "boolean" | "enum" | "json";

/** One property of a template's `variables` schema, ready for a form or a table. */
export interface VariableSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  readonly kind: VariableKind;
  /** "string", "object", "string | null", "path"… for people. */
  readonly typeLabel: string;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly enumValues: readonly unknown[];
  readonly required: boolean;
}

/** What a form field holds: text for most inputs, a boolean for checkboxes, undefined when unset. */
export type FieldInput = string | boolean | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typesOf(property: Record<string, unknown>): string[] {
  const type = property.type;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

function kindOf(property: Record<string, unknown>): VariableKind {
  if (Array.isArray(property.enum) && property.enum.length > 0) return "enum";
  // A nullable scalar ("string | null") still gets the scalar's input; empty means unset.
  const types = typesOf(property).filter((t) => t !== "null");
  if (types.length !== 1) return "json";
  const [type] = types;
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  return "json";
}

function typeLabelOf(property: Record<string, unknown>): string {
  if (typeof property.format === "string" && property.format === "path") return "path";
  const types = typesOf(property);
  if (types.length > 0) return types.join(" | ");
  if (Array.isArray(property.enum)) return "enum";
  return "any";
}

/** The properties of a template's `variables` schema, in their declared order. */
export function variableSpecs(template: BaseJobTemplate): VariableSpec[] {
  const schema = template.variables;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).map(([name, raw]) => {
    const property = isRecord(raw) ? raw : {};
    return {
      name,
      title: typeof property.title === "string" ? property.title : name,
      description: typeof property.description === "string" ? property.description : null,
      kind: kindOf(property),
      typeLabel: typeLabelOf(property),
      hasDefault: Object.hasOwn(property, "default"),
      default: property.default,
      enumValues: Array.isArray(property.enum) ? property.enum : [],
      required: required.has(name),
    };
  });
}

/** The field's starting value: the variable's default, as the input shows it. */
export function initialInput(spec: VariableSpec): FieldInput {
  if (!spec.hasDefault || spec.default === null || spec.default === undefined) return undefined;
  if (spec.kind === "boolean") return spec.default === true;
  if (spec.kind === "json") return JSON.stringify(spec.default, null, 2);
  if (spec.kind === "enum") return JSON.stringify(spec.default);
  return String(spec.default);
}

/** Every variable's starting input, by name. */
export function initialInputs(template: BaseJobTemplate): Record<string, FieldInput> {
  return Object.fromEntries(variableSpecs(template).map((spec) => [spec.name, initialInput(spec)]));
}

/** A field's value: `undefined` means "no default"; `error` explains input that does not fit. */
export type ParsedInput = { readonly value: unknown } | { readonly error: string };

/** Reads a field's input back into the JSON value of the variable's default. */
export function parseInput(spec: VariableSpec, input: FieldInput): ParsedInput {
  if (typeof input === "boolean") return { value: input };
  const text = input?.trim() ?? "";
  if (text === "") return { value: undefined };
  switch (spec.kind) {
    case "string":
      return { value: input };
    case "number":
    case "integer": {
      const number = Number(text);
      if (!Number.isFinite(number)) return { error: "Enter a number." };
      if (spec.kind === "integer" && !Number.isInteger(number)) return { error: "Enter a whole number." };
      return { value: number };
    }
    default:
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'Enter JSON, e.g. {"KEY": "value"}.' };
      }
  }
}

/**
 * `template` with each variable's default replaced by its field's value (an emptied field removes
 * the default), or the fields whose input does not parse.
 */
export function applyInputs(
  template: BaseJobTemplate,
  inputs: Readonly<Record<string, FieldInput>>,
): { template: BaseJobTemplate } | { errors: Record<string, string> } {
  const next = structuredClone(template);
  const properties = isRecord(next.variables.properties) ? next.variables.properties : {};
  const errors: Record<string, string> = {};
  for (const spec of variableSpecs(template)) {
    const property = properties[spec.name];
    if (!isRecord(property)) continue;
    const parsed = parseInput(spec, inputs[spec.name]);
    if ("error" in parsed) errors[spec.name] = parsed.error;
    else if (parsed.value === undefined) delete property.default;
    else property.default = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { template: next };
}

/** Parses the advanced editor's text into a template, or says what is wrong with it. */
export function parseTemplateJson(text: string): { template: BaseJobTemplate } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(value)) return { error: "The template must be a JSON object." };
  const { job_configuration = {}, variables = { type: "object", properties: {} } } = value;
  if (!isRecord(job_configuration)) return { error: "job_configuration must be a JSON object." };
  if (!isRecord(variables)) return { error: "variables must be a JSON object (a JSON schema)." };
  const extra = Object.keys(value).filter((key) => key !== "job_configuration" && key !== "variables");
  if (extra.length > 0)
    return { error: `Unknown keys: ${extra.join(", ")} (only job_configuration and variables).` };
  return { template: { job_configuration, variables } };
}

/** A default as one short line for tables ("true", `{"A":"b"}`, "—" when unset). */
export function formatDefault(spec: VariableSpec): string {
  if (!spec.hasDefault) return "—";
  return typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default);
}
