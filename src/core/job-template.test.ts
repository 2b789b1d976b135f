import { describe, expect, it } from "vitest";
import {
  applyTemplate,
  buildJobConfiguration,
  lookupValue,
  mergeJobVariables,
  variableDefaults,
} from "./job-template.js";

describe("applyTemplate", () => {
  it("replaces a sole placeholder with the raw value, keeping its JSON type", () => {
    const values = { n: 3, on: false, env: { A: "1" }, list: [1, 2], nothing: null };
    expect(
      applyTemplate(
        { n: "{{ n }}", on: "{{on}}", env: "{{ env }}", list: "{{ list }}", nothing: "{{ nothing }}" },
        values,
      ),
    ).toEqual(values);
  });

  it("interpolates placeholders inside longer strings", () => {
    expect(applyTemplate("run {{ name }} x{{ n }} {{ env }}", { name: "a", n: 2, env: { A: "1" } })).toBe(
      'run a x2 {"A":"1"}',
    );
  });

  it("removes keys and array items whose sole placeholder has no value", () => {
    expect(applyTemplate({ a: "{{ a }}", b: "{{ b }}", list: ["{{ a }}", "{{ b }}", 3] }, { a: 1 })).toEqual({
      a: 1,
      list: [1, 3],
    });
    expect(applyTemplate("{{ missing }}", {})).toBeUndefined();
  });

  it("writes unset placeholders inside longer strings as empty text", () => {
    expect(applyTemplate({ cmd: "run {{ missing }}--x" }, {})).toEqual({ cmd: "run --x" });
  });

  it("walks nested objects and arrays and reads dotted names", () => {
    const template = {
      job: { spec: [{ image: "{{ image.name }}:{{ image.tag }}", first: "{{ items[0] }}" }] },
      keep: 7,
      flag: true,
    };
    expect(applyTemplate(template, { image: { name: "app", tag: "v1" }, items: ["x"] })).toEqual({
      job: { spec: [{ image: "app:v1", first: "x" }] },
      keep: 7,
      flag: true,
    });
  });

  it("prefers an exact key that contains dots over the nested path", () => {
    expect(lookupValue({ "a.b": 1, a: { b: 2 } }, "a.b")).toBe(1);
    expect(lookupValue({ a: { b: 2 } }, "a.c")).toBeUndefined();
    expect(lookupValue({ a: "text" }, "a.length")).toBeUndefined();
  });

  it("leaves strings without placeholders and non-strings alone", () => {
    expect(applyTemplate({ s: "plain {{ not a placeholder", n: 1, z: null }, { a: 1 })).toEqual({
      s: "plain {{ not a placeholder",
      n: 1,
      z: null,
    });
  });
});

describe("variableDefaults", () => {
  it("collects each property's default", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string", default: "x" }, b: { type: "number" }, c: { default: { k: 1 } } },
    };
    expect(variableDefaults(schema)).toEqual({ a: "x", c: { k: 1 } });
    expect(variableDefaults({})).toEqual({});
    expect(variableDefaults(null)).toEqual({});
  });
});

describe("mergeJobVariables", () => {
  it("lets later layers win", () => {
    expect(mergeJobVariables({ a: 1, b: 1 }, { b: 2 }, { c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
  });

  it("merges env objects variable by variable", () => {
    expect(mergeJobVariables({ env: { A: "1", B: "1" } }, { env: { B: "2" } }, { env: { C: "3" } })).toEqual({
      env: { A: "1", B: "2", C: "3" },
    });
  });

  it("replaces other objects whole", () => {
    expect(mergeJobVariables({ labels: { a: "1" } }, { labels: { b: "2" } })).toEqual({ labels: { b: "2" } });
  });

  it("expands dot keys into nested values without dropping siblings", () => {
    expect(mergeJobVariables({ env: { A: "1" } }, { "env.B": "2", "x.y.z": 1 })).toEqual({
      env: { A: "1", B: "2" },
      x: { y: { z: 1 } },
    });
  });

  it("does not change its inputs", () => {
    const base = { env: { A: "1" } };
    mergeJobVariables(base, { "env.B": "2" }, { env: { C: "3" } });
    expect(base).toEqual({ env: { A: "1" } });
  });
});

describe("buildJobConfiguration", () => {
  const template = {
    job_configuration: { env: "{{ env }}", command: "{{ command }}", stream_output: "{{ stream_output }}" },
    variables: {
      type: "object",
      properties: {
        env: { type: "object", default: { POOL: "p" } },
        command: { type: "string" },
        stream_output: { type: "boolean", default: true },
      },
    },
  };

  it("layers pool defaults < deployment < flow run", () => {
    const { configuration, variables } = buildJobConfiguration(
      template,
      { env: { DEP: "d" }, stream_output: false },
      { env: { RUN: "r" }, command: "node x.js" },
    );
    expect(configuration).toEqual({
      env: { POOL: "p", DEP: "d", RUN: "r" },
      command: "node x.js",
      stream_output: false,
    });
    expect(variables).toEqual({
      env: { POOL: "p", DEP: "d", RUN: "r" },
      command: "node x.js",
      stream_output: false,
    });
  });
});
