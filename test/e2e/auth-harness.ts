/**
 * Helpers of the authentication end-to-end tests: a database of either kind whose whole contents
 * can be searched for a secret, HTTP calls with a Bearer key, and `steward` processes with a
 * deadline (a server that should refuse to start must not hang the suite when it starts anyway).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { type CommandResult, freePort, StewardProcess, waitFor, freshPostgresDatabase } from "./harness.js";

/** A database for one server: its env, every byte or row it holds as text, and its removal. */
export interface TestDatabase {
  /** STEWARD_DATABASE_URL (PostgreSQL), or nothing: the SQLite file under STEWARD_HOME. */
  readonly env: NodeJS.ProcessEnv;
  /** Everything stored: the SQLite files (main, -wal, -shm) as bytes, or every table's rows as text. */
  contents(): Promise<string>;
  drop(): Promise<void>;
}

/** The kinds of database the tests run on. */
export type BackendName = "SQLite" | "PostgreSQL";

/** A fresh, empty database of `backend` for a server whose STEWARD_HOME is `home`. */
export async function createDatabase(backend: BackendName, home: string): Promise<TestDatabase> {
  return backend === "SQLite" ? sqliteDatabase(home) : postgresDatabase();
}

function sqliteDatabase(home: string): TestDatabase {
  return {
    env: {},
    contents: async () =>
      ["steward.db", "steward.db-wal", "steward.db-shm"]
        .map((name) => join(home, name))
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path).toString("latin1"))
        .join("\n"),
    drop: async () => undefined,
  };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const database = await freshPostgresDatabase("steward_auth");
  const url = new URL(database.url);
  return {
    env: { STEWARD_DATABASE_URL: url.toString() },
    contents: async () => {
      const direct = new pg.Client({ connectionString: url.toString() });
      await direct.connect();
      try {
        const { rows: tables } = await direct.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        );
        const dumps: string[] = [];
        for (const { name } of tables) {
          const { rows } = await direct.query<{ dump: string | null }>(
            `SELECT string_agg(t::text, E'\\n') AS dump FROM "${name}" t`,
          );
          dumps.push(`${name}: ${rows[0]?.dump ?? ""}`);
        }
        return dumps.join("\n");
      } finally {
        await direct.end();
      }
    },
    drop: database.drop,
  };
}

/** An HTTP answer as the tests read it. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the API with `key` as the Bearer key (none: no Authorization header) and never throws on a status. */
export async function call<T = unknown>(
  apiUrl: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = method === "GET" ? {} : { "content-type": "application/json" };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text as it is.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Like {@link call}, but throws unless the answer is 2xx, and gives the body. */
export async function authedApi<T = unknown>(
  apiUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await call<T>(apiUrl, key, method, path, body);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * Runs `steward ARGS…` to completion, killing it (and failing) when it has not ended within
 * `timeoutMs`: for commands that must exit by themselves, such as a server that refuses to start.
 */
export async function stewardWithin(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<CommandResult> {
  const child = new StewardProcess(args, env);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([child.exited, deadline]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    const result = await child.stop("SIGKILL");
    throw new Error(
      `steward ${args.join(" ")} did not exit within ${timeoutMs} ms:\n${result.stderr}${result.stdout}`,
    );
  }
  return outcome;
}

/**
 * A `steward server start ARGS…` process on a free port, ready once /api/health answers on
 * 127.0.0.1 (also when it binds every interface: the tests send traffic to loopback only).
 */
export async function startServerWith(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ process: StewardProcess; apiUrl: string }> {
  const port = await freePort();
  const server = new StewardProcess(["server", "start", "--port", String(port), ...args], env);
  const apiUrl = `http://127.0.0.1:${port}/api`;
  try {
    await waitFor(
      async () => {
        if (server.child.exitCode !== null) {
          throw new Error(`server exited early (${server.child.exitCode}): ${server.stderr}${server.stdout}`);
        }
        return (await fetch(`${apiUrl}/health`)).ok;
      },
      { timeoutMs: 30_000, what: `steward server start ${args.join(" ")} on port ${port}` },
    );
  } catch (error) {
    await server.stop("SIGKILL");
    throw error;
  }
  return { process: server, apiUrl };
}
