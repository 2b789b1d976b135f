import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun } from "../../src/api/index.js";
import { CapturedStream, steward, waitFor } from "./helpers.js";
import { createRun, startTestServer, type TestServer, writeLogs } from "./test-server.js";

let server: TestServer;
let completed: string;
let running: string;
let late: string;

beforeAll(async () => {
  server = await startTestServer();
  completed = await createRun(server.client, "etl", ["RUNNING", "COMPLETED"], {
    url: "https://example.com",
    limit: 3,
  });
  running = await createRun(server.client, "report", ["RUNNING"]);
  const flow = await server.client.call("createFlow", { body: { name: "etl" } });
  const scheduled = await server.client.call("createFlowRun", {
    body: {
      flow_id: flow.id,
      state: { type: "SCHEDULED", state_details: { scheduled_time: new Date().toISOString() } },
    },
  });
  await server.client.call("setFlowRunState", {
    params: { id: scheduled.id },
    body: { state: { type: "SCHEDULED", name: "Late" } },
  });
  late = scheduled.id;
});
afterAll(() => server.close());

const env = () => server.env;

describe("steward flow ls", () => {
  it("lists flows as a table and as JSON", async () => {
    const table = await steward(["flow", "ls"], env());
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+CREATED$/);
    expect(rows.map((row) => row.split(/\s+/)[1]).sort()).toEqual(["etl", "report"]);
    const json = JSON.parse((await steward(["flow", "ls", "--json", "--limit", "1"], env())).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ name: "report" }); // newest first
  });
});

describe("steward flow-run ls", () => {
  it("lists runs newest first with state and timing columns", async () => {
    const result = await steward(["flow-run", "ls"], env());
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+FLOW\s+NAME\s+STATE\s+WHEN\s+DURATION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([late, running, completed]);
    expect(lines[3]).toMatch(/ etl .* Completed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ms$/);
    expect(lines[1]).toContain(" Late ");
  });

  it("prints the raw API objects with --json", async () => {
    const runs = JSON.parse((await steward(["flow-run", "ls", "--json"], env())).stdout) as FlowRun[];
    expect(runs.map((run) => run.id)).toEqual([late, running, completed]);
    expect(runs[2]).toMatchObject({ flow_name: "etl", state_type: "COMPLETED", parameters: { limit: 3 } });
  });

  it("filters by state type or name (any case), flow name and limit", async () => {
    const ids = async (...args: string[]) =>
      (JSON.parse((await steward(["flow-run", "ls", "--json", ...args], env())).stdout) as FlowRun[]).map(
        (r) => r.id,
      );
    expect(await ids("--state", "running")).toEqual([running]);
    expect(await ids("--state", "late")).toEqual([late]);
    expect(await ids("--state", "COMPLETED", "--state", "Late")).toEqual([late, completed]);
    expect(await ids("--flow-name", "etl")).toEqual([late, completed]);
    expect(await ids("--flow-name", "etl", "--state", "Completed")).toEqual([completed]);
    expect(await ids("--limit", "2")).toEqual([late, running]);
  });

  it("warns about a state that is neither a type nor a known name", async () => {
    const result = await steward(["flow-run", "ls", "--state", "runing"], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"runing" is not a state type or a well-known state name');
    expect(result.stderr).toContain("No flow runs match");
  });
});

describe("colours", () => {
  it("colours states on a terminal, unless NO_COLOR is set", async () => {
    const tty = () => new CapturedStream({ isTTY: true, columns: 200 });
    const coloured = await steward(["flow-run", "ls", "--state", "completed"], env(), { stdout: tty() });
    expect(coloured.stdout).toContain("\u001b[32mCompleted\u001b[39m");
    const plain = await steward(
      ["flow-run", "ls", "--state", "completed"],
      { ...env(), NO_COLOR: "1" },
      { stdout: tty() },
    );
    expect(plain.stdout).not.toContain("\u001b[");
    const piped = await steward(["flow-run", "ls", "--state", "completed"], env());
    expect(piped.stdout).not.toContain("\u001b[");
  });

  it("fits a narrow terminal by shortening names, never ids", async () => {
    const stdout = new CapturedStream({ isTTY: true, columns: 90 });
    const result = await steward(["flow-run", "ls"], { ...env(), NO_COLOR: "1" }, { stdout });
    for (const line of result.stdout.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(90);
    expect(result.stdout).toContain(completed);
  });
});

describe("steward flow-run inspect", () => {
  it("shows the details of a run", async () => {
    const result = await steward(["flow-run", "inspect", completed], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^ID\\s+${completed}$`, "m"));
    expect(result.stdout).toMatch(/^State\s+Completed$/m);
    expect(result.stdout).toMatch(/^Flow\s+etl \(/m);
    expect(result.stdout).toContain('"url": "https://example.com"');
    expect(result.stdout).toMatch(/^Task runs\s+0$/m);
    expect(result.stdout).toMatch(/^Run count\s+1$/m);
  });

  it("prints the FlowRun object with --json", async () => {
    const run = JSON.parse((await steward(["flow-run", "inspect", completed, "--json"], env())).stdout);
    expect(run).toEqual(await server.client.call("readFlowRun", { params: { id: completed } }));
  });

  it("explains an unknown id", async () => {
    const unknown = "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d";
    const result = await steward(["flow-run", "inspect", unknown], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Flow run ${unknown} not found. List flow runs with \`steward flow-run ls\`.\n`,
    );
  });
});

describe("steward flow-run logs", () => {
  it("prints every line in order, paging past 200", async () => {
    const id = await createRun(server.client, "chatty", ["RUNNING", "COMPLETED"]);
    const messages = Array.from({ length: 250 }, (_, i) => `line ${i}`);
    // Written newest batch first, so the order printed comes from the timestamps.
    const start = Date.now() - 10_000;
    await writeLogs(server.client, id, messages.slice(125), { start: start + 125 });
    await writeLogs(server.client, id, messages.slice(0, 125), { start });
    const result = await steward(["flow-run", "logs", id], env());
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(250);
    expect(lines.map((line) => line.split("  ").at(-1))).toEqual(messages);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}INFO {6}line 0$/);

    const head = await steward(["flow-run", "logs", id, "--head", "2"], env());
    expect(
      head.stdout
        .trimEnd()
        .split("\n")
        .map((l) => l.split("  ").at(-1)),
    ).toEqual(["line 0", "line 1"]);
    const tail = await steward(["flow-run", "logs", id, "--tail", "2"], env());
    expect(
      tail.stdout
        .trimEnd()
        .split("\n")
        .map((l) => l.split("  ").at(-1)),
    ).toEqual(["line 248", "line 249"]);
  });

  it("filters by level and prints JSON lines", async () => {
    const id = await createRun(server.client, "levels", ["RUNNING", "COMPLETED"]);
    await writeLogs(server.client, id, ["debug"], { level: 10 });
    await writeLogs(server.client, id, ["careful"], { level: 30, start: Date.now() + 1 });
    const result = await steward(["flow-run", "logs", id, "--level", "warning"], env());
    expect(result.stdout).toMatch(/ {2}WARNING {3}careful\n$/);
    expect(result.stdout).not.toContain("debug");
    const json = await steward(["flow-run", "logs", id, "--json"], env());
    const logs = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(logs.map((log) => log.message)).toEqual(["debug", "careful"]);
  });

  it("follows a running run until it finishes", async () => {
    const id = await createRun(server.client, "follow-me", ["RUNNING"]);
    await writeLogs(server.client, id, ["before"]);
    const stdout = new CapturedStream();
    const following = steward(["flow-run", "logs", id, "--follow"], env(), { stdout });
    await waitFor(() => (stdout.text.includes("before") ? true : undefined));
    await writeLogs(server.client, id, ["during 1", "during 2"]);
    await waitFor(() => (stdout.text.includes("during 2") ? true : undefined));
    await writeLogs(server.client, id, ["last words"]);
    await server.client.call("setFlowRunState", { params: { id }, body: { state: { type: "COMPLETED" } } });
    const result = await following;
    expect(result.code).toBe(0);
    const messages = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split("  ").at(-1));
    expect(messages).toEqual(["before", "during 1", "during 2", "last words"]);
    expect(result.stderr).toContain(`Flow run ${id} finished.`);
  });
});

describe("steward flow-run cancel and delete", () => {
  it("cancels a running run (Cancelling) and a scheduled one (Cancelled)", async () => {
    const active = await createRun(server.client, "cancel-me", ["RUNNING"]);
    const result = await steward(["flow-run", "cancel", active], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/is now Cancelling\.\n$/);

    const flow = await server.client.call("createFlow", { body: { name: "cancel-me" } });
    const scheduled = await server.client.call("createFlowRun", {
      body: { flow_id: flow.id, state: { type: "SCHEDULED" } },
    });
    const direct = await steward(["flow-run", "cancel", scheduled.id], env());
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/is now Cancelled\.\n$/);
  });

  it("refuses to cancel a finished run", async () => {
    const result = await steward(["flow-run", "cancel", completed], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`flow run ${completed} is already Completed; nothing to cancel`);
  });

  it("deletes a run, then reports it missing", async () => {
    const id = await createRun(server.client, "doomed", ["RUNNING", "COMPLETED"]);
    const result = await steward(["flow-run", "delete", id], env());
    expect(result).toMatchObject({ code: 0, stdout: `Deleted flow run ${id}\n` });
    const again = await steward(["flow-run", "delete", id], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Flow run ${id} not found`);
  });
});
