/** @module Changes the store reports on its own, fed into the change feed. */
import type { Store } from "../storage/store.js";
import type { ChangeFeed } from "./change-feed.js";

/**
 * Forwards the store's "runs may have become claimable" signal (a run created or rescheduled —
 * on PostgreSQL also by another server replica) to `feed`. Returns the unsubscribe function.
 */
export function followStoreChanges(store: Pick<Store, "claims">, feed: ChangeFeed): () => void {
  return store.claims.onChange(() => feed.notify());
}
