/**
 * @module Which of an automation's actions are failing: those whose newest result
 * (`steward.automation.action.executed` or `….failed`, which the executor writes once an action's
 * retries are spent) is a failure. A later success of the same action clears it, so the badge means
 * "still failing", not "failed once last week". Pure, so it is tested without a browser; the hook
 * that reads the events is in use-action-failures.ts.
 */
import type { Event } from "../../../../src/api/events.js";

/** The names of an action's final results. */
export const ACTION_RESULT_EVENTS = [
  "steward.automation.action.executed",
  "steward.automation.action.failed",
];
const FAILED = "steward.automation.action.failed";
/** The prefix of an automation's resource id in events. */
export const AUTOMATION_PREFIX = "steward.automation.";

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

/** Newest `occurred` first; ties by id (UUIDv7, so by creation), as the event feeds order them. */
function newestFirst(a: Event, b: Event): number {
  if (a.occurred !== b.occurred) return a.occurred < b.occurred ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

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

/** "1 action failed", "2 actions failed". */
export function failureCountWords(count: number): string {
  return `${count} action${count === 1 ? "" : "s"} failed`;
}
