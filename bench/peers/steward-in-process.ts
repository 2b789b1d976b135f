// Steward in-process: the SDK's flow() called directly, each call a tracked run on a real
// `steward server start` (STEWARD_API_URL), CONCURRENCY calls in flight at most.
import { type Cleanups, CONCURRENCY, type JobSystem, type JobTracker, rssOf } from "./measure.js";
import { startStewardServer } from "./steward-process.js";

/** Starts a server and defines the no-op flow; `enqueue` calls it. */
export async function startStewardInProcess(tracker: JobTracker, cleanups: Cleanups): Promise<JobSystem> {
  const server = await startStewardServer(cleanups);
  // The SDK reads its settings when first loaded, so they are set before the import.
  Object.assign(process.env, server.env);
  const { flow } = await import("../../src/index.js");
  const noop = flow({ name: "peers-noop" }, async ({ id }: { id: number }) => {
    tracker.started(id);
  });
  const waiting: number[] = [];
  let running = 0;
  const pump = () => {
    while (running < CONCURRENCY && waiting.length > 0) {
      const id = waiting.shift() ?? 0;
      running++;
      void noop({ id })
        .then(
          () => tracker.completed(id),
          (error: unknown) => tracker.fail(new Error(`flow call ${id} failed: ${String(error)}`)),
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return {
    enqueue: async (ids) => {
      waiting.push(...ids);
      pump();
    },
    rss: () => [
      { process: "bench", mb: process.memoryUsage().rss / 2 ** 20 },
      { process: "server", mb: rssOf(server.process.child.pid) },
    ],
    settings: `flow() awaited with at most ${CONCURRENCY} calls in flight, each a tracked run; server on embedded SQLite`,
  };
}
