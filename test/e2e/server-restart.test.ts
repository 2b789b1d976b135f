import { afterAll, describe, expect, it } from "vitest";
import { api, makeHome, type StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

describe("a server killed with SIGKILL loses nothing it acknowledged", () => {
  const { home, cleanup } = makeHome();
  const servers: StewardProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    cleanup();
  });

  it("keeps every acknowledged flow run and state across a SIGKILL and restart", async () => {
    const first = await startServerProcess(home);
    servers.push(first.process);
    const flow = await api<{ id: string }>(first.apiUrl, "POST", "/flows/", { name: "restart-check" });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const run = await api<{ id: string }>(first.apiUrl, "POST", "/flow_runs/", {
        flow_id: flow.id,
        name: `run-${i}`,
      });
      ids.push(run.id);
      await api(first.apiUrl, "POST", `/flow_runs/${run.id}/set_state`, { state: { type: "RUNNING" } });
    }
    await first.process.stop("SIGKILL");

    const second = await startServerProcess(home, {}, first.port);
    servers.push(second.process);
    const count = await api<number>(second.apiUrl, "POST", "/flow_runs/count", {
      flows: { name: { any_: ["restart-check"] } },
      flow_runs: { state: { type: { any_: ["RUNNING"] } } },
    });
    expect(count).toBe(200);
    const last = await api<{ name: string }>(second.apiUrl, "GET", `/flow_runs/${ids[199]}`);
    expect(last.name).toBe("run-199");
  });

  it("a flow running while the server is killed and restarted completes with all its logs", async () => {
    const first = await startServerProcess(home);
    servers.push(first.process);
    const env = { STEWARD_HOME: home, STEWARD_API_URL: first.apiUrl };
    const flowRun = steward(["flow", "run", "test/fixtures/flows.ts:ticker", "--param", "ticks=40"], env);
    await waitFor(
      async () => {
        const logs = await api<{ message: string }[]>(first.apiUrl, "POST", "/logs/filter", {});
        return logs.some((l) => l.message === "tick 5");
      },
      { what: "the flow to log tick 5" },
    );
    await first.process.stop("SIGKILL");
    const second = await startServerProcess(home, {}, first.port);
    servers.push(second.process);

    const result = await flowRun;
    expect(result.code, result.stderr).toBe(0);
    const [run] = await api<{ id: string; state_type: string }[]>(
      second.apiUrl,
      "POST",
      "/flow_runs/filter",
      {
        flows: { name: { any_: ["ticker"] } },
      },
    );
    expect(run?.state_type).toBe("COMPLETED");
    const logs = await api<{ message: string }[]>(second.apiUrl, "POST", "/logs/filter", {
      logs: { flow_run_id: { any_: [run?.id] } },
    });
    const ticks = new Set(logs.map((l) => l.message).filter((m) => m.startsWith("tick ")));
    expect(ticks.size).toBe(40);
    const tasks = await api<number>(second.apiUrl, "POST", "/task_runs/count", {
      flow_runs: { id: { any_: [run?.id] } },
      task_runs: { state: { type: { any_: ["COMPLETED"] } } },
    });
    expect(tasks).toBe(40);
  });
});
