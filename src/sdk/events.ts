/**
 * @module `emitEvent()`: user code says what happened, to what, in relation to what. Events are
 * batched and sent through the configured API (`POST /api/events`) off the caller's path, like
 * log lines; they are flushed when a flow run ends and when the process is about to exit. Without
 * a configured API, emitting does nothing (with one warning), so the same code runs anywhere.
 */
import type { EventCreate } from "../api/events.js";
import type { StewardClient } from "../client/index.js";
import { Batcher } from "./batcher.js";
import { sdkClient } from "./config.js";
import { isPermanentApiError, warnOnConsole } from "./console.js";
import { processWide } from "./process-wide.js";
import { currentScope } from "./run-scope.js";

/** What {@link emitEvent} takes: the event's name and resource, and optionally the rest. */
export interface EmitEventInput {
  /** Dotted name, e.g. `"order.shipped"`. */
  readonly event: string;
  /** Labels of what it happened to; `steward.resource.id` is required. */
  readonly resource: Record<string, string>;
  /** Related resources, each with `steward.resource.id` and `steward.resource.role`. */
  readonly related?: readonly Record<string, string>[];
  readonly payload?: Record<string, unknown>;
  /** When it happened. @default now */
  readonly occurred?: Date | string;
  /** A UUID of your own, to make emitting idempotent. @default one made by the server */
  readonly id?: string;
}

/** How often buffered events are sent. */
const INTERVAL_MS = 500;
/** How long a flush at the end waits for the API. */
const FLUSH_TIMEOUT_MS = 10_000;

interface EventsState {
  batchers: Map<StewardClient, Batcher<EventCreate>>;
  warned: boolean;
  exitHooked: boolean;
}

// Process-wide: a flow file importing "steward" from dist and the engine from src must share one
// buffer, or one of them would never be flushed.
const state = processWide<EventsState>("events.v1", () => ({
  batchers: new Map(),
  warned: false,
  exitHooked: false,
}));

/**
 * Emits an event. Returns at once; the event is sent in the next batch. Inside a flow or task run,
 * the run is added as a related resource (role `flow-run` / `task-run`), so the event shows up on
 * the run's page and automations can match it by run.
 *
 * @example
 * emitEvent({ event: "order.shipped", resource: { "steward.resource.id": `order.${id}` }, payload: { id } });
 */
export function emitEvent(input: EmitEventInput): void {
  const client = sdkClient();
  if (!client) {
    if (!state.warned) {
      state.warned = true;
      warnOnConsole(
        `No API is configured (STEWARD_API_URL), so the event "${input.event}" and later ones are not sent.`,
      );
    }
    return;
  }
  batcherFor(client).add(toEventCreate(input));
}

/** Sends every buffered event; resolves false when some could not be delivered in time. */
export async function flushEvents(timeoutMs = FLUSH_TIMEOUT_MS): Promise<boolean> {
  const results = await Promise.all([...state.batchers.values()].map((batcher) => batcher.flush(timeoutMs)));
  return results.every(Boolean);
}

function toEventCreate(input: EmitEventInput): EventCreate {
  const occurred = input.occurred instanceof Date ? input.occurred.toISOString() : input.occurred;
  return {
    event: input.event,
    resource: { ...input.resource },
    related: [...(input.related ?? []).map((related) => ({ ...related })), ...runRelated()],
    payload: input.payload ?? {},
    ...(occurred === undefined ? {} : { occurred }),
    ...(input.id === undefined ? {} : { id: input.id }),
  };
}

function runRelated(): Record<string, string>[] {
  const scope = currentScope();
  const related: Record<string, string>[] = [];
  if (scope?.flowRun?.tracked) {
    related.push({
      "steward.resource.id": `steward.flow-run.${scope.flowRun.id}`,
      "steward.resource.role": "flow-run",
      "steward.resource.name": scope.flowRun.name,
    });
  }
  if (scope?.taskRun && scope.flowRun?.tracked) {
    related.push({
      "steward.resource.id": `steward.task-run.${scope.taskRun.id}`,
      "steward.resource.role": "task-run",
      "steward.resource.name": scope.taskRun.name,
    });
  }
  return related;
}

function batcherFor(client: StewardClient): Batcher<EventCreate> {
  let batcher = state.batchers.get(client);
  if (!batcher) {
    batcher = new Batcher<EventCreate>({
      what: "events",
      intervalMs: INTERVAL_MS,
      flushAt: 500,
      maxPerRequest: 1_000,
      maxBuffered: 50_000,
      send: async (events) => {
        await client.call("createEvents", { body: events });
      },
      isPermanent: isPermanentApiError,
      warn: warnOnConsole,
    });
    state.batchers.set(client, batcher);
  }
  hookExit();
  return batcher;
}

/** Flushes once when the event loop empties (a script that emits and ends). */
function hookExit(): void {
  if (state.exitHooked) return;
  state.exitHooked = true;
  process.on("beforeExit", () => {
    const pending = [...state.batchers.values()].some((batcher) => batcher.pending > 0);
    if (!pending) return;
    void flushEvents().then((delivered) => {
      if (!delivered)
        warnOnConsole("Some events could not be delivered to the API before exit and were dropped.");
    });
  });
}
