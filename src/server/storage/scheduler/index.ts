/** @module The scheduler's part of the store: top-ups and the "deployment changed" signal. */
import type { StoreContext } from "../context.js";
import type { Store } from "../store.js";
import type { DeploymentSignal } from "./signal.js";
import { topUp } from "./top-up.js";

export { DeploymentSignal } from "./signal.js";
export { type CappedDeployment } from "./cap.js";
export { type TopUpOptions, type TopUpResult } from "./top-up.js";

/** The store's `scheduler`: `topUp` over `ctx`, `onDeploymentChanged` on `signal`. */
export function createSchedulerRepo(ctx: StoreContext, signal: DeploymentSignal): Store["scheduler"] {
  return {
    topUp: (options) => topUp(ctx, options),
    onDeploymentChanged: (listener) => signal.subscribe(listener),
  };
}
