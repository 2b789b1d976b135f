import { join } from "node:path";
import type { State } from "../../src/api/states.js";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { type RunningServer, startServer } from "../../src/server/index.js";
import { makeHome } from "./helpers.js";

/** An API server running in this process on a fresh SQLite file, and a client for it. */
export interface TestServer {
  readonly server: RunningServer;
  readonly apiUrl: string;
  readonly home: string;
  readonly client: StewardClient;
  stop(): Promise<void>;
  /** State history of a flow run, oldest first. */
  flowRunStates(id: string): Promise<State[]>;
  /** State history of a task run, oldest first. */
  taskRunStates(id: string): Promise<State[]>;
}

/** Starts a server with no background services on a temporary SQLite database. */
export async function startTestServer(): Promise<TestServer> {
  const { home, cleanup } = makeHome();
  const settings = loadSettings({
    STEWARD_HOME: home,
    STEWARD_DATABASE_URL: `sqlite:${join(home, "steward.db")}`,
  } as NodeJS.ProcessEnv);
  const server = await startServer({ settings, host: "127.0.0.1", port: 0, services: false, log: () => {} });
  const client = new StewardClient({ apiUrl: server.apiUrl });
  return {
    server,
    apiUrl: server.apiUrl,
    home,
    client,
    stop: async () => {
      await server.close();
      cleanup();
    },
    flowRunStates: (id) => client.call("readFlowRunStates", { query: { flow_run_id: id } }),
    taskRunStates: (id) => client.call("readTaskRunStates", { query: { task_run_id: id } }),
  };
}
