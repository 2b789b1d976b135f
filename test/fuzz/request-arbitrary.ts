/**
 * @module Whole fuzz requests for one operation of the OpenAPI document: path parameters (seeded
 * ids and names, random and malformed UUIDs, unicode, huge strings), query strings (wrong types,
 * unknown and repeated keys, huge values), bodies (valid-ish, mutated, hostile, malformed, overflowing,
 * oversized), Content-Type headers (JSON mostly, some that the server must refuse with 415) and
 * credentials (the bootstrap key mostly; smaller roles, no key, malformed and unknown keys).
 */
import fc from "fast-check";
import { authArbitrary } from "./fuzz-auth.js";
import type { FuzzBody, FuzzRequest } from "./fuzz-request.js";
import {
  hostileValue,
  mutate,
  mutationArbitrary,
  overflowNumbers,
  rawTextBody,
  unknownKey,
} from "./hostile-values.js";
import type { FuzzOperation, OperationParameter } from "./openapi-operations.js";
import { type SchemaContext, schemaArbitrary, uuidArbitrary } from "./schema-arbitrary.js";
import type { Known } from "./seed.js";

/** A body just over the default 4 MiB limit (built once): the server must answer 413. */
const OVERSIZED_BODY = `"${"x".repeat(4 * 1024 * 1024 + 1024)}"`;

/** Requests for `operation`. */
export function requestArbitrary(
  operation: FuzzOperation,
  context: SchemaContext,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      path: pathArbitrary(operation, context.known),
      query: queryArbitrary(operation, context),
      body: bodyArbitrary(operation, context),
      headers: headersArbitrary(operation.method),
      auth: authArbitrary(),
    })
    .map(({ path, query, body, headers, auth }) => ({
      operation: operation.key,
      method: operation.method,
      path,
      query,
      body,
      headers,
      ...(auth === undefined ? {} : { auth }),
    }));
}

function pathArbitrary(operation: FuzzOperation, known: Known): fc.Arbitrary<string> {
  const names = operation.parameters.filter((p) => p.in === "path").map((p) => p.name);
  if (names.length === 0) return fc.constant(operation.path);
  const values = names.map((name) =>
    fc.oneof(
      { arbitrary: knownPathValue(operation.path, name, known).map(encodePathSegment), weight: 12 },
      { arbitrary: hostilePathValue().map(encodePathSegment), weight: 6 },
      { arbitrary: RAW_SEGMENTS, weight: 1 },
    ),
  );
  return fc
    .tuple(...values)
    .map((chosen) =>
      names.reduce((path, name, i) => path.replace(`{${name}}`, chosen[i] ?? ""), operation.path),
    );
}

/** Segments sent as they are: broken percent-encoding, encoded NUL, slash and dots, invalid UTF-8. */
const RAW_SEGMENTS = fc.constantFrom(
  "%",
  "%zz",
  "%E0%A4%A",
  "%ED%A0%80",
  "%FF%FE",
  "%00",
  "%2F",
  "%2e%2e",
  "%C0%AF",
);

/** The seeded object a path parameter names (`/api/flows/{id}` → the seeded flow's id). */
function knownPathValue(path: string, name: string, known: Known): fc.Arbitrary<string> {
  const resource = path.split("/")[2] ?? "";
  const ids: Record<string, string> = {
    flows: known.flowId,
    flow_runs: known.flowRunId,
    flow_run_states: known.stateId,
    task_runs: known.taskRunId,
    deployments: known.deploymentId,
    events: known.eventId,
    webhooks: known.webhookId,
    automations: known.automationId,
    api_keys: known.apiKeyId,
  };
  const byName: Record<string, fc.Arbitrary<string>> = {
    id: fc.oneof(
      { arbitrary: fc.constant(ids[resource] ?? known.flowId), weight: 4 },
      uuidArbitrary(known, ""),
    ),
    name: fc.constantFrom(resource === "flows" ? known.flowName : known.poolName, "default", "no-such-name"),
    queue_name: fc.constantFrom(known.queueName, "default", "no-such-queue"),
    worker_name: fc.constantFrom(known.workerName, "no-such-worker"),
    type: fc.constantFrom("process", "docker", "no-such-type"),
    flow_name: fc.constantFrom(known.flowName, "no-such-flow"),
    deployment_name: fc.constantFrom(known.deploymentName, "no-such-deployment"),
    schedule_id: fc.oneof(fc.constant(known.scheduleId), fc.uuid()),
    resource_id: fc.constantFrom(
      `steward.deployment.${known.deploymentId}`,
      `steward.flow-run.${known.flowRunId}`,
      `steward.automation.${known.automationId}`,
      "steward.deployment.*",
    ),
  };
  return byName[name] ?? fc.string({ minLength: 1, maxLength: 20 });
}

/** Path segments that are not what the route wants. */
function hostilePathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "not-a-uuid",
      "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3",
      "0190F1C2-5B7E-7C3A-9D4E-2F6A8B1C0D3E",
      "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3eff",
      "00000000-0000-0000-0000-000000000000",
      "------------------------------------",
      "0",
      "-1",
      "1e308",
      "NaN",
      "null",
      "%",
      "%25",
      "%00",
      "a/b",
      "?x=1",
      "#",
      " ",
      "\u0000",
      "\uD800",
      "💥",
      "é",
      "%_%",
      "*",
    ),
    fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
    fc.uuid(),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => "x".repeat(n)),
  );
}

/** `encodeURIComponent`, except that lone surrogates go out as their (invalid) UTF-8 bytes. */
export function encodePathSegment(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

function queryArbitrary(operation: FuzzOperation, context: SchemaContext): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === "query");
  const extra = fc.oneof(
    { arbitrary: fc.constant<[string, string][]>([]), weight: 6 },
    { arbitrary: fc.array(fc.tuple(queryKey(), queryText()), { minLength: 1, maxLength: 3 }), weight: 1 },
  );
  return fc
    .tuple(fc.tuple(...params.map((param) => queryParamArbitrary(param, context))), extra)
    .map(([pairs, more]) =>
      [...pairs.flat(), ...more].map(([k, v]) => `${encodePathSegment(k)}=${encodePathSegment(v)}`).join("&"),
    );
}

/** One query parameter as key-value pairs: absent, valid-ish, hostile, or repeated. */
function queryParamArbitrary(
  param: OperationParameter,
  context: SchemaContext,
): fc.Arbitrary<[string, string][]> {
  const valid = schemaArbitrary(param.schema, context, param.name).map(asQueryText);
  return fc.oneof(
    { arbitrary: fc.constant<[string, string][]>([]), weight: param.required ? 1 : 3 },
    { arbitrary: valid.map((v) => [[param.name, v]] as [string, string][]), weight: 5 },
    { arbitrary: queryText().map((v) => [[param.name, v]] as [string, string][]), weight: 3 },
    {
      arbitrary: fc.tuple(valid, queryText()).map(
        ([a, b]) =>
          [
            [param.name, a],
            [param.name, b],
          ] as [string, string][],
      ),
      weight: 1,
    },
  );
}

function queryKey(): fc.Arbitrary<string> {
  return fc.oneof(unknownKey(), fc.constantFrom("limit", "offset", "flow_run_id[]", "a[b]"));
}

function queryText(): fc.Arbitrary<string> {
  return hostileValue().map(asQueryText);
}

function asQueryText(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return text.slice(0, 20_000);
}

function bodyArbitrary(operation: FuzzOperation, context: SchemaContext): fc.Arbitrary<FuzzBody> {
  if (operation.method === "GET") return fc.constant<FuzzBody>({ kind: "none" });
  const json = (value: unknown): FuzzBody => ({ kind: "json", value });
  const text = (body: string): FuzzBody => ({ kind: "text", text: body });
  const hostile = fc.oneof(hostileValue().map(json), rawTextBody().map(text));
  if (!operation.body) {
    return fc.oneof(
      { arbitrary: fc.constant<FuzzBody>({ kind: "none" }), weight: 8 },
      { arbitrary: hostile, weight: 2 },
    );
  }
  const valid = schemaArbitrary(operation.body, context);
  return fc.oneof(
    { arbitrary: valid.map(json), weight: 30 },
    { arbitrary: fc.tuple(valid, mutationArbitrary()).map(([body, m]) => json(mutate(body, m))), weight: 24 },
    {
      arbitrary: fc
        .tuple(valid, mutationArbitrary(), mutationArbitrary())
        .map(([body, first, second]) => json(mutate(mutate(body, first), second))),
      weight: 6,
    },
    { arbitrary: hostile, weight: 9 },
    { arbitrary: valid.map((body) => text(overflowNumbers(body))), weight: 3 },
    { arbitrary: fc.constant<FuzzBody>({ kind: "none" }), weight: 3 },
    { arbitrary: fc.constant(text(OVERSIZED_BODY)), weight: 1 },
  );
}

/** Content-Type (and now and then an Origin): JSON mostly, and some that a write must be refused for. */
function headersArbitrary(method: string): fc.Arbitrary<Record<string, string>> {
  const write = method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";
  const json = "application/json";
  const contentType = write
    ? fc.oneof(
        { arbitrary: fc.constant<string | undefined>(json), weight: 16 },
        {
          arbitrary: fc.constantFrom<string | undefined>(
            "application/json; charset=utf-8",
            "application/vnd.steward+json",
            undefined,
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
          ),
          weight: 3,
        },
        { arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,40}$/), weight: 1 },
      )
    : fc.constantFrom<string | undefined>(undefined, undefined, undefined, json);
  const origin = fc.oneof(
    { arbitrary: fc.constant<string | undefined>(undefined), weight: 20 },
    { arbitrary: fc.constantFrom<string | undefined>("http://evil.example", "null"), weight: 1 },
  );
  return fc.tuple(contentType, origin).map(([type, from]) => ({
    ...(type === undefined ? {} : { "content-type": type }),
    ...(from === undefined ? {} : { origin: from }),
  }));
}
