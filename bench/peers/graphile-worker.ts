// graphile-worker: a runner with CONCURRENCY workers on a database of its own (LISTEN/NOTIFY wakes
// it on a new job), and WorkerUtils to enqueue (addJobs for the burst).
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import pg from "pg";
import { freshPostgresDatabase } from "../../test/e2e/harness.js";
import { CONCURRENCY, type Cleanups, type JobSystem, type JobTracker } from "./measure.js";

const jobId = (payload: unknown) => (payload as { id: number }).id;

/** Starts graphile-worker on a fresh PostgreSQL database, dropped at cleanup. */
export async function startGraphileWorker(tracker: JobTracker, cleanups: Cleanups): Promise<JobSystem> {
  const db = await freshPostgresDatabase("steward_peers_graphile");
  cleanups.add(db.drop);
  // Its info lines per job would cost it time no other system spends.
  const logger = new Logger(() => () => undefined);
  // A pool of our own, ended before the database is dropped: an idle connection that the drop
  // terminates would otherwise be an unhandled 'error' event.
  const pgPool = new pg.Pool({ connectionString: db.url, max: CONCURRENCY + 2 });
  pgPool.on("error", () => undefined);
  pgPool.on("connect", (client) => client.on("error", () => undefined));
  cleanups.add(() => pgPool.end());
  const runner = await run({
    pgPool,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    logger,
    taskList: { noop: (payload) => tracker.started(jobId(payload)) },
  });
  cleanups.add(() => runner.stop());
  runner.events.on("job:complete", ({ job, error }) => {
    if (error) tracker.fail(new Error(`graphile-worker job failed: ${String(error)}`));
    else tracker.completed(jobId(job.payload));
  });
  const utils = await makeWorkerUtils({ pgPool, logger });
  cleanups.add(() => utils.release());
  return {
    enqueue: async (ids) => {
      if (ids.length === 1) await utils.addJob("noop", { id: ids[0] });
      else await utils.addJobs(ids.map((id) => ({ identifier: "noop", payload: { id } })));
    },
    rss: () => [{ process: "bench", mb: process.memoryUsage().rss / 2 ** 20 }],
    settings: `run({ concurrency: ${CONCURRENCY} }), a pool of ${CONCURRENCY + 2} connections, default pollInterval (LISTEN/NOTIFY), addJob / addJobs`,
  };
}
