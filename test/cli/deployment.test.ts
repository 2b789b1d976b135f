import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment, FlowRun } from "../../src/api/index.js";
import type { StateType } from "../../src/core/states.js";
import { CapturedStream, steward, waitFor } from "./helpers.js";
import { startTestServer, type TestServer, writeLogs } from "./test-server.js";

let server: TestServer;
let daily: Deployment;
const run = (...argv: string[]) => steward(argv, server.env);

const SCHEMA = {
  type: "object",
  properties: { day: { type: "string" }, limit: { type: "integer" } },
  required: ["day"],
};

async function deploy(
  flowName: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<Deployment> {
  const flow = await server.client.call("createFlow", { body: { name: flowName } });
  return server.client.call("createDeployment", {
    body: { name, flow_id: flow.id, work_pool_name: "pool", parameter_openapi_schema: SCHEMA, ...extra },
  });
}

const runsOf = (deployment: Deployment) =>
  server.client.call("filterFlowRuns", {
    body: { flow_runs: { deployment_id: { any_: [deployment.id] } }, sort: "ID_DESC" },
  });

beforeAll(async () => {
  server = await startTestServer();
  await server.client.call("createWorkPool", { body: { name: "pool" } });
  daily = await deploy("report", "daily", {
    parameters: { limit: 5 },
    schedules: [{ schedule: { interval: 3600 } }, { schedule: { cron: "0 2 * * *" }, active: false }],
    tags: ["nightly"],
  });
  await deploy("report", "weekly", { paused: true });
  await deploy("etl", "manual");
});
afterAll(() => server.close());

describe("steward deployment ls / inspect", () => {
  it("lists deployments by flow/name with pool, queue, schedules, paused and status", async () => {
    const result = await run("deployment", "ls");
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NAME\s+POOL\s+QUEUE\s+SCHEDULES\s+PAUSED\s+STATUS$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(["etl/manual", "report/daily", "report/weekly"]);
    expect(rows[1]).toMatch(/^report\/daily\s+pool\s+default\s+every 1h \+1 more\s+no\s+NOT_READY$/);
    expect(rows[2]).toMatch(/^report\/weekly\s+pool\s+default\s+-\s+yes\s+NOT_READY$/);
    const json = JSON.parse((await run("deployment", "ls", "--json")).stdout) as Deployment[];
    expect(json.map((d) => `${d.flow_name}/${d.name}`).sort()).toEqual([
      "etl/manual",
      "report/daily",
      "report/weekly",
    ]);
  });

  it("inspects one deployment, as text and as JSON", async () => {
    const result = await run("deployment", "inspect", "report/daily");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Name\s+report\/daily$/m);
    expect(result.stdout).toMatch(/^Work pool\s+pool$/m);
    expect(result.stdout).toMatch(/^Schedules\s+every 1h\s+\(id [0-9a-f-]{36}\)$/m);
    expect(result.stdout).toMatch(/^\s+cron '0 2 \* \* \*' \(UTC\) \[inactive\]\s+\(id [0-9a-f-]{36}\)$/m);
    expect(result.stdout).toMatch(/^Tags\s+nightly$/m);
    expect(result.stdout).toContain('"limit": 5');
    const json = JSON.parse((await run("deployment", "inspect", "report/daily", "--json")).stdout);
    expect(json).toEqual(await server.client.call("readDeployment", { params: { id: daily.id } }));
  });

  it("explains a name without a slash and an unknown name, listing close names", async () => {
    const noSlash = await run("deployment", "inspect", "daily");
    expect(noSlash.code).toBe(2);
    expect(noSlash.stderr).toContain('"daily" is not a deployment name: write FLOW/DEPLOYMENT');
    expect(noSlash.stderr).toContain("Did you mean report/daily?");
    const typo = await run("deployment", "inspect", "report/dialy");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('Deployment "report/dialy" not found. Did you mean report/daily');
    const far = await run("deployment", "run", "zzz/qqqqqqqqqqqq");
    expect(far.stderr).toContain("Known deployments: etl/manual, report/daily, report/weekly.");
  });
});

describe("steward deployment run", () => {
  it("creates a run with parameters merged over the deployment's, tags, a name and job variables", async () => {
    const result = await run(
      ...["deployment", "run", "report/daily", "-p", "day=mon", "--params", '{"limit": 7}'],
      ...["--tag", "manual", "--flow-run-name", "monday-report", "--job-variable", "env.DEBUG=1"],
    );
    expect(result.code, result.stderr).toBe(0);
    const [created] = await runsOf(daily);
    expect(result.stdout).toContain(
      `Created flow run "monday-report" (${created?.id}) of deployment "report/daily".`,
    );
    expect(result.stderr).toContain(`steward flow-run logs ${created?.id} --follow`);
    expect(created).toMatchObject({
      name: "monday-report",
      parameters: { day: "mon", limit: 7 },
      job_variables: { env: { DEBUG: "1" } },
      state_type: "SCHEDULED",
      work_pool_name: "pool",
    });
    expect(created?.tags).toContain("manual");
  });

  it("schedules the run later with --start-in and --start-at", async () => {
    const before = Date.now();
    expect(
      (await run("deployment", "run", "etl/manual", "--param", "day=x", "--start-in", "5 minutes")).code,
    ).toBe(0);
    const [later] = await runsOf(await readManual());
    const at = Date.parse(later?.next_scheduled_start_time ?? later?.expected_start_time ?? "");
    expect(at - before).toBeGreaterThanOrEqual(299_000);
    expect(at - before).toBeLessThan(310_000);
    const startAt = "2030-01-01T09:30:00.000Z";
    const result = await run("deployment", "run", "etl/manual", "--param", "day=y", "--start-at", startAt);
    expect(result.stdout).toContain("scheduled for 2030-01-01");
    const [fixed] = await runsOf(await readManual());
    expect(fixed?.expected_start_time).toBe(startAt);
  });

  it("lists each parameter that breaks the schema (422)", async () => {
    const result = await run("deployment", "run", "report/daily", "--param", "limit=many");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The API rejected the run of "report/daily" (422');
    expect(result.stderr).toMatch(/ {2}- .*day/);
    expect(result.stderr).toMatch(/ {2}- .*limit/);
    expect(result.stderr).toContain("steward deployment inspect report/daily");
  });

  it("rejects malformed --params and --job-variable before calling the API", async () => {
    const params = await run("deployment", "run", "report/daily", "--params", "[1]");
    expect(params.code).toBe(2);
    expect(params.stderr).toContain("--params must be a JSON object");
    const jobVariable = await run("deployment", "run", "report/daily", "--job-variable", ".x=1");
    expect(jobVariable.code).toBe(2);
    expect(jobVariable.stderr).toContain("has an invalid key");
    const startIn = await run("deployment", "run", "report/daily", "--start-in", "later");
    expect(startIn.stderr).toContain('--start-in "later" is not a duration');
  });
});

async function readManual(): Promise<Deployment> {
  return server.client.call("readDeploymentByName", {
    params: { flow_name: "etl", deployment_name: "manual" },
  });
}

/** Starts `deployment run --watch`, waits for its run, drives it through `states`, and returns both. */
async function watchWhileDriving(
  deployment: Deployment,
  states: { type: StateType; message?: string }[],
): Promise<{ code: number; stdout: string; stderr: string; run: FlowRun }> {
  const known = new Set((await runsOf(deployment)).map((r) => r.id));
  const stdout = new CapturedStream();
  const name = `${deployment.flow_name}/${deployment.name}`;
  const watching = steward(["deployment", "run", name, "--param", "day=fri", "--watch"], server.env, {
    stdout,
  });
  const created = await waitFor(async () => (await runsOf(deployment)).find((r) => !known.has(r.id)));
  await waitFor(() => (stdout.text.includes("→ Scheduled") ? true : undefined));
  for (const [i, state] of states.entries()) {
    await server.client.call("setFlowRunState", { params: { id: created.id }, body: { state } });
    if (state.type === "RUNNING") {
      await waitFor(() => (stdout.text.includes("→ Running") ? true : undefined));
      await writeLogs(server.client, created.id, [`working on step ${i}`]);
      await waitFor(() => (stdout.text.includes(`working on step ${i}`) ? true : undefined));
    }
  }
  return { ...(await watching), run: created };
}

describe("steward deployment run --watch", () => {
  it("follows states and logs until COMPLETED, and exits 0", async () => {
    const result = await watchWhileDriving(daily, [
      { type: "PENDING" },
      { type: "RUNNING" },
      { type: "COMPLETED" },
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const states = lines.filter((line) => line.includes("→ ")).map((line) => line.split("→ ")[1]);
    expect(states.slice(0, 4)).toEqual(["Scheduled", "Pending", "Running", "Completed"]);
    expect(lines.some((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}→ Pending$/.test(line))).toBe(
      true,
    );
    expect(result.stdout).toMatch(/INFO {6}working on step 1/);
    expect(lines.at(-1)).toBe(
      `Flow run "${result.run.name}" completed: Scheduled → Pending → Running → Completed.`,
    );
  });

  it("exits 1 with the failure message when the run fails", async () => {
    const result = await watchWhileDriving(daily, [
      { type: "PENDING" },
      { type: "RUNNING" },
      { type: "FAILED", message: "the database was down" },
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("→ Failed (the database was down)");
    expect(result.stderr).toContain(`Flow run "${result.run.name}" ended Failed: the database was down`);
    expect(result.stderr).toContain(`steward flow-run logs ${result.run.id}`);
  });
});

describe("steward deployment pause / resume / delete", () => {
  it("pauses, resumes and deletes by FLOW/DEPLOYMENT", async () => {
    const paused = await run("deployment", "pause", "etl/manual");
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain('Paused deployment "etl/manual"');
    expect((await readManual()).paused).toBe(true);
    expect((await run("deployment", "resume", "etl/manual")).code).toBe(0);
    expect((await readManual()).paused).toBe(false);
    const deleted = await run("deployment", "delete", "etl/manual");
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('Deleted deployment "etl/manual"');
    const gone = await run("deployment", "delete", "etl/manual");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Deployment "etl/manual" not found.');
  });
});
