import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, ROOT, type StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

interface Run {
  id: string;
  name: string;
  state_type: string;
  state_name: string;
  state: { message: string | null } | null;
  parameters: Record<string, unknown>;
  parent_task_run_id: string | null;
  run_count: number;
}

describe("the user's first steps: server, a flow run as a script and through the CLI", () => {
  const { home, cleanup } = makeHome();
  let server: StewardProcess;
  let apiUrl: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ process: server, apiUrl } = await startServerProcess(home));
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl };
  });
  afterAll(async () => {
    await server?.stop();
    cleanup();
  });

  const runsOf = async (flowName: string) =>
    api<Run[]>(apiUrl, "POST", "/flow_runs/filter", {
      flows: { name: { any_: [flowName] } },
      sort: "ID_DESC",
    });

  it("starts on an embedded SQLite database in STEWARD_HOME with migrations applied", async () => {
    expect(existsSync(join(home, "steward.db"))).toBe(true);
    expect(await api(apiUrl, "GET", "/health")).toBe(true);
    expect(server.stdout).toContain(apiUrl);
  });

  it("`steward flow run` records the run, its task runs, states and logs", async () => {
    const result = await steward(["flow", "run", "flows/hello.ts:hello", "--param", "name=Ada"], env);
    expect(result.code, result.stderr).toBe(0);
    const [run] = await runsOf("hello");
    expect(run?.state_type).toBe("COMPLETED");
    expect(run?.parameters).toEqual({ name: "Ada" });
    const tasks = await api<{ state_type: string }[]>(apiUrl, "POST", "/task_runs/filter", {
      flow_runs: { id: { any_: [run?.id] } },
    });
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.state_type === "COMPLETED")).toBe(true);
    const states = await api<{ type: string }[]>(apiUrl, "GET", `/flow_run_states/?flow_run_id=${run?.id}`);
    // A tracked run is created RUNNING in its create request (issue 17): no PENDING step in process.
    expect(states.map((s) => s.type)).toEqual(["RUNNING", "COMPLETED"]);
    const logs = await api<{ message: string }[]>(apiUrl, "POST", "/logs/filter", {
      logs: { flow_run_id: { any_: [run?.id] } },
    });
    expect(logs.map((l) => l.message)).toContain("Hello, Ada!");
  });

  it("running the flow file as a script with tsx is tracked the same way", async () => {
    const before = (await runsOf("hello")).length;
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "flows/hello.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: "pipe",
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    const runs = await runsOf("hello");
    expect(runs.length).toBe(before + 1);
    expect(runs[0]?.state_type).toBe("COMPLETED");
  });

  it("a crashing flow ends FAILED with its message, and the CLI exits 1 saying why", async () => {
    const result = await steward(["flow", "run", "test/fixtures/flows.ts:failing"], env);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain("the flow broke on purpose");
    const [run] = await runsOf("failing");
    expect(run?.state_type).toBe("FAILED");
    expect(run?.state?.message).toContain("the flow broke on purpose");
  });

  it("invalid parameters fail fast with a message naming each bad field", async () => {
    const result = await steward(
      ["flow", "run", "test/fixtures/flows.ts:ticker", "--param", "ticks=many"],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/ticks/);
    const [run] = await runsOf("ticker");
    expect(run?.state_type).toBe("FAILED");
    expect(run?.state?.message).toMatch(/ticks/);
  });

  it("flow retries go through AwaitingRetry and end COMPLETED with run_count 2", async () => {
    const result = await steward(["flow", "run", "test/fixtures/flows.ts:flaky"], env);
    expect(result.code, result.stderr).toBe(0);
    const [run] = await runsOf("flaky");
    expect(run?.state_type).toBe("COMPLETED");
    expect(run?.run_count).toBe(2);
    const states = await api<{ name: string }[]>(apiUrl, "GET", `/flow_run_states/?flow_run_id=${run?.id}`);
    expect(states.map((s) => s.name)).toContain("AwaitingRetry");
  });

  it("a subflow is linked to its parent through parent_task_run_id", async () => {
    const result = await steward(["flow", "run", "test/fixtures/flows.ts:parent"], env);
    expect(result.code, result.stderr).toBe(0);
    const [child] = await runsOf("ticker");
    expect(child?.parent_task_run_id).toBeTruthy();
    const parentTask = await api<{ flow_run_id: string }>(
      apiUrl,
      "GET",
      `/task_runs/${child?.parent_task_run_id}`,
    );
    const [parentRun] = await runsOf("parent");
    expect(parentTask.flow_run_id).toBe(parentRun?.id);
  });

  it("`flow-run ls`, `inspect` and `logs` show what happened", async () => {
    const run = (await runsOf("hello")).find((r) => r.parameters.name === "Ada");
    const ls = await steward(["flow-run", "ls", "--json"], env);
    expect(ls.code, ls.stderr).toBe(0);
    expect((JSON.parse(ls.stdout) as Run[]).map((r) => r.id)).toContain(run?.id);
    const table = await steward(["flow-run", "ls", "--state", "completed"], env);
    expect(table.stdout).toContain(run?.name);
    const inspect = await steward(["flow-run", "inspect", run?.id ?? "", "--json"], env);
    expect((JSON.parse(inspect.stdout) as Run).id).toBe(run?.id);
    const logs = await steward(["flow-run", "logs", run?.id ?? ""], env);
    expect(logs.stdout).toContain("Hello, Ada!");
  });

  it("`flow-run cancel` stops a running flow: it ends CANCELLED", async () => {
    const running = steward(["flow", "run", "test/fixtures/flows.ts:ticker", "--param", "ticks=600"], env);
    const run = await waitFor(async () => (await runsOf("ticker")).find((r) => r.state_type === "RUNNING"), {
      what: "a RUNNING ticker run",
    });
    const cancel = await steward(["flow-run", "cancel", run.id], env);
    expect(cancel.code, cancel.stderr).toBe(0);
    const finished = await running;
    expect(finished.code).not.toBe(0);
    const after = await waitFor(
      async () => {
        const current = await api<Run>(apiUrl, "GET", `/flow_runs/${run.id}`);
        return current.state_type === "CANCELLED" ? current : undefined;
      },
      { what: "the run to be CANCELLED" },
    );
    expect(after.state_type).toBe("CANCELLED");
  });

  it("bad input to the CLI gets a clear error, not a stack trace", async () => {
    const notUuid = await steward(["flow-run", "inspect", "not-a-uuid"], env);
    expect(notUuid.code).not.toBe(0);
    expect(notUuid.stderr).not.toMatch(/\n\s+at /);
    const unknown = await steward(["flow-run", "inspect", "0190f3c4-0000-7000-8000-000000000000"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not found/i);
    const badEntrypoint = await steward(["flow", "run", "flows/nope.ts:hello"], env);
    expect(badEntrypoint.code).toBe(1);
    expect(badEntrypoint.stderr).toMatch(/nope\.ts/);
  });
});

describe("without an API the flow still runs and logs to the console", () => {
  const { home, cleanup } = makeHome();
  afterAll(cleanup);

  it("runs untracked", async () => {
    const result = await steward(["flow", "run", "flows/hello.ts:hello", "--param", "name=Grace"], {
      STEWARD_HOME: home,
      STEWARD_API_URL: "",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain("Hello, Grace!");
  });
});
