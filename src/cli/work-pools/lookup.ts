import type { WorkPool, WorkQueue } from "../../api/work-pools.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import { CliError } from "../errors.js";
import { closestNames } from "../suggest.js";

/** " Did you mean a, b?" when some of `candidates` are close to `name`, else "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closestNames(name, candidates);
  return close.length > 0 ? ` Did you mean ${close.map((c) => `"${c}"`).join(", ")}?` : "";
}

async function poolNames(client: StewardClient): Promise<string[]> {
  try {
    return (await client.call("filterWorkPools", { body: {} })).map((pool) => pool.name);
  } catch {
    return []; // the suggestion is a courtesy; the "not found" message stands without it
  }
}

/** The message for a pool the API does not know, with close names when there are some. */
export async function poolNotFound(client: StewardClient, name: string): Promise<CliError> {
  return new CliError(
    `Work pool "${name}" not found.${didYouMean(name, await poolNames(client))} ` +
      "List pools with `steward work-pool ls`, or create this one with " +
      `\`steward work-pool create --type process ${name}\`.`,
  );
}

/** True for the API's "no such work pool" (not a missing route on an older server). */
function isPoolMissing(error: unknown): boolean {
  return isApiError(error, 404) && error.code !== "ROUTE_NOT_FOUND" && error.code !== "WORK_QUEUE_NOT_FOUND";
}

/** Runs `call` for pool `name`, turning the API's 404 into a "work pool not found" message. */
export async function forPool<T>(client: StewardClient, name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isPoolMissing(error)) throw await poolNotFound(client, name);
    throw error;
  }
}

/** Reads a work pool, with a clear message when it does not exist. */
export function readPool(client: StewardClient, name: string): Promise<WorkPool> {
  return forPool(client, name, () => client.call("readWorkPool", { params: { name } }));
}

/** The queues of a pool by priority, with a clear message when the pool does not exist. */
export function poolQueues(client: StewardClient, pool: string): Promise<WorkQueue[]> {
  return forPool(client, pool, () => client.call("filterWorkQueues", { params: { name: pool } }));
}

/**
 * Runs `call` for queue `queue` of `pool`: a missing pool or queue gets its own message, the
 * latter listing the pool's queues.
 */
export async function forQueue<T>(
  client: StewardClient,
  pool: string,
  queue: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isApiError(error, 404) || error.code === "ROUTE_NOT_FOUND") throw error;
    const queues = (await poolQueues(client, pool)).map((q) => q.name);
    throw new CliError(
      `Work queue "${queue}" not found in pool "${pool}".${didYouMean(queue, queues)} ` +
        `Its queues: ${queues.join(", ") || "none"} (\`steward work-queue ls --pool ${pool}\`).`,
    );
  }
}
