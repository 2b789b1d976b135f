import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { loadProject } from "./load.js";
import { starterYaml } from "./starter.js";

const dir = mkdtempSync(join(tmpdir(), "steward-project-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function project(text: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `steward-${count++}.yaml`);
  writeFileSync(file, text);
  return () => loadProject(file, env);
}

const MINIMAL = `
deployments:
  - name: nightly
    entrypoint: flows/etl.ts:etl
    work_pool: { name: pool-a }
`;

describe("loadProject", () => {
  it("turns each deployment into deploy options, runs starting in the file's folder by default", () => {
    const loaded = project(MINIMAL)();
    expect(loaded.dir).toBe(dir);
    expect(loaded.deployments).toEqual([
      expect.objectContaining({
        name: "nightly",
        entrypoint: "flows/etl.ts:etl",
        workPool: "pool-a",
        pullSteps: [{ set_working_directory: { directory: dir } }],
      }),
    ]);
  });

  it("reads every field: schedules, concurrency with a strategy, job variables, pull overrides", () => {
    const [deployment] = project(`
name: demo
pull: []
deployments:
  - name: full
    entrypoint: flows/etl.ts:etl
    version: 1.5
    tags: [prod, 7]
    parameters: { n: 3 }
    enforce_parameter_schema: false
    concurrency_limit: { limit: 2, collision_strategy: CANCEL_NEW }
    schedules:
      - interval: PT10M
        anchor_date: "2025-01-01T00:00:00Z"
      - cron: "0 2 * * *"
        timezone: Europe/Paris
        active: false
    work_pool:
      name: pool-a
      work_queue_name: urgent
      job_variables: { env: { LOG_LEVEL: debug } }
`)().deployments;
    expect(deployment).toMatchObject({
      version: "1.5",
      tags: ["prod", "7"],
      parameters: { n: 3 },
      enforceParameterSchema: false,
      concurrencyLimit: 2,
      collisionStrategy: "CANCEL_NEW",
      workQueue: "urgent",
      jobVariables: { env: { LOG_LEVEL: "debug" } },
      pullSteps: [],
      schedules: [
        { interval: "PT10M", anchorDate: "2025-01-01T00:00:00Z" },
        { cron: "0 2 * * *", timezone: "Europe/Paris", active: false },
      ],
    });
  });

  it("expands {{ $ENV_VAR }} in strings and reports unset variables with their path", () => {
    const text = MINIMAL.replace("pool-a", '"{{ $POOL }}"').replace("nightly", "nightly-{{$SUFFIX}}");
    expect(project(text, { POOL: "from-env", SUFFIX: "x" })().deployments[0]).toMatchObject({
      workPool: "from-env",
      name: "nightly-x",
    });
    expect(project(text, { SUFFIX: "x" })).toThrow(
      /deployments\[0\]\.work_pool\.name: environment variable POOL is not set/,
    );
  });

  it("reports each problem with its path", () => {
    const load = project(`
deployments:
  - name: ok
    entrypoint: a.ts:a
    work_pool: { name: p }
  - entrypoint: b.ts:b
    work_pool: {}
    concurrency_limit: -1
    schedules:
      - interval: soon
      - cron: "* * * * *"
        interval: 60
      - rrule: FREQ=DAILY
        timezone: Nowhere/Land
    workpool: typo
`);
    let message = "";
    try {
      load();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("is not valid:");
    expect(message).toContain("deployments[1].name: required");
    expect(message).toContain("deployments[1].work_pool.name: required");
    expect(message).toContain('deployments[1]: Unrecognized key: "workpool"');
    expect(message).toContain('deployments[1].schedules[0].interval: Interval "soon" is not valid');
    expect(message).toContain("deployments[1].schedules[1]: give exactly one of interval, cron or rrule");
    expect(message).toContain('deployments[1].schedules[2].timezone: unknown time zone "Nowhere/Land"');
    expect(message).toContain("deployments[1].concurrency_limit");
    expect(message).toContain("steward init");
  });

  it("says what is wrong with a missing, empty or malformed file", () => {
    expect(() => loadProject(join(dir, "nope.yaml"), {})).toThrow(
      /does not exist\. Create it with `steward init`/,
    );
    expect(project("")).toThrow(/is empty/);
    expect(project("deployments: [\n  - a: b\n")).toThrow(/is not valid YAML:[\s\S]*line \d+, column \d+/);
    expect(project("deployments: []")).toThrow(/deployments: list at least one deployment/);
  });
});

describe("starterYaml", () => {
  it("is a valid project once its pool exists", () => {
    expect(parseDocument(starterYaml("demo")).errors).toEqual([]);
    const loaded = project(starterYaml("demo"))();
    expect(loaded.name).toBe("demo");
    expect(loaded.deployments[0]).toMatchObject({ name: "hello", workPool: "my-pool" });
  });
});
