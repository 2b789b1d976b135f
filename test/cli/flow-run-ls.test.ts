/**
 * `steward flow-run ls` shows what a user looks for first: the latest runs by start time (expected
 * start before they start), newest first, without the scheduled runs still to come, which
 * `--upcoming` lists soonest first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun } from "../../src/api/index.js";
import {
  api,
  makeHome,
  type StewardProcess,
  startServerProcess,
  steward as binary,
  waitFor,
} from "../e2e/harness.js";
import { steward } from "./helpers.js";
import { createRun, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);
const MINUTE = 60_000;

/** Ids of the runs `flow-run ls --json …` prints, in order. */
async function ids(...argv: string[]): Promise<string[]> {
  const result = await run("flow-run", "ls", "--json", ...argv);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as FlowRun[]).map((r) => r.id);
}

/** A run of `flowName` SCHEDULED for `offsetMs` from now. */
async function scheduled(flowName: string, offsetMs: number): Promise<string> {
  const flow = await server.client.call("createFlow", { body: { name: flowName } });
  const created = await server.client.call("createFlowRun", {
    body: {
      flow_id: flow.id,
      state: {
        type: "SCHEDULED",
        state_details: { scheduled_time: new Date(Date.now() + offsetMs).toISOString() },
      },
    },
  });
  return created.id;
}

// Created in this order; the names say when each starts (or started, or is expected to).
let lateTen: string; // SCHEDULED 10 minutes ago (late)
let lateHour: string; // SCHEDULED an hour ago (late)
let completed: string; // ran just now
let retrying: string; // ran just now, failed, retries in an hour (AwaitingRetry)
let inTwoHours: string;
let inOneHour: string;
let inThreeHours: string;
let claimedEarly: string; // due in a minute, already PENDING (a worker claims ahead of time)

beforeAll(async () => {
  server = await startTestServer();
  lateTen = await scheduled("etl", -10 * MINUTE);
  lateHour = await scheduled("etl", -60 * MINUTE);
  completed = await createRun(server.client, "etl", ["RUNNING", "COMPLETED"]);
  retrying = await createRun(server.client, "etl", ["RUNNING"]);
  await server.client.call("setFlowRunState", {
    params: { id: retrying },
    body: {
      state: {
        type: "SCHEDULED",
        name: "AwaitingRetry",
        state_details: { scheduled_time: new Date(Date.now() + 60 * MINUTE).toISOString() },
      },
      force: true,
    },
  });
  inTwoHours = await scheduled("report", 120 * MINUTE);
  inOneHour = await scheduled("report", 60 * MINUTE);
  inThreeHours = await scheduled("etl", 180 * MINUTE);
  claimedEarly = await scheduled("etl", MINUTE);
  await server.client.call("setFlowRunState", {
    params: { id: claimedEarly },
    body: { state: { type: "PENDING" } },
  });
});
afterAll(() => server.close());

describe("steward flow-run ls", () => {
  it("lists the latest runs by start (or expected start), newest first, without the runs to come", async () => {
    expect(await ids()).toEqual([claimedEarly, retrying, completed, lateTen, lateHour]);
  });

  it("says how many scheduled runs are still to come, and how to list them", async () => {
    const result = await run("flow-run", "ls");
    expect(result.code).toBe(0);
    const rows = result.stdout.trimEnd().split("\n").slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([
      claimedEarly,
      retrying,
      completed,
      lateTen,
      lateHour,
    ]);
    expect(rows[1]).toMatch(/ AwaitingRetry /);
    expect(result.stderr).toContain(
      "3 scheduled runs are still to come: `steward flow-run ls --upcoming` lists them.",
    );
  });

  it("--upcoming lists the scheduled runs to come, soonest first", async () => {
    expect(await ids("--upcoming")).toEqual([inOneHour, inTwoHours, inThreeHours]);
    const table = await run("flow-run", "ls", "--upcoming");
    expect(table.stdout).toMatch(/^ID\s+FLOW\s+NAME\s+STATE\s+WHEN\s+DURATION$/m);
    expect(table.stdout).not.toContain(completed);
    expect(table.stderr).not.toContain("still to come");
  });

  it("keeps --state and --flow-name working with either list", async () => {
    // AwaitingRetry is a SCHEDULED state, but of a run that has started: it is not "to come".
    expect(await ids("--state", "scheduled")).toEqual([retrying, lateTen, lateHour]);
    expect(await ids("--state", "late", "--state", "completed")).toEqual([completed]);
    expect(await ids("--state", "AwaitingRetry")).toEqual([retrying]);
    expect(await ids("--upcoming", "--state", "scheduled")).toEqual([inOneHour, inTwoHours, inThreeHours]);
    expect(await ids("--upcoming", "--flow-name", "report")).toEqual([inOneHour, inTwoHours]);
    expect(await ids("--flow-name", "report")).toEqual([]);
    const none = await run("flow-run", "ls", "--upcoming", "--state", "running");
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("No scheduled runs to come.");
  });

  it("takes --sort (the API's flow-run orders) and --limit, saying when the list goes on", async () => {
    expect(await ids("--sort", "start-time-asc")).toEqual([
      lateHour,
      lateTen,
      completed,
      retrying,
      claimedEarly,
    ]);
    expect(await ids("--sort", "ID_DESC")).toEqual([claimedEarly, retrying, completed, lateHour, lateTen]);
    expect(await ids("--upcoming", "--sort", "id-desc")).toEqual([inThreeHours, inOneHour, inTwoHours]);
    expect(await ids("--limit", "2")).toEqual([claimedEarly, retrying]);
    const limited = await run("flow-run", "ls", "--limit", "2");
    expect(limited.stdout.trimEnd().split("\n")).toHaveLength(3);
    expect(limited.stderr).toContain("Showing the first 2 flow runs (--limit N for more).");
    const all = await run("flow-run", "ls", "--limit", "5");
    expect(all.stderr).not.toContain("Showing");
  });

  it("rejects an unknown --sort, listing the valid orders", async () => {
    const result = await run("flow-run", "ls", "--sort", "newest");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "Unknown sort order. Valid orders: id-desc, start-time-asc, start-time-desc,",
    );
    expect(result.stderr).toContain("Run `steward flow-run ls --help` for usage.");
    expect(result.stdout).toBe("");
  });
});

describe("the real steward binary, after `steward deploy … --interval 60`", () => {
  const { home, cleanup } = makeHome();
  let serverProcess: StewardProcess;
  let apiUrl: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ process: serverProcess, apiUrl } = await startServerProcess(home));
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl };
  });
  afterAll(async () => {
    await serverProcess?.stop();
    cleanup();
  });

  it("lists the run that just completed first, and the scheduled runs to come only with --upcoming", async () => {
    expect((await binary(["work-pool", "create", "--type", "process", "ls-pool"], env)).code).toBe(0);
    const deployed = await binary(
      [
        "deploy",
        "test/fixtures/flows.ts:ticker",
        "--name",
        "every-minute",
        "--pool",
        "ls-pool",
        "--interval",
        "60",
      ],
      env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    // The scheduler creates the runs to come (no worker: they stay SCHEDULED).
    const toCome = await waitFor(
      async () => {
        const runs = await api<FlowRun[]>(apiUrl, "POST", "/flow_runs/filter", {
          flow_runs: { state: { type: { any_: ["SCHEDULED"] } } },
          limit: 200,
        });
        return runs.length >= 3 ? runs : undefined;
      },
      { what: "the scheduler's runs" },
    );
    const ran = await binary(["flow", "run", "test/fixtures/flows.ts:ticker", "--param", "ticks=1"], env);
    expect(ran.code, ran.stderr).toBe(0);

    const listedAt = Date.now();
    const table = await binary(["flow-run", "ls"], env);
    expect(table.code, table.stderr).toBe(0);
    // First, unless a scheduled run fell due in the second since it ran (it would be newer).
    const rows = table.stdout.trimEnd().split("\n").slice(1);
    const completedAt = rows.findIndex((row) => / ticker +\S+ +Completed +\d{4}-/.test(row));
    expect(completedAt, table.stdout).toBeGreaterThanOrEqual(0);
    for (const row of rows.slice(0, completedAt)) expect(row).toMatch(/ (Scheduled|Late) /);
    expect(completedAt).toBeLessThanOrEqual(1);
    expect(table.stderr).toMatch(
      /\d+ scheduled runs are still to come: `steward flow-run ls --upcoming` lists them\./,
    );
    const shown = JSON.parse(
      (await binary(["flow-run", "ls", "--json", "--limit", "200"], env)).stdout,
    ) as FlowRun[];
    for (const run of shown) {
      if (run.state_type === "SCHEDULED")
        expect(Date.parse(run.expected_start_time ?? "")).toBeLessThanOrEqual(listedAt);
    }

    const upcoming = await binary(["flow-run", "ls", "--upcoming", "--json", "--limit", "200"], env);
    const runs = JSON.parse(upcoming.stdout) as FlowRun[];
    expect(runs.length).toBeGreaterThanOrEqual(toCome.length - 1);
    expect(runs.every((run) => run.state_type === "SCHEDULED")).toBe(true);
    const times = runs.map((run) => Date.parse(run.expected_start_time ?? ""));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(listedAt - 60_000);
  });
});
