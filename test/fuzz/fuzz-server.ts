/**
 * @module A real `steward server start` process on 127.0.0.1 for the fuzz, on SQLite (a fresh home)
 * or PostgreSQL (a fresh database, dropped afterwards), with auth on from the start (a random
 * bootstrap key in `STEWARD_SERVER_API_KEY`, as in production), and the checks that it came through
 * healthy: it answers health and a simple request, a burst of bad keys does not lock the bootstrap
 * key out, and it logged no stack trace.
 */
import { makeHome, type StewardProcess, startServerProcess, freshPostgresDatabase } from "../e2e/harness.js";
import { newBootstrapKey } from "./fuzz-auth.js";

/** The database kinds the fuzz runs against. */
export type FuzzBackend = "sqlite" | "postgres";

/** A running fuzz server. */
export interface FuzzServer {
  readonly backend: FuzzBackend;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  /** The bootstrap admin key the server was started with. */
  readonly apiKey: string;
  readonly process: StewardProcess;
  stop(): Promise<void>;
}

/** Starts a server on `backend` with its own, empty database. */
export async function startFuzzServer(backend: FuzzBackend): Promise<FuzzServer> {
  const { home, cleanup } = makeHome();
  const database = backend === "postgres" ? await freshPostgresDatabase("steward_fuzz") : undefined;
  const apiKey = newBootstrapKey();
  try {
    const env = database ? { STEWARD_DATABASE_URL: database.url } : {};
    const { process, apiUrl } = await startServerProcess(home, {
      ...env,
      STEWARD_LOGGING_LEVEL: "WARNING",
      STEWARD_SERVER_API_KEY: apiKey,
    });
    return {
      backend,
      origin: new URL(apiUrl).origin,
      apiUrl,
      apiKey,
      process,
      async stop() {
        await stopWithin(process, 10_000);
        await database?.drop();
        cleanup();
      },
    };
  } catch (error) {
    await database?.drop();
    cleanup();
    throw error;
  }
}

/** SIGTERM, then SIGKILL if the server has not exited in time (a hung server ignores the first). */
async function stopWithin(server: StewardProcess, ms: number): Promise<void> {
  const timer = setTimeout(() => server.child.kill("SIGKILL"), ms);
  try {
    await server.stop();
  } finally {
    clearTimeout(timer);
  }
}

/** A line of a JavaScript stack trace (`    at fn (file.js:1:2)`). */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** `POST /api/flows/filter` with `authorization` (or none): the status. */
async function filterFlows(server: FuzzServer, authorization: string | undefined): Promise<number> {
  const response = await fetch(`${server.apiUrl}/flows/filter`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ limit: 1 }),
    signal: AbortSignal.timeout(5000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The checks of {@link healthProblems} that need answers (they throw when none comes). */
async function answerProblems(server: FuzzServer): Promise<string[]> {
  const problems: string[] = [];
  const health = await fetch(`${server.apiUrl}/health`, { signal: AbortSignal.timeout(5000) });
  if (health.status !== 200) problems.push(`GET /api/health answered ${health.status}`);
  const admin = `Bearer ${server.apiKey}`;
  const flows = await filterFlows(server, admin);
  if (flows !== 200) problems.push(`POST /api/flows/filter with the bootstrap key answered ${flows}`);
  const anonymous = await filterFlows(server, undefined);
  if (anonymous !== 401) problems.push(`POST /api/flows/filter without a key answered ${anonymous}, not 401`);
  let limited = false;
  for (let i = 0; i < MAX_BAD_KEYS && !limited; i++) {
    limited = (await filterFlows(server, `Bearer stw_00000000_${String(i).padStart(43, "0")}`)) === 429;
  }
  if (!limited) problems.push(`${MAX_BAD_KEYS} bad keys in a row were never answered 429`);
  const after = await filterFlows(server, admin);
  if (after !== 200)
    problems.push(`after a burst of bad keys the bootstrap key was answered ${after}, not 200`);
  return problems;
}

/** Most bad keys sent to trip the limiter (it refuses an address after 20 a minute). */
const MAX_BAD_KEYS = 40;

/**
 * What is wrong with the server after the fuzz, or an empty list: it must still answer health and
 * a simple valid request, refuse a request without a key, keep answering the bootstrap key once
 * bad keys from the same address have tripped the limiter (a working key always passes), and its
 * output must hold no stack trace (a 500 logs one).
 */
export async function healthProblems(server: FuzzServer): Promise<string[]> {
  const problems: string[] = [];
  try {
    problems.push(...(await answerProblems(server)));
  } catch (error) {
    problems.push(`the server did not answer: ${(error as Error).message}`);
  }
  const output = `${server.process.stderr}\n${server.process.stdout}`;
  const trace = STACK_LINE.exec(output);
  if (trace) {
    const at = Math.max(0, trace.index - 1500);
    problems.push(`the server logged a stack trace:\n${output.slice(at, trace.index + 500)}`);
  }
  if (server.process.child.exitCode !== null)
    problems.push(`the server exited (${server.process.child.exitCode})`);
  return problems;
}
