/**
 * @module Valid-ish values for a JSON Schema of the OpenAPI document, as fast-check arbitraries.
 * Most values fit the schema (so requests get past validation and run the handlers, the store and
 * the state rules); some sit exactly on a bound or one past it. Fields that name something (a flow
 * id, a pool name) mostly name a seeded object, so the deeper paths find what they look for.
 */
import fc from "fast-check";
import { LOOPBACK_SINK_URL } from "./fuzz-request.js";
import { type OpenApiDocument, resolveSchema, type Schema } from "./openapi-operations.js";
import type { Known } from "./seed.js";

/** What generation needs besides the schema. */
export interface SchemaContext {
  readonly document: OpenApiDocument;
  readonly known: Known;
}

/** Beyond this nesting only required fields and the fewest items are generated. */
const MAX_DEPTH = 7;

/** A valid-ish value for `schema`; `field` is the name of the property it is the value of. */
export function schemaArbitrary(
  schema: Schema,
  context: SchemaContext,
  field = "",
  depth = 0,
): fc.Arbitrary<unknown> {
  const resolved = resolveSchema(context.document, schema);
  const hinted = hintedArbitrary(resolved, context, field);
  if (hinted) return hinted;
  if ("const" in resolved) return fc.constant(resolved.const);
  if (Array.isArray(resolved.enum)) return fc.constantFrom(...(resolved.enum as unknown[]));
  const branches = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
  if (branches) return unionArbitrary(branches, context, field, depth);
  const type = resolved.type;
  if (Array.isArray(type)) {
    return fc.oneof(
      ...type.map((t: unknown) => schemaArbitrary({ ...resolved, type: t }, context, field, depth)),
    );
  }
  switch (type ?? inferType(resolved)) {
    case "string":
      return stringArbitrary(resolved, context, field);
    case "integer":
      return integerArbitrary(resolved, field);
    case "number":
      return numberArbitrary(resolved, field);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return arrayArbitrary(resolved, context, field, depth);
    case "object":
      return objectArbitrary(resolved, context, field, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function inferType(schema: Schema): string | undefined {
  if (schema.properties || schema.additionalProperties !== undefined) return "object";
  if (schema.items) return "array";
  return undefined;
}

function unionArbitrary(
  branches: readonly Schema[],
  context: SchemaContext,
  field: string,
  depth: number,
): fc.Arbitrary<unknown> {
  // Deep down, take the simplest branch so recursive schemas (compound triggers) end.
  if (depth >= MAX_DEPTH) {
    const simplest = branches.find((b) => b.type === "null") ?? branches[0] ?? {};
    return schemaArbitrary(simplest, context, field, depth + 1);
  }
  return fc.oneof(...branches.map((branch) => schemaArbitrary(branch, context, field, depth + 1)));
}

/** Fields whose value should usually name a seeded object. */
function hintedArbitrary(
  schema: Schema,
  context: SchemaContext,
  field: string,
): fc.Arbitrary<unknown> | undefined {
  const { known } = context;
  if (schema.type !== "string") return undefined;
  const byField: Record<string, string> = {
    work_pool_name: known.poolName,
    work_queue_name: known.queueName,
    worker_name: known.workerName,
    flow_name: known.flowName,
  };
  const name = byField[field];
  if (name) return fc.oneof({ arbitrary: fc.constant(name), weight: 3 }, freshName(schema));
  return undefined;
}

const ID_FIELDS: Record<string, keyof Known> = {
  flow_id: "flowId",
  deployment_id: "deploymentId",
  deployment_ids: "deploymentId",
  flow_run_id: "flowRunId",
  task_run_id: "taskRunId",
  parent_task_run_id: "taskRunId",
  child_flow_run_id: "flowRunId",
  automation_id: "automationId",
  follows: "eventId",
};

const ALL_IDS: readonly (keyof Known)[] = [
  "flowId",
  "deploymentId",
  "flowRunId",
  "taskRunId",
  "stateId",
  "eventId",
  "webhookId",
  "automationId",
  "scheduleId",
];

/** A UUID: mostly the seeded object the field names, sometimes another seeded id, sometimes a new one. */
export function uuidArbitrary(known: Known, field: string): fc.Arbitrary<string> {
  const own = ID_FIELDS[field];
  const anyKnown = fc.constantFrom(...ALL_IDS.map((key) => known[key]));
  return fc.oneof(
    { arbitrary: own ? fc.constant(known[own]) : anyKnown, weight: 4 },
    { arbitrary: anyKnown, weight: 1 },
    { arbitrary: fc.uuid(), weight: 2 },
  );
}

function stringArbitrary(schema: Schema, context: SchemaContext, field: string): fc.Arbitrary<string> {
  if (schema.format === "uuid") return uuidArbitrary(context.known, field);
  if (schema.format === "date-time") return dateTimeArbitrary();
  if (schema.format === "uri" || /url/i.test(field)) return fc.constant(LOOPBACK_SINK_URL);
  if (typeof schema.pattern === "string") return freshName(schema);
  const min = numberOr(schema.minLength, 0);
  const max = numberOr(schema.maxLength, 10_000);
  const text = fc.oneof(
    { arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 24)) }), weight: 6 },
    {
      arbitrary: fc.string({ unit: "binary", minLength: min, maxLength: Math.max(min, Math.min(max, 12)) }),
      weight: 2,
    },
    { arbitrary: fc.constant("x".repeat(Math.min(max, 200_000))), weight: 1 },
    { arbitrary: fc.constant("y".repeat(Math.min(max + 1, 200_001))), weight: 1 },
  );
  return text;
}

/** A name that fits the name patterns of the API (no `/ % ? # \ & < >`), within its bounds. */
function freshName(schema: Schema): fc.Arbitrary<string> {
  const max = numberOr(schema.maxLength, 100);
  return fc
    .stringMatching(/^[a-z0-9][a-z0-9_.-]{0,15}$/)
    .map((suffix) => `f${suffix}`.slice(0, Math.max(1, max)));
}

function dateTimeArbitrary(): fc.Arbitrary<string> {
  return fc
    .date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("2200-01-01T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString());
}

function integerArbitrary(schema: Schema, field: string): fc.Arbitrary<number> {
  const [min, max] = numericBounds(schema, field, true);
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: Math.min(max, min + 100) }), weight: 4 },
    { arbitrary: fc.integer({ min, max }), weight: 2 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

function numberArbitrary(schema: Schema, field: string): fc.Arbitrary<number> {
  const [min, max] = numericBounds(schema, field, false);
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 100)) }), weight: 3 },
    { arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), weight: 2 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

/**
 * The generated range of a number: the schema's own bounds, within ±1e9 so values stay ordinary.
 * Schedule intervals stay at 10 s or more (the server's minimum; smaller is a plain 422).
 */
function numericBounds(schema: Schema, field: string, integer: boolean): [number, number] {
  const exclusive =
    typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : -1e9;
  let min = Math.max(numberOr(schema.minimum, -1e9), exclusive, -1e9);
  const max = Math.min(numberOr(schema.maximum, 1e9), 1e9);
  if (field === "interval") min = Math.max(min, 10);
  return [min, Math.max(min, max)];
}

function arrayArbitrary(
  schema: Schema,
  context: SchemaContext,
  field: string,
  depth: number,
): fc.Arbitrary<unknown[]> {
  const min = numberOr(schema.minItems, 0);
  const max = depth >= MAX_DEPTH ? min : Math.max(min, Math.min(numberOr(schema.maxItems, 3), min + 3));
  const items = (schema.items ?? {}) as Schema;
  return fc.array(schemaArbitrary(items, context, `${field}[]`, depth + 1), {
    minLength: min,
    maxLength: max,
  });
}

function objectArbitrary(
  schema: Schema,
  context: SchemaContext,
  field: string,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const keys = Object.keys(properties).filter((key) => depth < MAX_DEPTH || required.includes(key));
  const shape = Object.fromEntries(
    keys.map((key) => [key, schemaArbitrary(properties[key] ?? {}, context, key, depth + 1)]),
  );
  const fixed = fc.record(shape, { requiredKeys: required.filter((key) => keys.includes(key)) });
  const extra = schema.additionalProperties;
  if (keys.length > 0 || extra === false || extra === undefined) return fixed;
  return recordArbitrary(schema, context, field, depth);
}

/** A free-form object (parameters, labels, a resource): a few keys within the key bounds. */
function recordArbitrary(
  schema: Schema,
  context: SchemaContext,
  field: string,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const names = (schema.propertyNames ?? {}) as Schema;
  const key = fc.string({ minLength: Math.max(1, numberOr(names.minLength, 0)), maxLength: 12 });
  const valueSchema = (
    typeof schema.additionalProperties === "object" ? schema.additionalProperties : {}
  ) as Schema;
  const value =
    Object.keys(valueSchema).length === 0
      ? fc.jsonValue({ maxDepth: 2 })
      : schemaArbitrary(valueSchema, context, `${field}{}`, depth + 1);
  const record = fc.dictionary(key, value, { maxKeys: depth >= MAX_DEPTH ? 0 : 4 });
  return withResourceLabels(record, context, field);
}

/** Events' resources need a `steward.resource.id`, related ones a role too (refinements the schema cannot say). */
function withResourceLabels(
  record: fc.Arbitrary<Record<string, unknown>>,
  context: SchemaContext,
  field: string,
): fc.Arbitrary<Record<string, unknown>> {
  if (field !== "resource" && field !== "related[]") return record;
  const id = fc.constantFrom(
    `steward.flow-run.${context.known.flowRunId}`,
    `steward.deployment.${context.known.deploymentId}`,
    `steward.flow.${context.known.flowId}`,
    "fuzz.resource",
  );
  const role = fc.constantFrom("flow", "deployment", "tag", "work-pool");
  return fc.tuple(record, id, role).map(([labels, resourceId, resourceRole]) => ({
    ...labels,
    "steward.resource.id": resourceId,
    ...(field === "related[]" ? { "steward.resource.role": resourceRole } : {}),
  }));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
