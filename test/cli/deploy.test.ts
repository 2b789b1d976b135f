import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config/settings.js";
import { configureSdk, resetSdk } from "../../src/sdk/index.js";
import { report, wrapped } from "./fixtures/deploy-flows.js";
import { steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = "test/cli/fixtures/deploy-flows.ts";
const SRC_INDEX = join(ROOT, "src/index.ts");
const ZOD = join(ROOT, "node_modules/zod/index.js");
let server: TestServer;
const project = mkdtempSync(join(tmpdir(), "steward-deploy-project-"));

/** `steward …` run from the repository root (where the fixture entrypoints are). */
const run = (...argv: string[]) => steward(argv, server.env, { cwd: ROOT });
const inProject = (...argv: string[]) =>
  steward(argv, { ...server.env, POOL_NAME: "pool" }, { cwd: project });
const readDeployment = (flow: string, name: string) =>
  server.client.call("readDeploymentByName", { params: { flow_name: flow, deployment_name: name } });

beforeAll(async () => {
  server = await startTestServer();
  await server.client.call("createWorkPool", { body: { name: "pool" } });
  mkdirSync(join(project, "flows"));
  // A project outside the repository: an ES module package, importing Steward and zod by path.
  writeFileSync(join(project, "package.json"), '{ "type": "module" }');
  writeFileSync(
    join(project, "flows/etl.ts"),
    `import { flow } from ${JSON.stringify(SRC_INDEX)};\nimport { z } from ${JSON.stringify(ZOD)};\n` +
      `export const etl = flow({ name: "yaml-etl", parameters: z.object({ n: z.number() }) }, async ({ n }) => n);\n`,
  );
  writeFileSync(
    join(project, "flows/throws.ts"),
    `const ready = false;\nif (!ready) throw new Error("no config");\n`,
  );
  writeFileSync(
    join(project, "flows/syntax.ts"),
    `export const broken = flow({ name: "x" }, () => {\n  const = 1;\n});\n`,
  );
});
afterAll(async () => {
  resetSdk();
  await server.close();
  rmSync(project, { recursive: true, force: true });
});

describe("steward deploy ENTRYPOINT", () => {
  it("registers the deployment with the flow's schema, the entrypoint as given and runs starting in cwd", async () => {
    const result = await run(
      "deploy",
      `${FIXTURE}:report`,
      "--name",
      "daily",
      "--pool",
      "pool",
      "--interval",
      "60",
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Deployment "cli-report\/daily" created \(id [0-9a-f-]{36}\)\.$/m);
    expect(result.stdout).toContain("pool pool, queue default; schedule every 1m");
    expect(result.stdout).toContain("steward worker start --pool pool");
    expect(result.stdout).toContain("steward deployment run cli-report/daily");
    const deployment = await readDeployment("cli-report", "daily");
    expect(deployment).toMatchObject({
      entrypoint: `${FIXTURE}:report`,
      work_pool_name: "pool",
      work_queue_name: "default",
      enforce_parameter_schema: true,
      pull_steps: [{ set_working_directory: { directory: ROOT } }],
    });
    expect(deployment.parameter_openapi_schema).toMatchObject({
      type: "object",
      properties: { day: { type: "string" }, limit: { type: "integer" } },
      required: ["day"],
    });
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([expect.objectContaining({ interval: 60 })]);
  });

  it("takes every flag, and says 'updated' the second time", async () => {
    const flags = [
      ...["--work-queue", "urgent", "--param", "day=mon", "--params", '{"limit": 3, "day": "x"}'],
      ...["--job-variable", "env.PORT=8080", "--job-variable", "stream_output=false", "-t", "a", "-t", "b"],
      ...["--version", "1.2", "--description", "the report", "--concurrency-limit", "2"],
      ...["--collision-strategy", "cancel-new", "--no-enforce-parameter-schema", "--interval", "PT10M"],
      ...["--anchor-date", "2025-01-01T00:00:00Z", "--cron", "0 2 * * *", "--timezone", "Europe/Paris"],
    ];
    const first = await run("deploy", `${FIXTURE}:report`, "--name", "full", "--pool", "pool", ...flags);
    expect(first.code, first.stderr).toBe(0);
    const second = await run("deploy", `${FIXTURE}:report`, "--name", "full", "--pool", "pool", ...flags);
    expect(second.stdout).toMatch(/^Deployment "cli-report\/full" updated/m);
    const deployment = await readDeployment("cli-report", "full");
    expect(deployment).toMatchObject({
      work_queue_name: "urgent",
      parameters: { day: "mon", limit: 3 },
      job_variables: { env: { PORT: "8080" }, stream_output: false },
      tags: ["a", "b"],
      version: "1.2",
      description: "the report",
      concurrency_limit: 2,
      concurrency_options: { collision_strategy: "CANCEL_NEW" },
      enforce_parameter_schema: false,
    });
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([
      expect.objectContaining({ interval: 600, timezone: "Europe/Paris" }),
      expect.objectContaining({ cron: "0 2 * * *", timezone: "Europe/Paris" }),
    ]);
    expect(
      Date.parse(String((deployment.schedules[0]?.schedule as { anchor_date: string }).anchor_date)),
    ).toBe(Date.parse("2025-01-01T00:00:00Z"));
  });

  it("explains a missing pool with the command that creates it", async () => {
    const result = await run("deploy", `${FIXTURE}:report`, "--name", "x", "--pool", "nowhere");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Work pool "nowhere" does not exist.');
    expect(result.stderr).toContain("steward work-pool create --type process nowhere");
  });

  it("explains entrypoint problems: missing file or export, not a flow, syntax error, throwing import", async () => {
    const deploy = (entrypoint: string) =>
      steward(["deploy", entrypoint, "--name", "x", "--pool", "pool"], server.env, { cwd: project });
    const missing = await deploy("flows/nope.ts:etl");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`the file ${join(project, "flows/nope.ts")} does not exist`);
    const noExport = await deploy("flows/etl.ts:elt");
    expect(noExport.stderr).toContain('has no export named "elt". Flows it exports: etl.');
    const notFlow = await run("deploy", `${FIXTURE}:notAFlow`, "--name", "x", "--pool", "pool");
    expect(notFlow.stderr).toContain(
      'the export "notAFlow" of test/cli/fixtures/deploy-flows.ts is a number, not a flow',
    );
    const syntax = await deploy("flows/syntax.ts:broken");
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(new RegExp(`${join(project, "flows/syntax.ts")}:2:\\d+`));
    const throws = await deploy("flows/throws.ts:x");
    expect(throws.stderr).toContain(`failed: no config (thrown at ${join(project, "flows/throws.ts")}:2:`);
    const format = await deploy("flows/etl.ts");
    expect(format.stderr).toContain("is not valid. Write it as path/to/file.ts:exportName");
  });

  it("rejects malformed flags before loading anything", async () => {
    const deploy = (...flags: string[]) =>
      run("deploy", "nope.ts:x", "--name", "x", "--pool", "pool", ...flags);
    const params = await deploy("--params", "{day: mon}");
    expect(params.code).toBe(2);
    expect(params.stderr).toContain("--params is not valid JSON");
    const param = await deploy("--param", "day");
    expect(param.stderr).toContain('--param expects KEY=VALUE, got "day"');
    const jobVariable = await deploy("--job-variable", "env");
    expect(jobVariable.code).toBe(2);
    expect(jobVariable.stderr).toContain('--job-variable expects KEY=VALUE, got "env"');
    const nested = await deploy("--job-variable", "env=1", "--job-variable", "env.A=b");
    expect(nested.stderr).toContain("env was already set to 1");
    expect((await deploy("--interval", "often")).stderr).toContain(
      '--interval: Interval "often" is not valid',
    );
    expect((await deploy("--cron", "* * * * *", "--timezone", "Mars/Base")).stderr).toContain(
      "unknown time zone",
    );
    expect((await deploy("--collision-strategy", "drop")).stderr).toContain(
      "is not one of ENQUEUE, CANCEL_NEW",
    );
    expect((await deploy("--collision-strategy", "enqueue")).stderr).toContain(
      "only applies with --concurrency-limit",
    );
    const noName = await run("deploy", "nope.ts:x", "--pool", "pool");
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain("--name is required");
    const noPool = await run("deploy", "nope.ts:x", "--name", "x");
    expect(noPool.stderr).toContain("--pool is required");
    const nothing = await run("deploy");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("Name what to deploy");
  });
});

describe("steward deploy from steward.yaml, and steward init", () => {
  it("writes a starter file once, and again only with --force", async () => {
    const init = await inProject("init", "--name", "demo");
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(project, "steward.yaml"), "utf8")).toContain('name: "demo"');
    const again = await inProject("init");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect((await inProject("init", "--force")).code).toBe(0);
  });

  it("deploys every deployment with --all, and one with --name, with flags applied over the file", async () => {
    writeFileSync(
      join(project, "steward.yaml"),
      `name: demo
deployments:
  - name: hourly
    entrypoint: flows/etl.ts:etl
    parameters: { n: 1 }
    concurrency_limit: { limit: 1, collision_strategy: CANCEL_NEW }
    schedules:
      - interval: PT1H
        active: false
    work_pool:
      name: "{{ $POOL_NAME }}"
      job_variables: { env: { A: "1" } }
  - name: manual
    entrypoint: flows/etl.ts:etl
    pull: []
    work_pool: { name: pool, work_queue_name: manual-queue }
`,
    );
    const all = await inProject("deploy", "--all");
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('Deployment "yaml-etl/hourly" created');
    expect(all.stdout).toContain('Deployment "yaml-etl/manual" created');
    expect(await readDeployment("yaml-etl", "hourly")).toMatchObject({
      entrypoint: "flows/etl.ts:etl",
      parameters: { n: 1 },
      concurrency_limit: 1,
      concurrency_options: { collision_strategy: "CANCEL_NEW" },
      job_variables: { env: { A: "1" } },
      pull_steps: [{ set_working_directory: { directory: project } }],
      schedules: [
        expect.objectContaining({ active: false, schedule: expect.objectContaining({ interval: 3600 }) }),
      ],
    });
    expect(await readDeployment("yaml-etl", "manual")).toMatchObject({
      pull_steps: [],
      work_queue_name: "manual-queue",
    });

    const one = await inProject("deploy", "--name", "hourly", "--param", "n=5", "--job-variable", "env.B=2");
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('Deployment "yaml-etl/hourly" updated');
    expect(one.stdout).not.toContain("manual");
    expect(await readDeployment("yaml-etl", "hourly")).toMatchObject({
      parameters: { n: 5 },
      job_variables: { env: { A: "1", B: "2" } },
    });
  });

  it("reads another file with --file, and names unknown deployments", async () => {
    writeFileSync(
      join(project, "other.yaml"),
      "deployments:\n  - name: other\n    entrypoint: flows/etl.ts:etl\n    work_pool: { name: pool }\n",
    );
    const other = await inProject("deploy", "--file", "other.yaml", "--all");
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain('Deployment "yaml-etl/other" created');
    const unknown = await inProject("deploy", "--name", "weekly");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no deployment named "weekly". Its deployments: hourly, manual.');
    const both = await inProject("deploy", "flows/etl.ts:etl", "--all");
    expect(both.code).toBe(2);
  });

  it("reports each problem of the file with its path, before deploying anything", async () => {
    writeFileSync(
      join(project, "bad.yaml"),
      `deployments:
  - name: fine
    entrypoint: flows/etl.ts:etl
    work_pool: { name: pool }
  - name: broken
    entrypoint: flows/etl.ts:etl
    work_pool: { queue: x }
    schedules:
      - cron: "0 * * * *"
        rrule: FREQ=DAILY
    description: "{{ $NOT_SET_ANYWHERE }}"
`,
    );
    const result = await inProject("deploy", "--file", "bad.yaml", "--all");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("bad.yaml is not valid:");
    expect(result.stderr).toContain("deployments[1].work_pool.name: required");
    expect(result.stderr).toContain('deployments[1].work_pool: Unrecognized key: "queue"');
    expect(result.stderr).toContain(
      "deployments[1].schedules[0]: give exactly one of interval, cron or rrule",
    );
    expect(result.stderr).toContain(
      "deployments[1].description: environment variable NOT_SET_ANYWHERE is not set",
    );
    await expect(readDeployment("yaml-etl", "fine")).rejects.toMatchObject({ status: 404 });
    const missing = await inProject("deploy", "--file", "missing.yaml", "--all");
    expect(missing.stderr).toContain("missing.yaml does not exist. Create it with `steward init`");
  });

  it("names the deployment whose entrypoint or pool fails", async () => {
    writeFileSync(
      join(project, "pool.yaml"),
      "deployments:\n  - name: lost\n    entrypoint: flows/etl.ts:etl\n    work_pool: { name: nowhere }\n",
    );
    const result = await inProject("deploy", "--file", "pool.yaml", "--all");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Deployment "lost" of');
    expect(result.stderr).toContain("steward work-pool create --type process nowhere");
  });
});

describe("flow.deploy() from TypeScript", () => {
  beforeAll(() => {
    configureSdk({ settings: loadSettings({ STEWARD_HOME: server.home, STEWARD_API_URL: server.apiUrl }) });
  });

  it("registers a deployment, deriving the entrypoint from where the flow is defined", async () => {
    const deployment = await report.deploy({
      name: "from-code",
      workPool: "pool",
      parameters: { day: "tue" },
      jobVariables: { env: { X: "1" } },
      tags: ["sdk"],
      cron: "*/5 * * * *",
      schedules: [{ interval: "PT30M", active: false }],
      concurrencyLimit: 1,
    });
    expect(deployment).toMatchObject({
      name: "from-code",
      flow_name: "cli-report",
      entrypoint: `${FIXTURE}:report`,
      parameters: { day: "tue" },
      job_variables: { env: { X: "1" } },
      tags: ["sdk"],
      concurrency_limit: 1,
      pull_steps: [{ set_working_directory: { directory: process.cwd() } }],
    });
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([
      expect.objectContaining({ interval: 1800 }),
      expect.objectContaining({ cron: "*/5 * * * *" }),
    ]);
    expect(existsSync(join(process.cwd(), FIXTURE))).toBe(true);
  });

  it("asks for the entrypoint when it cannot be derived, and takes it when given", async () => {
    const flow = wrapped[0];
    if (!flow) throw new Error("fixture missing");
    await expect(flow.deploy({ name: "wrapped", workPool: "pool" })).rejects.toThrow(
      /cannot be derived\. Pass it: deploy\(\{ entrypoint: "path\/to\/file\.ts:exportName"/,
    );
    const deployment = await flow.deploy({
      name: "wrapped",
      workPool: "pool",
      entrypoint: "somewhere.ts:internal",
    });
    expect(deployment.entrypoint).toBe("somewhere.ts:internal");
  });

  it("fails clearly for a missing pool and bad options", async () => {
    await expect(report.deploy({ name: "x", workPool: "nowhere" })).rejects.toThrow(
      /Work pool "nowhere" does not exist/,
    );
    await expect(report.deploy({ name: "x", workPool: "pool", interval: "often" })).rejects.toThrow(
      /Interval "often" is not valid/,
    );
    await expect(report.deploy({ name: "a/b", workPool: "pool" })).rejects.toThrow(/name: must not contain/);
  });
});
