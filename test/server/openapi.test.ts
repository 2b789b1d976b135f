import { describe, expect, it } from "vitest";
import { routes } from "../../src/api/routes.js";
import { createApp } from "../../src/server/app.js";
import type { Operation } from "../../src/server/openapi.js";
import type { Store } from "../../src/server/storage/store.js";
import { send, WITHOUT_KEYS } from "./harness.js";

// The document is built from the route table alone; no route is called, so no database is needed.
const app = createApp({ store: WITHOUT_KEYS as unknown as Store, version: "1.2.3" });

describe("GET /api/openapi.json", () => {
  it("lists every route of the table under /api with its method, parameters and bodies", async () => {
    const answer = await send(app, "GET", "/api/openapi.json");
    expect(answer.status).toBe(200);
    const doc = answer.body as {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, Operation>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("1.2.3");
    for (const [name, spec] of Object.entries(routes)) {
      const operation = doc.paths[`/api${spec.path}`]?.[spec.method.toLowerCase()];
      expect(operation, `${name}: ${spec.method} ${spec.path}`).toBeDefined();
      expect(operation?.operationId).toBe(name);
      expect(Object.keys(operation?.responses ?? {})).toContain(String(spec.status));
      expect(Boolean(operation?.requestBody), `${name} request body`).toBe("body" in spec);
      const pathParams = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(operation?.parameters?.filter((p) => p.in === "path").map((p) => p.name) ?? []).toEqual(
        pathParams,
      );
    }
  });

  it("describes request bodies with their fields, query parameters and the error shape", async () => {
    const doc = (await send(app, "GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
    };
    const create = doc.paths["/api/flows/"]?.post;
    const schema = create?.requestBody?.content["application/json"].schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "tags", "labels"]));
    expect(schema.required).toEqual(["name"]);
    expect(create?.responses["422"]).toEqual({ $ref: "#/components/responses/ValidationFailed" });
    const states = doc.paths["/api/flow_run_states/"]?.get;
    expect(states?.parameters).toContainEqual(
      expect.objectContaining({ name: "flow_run_id", in: "query", required: true }),
    );
    expect(doc.components.schemas.Error).toMatchObject({ properties: { error: expect.any(Object) } });
    // Schemas are inline: a `$defs` reference would not resolve inside an OpenAPI document.
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });
  it("resolves every reference, the recursive automation trigger's included", async () => {
    const text = JSON.stringify((await send(app, "GET", "/api/openapi.json")).body);
    const doc = JSON.parse(text) as { components: { schemas: object; responses: object } };
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(refs).toContain("#/components/schemas/Trigger");
    expect(refs).toContain("#/components/schemas/TriggerInput");
    for (const ref of new Set(refs)) {
      const [, section, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
      expect(section, ref).toBeDefined();
      expect(Object.keys(doc.components[section as "schemas" | "responses"]), ref).toContain(name);
    }
  });
});

describe("the published contract", () => {
  // The whole document, committed: any change to the API (a route, a field, a bound) shows up in
  // review as a change to this file. After an intended change, refresh it with
  //   npx vitest run test/server/openapi.test.ts -u
  // Keys are sorted because JSON object order carries no meaning (the route table is composed from
  // one file per resource); array order (required fields, tags, enums) is kept.
  it("is the committed snapshot, exactly", async () => {
    const doc = (await send(app, "GET", "/api/openapi.json")).body;
    await expect(`${JSON.stringify(sortKeys(doc), null, 2)}\n`).toMatchFileSnapshot("openapi.snapshot.json");
  });
});

/** `value` with every object's keys in sorted order, recursively. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

describe("GET /docs", () => {
  it("serves a self-contained page that loads the OpenAPI document", async () => {
    const response = await app.request("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('"/api/openapi.json"');
    // No CDN: servers often run without internet access.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });
});
