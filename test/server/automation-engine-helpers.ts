/** Helpers of the automations engine tests: automations, events at chosen times, firings counted. */
import { AutomationCreate, type EventCreate } from "../../src/api/index.js";
import { ActionExecutor } from "../../src/server/events/actions/executor.js";
import { AutomationEngine } from "../../src/server/events/automation-engine.js";
import type { Store } from "../../src/server/storage/store.js";
import { uniqueName } from "../storage/harness.js";

/** A clock the tests move by hand. */
export interface Clock {
  now: number;
}

/** Creates an enabled automation; `actions` default to do-nothing. */
export async function makeAutomation(
  store: Store,
  trigger: unknown,
  actions: unknown[] = [{ type: "do-nothing" }],
) {
  return store.automations.create(AutomationCreate.parse({ name: uniqueName("auto"), trigger, actions }));
}

/** Stores one client event named `name` that occurred at `at`. */
export async function emit(
  store: Store,
  name: string,
  at: number,
  resourceId = "test.thing.1",
  extra: Partial<EventCreate> = {},
) {
  const [event] = await store.events.insert([
    {
      event: name,
      occurred: new Date(at).toISOString(),
      resource: { "steward.resource.id": resourceId },
      related: [],
      payload: {},
      ...extra,
    },
  ]);
  return event;
}

/** Events about the automation named `name` (`steward.automation.triggered`, …), oldest first. */
export async function automationEvents(store: Store, automationId: string, name: string) {
  const page = await store.events.filter({
    filter: { event: { name: [name] }, resource: { id: [`steward.automation.${automationId}`] } },
    limit: 200,
    order: "ASC",
  });
  return page.events;
}

/** How many times the automation fired. */
export async function firings(store: Store, automationId: string): Promise<number> {
  return (await automationEvents(store, automationId, "steward.automation.triggered")).length;
}

/** An engine on `store` with the test clock, and how to bring it up to date. */
export function engineOn(store: Store, clock: Clock): AutomationEngine {
  return new AutomationEngine({ store, now: () => clock.now, log: () => {}, batchSize: 500 });
}

/** Ticks until the engine has read every stored event (two quiet ticks). */
export async function drain(engine: AutomationEngine): Promise<void> {
  engine.checkProactiveNow();
  await engine.tick();
  await engine.tick();
}

/** An executor on `store` with a recording log. */
export function executorOn(store: Store, lines: string[] = []): ActionExecutor {
  return new ActionExecutor({ store, log: (line) => lines.push(line), pollMs: 20 });
}

/** Waits for `check` to hold, polling; fails after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
