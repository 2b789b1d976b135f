// The schema form's pure logic: reading zod's JSON schemas into fields, starting values,
// validation messages and where they show. The browser tests cover the drawn form.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { limitsHint, readField, typeLabel } from "../../ui/src/components/schema-form/schema.js";
import { placeIssues, validateValue } from "../../ui/src/components/schema-form/validate.js";
import {
  defaultAt,
  defaultWords,
  emptyValue,
  fieldPaths,
  getAt,
  initialValue,
  isoToLocalInput,
  localInputToIso,
  newItem,
  removeAt,
  setAt,
} from "../../ui/src/components/schema-form/values.js";

/** The schema `steward deploy` records for a flow (see src/sdk/flow.ts). */
const richSchema = z.toJSONSchema(
  z.object({
    name: z.string().describe("Who to greet"),
    count: z.number().int().min(1).max(10).default(3),
    mode: z.enum(["fast", "thorough"]),
    notify: z.boolean().default(false),
    when: z.iso.date().optional(),
    at: z.iso.datetime().nullable().optional(),
    items: z.array(z.string()).default([]),
    target: z.object({ host: z.string(), port: z.number().int() }),
    maybe: z.number().nullable(),
    level: z.union([z.literal("low"), z.literal("high")]).optional(),
    mixed: z.union([z.string(), z.number()]).optional(),
    extra: z.record(z.string(), z.string()).optional(),
  }),
  { io: "input", unrepresentable: "any" },
) as Record<string, unknown>;

const fieldOf = (name: string) => readField(richSchema).properties?.find((p) => p.name === name);

describe("readField", () => {
  it("reads zod's schema into fields of the right kinds", () => {
    const root = readField(richSchema);
    expect(root.kind).toBe("object");
    const kinds = Object.fromEntries(
      (root.properties ?? []).map((p) => [p.name, [p.field.kind, p.required]]),
    );
    expect(kinds).toEqual({
      name: ["string", true],
      count: ["integer", false],
      mode: ["enum", true],
      notify: ["boolean", false],
      when: ["string", false],
      at: ["string", false],
      items: ["array", false],
      target: ["object", true],
      maybe: ["number", true],
      level: ["enum", false],
      mixed: ["json", false],
      extra: ["json", false],
    });
    expect(fieldOf("name")?.field.description).toBe("Who to greet");
    expect(fieldOf("when")?.field.format).toBe("date");
    expect(fieldOf("at")?.field).toMatchObject({ format: "date-time", nullable: true });
    expect(fieldOf("maybe")?.field.nullable).toBe(true);
    expect(fieldOf("mode")?.field.choices).toEqual(["fast", "thorough"]);
    expect(fieldOf("level")?.field.choices).toEqual(["low", "high"]);
    expect(fieldOf("items")?.field.items?.kind).toBe("string");
    expect(fieldOf("target")?.field.properties?.map((p) => p.name)).toEqual(["host", "port"]);
  });

  it("follows $refs into $defs and keeps the referring node's description", () => {
    const field = readField({
      type: "object",
      properties: { target: { $ref: "#/$defs/Target", description: "where" } },
      $defs: { Target: { type: "object", properties: { host: { type: "string" } }, required: ["host"] } },
    });
    const target = field.properties?.[0]?.field;
    expect(target?.kind).toBe("object");
    expect(target?.description).toBe("where");
    expect(target?.properties?.[0]).toMatchObject({ name: "host", required: true });
  });

  it("labels types and the limits worth showing", () => {
    expect(typeLabel(fieldOf("items")!.field)).toBe("list of string");
    expect(typeLabel(fieldOf("at")!.field)).toBe("string (date-time) or null");
    expect(typeLabel(fieldOf("mode")!.field)).toBe('"fast" | "thorough"');
    expect(limitsHint(fieldOf("count")!.field)).toBe("1 – 10");
    // zod's plain .int() bounds are ±MAX_SAFE_INTEGER: no hint.
    expect(limitsHint(fieldOf("target")!.field.properties![1]!.field)).toBeUndefined();
  });
});

describe("values", () => {
  it("start from the schema's defaults overridden by the deployment's parameters", () => {
    const root = readField(richSchema);
    expect(initialValue(root)).toEqual({ count: 3, notify: false, items: [], target: {} });
    expect(initialValue(root, { count: 5, name: "Ada" })).toEqual({
      count: 5,
      notify: false,
      items: [],
      target: {},
      name: "Ada",
    });
  });

  it("are changed at paths without touching other keys", () => {
    const value = { a: { b: 1 }, list: ["x", "y", "z"], keep: true };
    expect(setAt(value, ["a", "c"], 2)).toEqual({ a: { b: 1, c: 2 }, list: ["x", "y", "z"], keep: true });
    expect(setAt(value, ["a", "b"], undefined)).toEqual({ a: {}, list: ["x", "y", "z"], keep: true });
    expect(setAt({}, ["t", "port"], 80)).toEqual({ t: { port: 80 } });
    expect(setAt(value, ["list", 1], "Y")).toMatchObject({ list: ["x", "Y", "z"] });
    expect(removeAt(value, ["list", 0])).toMatchObject({ list: ["y", "z"] });
    expect(getAt(value, ["list", 2])).toBe("z");
    expect(value).toEqual({ a: { b: 1 }, list: ["x", "y", "z"], keep: true });
  });

  it("leave emptied fields out, except required nullable ones (null) and list items", () => {
    const maybe = fieldOf("maybe")!.field;
    expect(emptyValue(maybe, { required: true, inArray: false })).toBeNull();
    expect(emptyValue(fieldOf("when")!.field, { required: false, inArray: false })).toBeUndefined();
    expect(emptyValue(fieldOf("name")!.field, { required: true, inArray: true })).toBe("");
    expect(newItem(fieldOf("items")!.field.items)).toBe("");
  });

  it("know each field's default: the deployment's value for a top-level key, else the schema's", () => {
    const root = readField(richSchema);
    const fallback = { name: "Deployment default", maybe: null };
    expect(defaultAt(root, ["name"], fallback)).toEqual({ value: "Deployment default" });
    expect(defaultAt(root, ["count"], fallback)).toEqual({ value: 3 });
    expect(defaultAt(root, ["maybe"], fallback)).toEqual({ value: null });
    expect(defaultAt(root, ["mode"], fallback)).toBeUndefined();
    expect(defaultAt(root, ["target", "host"], fallback)).toBeUndefined();
    expect(defaultAt(root, ["items", 0], fallback)).toBeUndefined();
    // An emptied field with a default is left out, so the server or the flow fills it in.
    expect(
      emptyValue(fieldOf("maybe")!.field, { required: true, inArray: false, defaulted: true }),
    ).toBeUndefined();
    expect(defaultWords("Ada")).toBe("Ada");
    expect(defaultWords("")).toBe('""');
    expect(defaultWords([])).toBe("[]");
    expect(defaultWords("x".repeat(200))).toHaveLength(80);
  });

  it("validate a cleared required field as the server will: with the deployment's value under it", () => {
    const cleared = { count: 3, mode: "fast", target: { host: "h", port: 1 }, maybe: null };
    expect(validateValue(richSchema, cleared)).toEqual([{ path: "name", message: "is required" }]);
    expect(validateValue(richSchema, { name: "Deployment default", ...cleared })).toEqual([]);
  });

  it("convert datetime-local input to a UTC instant and back", () => {
    const iso = localInputToIso("2026-03-01T08:30:15");
    expect(iso).toMatch(/^2026-0[23]-\d\dT\d\d:\d\d:15Z$/);
    expect(new Date(iso!).getTime()).toBe(new Date(2026, 2, 1, 8, 30, 15).getTime());
    expect(isoToLocalInput(iso)).toBe("2026-03-01T08:30:15");
    expect(localInputToIso("")).toBeUndefined();
    expect(isoToLocalInput("not a date")).toBeUndefined();
    // The UTC form satisfies zod's default z.iso.datetime() pattern, which refuses offsets.
    expect(z.iso.datetime().safeParse(iso).success).toBe(true);
  });
});

describe("validateValue", () => {
  const valid = { name: "Ada", count: 3, mode: "fast", target: { host: "h", port: 1 }, maybe: null };

  it("accepts what the schema accepts", () => {
    expect(validateValue(richSchema, valid)).toEqual([]);
  });

  it("says what is wrong in words, on the field it concerns", () => {
    const issues = validateValue(richSchema, {
      ...valid,
      count: 50,
      mode: "slow",
      when: "31/01/2026",
      at: "tomorrow",
      target: { host: "h", port: 1.5 },
      items: ["a", 2],
      name: undefined,
    });
    expect(Object.fromEntries(issues.map((i) => [i.path, i.message]))).toEqual({
      name: "is required",
      count: "must be at most 10",
      mode: 'must be one of "fast", "thorough"',
      when: "must be a date (YYYY-MM-DD)",
      // A nullable union reports the branch that fits, not "must be empty".
      at: "must be a date and time such as 2026-01-31T09:00:00Z",
      "target.port": "must be a whole number",
      "items.1": "must be text",
    });
  });

  it("validates as the server does: formats are not checked, extra keywords are allowed", () => {
    const schema = { type: "object", properties: { p: { type: "string", format: "path", position: 0 } } };
    expect(validateValue(schema, { p: "anything" })).toEqual([]);
    expect(
      validateValue({ type: "object", properties: { n: { type: "number", minimum: 1 } } }, { n: 0 }),
    ).toEqual([{ path: "n", message: "must be at least 1" }]);
  });

  it("reports a schema that does not compile instead of throwing", () => {
    const issues = validateValue({ type: "object", properties: { a: { type: "nonsense" } } }, {});
    expect(issues[0]?.message).toMatch(/schema itself is invalid/);
  });
});

describe("placeIssues", () => {
  it("puts each issue on the deepest drawn field and keeps the rest apart", () => {
    const root = readField(richSchema);
    const value = { items: ["a", "b"], target: {}, extra: { a: 1 } };
    const paths = new Set(fieldPaths(root, value));
    expect(paths.has("items.1")).toBe(true);
    expect(paths.has("target.port")).toBe(true);
    const { byField, unplaced } = placeIssues(
      [
        { path: "target.port", message: "is required" },
        { path: "extra.a", message: "must be text" },
        { path: "unknown", message: "is not a known field" },
        { path: "", message: "must be an object" },
      ],
      paths,
    );
    expect(byField.get("target.port")).toEqual(["is required"]);
    expect(byField.get("extra")).toEqual(["a: must be text"]);
    expect(unplaced.map((i) => i.path)).toEqual(["unknown", ""]);
  });
});
