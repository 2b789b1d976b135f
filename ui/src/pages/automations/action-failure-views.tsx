/**
 * @module Failing actions, shown where people look: a badge in the automations list ("1 action
 * failed · 5m ago") and, on the automation's page, each failing action with its error, when, after
 * how many attempts, and the firing that ran it.
 */
import { Link } from "react-router";
import type { Automation } from "../../../../src/api/automations.js";
import { paths } from "../../app/paths.js";
import { ResourceLink } from "../../components/event-table.js";
import { Card } from "../../components/tabs.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { relatedByRole } from "../events/event-text.js";
import { type ActionFailure, failureCountWords } from "./action-failures.js";
import { actionWords, type ResourceNames } from "./automation-words.js";

/** The list's badge: how many actions are failing and when the newest failed; links to the page. */
export function FailureBadge({
  automation,
  failures,
}: {
  automation: Automation;
  failures: readonly ActionFailure[] | undefined;
}) {
  const newest = failures?.[0];
  if (!failures || !newest) return null;
  return (
    <Link
      to={paths.automation(automation.id)}
      className="action-failure-badge"
      data-testid="action-failures"
      data-count={failures.length}
      title={`${newest.reason} (see the automation's page)`}
    >
      <span aria-hidden>⚠</span> {failureCountWords(failures.length)} ·{" "}
      <RelativeTime value={newest.event.occurred} />
    </Link>
  );
}

/** The page's card: one entry per failing action (nothing when none is failing). */
export function FailingActions({
  automation,
  failures,
  names,
}: {
  automation: Automation;
  failures: readonly ActionFailure[] | undefined;
  names: ResourceNames;
}) {
  if (!failures || failures.length === 0) return null;
  return (
    <Card title={failureCountWords(failures.length)}>
      <ul className="action-failures" data-testid="failing-actions">
        {failures.map((failure) => (
          <FailureEntry key={failure.event.id} failure={failure} automation={automation} names={names} />
        ))}
      </ul>
    </Card>
  );
}

function FailureEntry({
  failure,
  automation,
  names,
}: {
  failure: ActionFailure;
  automation: Automation;
  names: ResourceNames;
}) {
  // The action as it is defined now; an edit may have moved it, so the recorded type says what ran.
  const action = automation.actions[failure.actionIndex];
  const what = action && action.type === failure.actionType ? actionWords(action, names) : failure.actionType;
  const triggering = relatedByRole(failure.event, "triggering-resource");
  return (
    <li data-testid="failing-action" data-action-index={failure.actionIndex}>
      <div>
        <strong>
          Action {failure.actionIndex + 1}: {what}
        </strong>
      </div>
      <div className="field-error mono" data-testid="failure-reason">
        {failure.reason}
      </div>
      <div className="muted small">
        Failed <DateTime value={failure.event.occurred} />
        {failure.attempts !== undefined &&
          ` after ${failure.attempts} attempt${failure.attempts === 1 ? "" : "s"}`}
        {triggering && (
          <>
            {" "}
            · in the firing about <ResourceLink resource={triggering} event={failure.event} withKind />
          </>
        )}{" "}
        · <Link to={paths.event(failure.event.id)}>the failure event</Link>
      </div>
    </li>
  );
}
