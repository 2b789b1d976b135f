import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Root of the repository (where bin/steward.js lives). */
export const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/steward.js");

/** A fresh STEWARD_HOME for one test file; removed by `cleanup()`. */
export function makeHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), "steward-e2e-"));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Output of a finished `steward` command. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `steward` process whose output is collected as it arrives. */
export class StewardProcess {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<CommandResult>;

  constructor(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolveExit) => {
      this.child.on("exit", (code, signal) =>
        resolveExit({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<CommandResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Runs `steward ARGS…` to completion. */
export async function steward(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<CommandResult> {
  return new StewardProcess(args, env, cwd).exited;
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 20_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
  );
}

/** A `steward server start` process on a free port with its own home, ready once /api/health answers. */
export async function startServerProcess(
  home: string,
  extraEnv: NodeJS.ProcessEnv = {},
  port?: number,
): Promise<{ process: StewardProcess; port: number; apiUrl: string }> {
  const chosenPort = port ?? (await freePort());
  const server = new StewardProcess(["server", "start", "--port", String(chosenPort)], {
    STEWARD_HOME: home,
    ...extraEnv,
  });
  const apiUrl = `http://127.0.0.1:${chosenPort}/api`;
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) {
        throw new Error(`server exited early (${server.child.exitCode}): ${server.stderr}${server.stdout}`);
      }
      const response = await fetch(`${apiUrl}/health`);
      return response.ok;
    },
    { what: `steward server on port ${chosenPort}` },
  );
  return { process: server, port: chosenPort, apiUrl };
}

/** Calls the API with a JSON body and returns the parsed answer (throws on non-2xx). */
export async function api<T = unknown>(
  apiUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    // Every write says JSON, body or not: the server refuses writes without it.
    headers: method === "GET" ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The "<flow process pid> <grandchild pid>" the `sleeper` fixture flow writes to `file`, once it
 * has written them.
 */
export function waitForSleeperPids(file: string): Promise<number[]> {
  return waitFor(
    () => {
      try {
        const parts = readFileSync(file, "utf8").trim().split(" ").map(Number);
        return parts.length === 2 ? parts : undefined;
      } catch {
        return undefined;
      }
    },
    { what: "the flow to write its pids" },
  );
}

/** Pids of the children of `parentPid` whose command line (or process title) contains `text` (Linux /proc). */
export function childPids(parentPid: number, text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (ppid === parentPid && cmdline.includes(text)) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

/** True while a process with this pid exists and is not a zombie waiting to be reaped. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** A flow run as the tests read it. */
export interface ApiFlowRun {
  id: string;
  name: string;
  state_type: string;
  state_name: string;
  state: { message: string | null; timestamp: string } | null;
  infrastructure_pid: string | null;
  work_queue_name: string | null;
  parameters: Record<string, unknown>;
}

/** Polls a flow run until `predicate` holds for it. */
export async function waitForRun(
  apiUrl: string,
  id: string,
  predicate: (run: ApiFlowRun) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<ApiFlowRun> {
  return waitFor(
    async () => {
      const run = await api<ApiFlowRun>(apiUrl, "GET", `/flow_runs/${id}`);
      return predicate(run) ? run : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `flow run ${id} ${what}` },
  );
}

/** The PostgreSQL the tests use; each test makes databases of its own on it. */
export const POSTGRES_ADMIN_URL =
  process.env.STEWARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let postgresDatabases = 0;

/**
 * A new, empty PostgreSQL database for one server (`STEWARD_DATABASE_URL=url`), dropped by
 * `drop()` even while connections are open; a clear message when PostgreSQL is not running.
 */
export async function freshPostgresDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${++postgresDatabases}`;
  await postgresAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => postgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined),
  };
}

async function postgresAdmin(sql: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). Start it with scripts/ensure-postgres.sh.`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
