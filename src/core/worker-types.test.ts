import { describe, expect, it } from "vitest";
import { isStewardError } from "./errors.js";
import { buildJobConfiguration } from "./job-template.js";
import { validateBaseJobTemplate } from "./json-schema.js";
import {
  defaultBaseJobTemplate,
  isKnownWorkerType,
  knownWorkerTypes,
  workerTypeInfo,
} from "./worker-types.js";

describe("worker types", () => {
  it("knows the process type only", () => {
    expect(knownWorkerTypes()).toEqual(["process"]);
    expect(isKnownWorkerType("process")).toBe(true);
    expect(isKnownWorkerType("docker")).toBe(false);
    expect(isKnownWorkerType("toString")).toBe(false);
  });

  it("rejects an unknown type with UNKNOWN_WORKER_TYPE naming the known ones", () => {
    let caught: unknown;
    try {
      defaultBaseJobTemplate("kubernetes");
    } catch (error) {
      caught = error;
    }
    expect(isStewardError(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: "UNKNOWN_WORKER_TYPE",
      status: 422,
      message: 'Unknown work pool type "kubernetes"; known types: process',
    });
    expect(() => workerTypeInfo("x")).toThrow(/known types: process/);
  });

  it("gives the process template: every variable mapped to its placeholder, described", () => {
    const template = defaultBaseJobTemplate("process");
    const names = [
      "name",
      "env",
      "labels",
      "command",
      "stream_output",
      "working_dir",
      "reuse_processes",
      "max_runs_per_process",
      "max_process_memory_mb",
    ];
    expect(template.job_configuration).toEqual(Object.fromEntries(names.map((n) => [n, `{{ ${n} }}`])));
    const properties = template.variables.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties).sort()).toEqual([...names].sort());
    for (const property of Object.values(properties)) {
      expect(property.title).toEqual(expect.any(String));
      expect(property.description).toEqual(expect.any(String));
    }
    expect(properties.env).toMatchObject({ title: "Environment variables", type: "object" });
    expect(properties.stream_output).toMatchObject({ type: "boolean", default: true });
    expect(properties.working_dir).toMatchObject({ type: "string", format: "path" });
    expect(String(properties.command?.description)).toContain("steward flow-run execute");
    expect(validateBaseJobTemplate(template)).toEqual([]);
  });

  it("configures a run with only the variables that have defaults when nothing is set", () => {
    const { configuration } = buildJobConfiguration(defaultBaseJobTemplate("process"), {}, {});
    expect(configuration).toEqual({
      stream_output: true,
      reuse_processes: false,
      max_runs_per_process: 100,
      max_process_memory_mb: 512,
    });
  });

  it("hands out fresh copies", () => {
    const first = defaultBaseJobTemplate("process");
    first.job_configuration.name = "changed";
    expect(defaultBaseJobTemplate("process").job_configuration.name).toBe("{{ name }}");
    expect(workerTypeInfo("process")).toMatchObject({ type: "process", description: expect.any(String) });
  });
});
