/**
 * @module `GET /api/openapi.json`: an OpenAPI 3.1 document generated from the route table and its
 * zod schemas, so the published contract can never drift from what the server validates.
 */
import { z } from "zod";
import { ErrorBody } from "../api/common.js";
import { type RouteSpec, routes } from "../api/routes.js";
import type { RouteAccess } from "../core/access.js";
import { isWriteRoute } from "./live/changing-routes.js";

/** A JSON Schema (2020-12, which OpenAPI 3.1 uses as-is). */
export type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document that Steward produces. */
export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly responses: Record<string, unknown>;
    readonly securitySchemes: Record<string, unknown>;
  };
}

/** One operation of the document. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: string[];
  /** Who may call it: no key for open routes, else a Bearer key of the roles in `x-steward-access`. */
  readonly security: Record<string, string[]>[];
  readonly "x-steward-access": RouteAccess;
  readonly parameters?: Parameter[];
  readonly requestBody?: { required: boolean; content: { "application/json": { schema: JsonSchema } } };
  readonly responses: Record<string, unknown>;
}

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** Options of {@link buildOpenApi}. */
export interface OpenApiOptions {
  /** Server version, shown as `info.version`. */
  readonly version: string;
  /** Prefix of every path. @default "/api" */
  readonly basePath?: string;
  /** The routes to describe. @default the whole route table */
  readonly routes?: Readonly<Record<string, RouteSpec>>;
}

const ERROR_RESPONSES = {
  MalformedJson: "The body is not valid JSON (MALFORMED_JSON)",
  NotFound: "No such object: the code names the resource, e.g. FLOW_RUN_NOT_FOUND",
  BodyTooLarge: "The body is over the size limit (BODY_TOO_LARGE)",
  UnsupportedMediaType: "The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)",
  ValidationFailed: "The input breaks the schema (VALIDATION_FAILED); details list each field",
  ServiceUnavailable: "The database is busy or unreachable (SERVICE_UNAVAILABLE); retry after Retry-After",
  Internal: "A server bug (INTERNAL); the server log has the details",
  Unauthenticated:
    'No working API key (UNAUTHENTICATED): send "Authorization: Bearer <key>" with a key that is neither revoked nor expired',
  Forbidden:
    "Refused: the key's role may not call this route or reach this resource (FORBIDDEN), a write with the session cookie lacks X-Steward-CSRF (CSRF_FAILED), or the request came from a page of another site, not listed in STEWARD_SERVER_ALLOWED_ORIGINS (ORIGIN_NOT_ALLOWED)",
  TooManyRequests:
    "Too many rejected API keys from this address lately (TOO_MANY_REQUESTS); retry after Retry-After",
  HostNotAllowed: "The Host header names a host this server does not answer for (HOST_NOT_ALLOWED)",
  InsufficientStorage:
    "The database's disk is (nearly) full, so nothing was written (INSUFFICIENT_STORAGE); free space and retry",
} as const;

type ErrorResponseName = keyof typeof ERROR_RESPONSES;

const ref = (name: ErrorResponseName) => ({ $ref: `#/components/responses/${name}` });

/** The errors every route can answer, whatever it does: the Origin and Host checks refuse it. */
const ALWAYS = { "403": ref("Forbidden"), "421": ref("HostNotAllowed") };

/** Methods that must send a JSON Content-Type, body or not (see `http/json-writes.ts`). */
const JSON_WRITES = new Set(["POST", "PUT", "PATCH"]);

/** Builds the OpenAPI document for the route table. */
export function buildOpenApi(options: OpenApiOptions): OpenApiDocument {
  const basePath = options.basePath ?? "/api";
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [name, spec] of Object.entries(options.routes ?? routes)) {
    const path = `${basePath}${spec.path}`;
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation(name, spec);
  }
  if (options.routes === undefined) {
    for (const [path, op] of Object.entries(streamingOperations())) paths[`${basePath}${path}`] = { get: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Steward API",
      version: options.version,
      description:
        "Workflow orchestration for TypeScript. Errors answer { error: { code, message, details } }.",
    },
    paths,
    components: {
      schemas: { Error: toSchema(ErrorBody, "output"), ...SHARED_SCHEMAS },
      responses: errorResponses(),
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "A Steward API key (stw_…), from `steward api-key create`; needed once auth is on (STEWARD_SERVER_API_KEY set, or any key created).",
        },
      },
    },
  };
}

function operation(name: string, spec: RouteSpec): Operation {
  const parameters = [...pathParameters(spec.path), ...queryParameters(spec.query)];
  return {
    operationId: name,
    summary: spec.summary,
    tags: [spec.tag],
    security: spec.access.role === "open" ? [] : [{ apiKey: [] }],
    "x-steward-access": spec.access,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(spec.body, "input") } },
          },
        }
      : {}),
    responses: { ...successResponses(spec), ...errorRefs(name, spec, parameters) },
  };
}

/** The GET endpoints outside the route table: they answer a text file and an event stream. */
function streamingOperations(): Record<string, Operation> {
  const text = (type: string, description: string) => ({
    description,
    content: { [type]: { schema: { type: "string" } } },
  });
  const viewers = {
    security: [{ apiKey: [] }],
    "x-steward-access": { role: "viewer" },
  } as const satisfies Pick<Operation, "security" | "x-steward-access">;
  const keyErrors = { "401": ref("Unauthenticated"), "429": ref("TooManyRequests") };
  return {
    "/flow_runs/{id}/logs/download": {
      operationId: "downloadFlowRunLogs",
      summary: "A flow run's logs as a text file, oldest first",
      tags: ["Logs"],
      ...viewers,
      parameters: pathParameters("/flow_runs/{id}/logs/download"),
      responses: {
        "200": text(
          "text/plain",
          "One line per log: `2026-11-24T10:00:00.123Z INFO    logger-name - message` (an attachment)",
        ),
        ...ALWAYS,
        ...keyErrors,
        "404": ref("NotFound"),
        "500": ref("Internal"),
      },
    },
    "/changes/stream": {
      operationId: "streamChanges",
      summary: "Server-sent events: `hello`, then `change` ({at}) whenever something changed",
      tags: ["Admin"],
      ...viewers,
      responses: {
        "200": text("text/event-stream", '`event: hello`, then `event: change` with `data: {"at": ISO}`'),
        ...ALWAYS,
        ...keyErrors,
      },
    },
  };
}

function successResponses(spec: RouteSpec): Record<string, unknown> {
  if (spec.status === 204) return { "204": { description: "Done; no content" } };
  const schema = spec.response ? toSchema(spec.response, "output") : {};
  const ok = { description: "Success", content: { "application/json": { schema } } };
  // Idempotent creates and state proposals answer 201 when they wrote something, 200 otherwise.
  if (spec.status === 201)
    return {
      "201": { ...ok, description: "Created" },
      "200": { ...ok, description: "Already existed; nothing written" },
    };
  return { [String(spec.status)]: ok };
}

function errorRefs(name: string, spec: RouteSpec, parameters: readonly Parameter[]): Record<string, unknown> {
  const refs: Record<string, unknown> = { ...ALWAYS, "500": ref("Internal") };
  if (spec.access.role !== "open") {
    refs["401"] = ref("Unauthenticated");
    refs["429"] = ref("TooManyRequests");
  }
  if (spec.body) {
    refs["400"] = ref("MalformedJson");
    refs["413"] = ref("BodyTooLarge");
  }
  if (spec.body || JSON_WRITES.has(spec.method)) refs["415"] = ref("UnsupportedMediaType");
  if (parameters.some((p) => p.in === "path") || spec.method === "POST") refs["404"] = ref("NotFound");
  if (spec.body || spec.query) refs["422"] = ref("ValidationFailed");
  refs["503"] = ref("ServiceUnavailable");
  // The disk guard refuses writes, and a full disk fails them; reads (filters included) go on.
  if (isWriteRoute(name, spec.method)) refs["507"] = ref("InsufficientStorage");
  return refs;
}

function errorResponses(): Record<string, unknown> {
  const schema = { $ref: "#/components/schemas/Error" };
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, description]) => [
      name,
      { description, content: { "application/json": { schema } } },
    ]),
  );
}

function pathParameters(path: string): Parameter[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    schema: name === "id" ? { type: "string", format: "uuid" } : { type: "string" },
  }));
}

function queryParameters(query: z.ZodType | undefined): Parameter[] {
  if (!query) return [];
  const schema = toSchema(query, "input");
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: property,
  }));
}

/** Definitions that `toSchema` found referenced by id; the same for every document built. */
const SHARED_SCHEMAS: Record<string, JsonSchema> = {};

/**
 * A zod schema as an inline JSON Schema. Requests are described as they may be sent (`input`:
 * fields with defaults are optional), responses as they are sent (`output`). A recursive schema
 * (the automations' `Trigger`) carries an `id` in its metadata and is referenced as
 * `#/components/schemas/<id>` (`<id>Input` for requests); its definition is handed to `shared`.
 */
export function toSchema(
  schema: z.ZodType,
  io: "input" | "output",
  shared: Record<string, JsonSchema> = SHARED_SCHEMAS,
): JsonSchema {
  const suffix = io === "input" ? "Input" : "";
  const generated = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  // Zod points references at the schema's own `$defs`; the document keeps them in components.
  const relinked = JSON.parse(
    JSON.stringify(generated).replace(/"#\/\$defs\/([\w-]+)"/g, `"#/components/schemas/$1${suffix}"`),
  ) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = relinked;
  for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    shared[`${id}${suffix}`] = definition;
  }
  return rest;
}
