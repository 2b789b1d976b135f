import { afterAll, describe, expect, it } from "vitest";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

interface Queue {
  name: string;
  status: string;
  last_polled: string | null;
}
interface Worker {
  name: string;
  status: string;
  last_heartbeat_time: string;
}

/** DESIGN.md's "user's path", command for command, with real processes. */
describe("the user's path: pool, worker, deploy, run", () => {
  const { home, cleanup } = makeHome();
  const running: StewardProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGTERM")));
    cleanup();
  });

  it("works exactly as DESIGN.md writes it", async () => {
    const server = await startServerProcess(home);
    running.push(server.process);
    const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl };
    const pool = "tutorial-process-pool";

    const created = await steward(["work-pool", "create", "--type", "process", pool], env);
    expect(created.code, created.stderr).toBe(0);
    const listed = await steward(["work-pool", "ls"], env);
    expect(listed.stdout).toContain(pool);

    const queue = () => api<Queue>(server.apiUrl, "GET", `/work_pools/${pool}/queues/default`);
    expect((await queue()).status).toBe("NOT_READY");

    const worker = new StewardProcess(["worker", "start", "--pool", pool], env);
    running.push(worker);
    const ready = await waitFor(async () => ((await queue()).status === "READY" ? queue() : undefined), {
      what: "the default queue to turn READY after the worker's first poll",
    });
    expect(ready.last_polled).not.toBeNull();
    const [online] = await waitFor(
      async () => {
        const workers = await api<Worker[]>(server.apiUrl, "POST", `/work_pools/${pool}/workers/filter`);
        return workers.some((w) => w.status === "ONLINE") ? workers : undefined;
      },
      { what: "the worker to be ONLINE" },
    );
    expect(Date.now() - Date.parse(online?.last_heartbeat_time ?? "")).toBeLessThan(60_000);

    const deployed = await steward(
      ["deploy", "flows/hello.ts:hello", "--name", "hello", "--pool", pool, "--interval", "60"],
      env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);

    const run = await steward(["deployment", "run", "hello/hello", "--param", "name=Ada", "--watch"], env);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/Completed/);
    expect(run.stdout).toContain("Hello, Ada!");
    expect(worker.stdout + worker.stderr).toContain("Hello, Ada!");
  });
});
