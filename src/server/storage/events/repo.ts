import type { StoreContext } from "../context.js";
import type { Store } from "../store.js";

/** Placeholder until the repo lands. */
export function createEventRepo(ctx: StoreContext): Store["events"] {
  void ctx;
  return new Proxy({} as Store["events"], {
    get: (_, name) => () => Promise.reject(new Error(`store.events.${String(name)} is not built yet`)),
  });
}
