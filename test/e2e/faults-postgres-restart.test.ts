/**
 * A PostgreSQL restart under load: while the database is down every request answers 503 with
 * Retry-After (never a 500, never a hang) and the steward server stays up; once it is back,
 * requests succeed again without restarting steward, and every write that was acknowledged with a
 * 2xx is in the database. Runs on a private cluster (see private-postgres.ts), never on the shared one.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.js";

const CLIENTS = 8;
const POOL = "outage-pool";
// A request slower than this while the database is down counts as a hang.
const HANG_MS = 5_000;
// Generous per-request bound, so a real hang shows up as a failed request rather than a stuck test.
const REQUEST_TIMEOUT_MS = 20_000;
// How long one write may keep being retried (across the whole outage) before the test gives up.
const WRITE_DEADLINE_MS = 45_000;
const MIN_OUTAGE_MS = 2_000;
const MAX_RUNS_PER_CLIENT = 500;

/** One HTTP exchange as a client saw it. */
interface Exchange {
  readonly what: string;
  /** HTTP status, or 0 when no answer came (connection error, timeout). */
  readonly status: number;
  readonly retryAfter: string | null;
  readonly startedAt: number;
  readonly ms: number;
}

/** Everything the load acknowledged, and every exchange it had. */
interface Ledger {
  readonly exchanges: Exchange[];
  /** Flow run id → the state type its last acknowledged proposal left it in. */
  readonly runs: Map<string, string>;
  /** Flow run id → when its creation was acknowledged. */
  readonly createdAt: Map<string, number>;
  readonly logs: Set<string>;
}

/** POSTs JSON with plain fetch and records what came back; the parsed body on a 2xx. */
async function post(apiUrl: string, ledger: Ledger, what: string, path: string, body: unknown) {
  const startedAt = Date.now();
  let status = 0;
  let retryAfter: string | null = null;
  let data: unknown;
  try {
    const response = await fetch(`${apiUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    retryAfter = response.headers.get("retry-after");
    const text = await response.text();
    if (response.ok && text) data = JSON.parse(text);
  } catch {
    status = 0;
  }
  ledger.exchanges.push({ what, status, retryAfter, startedAt, ms: Date.now() - startedAt });
  return status >= 200 && status < 300 ? { data } : undefined;
}

/** Repeats one write (the same body: idempotent by key or transition id) until it is acknowledged. */
async function untilAcknowledged(
  apiUrl: string,
  ledger: Ledger,
  what: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  const deadline = Date.now() + WRITE_DEADLINE_MS;
  while (Date.now() < deadline) {
    const answer = await post(apiUrl, ledger, what, path, body);
    if (answer) return answer.data;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} (${path}) was not acknowledged within ${WRITE_DEADLINE_MS} ms`);
}

/** Writes one log line for `runId` until acknowledged, and records its message. */
async function writeLog(apiUrl: string, ledger: Ledger, runId: string, label: string): Promise<void> {
  const message = `${label} ${randomUUID()}`;
  const line = { name: "load", level: 20, message, timestamp: new Date().toISOString(), flow_run_id: runId };
  await untilAcknowledged(apiUrl, ledger, "log", "/logs/", [line]);
  ledger.logs.add(message);
}

/** Proposes `type` for `runId` until acknowledged, and records the state the API answered with. */
async function proposeState(apiUrl: string, ledger: Ledger, runId: string, type: string): Promise<void> {
  const body = { state: { type, state_details: { transition_id: randomUUID() } } };
  const result = (await untilAcknowledged(
    apiUrl,
    ledger,
    "set_state",
    `/flow_runs/${runId}/set_state`,
    body,
  )) as {
    state: { type: string } | null;
  };
  ledger.runs.set(runId, result.state?.type ?? type);
}

/** One client's life: create a run, log, RUNNING, log, COMPLETED — again and again until told to stop. */
async function driveClient(
  apiUrl: string,
  ledger: Ledger,
  flowId: string,
  client: number,
  stopped: () => boolean,
): Promise<void> {
  for (let n = 0; n < MAX_RUNS_PER_CLIENT && !stopped(); n++) {
    const create = { flow_id: flowId, name: `c${client}-${n}`, idempotency_key: randomUUID() };
    const run = (await untilAcknowledged(apiUrl, ledger, "create", "/flow_runs/", create)) as { id: string };
    ledger.createdAt.set(run.id, Date.now());
    ledger.runs.set(run.id, "created");
    await writeLog(apiUrl, ledger, run.id, `c${client}-${n} created`);
    await proposeState(apiUrl, ledger, run.id, "RUNNING");
    await writeLog(apiUrl, ledger, run.id, `c${client}-${n} running`);
    await proposeState(apiUrl, ledger, run.id, "COMPLETED");
  }
}

async function readyStatus(apiUrl: string): Promise<number> {
  const response = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.body?.cancel();
  return response.status;
}

function createdSince(ledger: Ledger, since: number): number {
  return [...ledger.createdAt.values()].filter((at) => at >= since).length;
}

describe("a PostgreSQL restart under load", () => {
  const { home, cleanup } = makeHome();
  const running: StewardProcess[] = [];
  let cluster: PrivatePostgres | undefined;
  let server: StewardProcess | undefined;
  let apiUrl = "";

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    const started = await startServerProcess(home, {
      STEWARD_DATABASE_URL: cluster.url,
      STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1",
    });
    server = started.process;
    running.push(server);
    apiUrl = started.apiUrl;
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    await cluster?.destroy();
    cleanup();
  });

  it("answers 503 while the database is down, recovers by itself and keeps every acknowledged write", async () => {
    const env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl, STEWARD_WORKER_HEARTBEAT_SECONDS: "1" };
    expect((await steward(["work-pool", "create", "--type", "process", POOL], env)).code).toBe(0);
    const worker = new StewardProcess(["worker", "start", "--pool", POOL], env);
    running.push(worker);
    await waitForWorkerHeartbeat(apiUrl, 0);
    const flow = await api<{ id: string }>(apiUrl, "POST", "/flows/", { name: "outage-load" });

    const ledger: Ledger = { exchanges: [], runs: new Map(), createdAt: new Map(), logs: new Set() };
    let stop = false;
    const clients = Array.from({ length: CLIENTS }, (_, i) =>
      driveClient(apiUrl, ledger, flow.id, i, () => stop),
    );
    try {
      await waitFor(() => createdSince(ledger, 0) >= 30, { what: "30 runs created before the outage" });

      const downAt = Date.now();
      await cluster?.stop("immediate");
      await waitFor(() => ledger.exchanges.filter((e) => e.status === 503).length >= 20, {
        timeoutMs: 20_000,
        what: "20 answers of 503 while PostgreSQL is down",
      });
      expect(await readyStatus(apiUrl)).toBe(503);
      // The outage itself lasts a while, whatever the requests do meanwhile.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + MIN_OUTAGE_MS - Date.now())));
      await cluster?.start();
      const upAt = Date.now();

      await waitFor(async () => (await readyStatus(apiUrl)) === 200, {
        timeoutMs: 30_000,
        what: "/api/ready to answer 200 again",
      });
      await waitFor(() => createdSince(ledger, upAt) >= 30, {
        timeoutMs: 30_000,
        what: "30 runs created after PostgreSQL is back",
      });
      expectOnly503sWhileDown(ledger.exchanges, downAt, upAt);
      await waitForWorkerHeartbeat(apiUrl, upAt);
    } finally {
      stop = true;
      await Promise.allSettled(clients);
    }
    await Promise.all(clients);
    expect(server?.child.exitCode).toBeNull();
    // The server logs each request that failed with a 500 (none should have).
    expect(`${server?.stdout}${server?.stderr}`).not.toMatch(/^\S+ [A-Z]+ \/api\S* failed: /m);
    await expectAcknowledgedWritesStored(cluster?.url ?? "", ledger);
  }, 90_000);
});

/** Every answer was a 2xx or a 503 with Retry-After; none took long; there were 503s. */
function expectOnly503sWhileDown(exchanges: Exchange[], downAt: number, upAt: number): void {
  const failures = exchanges.filter((e) => e.status < 200 || e.status >= 300);
  const unexpected = failures.filter((e) => e.status !== 503 || e.retryAfter === null);
  expect(unexpected.slice(0, 5), "answers other than 2xx or 503 + Retry-After").toEqual([]);
  const duringOutage = exchanges.filter((e) => e.startedAt >= downAt && e.startedAt < upAt);
  expect(duringOutage.filter((e) => e.status === 503).length).toBeGreaterThan(0);
  const slowest = Math.max(...duringOutage.map((e) => e.ms));
  expect(slowest, "the slowest request while PostgreSQL was down (ms)").toBeLessThan(HANG_MS);
}

/** Reads the database directly: each acknowledged run with its last acknowledged state, each log. */
async function expectAcknowledgedWritesStored(url: string, ledger: Ledger): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const ids = [...ledger.runs.keys()];
    const { rows: runs } = await db.query<{ id: string; state_type: string | null }>(
      "SELECT id::text AS id, state_type FROM flow_run WHERE id::text = ANY($1::text[])",
      [ids],
    );
    const stored = new Map(runs.map((r) => [r.id, r.state_type]));
    const missing = ids.filter((id) => !stored.has(id));
    expect(missing, "acknowledged runs missing from the database").toEqual([]);
    const wrongState = ids.filter(
      (id) => ledger.runs.get(id) !== "created" && stored.get(id) !== ledger.runs.get(id),
    );
    expect(wrongState, "runs whose stored state is not the last acknowledged one").toEqual([]);

    const { rows: logs } = await db.query<{ message: string }>(
      "SELECT message FROM log WHERE message = ANY($1)",
      [[...ledger.logs]],
    );
    const storedLogs = new Set(logs.map((l) => l.message));
    const lostLogs = [...ledger.logs].filter((m) => !storedLogs.has(m));
    expect(lostLogs, "acknowledged log lines missing from the database").toEqual([]);
  } finally {
    await db.end();
  }
}

/** Waits until the pool's one worker is ONLINE with a heartbeat received after `sinceMs`. */
async function waitForWorkerHeartbeat(apiUrl: string, sinceMs: number): Promise<void> {
  await waitFor(
    async () => {
      const workers = await api<{ status: string; last_heartbeat_time: string }[]>(
        apiUrl,
        "POST",
        `/work_pools/${POOL}/workers/filter`,
      );
      return workers.some((w) => w.status === "ONLINE" && Date.parse(w.last_heartbeat_time) > sinceMs);
    },
    { timeoutMs: 30_000, intervalMs: 200, what: "the worker to be ONLINE with a fresh heartbeat" },
  );
}
