import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type ApiFlowRun,
  makeHome,
  processAlive,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
  waitForRun,
} from "./harness.js";

/** A line the fixture flow (test/fixtures/scheduled-start-flow.ts) writes. */
interface Stamp {
  event: "imported" | "body";
  id: string;
  pid: number;
  processStartedAt: number;
  at: number;
}

/** The fields of flow runs, states, logs and workers this test reads. */
interface ScheduledRun extends ApiFlowRun {
  expected_start_time: string | null;
  start_time: string | null;
}
interface ApiState {
  type: string;
  name: string;
  message: string | null;
}
interface ApiLog {
  message: string;
  timestamp: string;
}
interface ApiWorker {
  name: string;
  status: string;
  last_heartbeat_time: string;
}

// Workers claim runs up to a minute ahead, while the server takes back a claim that has not started
// RUNNING within 6 s (swept every second; enough for a loaded machine to start a process): a run
// that waits longer than that for its time must keep its claim.
const PREFETCH_SECONDS = "60";
const SERVER_ENV = {
  STEWARD_SERVER_CLAIM_TIMEOUT_SECONDS: "6",
  STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1",
};
const CLIENT_ENV = {
  STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "1",
  STEWARD_WORKER_HEARTBEAT_SECONDS: "1",
  STEWARD_WORKER_CANCEL_GRACE_SECONDS: "3",
};
const POOL = "on-time-pool";

describe("a prefetched scheduled run: its process starts early, its flow body on time", () => {
  const { home, cleanup } = makeHome();
  const scratch = mkdtempSync(join(tmpdir(), "steward-e2e-on-time-"));
  const stampsFile = join(scratch, "stamps.jsonl");
  const running: StewardProcess[] = [];
  let apiUrl = "";
  let env: NodeJS.ProcessEnv = {};
  let deploymentId = "";

  const stamps = (id: string, event: Stamp["event"]): Stamp[] => {
    let text = "";
    try {
      text = readFileSync(stampsFile, "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Stamp)
      .filter((stamp) => stamp.id === id && stamp.event === event);
  };
  const logsOf = (id: string) =>
    api<ApiLog[]>(apiUrl, "POST", "/logs/filter", { logs: { flow_run_id: { any_: [id] } }, limit: 200 });
  const logLine = async (id: string, pattern: RegExp) =>
    waitFor(async () => (await logsOf(id)).find((log) => pattern.test(log.message)), {
      what: `a log line of run ${id} matching ${pattern}`,
    });
  const scheduleRun = (at: number) =>
    api<ScheduledRun>(apiUrl, "POST", `/deployments/${deploymentId}/create_flow_run`, {
      state: { type: "SCHEDULED", state_details: { scheduled_time: new Date(at).toISOString() } },
    });

  beforeAll(async () => {
    const server = await startServerProcess(home, SERVER_ENV);
    running.push(server.process);
    apiUrl = server.apiUrl;
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl, STEWARD_TEST_STAMPS: stampsFile, ...CLIENT_ENV };
    expect((await steward(["work-pool", "create", "--type", "process", POOL], env)).code).toBe(0);
    const entrypoint = "test/fixtures/scheduled-start-flow.ts:stamped";
    const deployed = await steward(["deploy", entrypoint, "--name", "on-time", "--pool", POOL], env);
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    deploymentId = (await api<{ id: string }>(apiUrl, "GET", "/deployments/name/stamped/on-time")).id;
    // Two workers, as in a fleet: a claim taken back while its run waits would go to the other.
    for (const name of ["early-bird", "second-bird"]) {
      const flags = ["--name", name, "--prefetch-seconds", PREFETCH_SECONDS];
      running.push(new StewardProcess(["worker", "start", "--pool", POOL, ...flags], env));
    }
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    cleanup();
  });

  it("a scheduled run 16 s ahead: its process starts at once, its body at the scheduled time", async () => {
    // The deployment's schedule puts a run 16 s from now; the next one is an hour later.
    const anchor = Date.now() + 16_000;
    await api(apiUrl, "PATCH", `/deployments/${deploymentId}`, {
      schedules: [{ schedule: { interval: 3600, anchor_date: new Date(anchor).toISOString() } }],
    });
    const run = await waitFor(
      async () => {
        const runs = await api<ScheduledRun[]>(apiUrl, "POST", "/flow_runs/filter", {
          flow_runs: { deployment_id: { any_: [deploymentId] } },
          sort: "EXPECTED_START_TIME_ASC",
          limit: 1,
        });
        return runs[0];
      },
      { what: "the scheduler to create the run" },
    );
    const scheduledAt = Date.parse(run.expected_start_time ?? "");
    expect(scheduledAt).toBe(anchor);

    const done = (await waitForRun(
      apiUrl,
      run.id,
      (r) => r.state_type === "COMPLETED",
      "to complete",
    )) as ScheduledRun;
    await api(apiUrl, "PATCH", `/deployments/${deploymentId}`, { schedules: [] });
    const bodies = stamps(run.id, "body");
    const imported = stamps(run.id, "imported");
    // The body began at or after the scheduled time, once...
    for (const body of bodies) {
      expect(body.at, "the flow body began before its scheduled time").toBeGreaterThanOrEqual(scheduledAt);
    }
    expect(bodies).toHaveLength(1);
    // ...in the one process, which had started and imported the flow before that time.
    expect(imported).toHaveLength(1);
    expect(bodies[0]?.pid).toBe(imported[0]?.pid);
    expect(imported[0]?.processStartedAt).toBeLessThan(scheduledAt);
    expect(imported[0]?.at).toBeLessThan(scheduledAt);
    expect(Date.parse(done.start_time ?? "")).toBeGreaterThanOrEqual(scheduledAt);
    // Claimed once and never taken back while it waited (the process beat meanwhile).
    const states = await api<ApiState[]>(apiUrl, "GET", `/flow_run_states/?flow_run_id=${run.id}`);
    expect(states.map((state) => `${state.type}/${state.name}`)).toEqual([
      "SCHEDULED/Scheduled",
      "PENDING/Pending",
      "RUNNING/Running",
      "COMPLETED/Completed",
    ]);
    // The run's log says it waited, and "Beginning" only when the body began.
    const waiting = await logLine(run.id, /^Waiting [\d.]+ s until \S+ before starting/);
    const beginning = await logLine(run.id, /^Beginning flow run/);
    expect(Date.parse(waiting.timestamp)).toBeLessThan(scheduledAt);
    expect(Date.parse(beginning.timestamp)).toBeGreaterThanOrEqual(scheduledAt);

    // Both workers kept heartbeating through the wait.
    await waitFor(
      async () => {
        const workers = await api<ApiWorker[]>(apiUrl, "POST", `/work_pools/${POOL}/workers/filter`);
        return (
          workers.length === 2 &&
          workers.every((w) => w.status === "ONLINE" && Date.parse(w.last_heartbeat_time) > scheduledAt)
        );
      },
      { what: "both workers to heartbeat after the scheduled time" },
    );
  });

  it("a run due now is never told to wait", async () => {
    const createdAt = Date.now();
    const run = await scheduleRun(createdAt);
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "COMPLETED", "to complete");
    const [body] = stamps(run.id, "body");
    expect(body?.at).toBeGreaterThanOrEqual(createdAt);
    await logLine(run.id, /^Beginning flow run/);
    const messages = (await logsOf(run.id)).map((log) => log.message);
    expect(messages.filter((message) => message.startsWith("Waiting"))).toEqual([]);
  });

  it("cancelling a run that waits for its time ends it CANCELLED, its process gone, its body never run", async () => {
    const run = await scheduleRun(Date.now() + 40_000);
    await logLine(run.id, /^Waiting [\d.]+ s until \S+ before starting/);
    const [imported] = stamps(run.id, "imported");
    expect(imported).toBeDefined();
    await api(apiUrl, "POST", `/flow_runs/${run.id}/set_state`, { state: { type: "CANCELLING" } });
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "CANCELLED", "to be CANCELLED");
    await waitFor(() => !processAlive(imported?.pid ?? 0), { what: "the waiting process to exit" });
    expect(stamps(run.id, "body")).toEqual([]);
  });
});
