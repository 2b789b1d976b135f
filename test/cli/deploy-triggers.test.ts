/**
 * Deployment triggers from the three places they are written: `steward deploy --trigger`,
 * `triggers:` in steward.yaml and `flow.deploy({ triggers })`; `steward deployment inspect` shows them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config/settings.js";
import { configureSdk, resetSdk } from "../../src/sdk/index.js";
import { report } from "./fixtures/deploy-flows.js";
import { steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = "test/cli/fixtures/deploy-flows.ts";
let server: TestServer;
const project = mkdtempSync(join(tmpdir(), "steward-trigger-project-"));
const run = (...argv: string[]) => steward(argv, server.env, { cwd: ROOT });

/** The automations a deployment owns, by name. */
async function triggersOf(flow: string, name: string) {
  const deployment = await server.client.call("readDeploymentByName", {
    params: { flow_name: flow, deployment_name: name },
  });
  const owned = await server.client.call("filterAutomations", {
    body: { owner_resource: { any_: [`steward.deployment.${deployment.id}`] } },
  });
  return { deployment, owned: owned.sort((a, b) => a.name.localeCompare(b.name)) };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.client.call("createWorkPool", { body: { name: "pool" } });
  mkdirSync(join(project, "flows"));
  writeFileSync(join(project, "package.json"), '{ "type": "module" }');
  writeFileSync(
    join(project, "flows/etl.ts"),
    `import { flow } from ${JSON.stringify(join(ROOT, "src/index.ts"))};\n` +
      `export const etl = flow({ name: "trigger-etl" }, async () => 1);\n`,
  );
});
afterAll(async () => {
  resetSdk();
  await server.close();
  rmSync(project, { recursive: true, force: true });
});

describe("steward deploy --trigger", () => {
  it("registers one automation per --trigger, running the deployment with templated parameters", async () => {
    const trigger = '{"expect": ["order.created"], "parameters": {"day": "{{ event.payload.day }}"}}';
    const deployed = await run(
      ...["deploy", `${FIXTURE}:report`, "--name", "on-order", "--pool", "pool"],
      ...[
        "--trigger",
        trigger,
        "--trigger",
        '{"name": "paid", "expect": ["order.paid"], "threshold": 2, "within": "1m"}',
      ],
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stdout).toContain("2 triggers");
    const { deployment, owned } = await triggersOf("cli-report", "on-order");
    expect(owned.map((a) => a.name)).toEqual(["cli-report/on-order trigger 1", "paid"]);
    expect(owned[0]?.actions).toEqual([
      {
        type: "run-deployment",
        source: "selected",
        deployment_id: deployment.id,
        parameters: { day: "{{ event.payload.day }}" },
        job_variables: null,
      },
    ]);
    expect(owned[1]?.trigger).toMatchObject({ expect: ["order.paid"], threshold: 2, within: "1m" });

    const inspect = await run("deployment", "inspect", "cli-report/on-order");
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/^Triggers\s+cli-report\/on-order trigger 1: on order\.created$/m);
    expect(inspect.stdout).toContain('parameters {"day":"{{ event.payload.day }}"}');
    expect(inspect.stdout).toContain("paid: on order.paid (2 within 1m)");
    const json = JSON.parse((await run("deployment", "inspect", "cli-report/on-order", "--json")).stdout);
    expect(json.triggers).toHaveLength(2);
  });

  it("rejects a --trigger that is not JSON or not a trigger before any call, saying what to write", async () => {
    const notJson = await run(
      "deploy",
      `${FIXTURE}:report`,
      "--name",
      "bad",
      "--pool",
      "pool",
      "--trigger",
      "{oops",
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("--trigger is not valid JSON");
    expect(notJson.stderr).toContain("Example: --trigger");
    const badField = await run(
      ...["deploy", `${FIXTURE}:report`, "--name", "bad", "--pool", "pool"],
      ...["--trigger", '{"posture": "Proactive", "within": 1}'],
    );
    expect(badField.code).toBe(2);
    expect(badField.stderr).toContain("within");
  });
});

describe("triggers in steward.yaml and flow.deploy()", () => {
  it("deploys the triggers of steward.yaml, replacing them on redeploy", async () => {
    const yaml = (triggers: string) => `deployments:
  - name: watched
    entrypoint: flows/etl.ts:etl
    work_pool: { name: pool }
${triggers}`;
    writeFileSync(
      join(project, "steward.yaml"),
      yaml(`    triggers:
      - expect: ["file.arrived"]
        match: { "steward.resource.id": "bucket.*" }
        parameters: { path: "{{ event.payload.path }}" }
`),
    );
    const first = await steward(["deploy", "--all"], server.env, { cwd: project });
    expect(first.code, first.stderr).toBe(0);
    expect((await triggersOf("trigger-etl", "watched")).owned).toMatchObject([
      {
        name: "trigger-etl/watched trigger 1",
        trigger: { expect: ["file.arrived"], match: { "steward.resource.id": "bucket.*" } },
      },
    ]);
    writeFileSync(join(project, "steward.yaml"), yaml("    triggers: []\n"));
    expect((await steward(["deploy", "--all"], server.env, { cwd: project })).code).toBe(0);
    expect((await triggersOf("trigger-etl", "watched")).owned).toEqual([]);

    writeFileSync(join(project, "steward.yaml"), yaml("    triggers: [{ expect: 3 }]\n"));
    const bad = await steward(["deploy", "--all"], server.env, { cwd: project });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("triggers[0].expect");
  });

  it("sends flow.deploy({ triggers })", async () => {
    configureSdk({ settings: loadSettings({ STEWARD_HOME: server.home, STEWARD_API_URL: server.apiUrl }) });
    await report.deploy({
      name: "sdk-triggered",
      workPool: "pool",
      triggers: [
        { expect: ["steward.flow-run.Completed"], parameters: { day: "{{ event.resource.name }}" } },
      ],
    });
    const { owned } = await triggersOf("cli-report", "sdk-triggered");
    expect(owned).toHaveLength(1);
    expect(owned[0]?.trigger).toMatchObject({ expect: ["steward.flow-run.Completed"] });
  });
});
