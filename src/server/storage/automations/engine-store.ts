/** @module What the automations engine keeps in the database. */
import type { StoreContext } from "../context.js";

/** The engine's persistence (defined by the engine; see server/events/). */
export interface AutomationEngineStore {}

/** Placeholder until the engine's store lands. */
export function createAutomationEngineStore(ctx: StoreContext): AutomationEngineStore {
  void ctx;
  return {};
}
