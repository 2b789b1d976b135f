/**
 * @module Keys of single flow runs. A worker asks for one when it starts a run and hands it to the
 * run's process instead of its own key, so code in a flow can report on its own run (states, task
 * runs, logs, events) and nothing else: it cannot claim, read other runs, or create deployments.
 */
import type { Store } from "../storage/store.js";
import { newRunKey } from "./key-material.js";

/** How long a run key works: a day, longer than almost any run; the worker asks again per run. */
export const RUN_KEY_MS = 24 * 3_600_000;

/** A new key for `flowRunId`, valid for {@link RUN_KEY_MS}; only its hash is stored. */
export async function mintRunKey(
  store: Store,
  flowRunId: string,
  now: number,
): Promise<{ key: string; expires: number }> {
  const material = newRunKey();
  await store.runKeys.deleteExpired(now);
  const expires = now + RUN_KEY_MS;
  await store.runKeys.create({ keyHash: material.hash, flowRunId, created: now, expires });
  return { key: material.key, expires };
}
