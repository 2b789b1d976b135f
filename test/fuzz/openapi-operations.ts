/**
 * @module The operations the fuzz exercises, read from the server's own `GET /api/openapi.json`:
 * every path and method, its parameters and its request body schema, so a route added to the table
 * is fuzzed without anyone touching the fuzz suite. Each operation's `x-steward-access` says which
 * credentials may succeed on it.
 */
import type { RouteAccess } from "../../src/core/access.js";

/** A JSON Schema as the document holds it. */
export type Schema = Readonly<Record<string, unknown>>;

/** One parameter of an operation. */
export interface OperationParameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly schema: Schema;
}

/** One operation (path + method) of the document. */
export interface FuzzOperation {
  /** `POST /api/flows/filter`. */
  readonly key: string;
  readonly method: string;
  /** The templated path: `/api/flows/{id}`. */
  readonly path: string;
  readonly parameters: readonly OperationParameter[];
  readonly body: Schema | undefined;
  /** Who may call it (`x-steward-access`). */
  readonly access: RouteAccess;
}

/** The document's parts that the fuzz reads. */
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, RawOperation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

interface RawOperation {
  readonly parameters?: OperationParameter[];
  readonly requestBody?: { content: { "application/json"?: { schema: Schema } } };
  readonly "x-steward-access"?: RouteAccess;
}

/** Fetches the server's OpenAPI document (viewers and above may read it). */
export async function fetchOpenApi(apiUrl: string, apiKey: string): Promise<OpenApiDocument> {
  const response = await fetch(`${apiUrl}/openapi.json`, {
    headers: { authorization: `Bearer ${apiKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/**
 * Every operation of the document, in the order the fuzz runs them: creates and reads first,
 * deletes last, so that most requests find the seeded objects still there.
 */
export function listOperations(document: OpenApiDocument): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const upper = method.toUpperCase();
      const access = raw["x-steward-access"];
      // Without it the fuzz could not tell a refused smaller role from an authorisation bypass.
      if (access === undefined) throw new Error(`${upper} ${path} has no x-steward-access in the document`);
      operations.push({
        key: `${upper} ${path}`,
        method: upper,
        path,
        parameters: raw.parameters ?? [],
        body: raw.requestBody?.content["application/json"]?.schema,
        access,
      });
    }
  }
  return operations.sort((a, b) => rank(a) - rank(b));
}

function rank(operation: FuzzOperation): number {
  if (operation.method === "DELETE" || operation.path.endsWith("/bulk_delete")) return 2;
  return operation.method === "GET" ? 1 : 0;
}

/** Follows a `$ref` into the document's components; other schemas come back as they are. */
export function resolveSchema(document: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  const target = document.components.schemas[name];
  if (!target) throw new Error(`unresolved reference ${ref}`);
  return target;
}
