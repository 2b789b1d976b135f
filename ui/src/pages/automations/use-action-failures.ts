/**
 * @module The failing actions of the automations on screen (see action-failures.ts), read from the
 * action-result events the server already keeps: one bounded query for the page, kept up to date
 * by the event stream.
 */
import { useApi } from "../../api/client.js";
import { mergeEvents, useEventStream } from "../../api/event-stream.js";
import {
  ACTION_RESULT_EVENTS,
  AUTOMATION_PREFIX,
  type FailuresByAutomation,
  failingActions,
} from "./action-failures.js";

/** The most results one page reads: the newest across the automations it shows. */
const MAX_RESULTS = 200;
/** The most automations one query names (the API caps a resource filter's list at 100). */
const MAX_AUTOMATIONS = 100;

/**
 * The failing actions of `automationIds` (the first 100): the newest 200 action results among
 * them, then live ones. An automation whose last result is older than the newest 200 of the page
 * is not judged (its results are on its own page).
 */
export function useActionFailures(automationIds: readonly string[]): FailuresByAutomation {
  const ids = automationIds.slice(0, MAX_AUTOMATIONS).map((id) => `${AUTOMATION_PREFIX}${id}`);
  const filter = { event: { name: ACTION_RESULT_EVENTS }, resource: { id: ids } };
  const history = useApi(
    "filterEvents",
    { body: { filter, limit: MAX_RESULTS } },
    { enabled: ids.length > 0 },
  );
  // By name only: a hundred ids would make a long stream URL, and results of other automations
  // are never looked up.
  const live = useEventStream(
    { event: { name: ACTION_RESULT_EVENTS } },
    { backfill: false, enabled: ids.length > 0 },
  );
  return failingActions(mergeEvents(history.data?.events ?? [], live.events, MAX_RESULTS * 2));
}
