// BullMQ: one Worker with concurrency CONCURRENCY (blocking Redis commands wake it on a new job), a
// Queue to enqueue (addBulk for the burst), under a key prefix of this run that is removed after.
import { connect } from "node:net";
import { Queue, Worker } from "bullmq";
import { CONCURRENCY, type Cleanups, type JobSystem, type JobTracker } from "./measure.js";

const QUEUE = "noop";
const connection = { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null };

/** Starts a BullMQ queue and worker on the local Redis; their keys are deleted at cleanup. */
export async function startBullmq(tracker: JobTracker, cleanups: Cleanups): Promise<JobSystem> {
  await assertRedisListening();
  const prefix = `steward-bench-peers-${process.pid}-${Date.now()}`;
  const queue = new Queue<{ id: number }>(QUEUE, { connection, prefix });
  cleanups.add(() => queue.close());
  cleanups.add(() => queue.obliterate({ force: true }));
  const client = await queue.client;
  const redisVersion = /^redis_version:(.+)$/m.exec(await client.info())?.[1]?.trim() ?? "?";
  const worker = new Worker<{ id: number }>(
    QUEUE,
    async (job) => {
      tracker.started(job.data.id);
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  cleanups.add(() => worker.close(true));
  worker.on("completed", (job) => tracker.completed(job.data.id));
  worker.on("failed", (job, error) =>
    tracker.fail(new Error(`BullMQ job ${job?.id} failed: ${error.message}`)),
  );
  worker.on("error", (error) => tracker.fail(new Error(`BullMQ worker: ${error.message}`)));
  await worker.waitUntilReady();
  return {
    enqueue: async (ids) => {
      if (ids.length === 1) await queue.add("noop", { id: ids[0] ?? 0 });
      else await queue.addBulk(ids.map((id) => ({ name: "noop", data: { id } })));
    },
    rss: () => [{ process: "bench", mb: process.memoryUsage().rss / 2 ** 20 }],
    settings: `Worker({ concurrency: ${CONCURRENCY} }), default options, add / addBulk; Redis ${redisVersion}`,
  };
}

/** A clear error now rather than ioredis retrying forever (maxRetriesPerRequest: null) when Redis is down. */
async function assertRedisListening(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: connection.host, port: connection.port, timeout: 2000 });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `Redis is not reachable at ${connection.host}:${connection.port} (${reason}). Start it with: ` +
            `redis-server --daemonize yes --bind 127.0.0.1 --port ${connection.port} --save "" --appendonly no`,
        ),
      );
    };
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", () => fail("no answer in 2 s"));
    socket.once("error", (error) => fail(error.message));
  });
}
