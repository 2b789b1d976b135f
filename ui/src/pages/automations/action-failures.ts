/**
 * @module Which of an automation's actions are failing: those whose newest result
 * (`steward.automation.action.executed` or `….failed`, which the executor writes once an action's
 * retries are spent) is a failure. A later success of the same action clears it, so the badge means
 * "still failing", not "failed once last week". Read from the events the server already keeps: one
 * bounded query for the page, kept up to date by the event stream.
 */
import type { Event } from "../../../../src/api/events.js";
import { useApi } from "../../api/client.js";
import { mergeEvents, newestFirst, useEventStream } from "../../api/event-stream.js";

const EXECUTED = "steward.automation.action.executed";
const FAILED = "steward.automation.action.failed";
const AUTOMATION_PREFIX = "steward.automation.";
/** The most results one page reads: the newest across the automations it shows. */
const MAX_RESULTS = 200;
/** The most automations one query names (the API caps a resource filter's list). */
const MAX_AUTOMATIONS = 100;

/** One action whose newest result is a failure. */
export interface ActionFailure {
  /** The failure event (its page shows the whole payload and the triggering resource). */
  readonly event: Event;
  /** Where the action sits in the automation's list, from 0. */
  readonly actionIndex: number;
  readonly actionType: string;
  /** What went wrong, as the executor recorded it ("fetch failed", "HTTP 500: …"). */
  readonly reason: string;
  readonly attempts: number | undefined;
  /** The firing that ran the action. */
  readonly firingId: string | undefined;
}

/** An automation id → its failing actions, newest failure first. */
export type FailuresByAutomation = ReadonlyMap<string, readonly ActionFailure[]>;

function payloadOf(event: Event): Record<string, unknown> {
  const payload = event.payload;
  return payload !== null && typeof payload === "object" && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : {};
}

/**
 * The failing actions of each automation in `events` (action results of any order): for each
 * automation and action index, the newest result decides.
 */
export function failingActions(events: readonly Event[]): FailuresByAutomation {
  const newest = new Map<string, Event>();
  for (const event of [...events].sort(newestFirst)) {
    const index = payloadOf(event).action_index;
    if (typeof index !== "number") continue;
    const key = `${event.resource["steward.resource.id"] ?? ""} ${index}`;
    if (!newest.has(key)) newest.set(key, event);
  }
  const byAutomation = new Map<string, ActionFailure[]>();
  for (const event of newest.values()) {
    if (event.event !== FAILED) continue;
    const payload = payloadOf(event);
    const automationId = (event.resource["steward.resource.id"] ?? "").slice(AUTOMATION_PREFIX.length);
    const failure: ActionFailure = {
      event,
      actionIndex: payload.action_index as number,
      actionType: typeof payload.action_type === "string" ? payload.action_type : "action",
      reason:
        typeof payload.reason === "string" && payload.reason !== "" ? payload.reason : "no reason given",
      attempts: typeof payload.attempts === "number" ? payload.attempts : undefined,
      firingId: typeof payload.firing_id === "string" ? payload.firing_id : undefined,
    };
    byAutomation.set(automationId, [...(byAutomation.get(automationId) ?? []), failure]);
  }
  for (const failures of byAutomation.values()) failures.sort((a, b) => newestFirst(a.event, b.event));
  return byAutomation;
}

/**
 * The failing actions of `automationIds` (the first 100): the newest 200 action results among
 * them, then live ones. An automation whose last result is older than the newest 200 of the page
 * is not judged (its results are on its own page).
 */
export function useActionFailures(automationIds: readonly string[]): FailuresByAutomation {
  const ids = automationIds.slice(0, MAX_AUTOMATIONS).map((id) => `${AUTOMATION_PREFIX}${id}`);
  const filter = { event: { name: [EXECUTED, FAILED] }, resource: { id: ids } };
  const history = useApi(
    "filterEvents",
    { body: { filter, limit: MAX_RESULTS } },
    { enabled: ids.length > 0 },
  );
  const live = useEventStream(filter, { backfill: false, enabled: ids.length > 0 });
  return failingActions(mergeEvents(history.data?.events ?? [], live.events, MAX_RESULTS * 2));
}

/** "1 action failed", "2 actions failed". */
export function failureCountWords(count: number): string {
  return `${count} action${count === 1 ? "" : "s"} failed`;
}
