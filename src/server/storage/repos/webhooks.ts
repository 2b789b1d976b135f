import type { StoreContext } from "../context.js";
import type { Store } from "../store.js";

/** Placeholder until the repo lands. */
export function createWebhookRepo(ctx: StoreContext): Store["webhooks"] {
  void ctx;
  return new Proxy({} as Store["webhooks"], {
    get: (_, name) => () => Promise.reject(new Error(`store.webhooks.${String(name)} is not built yet`)),
  });
}
