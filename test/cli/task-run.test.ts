/**
 * `steward task-run ls | inspect`: in-process against task runs recorded through the API (exact
 * timelines), then end to end with the real binary running a real flow.
 */
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskRun, TaskRunStateRecord } from "../../src/api/index.js";
import type { StateType } from "../../src/core/states.js";
import {
  makeHome,
  ROOT,
  type StewardProcess,
  startServerProcess,
  steward as binary,
} from "../e2e/harness.js";
import { steward } from "./helpers.js";
import { createRun, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);
const T0 = Date.parse("2025-03-01T10:00:00.000Z");

type Step = [type: StateType, name: string, message?: string];

/** Records a task run of `flowRunId` that went through `steps`, one second apart from `start`. */
async function recordTaskRun(
  flowRunId: string,
  name: string,
  start: number,
  steps: Step[],
  retries = 0,
): Promise<string> {
  const id = uuidv7();
  const taskRun: TaskRunStateRecord["task_run"] = {
    id,
    name,
    flow_run_id: flowRunId,
    task_key: name.replace(/-\d+$/, ""),
    dynamic_key: "0",
    empirical_policy: { retries, retry_delay: 0 },
  };
  await server.client.call("recordTaskRunStates", {
    body: {
      records: steps.map(([type, stateName, message], i) => ({
        task_run: taskRun,
        state: {
          id: uuidv7(),
          type,
          name: stateName,
          message: message ?? null,
          timestamp: new Date(start + i * 1000).toISOString(),
        },
      })),
    },
  });
  return id;
}

let flowRun: string;
let otherFlowRun: string;
let extract: string;
let load: string;
let report: string;
let elsewhere: string;

beforeAll(async () => {
  server = await startTestServer();
  flowRun = await createRun(server.client, "etl", ["RUNNING"]);
  otherFlowRun = await createRun(server.client, "audit", ["RUNNING", "COMPLETED"]);
  extract = await recordTaskRun(flowRun, "extract-0", T0, [
    ["PENDING", "Pending"],
    ["RUNNING", "Running"],
    ["COMPLETED", "Completed"],
  ]);
  load = await recordTaskRun(
    flowRun,
    "load-0",
    T0 + 10_000,
    [
      ["PENDING", "Pending"],
      ["RUNNING", "Running"],
      ["SCHEDULED", "AwaitingRetry", "Task run failed: connection refused"],
      ["RUNNING", "Retrying"],
      ["SCHEDULED", "AwaitingRetry", "Task run failed: connection refused"],
      ["RUNNING", "Retrying"],
      ["FAILED", "Failed", "Task run failed: the table is locked"],
    ],
    2,
  );
  report = await recordTaskRun(flowRun, "report-0", T0 + 20_000, [
    ["PENDING", "Pending"],
    ["RUNNING", "Running"],
  ]);
  elsewhere = await recordTaskRun(otherFlowRun, "audit-0", T0 + 30_000, [
    ["PENDING", "Pending"],
    ["RUNNING", "Running"],
    ["COMPLETED", "Completed"],
  ]);
});
afterAll(() => server.close());

async function ids(...argv: string[]): Promise<string[]> {
  const result = await run("task-run", "ls", "--json", ...argv);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as TaskRun[]).map((t) => t.id);
}

describe("steward task-run ls", () => {
  it("lists one flow run's task runs, newest first, with state, timing and attempts", async () => {
    const result = await run("task-run", "ls", "--flow-run", flowRun);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+STATE\s+WHEN\s+DURATION\s+RUNS$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([report, load, extract]);
    expect(rows[1]).toMatch(/ load-0 +Failed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\S+ +3$/);
    expect(rows[2]).toMatch(/ extract-0 +Completed .* +1$/);
  });

  it("lists every flow run's task runs with their flow run when none is named", async () => {
    const result = await run("task-run", "ls");
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+STATE\s+WHEN\s+DURATION\s+RUNS\s+FLOW RUN$/);
    expect(rows[0]).toMatch(new RegExp(`^${elsewhere}\\s+audit-0\\s.*\\s${otherFlowRun}$`));
    expect(await ids()).toEqual([elsewhere, report, load, extract]);
  });

  it("filters by state type or name, any case; several --state mean either", async () => {
    expect(await ids("--state", "failed")).toEqual([load]);
    expect(await ids("--flow-run", flowRun, "--state", "RUNNING", "--state", "Failed")).toEqual([
      report,
      load,
    ]);
    expect(await ids("--flow-run", otherFlowRun, "--state", "completed")).toEqual([elsewhere]);
  });

  it("takes --sort (the API's task-run orders) and --limit, saying when the list goes on", async () => {
    expect(await ids("--flow-run", flowRun, "--sort", "name-asc")).toEqual([extract, load, report]);
    expect(await ids("--sort", "EXPECTED_START_TIME_ASC", "--limit", "2")).toEqual([extract, load]);
    const limited = await run("task-run", "ls", "--limit", "1");
    expect(limited.stdout).toContain(elsewhere);
    expect(limited.stderr).toContain("Showing the first 1 task runs (--limit N for more).");
    const bad = await run("task-run", "ls", "--sort", "start-time-desc");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "Valid orders: id-desc, expected-start-time-asc, expected-start-time-desc, name-asc, name-desc, end-time-desc.",
    );
  });

  it("explains a flow run that does not exist, and an id that is not one", async () => {
    const unknown = "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d";
    const missing = await run("task-run", "ls", "--flow-run", unknown);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `Flow run ${unknown} not found. List flow runs with \`steward flow-run ls\`.`,
    );
    const malformed = await run("task-run", "ls", "--flow-run", "etl");
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"etl" is not a valid flow run id');
  });
});

describe("steward task-run inspect", () => {
  it("shows the fields, the error, the attempts and the state history of a failed task run", async () => {
    const result = await run("task-run", "inspect", load);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^ID\\s+${load}$`, "m"));
    expect(result.stdout).toMatch(/^Name\s+load-0$/m);
    expect(result.stdout).toMatch(
      new RegExp(`^Flow run\\s+${flowRun} \\(steward flow-run inspect ${flowRun}\\)$`, "m"),
    );
    expect(result.stdout).toMatch(/^State\s+Failed$/m);
    expect(result.stdout).toMatch(/^Error\s+Task run failed: the table is locked$/m);
    expect(result.stdout).toMatch(/^Attempts\s+3 of 3 allowed \(2 retries\)$/m);
    const history = result.stdout.slice(result.stdout.indexOf("State history\n"));
    const rows = history.trimEnd().split("\n").slice(2);
    expect(rows.map((row) => row.split(/\s{2,}/)[1])).toEqual([
      "Pending",
      "Running",
      "AwaitingRetry",
      "Retrying",
      "AwaitingRetry",
      "Retrying",
      "Failed",
    ]);
    expect(rows[2]).toMatch(/AwaitingRetry +Task run failed: connection refused$/);
  });

  it("shows a finished task run without an error", async () => {
    const result = await run("task-run", "inspect", extract);
    expect(result.stdout).toMatch(/^State\s+Completed$/m);
    expect(result.stdout).not.toMatch(/^Error/m);
    expect(result.stdout).toMatch(/^Attempts\s+1 \(no retries\)$/m);
  });

  it("prints the task run with its state_history as JSON", async () => {
    const result = await run("task-run", "inspect", load, "--json");
    const parsed = JSON.parse(result.stdout) as TaskRun & { state_history: Array<{ name: string }> };
    expect(parsed).toMatchObject({ id: load, name: "load-0", state_type: "FAILED", run_count: 3 });
    expect(parsed.state_history.map((s) => s.name)).toHaveLength(7);
  });

  it("explains an unknown id", async () => {
    const unknown = "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d";
    const result = await run("task-run", "inspect", unknown);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Task run ${unknown} not found. List task runs with \`steward task-run ls\``,
    );
    expect((await run("task-run", "inspect", "nope")).code).toBe(2);
  });

  it("is what `flow-run inspect` points to for the task runs of a run", async () => {
    const result = await run("flow-run", "inspect", flowRun);
    expect(result.stdout).toMatch(
      new RegExp(`^Task runs\\s+3 \\(list them: steward task-run ls --flow-run ${flowRun}\\)$`, "m"),
    );
  });
});

describe("the real steward binary", () => {
  const { home, cleanup } = makeHome();
  let serverProcess: StewardProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const started = await startServerProcess(home);
    serverProcess = started.process;
    env = { STEWARD_HOME: home, STEWARD_API_URL: started.apiUrl };
  });
  afterAll(async () => {
    await serverProcess?.stop();
    cleanup();
  });

  it("lists and inspects the task runs of a flow that retried one task and lost another", async () => {
    const flowResult = await binary(["flow", "run", "test/cli/fixtures/task-flows.ts:tasksDemo"], env, ROOT);
    expect(flowResult.code, flowResult.stderr).toBe(0);
    const runs = await binary(["flow-run", "ls", "--flow-name", "tasks-demo", "--json"], env);
    const [flowRunOfDemo] = JSON.parse(runs.stdout) as Array<{ id: string }>;
    const id = flowRunOfDemo?.id ?? "";

    const listed = await binary(["task-run", "ls", "--flow-run", id], env);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = listed.stdout.trimEnd().split("\n").slice(1);
    const byName = new Map(rows.map((row) => [row.split(/\s+/)[1], row]));
    expect([...byName.keys()].sort()).toEqual(["doomed-0", "extract-0", "flaky-0"]);
    expect(byName.get("flaky-0")).toMatch(/ Completed .* 2$/);
    expect(byName.get("doomed-0")).toMatch(/ Failed .* 1$/);

    const doomedId = byName.get("doomed-0")?.split(/\s+/)[0] ?? "";
    const doomed = await binary(["task-run", "inspect", doomedId], env);
    expect(doomed.code, doomed.stderr).toBe(0);
    expect(doomed.stdout).toMatch(/^Error\s+Task run failed: the disk is full$/m);
    const flakyId = byName.get("flaky-0")?.split(/\s+/)[0] ?? "";
    const flaky = await binary(["task-run", "inspect", flakyId], env);
    expect(flaky.stdout).toMatch(/^Attempts\s+2 of 2 allowed \(1 retry\)$/m);
    expect(flaky.stdout).toMatch(/AwaitingRetry +Task run failed: the network blinked$/m);
    const extractId = byName.get("extract-0")?.split(/\s+/)[0] ?? "";
    expect(flaky.stdout).toMatch(new RegExp(`^Inputs\\s+rows ← task run ${extractId}$`, "m"));

    const inspected = await binary(["flow-run", "inspect", id], env);
    expect(inspected.stdout).toMatch(
      new RegExp(`^Task runs\\s+3 \\(list them: steward task-run ls --flow-run ${id}\\)$`, "m"),
    );
  });
});
