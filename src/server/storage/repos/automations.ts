import type { StoreContext } from "../context.js";
import type { Store } from "../store.js";

/** Placeholder until the repo lands. */
export function createAutomationRepo(ctx: StoreContext): Store["automations"] {
  void ctx;
  return new Proxy({} as Store["automations"], {
    get: (_, name) => () => Promise.reject(new Error(`store.automations.${String(name)} is not built yet`)),
  });
}
