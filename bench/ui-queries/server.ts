/**
 * @module A real HTTP server (the app `startServer` builds, without the background services) on a
 * seeded database. Built here rather than with `startServer` because the PostgreSQL seeds live in
 * a schema of their own, which `startServer`'s database URL cannot name.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/server/app.js";
import { closeServer, listen } from "../../src/server/http/listen.js";
import { openStore } from "../../src/server/storage/index.js";
import type { SeededDatabase } from "../seed-runs.js";

/** The built UI, if `npm run build` has made it. */
export const UI_DIR = fileURLToPath(new URL("../../dist/ui/", import.meta.url));

/** A running bench server. */
export interface BenchServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly apiUrl: string;
  /** True when the built UI is served at `/`. */
  readonly ui: boolean;
  close(): Promise<void>;
}

/** Serves `seed` on 127.0.0.1 at a free port. */
export async function startBenchServer(seed: SeededDatabase): Promise<BenchServer> {
  const store = await openStore(seed.url, { schema: seed.schema });
  const ui = existsSync(join(UI_DIR, "index.html"));
  const app = createApp({ store, version: "bench", uiDir: ui ? UI_DIR : undefined });
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(app, "127.0.0.1", 0);
  } catch (error) {
    await store.close();
    throw error;
  }
  const url = `http://127.0.0.1:${listening.port}`;
  return {
    url,
    apiUrl: `${url}/api`,
    ui,
    close: async () => {
      await closeServer(listening.server, 1_000);
      await store.close();
    },
  };
}
