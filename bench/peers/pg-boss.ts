// pg-boss: CONCURRENCY workers (work() with batchSize 1) polling at its minimum interval, 0.5 s:
// pg-boss has no push, so its idle latency is the polling, not the cost of a job.
import PgBoss from "pg-boss";
import { freshPostgresDatabase } from "../../test/e2e/harness.js";
import { CONCURRENCY, type Cleanups, type JobSystem, type JobTracker } from "./measure.js";

const QUEUE = "noop";
const POLLING_INTERVAL_SECONDS = 0.5;
// pg-boss marks a job completed after the handler without telling anyone, so completions are read
// back from its table (completed_on is the database's own time of the completion).
const COMPLETIONS_POLL_MS = 20;

/** Starts pg-boss on a fresh PostgreSQL database, dropped at cleanup. */
export async function startPgBoss(tracker: JobTracker, cleanups: Cleanups): Promise<JobSystem> {
  const db = await freshPostgresDatabase("steward_peers_pgboss");
  cleanups.add(db.drop);
  const boss = new PgBoss({ connectionString: db.url, schedule: false, supervise: false });
  boss.on("error", (error: Error) => tracker.fail(new Error(`pg-boss: ${error.message}`)));
  await boss.start();
  cleanups.add(() => boss.stop({ graceful: false, wait: true, timeout: 5000 }));
  await boss.createQueue(QUEUE);
  for (let i = 0; i < CONCURRENCY; i++) {
    await boss.work<{ id: number }>(
      QUEUE,
      { batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
      async (jobs) => {
        for (const job of jobs) tracker.started(job.data.id);
      },
    );
  }
  const poller = pollCompletions(boss, tracker);
  cleanups.add(() => poller.stop());
  return {
    enqueue: async (ids) => {
      if (ids.length === 1) await boss.send(QUEUE, { id: ids[0] });
      else await boss.insert(ids.map((id) => ({ name: QUEUE, data: { id } })));
    },
    rss: () => [{ process: "bench", mb: process.memoryUsage().rss / 2 ** 20 }],
    settings:
      `${CONCURRENCY} × work({ batchSize: 1, pollingIntervalSeconds: ${POLLING_INTERVAL_SECONDS} }) (its minimum), ` +
      `send / insert; completion = completed_on in pgboss.job`,
  };
}

/** Reports completed jobs to the tracker until stopped. */
function pollCompletions(boss: PgBoss, tracker: JobTracker): { stop: () => Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const { rows } = await boss.getDb().executeSql(
          `SELECT (data->>'id')::int AS id, extract(epoch FROM completed_on) * 1000 AS at
               FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
          [QUEUE],
        );
        for (const row of rows as { id: number; at: string }[]) tracker.completed(row.id, Number(row.at));
      } catch (error) {
        if (!stopped) tracker.fail(new Error(`reading pg-boss completions: ${(error as Error).message}`));
      }
      await new Promise((resolve) => setTimeout(resolve, COMPLETIONS_POLL_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
