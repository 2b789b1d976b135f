import { describe, expect, it } from "vitest";
import {
  formatIssues,
  validateAgainstSchema,
  validateBaseJobTemplate,
  validateJobVariables,
  validateJsonSchema,
} from "./json-schema.js";
import { defaultBaseJobTemplate } from "./worker-types.js";

const parameters = {
  title: "Parameters",
  type: "object",
  properties: {
    name: { type: "string", position: 0 },
    n: { type: "integer", position: 1 },
    mode: { enum: ["fast", "slow"] },
  },
  required: ["name", "n"],
};

describe("validateAgainstSchema", () => {
  it("accepts a valid value", () => {
    expect(validateAgainstSchema(parameters, { name: "Ada", n: 1 })).toEqual([]);
  });

  it("lists every problem with a dotted path and a readable message", () => {
    expect(validateAgainstSchema(parameters, { name: 5, mode: "medium" })).toEqual([
      { path: "n", message: "is required" },
      { path: "name", message: "must be string" },
      { path: "mode", message: 'must be one of "fast", "slow"' },
    ]);
  });

  it("ignores required lists at every depth on request", () => {
    const schema = {
      type: "object",
      properties: {
        inner: { type: "object", properties: { required: { type: "string" } }, required: ["x"] },
      },
      required: ["inner"],
    };
    expect(validateAgainstSchema(schema, {}, { ignoreRequired: true })).toEqual([]);
    expect(validateAgainstSchema(schema, { inner: {} }, { ignoreRequired: true })).toEqual([]);
    // A property named "required" is still validated.
    expect(validateAgainstSchema(schema, { inner: { required: 1 } }, { ignoreRequired: true })).toEqual([
      { path: "inner.required", message: "must be string" },
    ]);
    expect(validateAgainstSchema(schema, { inner: {} })).toEqual([
      { path: "inner.x", message: "is required" },
    ]);
  });

  it("names nested keys and unexpected properties", () => {
    const schema = {
      type: "object",
      properties: { env: { type: "object", additionalProperties: { type: "string" } } },
      additionalProperties: false,
    };
    expect(validateAgainstSchema(schema, { env: { FOO: 1 }, extra: true })).toEqual([
      { path: "extra", message: "is not allowed" },
      { path: "env.FOO", message: "must be string" },
    ]);
  });

  it("follows draft-07 definitions and 2020-12 $defs (as zod emits them)", () => {
    const draft07 = {
      type: "object",
      properties: { point: { $ref: "#/definitions/Point" } },
      definitions: { Point: { type: "object", properties: { x: { type: "number" } } } },
    };
    expect(validateAgainstSchema(draft07, { point: { x: "1" } })).toEqual([
      { path: "point.x", message: "must be number" },
    ]);
    const zodStyle = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { limit: { type: "number" }, point: { $ref: "#/$defs/P" } },
      $defs: { P: { type: "array", prefixItems: [{ type: "string" }] } },
      required: ["limit"],
      additionalProperties: false,
    };
    expect(validateAgainstSchema(zodStyle, { limit: "ten", point: [1] })).toEqual([
      { path: "limit", message: "must be number" },
      { path: "point.0", message: "must be string" },
    ]);
    expect(validateAgainstSchema({ type: ["string", "null"] }, 1)).toEqual([
      { path: "", message: "must be string or null" },
    ]);
    const draft04 = { $schema: "http://json-schema.org/draft-04/schema#", type: "object" };
    expect(validateAgainstSchema(draft04, 1)).toEqual([{ path: "", message: "must be object" }]);
  });

  it("compiles a schema with a root $id again, with and without required", () => {
    const schema = { $id: "https://example.com/params", type: "object", required: ["a"] };
    expect(validateAgainstSchema(schema, {})).toEqual([{ path: "a", message: "is required" }]);
    expect(validateAgainstSchema(schema, {}, { ignoreRequired: true })).toEqual([]);
    expect(validateAgainstSchema({ ...schema, title: "other" }, {})).toHaveLength(1);
  });

  it("reports an invalid schema instead of throwing", () => {
    const issues = validateAgainstSchema({ type: "no-such-type" }, {});
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/^the schema itself is invalid/);
    expect(validateJsonSchema({ type: "no-such-type" })).toHaveLength(1);
    expect(validateJsonSchema(parameters)).toEqual([]);
    expect(validateAgainstSchema("nope", {})[0]?.message).toMatch(/schema itself is invalid/);
  });
});

describe("validateBaseJobTemplate", () => {
  it("accepts the process template and a minimal one", () => {
    expect(validateBaseJobTemplate(defaultBaseJobTemplate("process"))).toEqual([]);
    expect(validateBaseJobTemplate({ job_configuration: {}, variables: { type: "object" } })).toEqual([]);
  });

  it("requires an object job_configuration and an object variables schema", () => {
    expect(validateBaseJobTemplate({ job_configuration: [], variables: { type: "array" } })).toEqual([
      { path: "job_configuration", message: "must be an object" },
      { path: "variables.type", message: 'must be "object"' },
    ]);
    expect(validateBaseJobTemplate({ job_configuration: {}, variables: 3 })).toEqual([
      { path: "variables", message: "must be a JSON schema object" },
    ]);
    expect(validateBaseJobTemplate(null)).toEqual([{ path: "", message: "must be an object" }]);
  });

  it("reports an invalid variables schema", () => {
    const issues = validateBaseJobTemplate({
      job_configuration: {},
      variables: { type: "object", properties: 3 },
    });
    expect(issues[0]?.path).toBe("variables");
  });

  it("checks each default against its variable's schema", () => {
    const template = {
      job_configuration: {},
      variables: {
        type: "object",
        properties: {
          limit: { type: "number", default: "ten" },
          env: { type: "object", additionalProperties: { type: "string" }, default: { A: 1 } },
        },
        required: ["other"],
      },
    };
    expect(validateBaseJobTemplate(template)).toEqual([
      { path: "variables.properties.limit.default", message: "must be number" },
      { path: "variables.properties.env.default.A", message: "must be string" },
    ]);
  });
});

describe("validateJobVariables", () => {
  const template = {
    job_configuration: {},
    variables: {
      type: "object",
      properties: {
        image: { type: "string" },
        env: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["image"],
    },
  };

  it("validates against the template's variables, with or without required", () => {
    expect(validateJobVariables(template, { env: { FOO: 1 } }, { ignoreRequired: true })).toEqual([
      { path: "env.FOO", message: "must be string" },
    ]);
    expect(validateJobVariables(template, {})).toEqual([{ path: "image", message: "is required" }]);
    expect(validateJobVariables(template, { image: "x" })).toEqual([]);
  });

  it("validates dot keys where they land", () => {
    expect(validateJobVariables(template, { "env.FOO": 2 }, { ignoreRequired: true })).toEqual([
      { path: "env.FOO", message: "must be string" },
    ]);
  });

  it("accepts anything when the template has no variables schema", () => {
    expect(validateJobVariables({}, { anything: 1 })).toEqual([]);
  });
});

describe("formatIssues", () => {
  it("joins issues into one line", () => {
    expect(
      formatIssues([
        { path: "env.FOO", message: "must be string" },
        { path: "limit", message: "must be number" },
        { path: "", message: "must be object" },
      ]),
    ).toBe("env.FOO: must be string; limit: must be number; must be object");
  });
});
