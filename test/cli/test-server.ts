import { join } from "node:path";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import type { StateType } from "../../src/core/states.js";
import { startServer } from "../../src/server/index.js";
import { tempHome } from "./helpers.js";

/** A real in-process server on a free port, with its own SQLite file and STEWARD_HOME. */
export interface TestServer {
  readonly apiUrl: string;
  readonly home: string;
  /** The environment a CLI invocation against this server gets. */
  readonly env: NodeJS.ProcessEnv;
  readonly client: StewardClient;
  close(): Promise<void>;
}

/** Starts a server for one test file. */
export async function startTestServer(): Promise<TestServer> {
  const { home, cleanup } = tempHome();
  const settings = loadSettings({ STEWARD_HOME: home, STEWARD_DATABASE_URL: join(home, "test.db") });
  const server = await startServer({ settings, host: "127.0.0.1", port: 0, services: false, log: () => {} });
  return {
    apiUrl: server.apiUrl,
    home,
    env: { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl },
    client: new StewardClient({ apiUrl: server.apiUrl }),
    close: async () => {
      await server.close();
      cleanup();
    },
  };
}

/** Creates a flow (upsert) and a run of it, then walks the run through `states` in order. */
export async function createRun(
  client: StewardClient,
  flowName: string,
  states: StateType[],
  parameters: Record<string, unknown> = {},
): Promise<string> {
  const flow = await client.call("createFlow", { body: { name: flowName } });
  const run = await client.call("createFlowRun", { body: { flow_id: flow.id, parameters } });
  for (const type of states) {
    await client.call("setFlowRunState", { params: { id: run.id }, body: { state: { type } } });
  }
  return run.id;
}

/** Writes log lines for a run, `spacingMs` apart starting at `start`. */
export async function writeLogs(
  client: StewardClient,
  flowRunId: string,
  messages: string[],
  options: { start?: number; level?: number; spacingMs?: number } = {},
): Promise<void> {
  const start = options.start ?? Date.now();
  await client.call("createLogs", {
    body: messages.map((message, i) => ({
      name: "test",
      level: options.level ?? 20,
      message,
      timestamp: new Date(start + i * (options.spacingMs ?? 1)).toISOString(),
      flow_run_id: flowRunId,
    })),
  });
}
