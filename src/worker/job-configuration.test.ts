import { describe, expect, it } from "vitest";
import { defaultBaseJobTemplate } from "../core/worker-types.js";
import { processJobConfiguration } from "./job-configuration.js";

const run = (job_variables: Record<string, unknown> = {}) => ({ name: "sturdy-leech", job_variables });

describe("processJobConfiguration", () => {
  it("uses the process template's defaults: stream output, run name, default command", () => {
    const config = processJobConfiguration(defaultBaseJobTemplate("process"), {}, run());
    expect(config).toEqual({
      name: "sturdy-leech",
      env: {},
      labels: {},
      command: null,
      streamOutput: true,
      workingDir: null,
      reuse: null,
    });
  });

  it("reuses processes only when reuse_processes is on, with the limits given or their defaults", () => {
    const template = defaultBaseJobTemplate("process");
    expect(processJobConfiguration(template, { max_runs_per_process: 5 }, run()).reuse).toBeNull();
    expect(processJobConfiguration(template, { reuse_processes: true }, run()).reuse).toEqual({
      maxRuns: 100,
      maxMemoryMb: 512,
    });
    const tuned = processJobConfiguration(
      template,
      { reuse_processes: true, max_runs_per_process: 20 },
      run({ max_process_memory_mb: "256" }),
    );
    expect(tuned.reuse).toEqual({ maxRuns: 20, maxMemoryMb: 256 });
    expect(() =>
      processJobConfiguration(template, { reuse_processes: true, max_runs_per_process: 0 }, run()),
    ).toThrow(/"max_runs_per_process" must be a whole number of at least 1, got 0/);
    expect(() =>
      processJobConfiguration(template, { reuse_processes: true, max_process_memory_mb: 1.5 }, run()),
    ).toThrow(/"max_process_memory_mb" must be a whole number of at least 16/);
  });

  it("lets the deployment override the pool and the run override the deployment, merging env", () => {
    const config = processJobConfiguration(
      defaultBaseJobTemplate("process"),
      { env: { A: "deployment", B: "deployment" }, stream_output: false, working_dir: "/srv/flows" },
      run({ env: { B: "run", C: 3, D: null }, command: "node 'my script.js' --fast" }),
    );
    expect(config.env).toEqual({ A: "deployment", B: "run", C: "3", D: null });
    expect(config.streamOutput).toBe(false);
    expect(config.workingDir).toBe("/srv/flows");
    expect(config.command).toEqual(["node", "my script.js", "--fast"]);
  });

  it("fills a custom template's placeholders from its variables", () => {
    const template = {
      job_configuration: {
        name: "job-{{ team }}",
        env: { TEAM: "{{ team }}", LEVEL: "{{ level }}" },
        command: ["node", "{{ script }}"],
        stream_output: "{{ quiet_not }}",
      },
      variables: {
        type: "object",
        properties: {
          team: { type: "string", default: "data" },
          level: { type: "integer", default: 2 },
          script: { type: "string", default: "main.js" },
        },
      },
    };
    const config = processJobConfiguration(template, { team: "ml" }, run({ "env.EXTRA": "yes" }));
    expect(config.name).toBe("job-ml");
    expect(config.env).toEqual({ TEAM: "ml", LEVEL: "2" });
    expect(config.command).toEqual(["node", "main.js"]);
    expect(config.streamOutput).toBe(true);
  });

  it("names the variable that has the wrong type", () => {
    const template = defaultBaseJobTemplate("process");
    expect(() => processJobConfiguration(template, { env: ["A=1"] }, run())).toThrow(
      /job variable "env" must be an object of names to strings/,
    );
    expect(() => processJobConfiguration(template, { stream_output: "sometimes" }, run())).toThrow(
      /"stream_output" must be true or false/,
    );
    expect(() => processJobConfiguration(template, {}, run({ command: [1, 2] }))).toThrow(
      /"command" must be a command line or a non-empty list of strings/,
    );
    expect(() => processJobConfiguration(template, {}, run({ env: { A: { nested: 1 } } }))).toThrow(
      /"env\.A" must be a string/,
    );
  });
});
