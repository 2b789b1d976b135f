/**
 * @module The automations (`/automations`): each with its trigger and actions in words, an on /
 * off switch, when it last fired (from its `steward.automation.triggered` events, live), a badge
 * when some of its actions are failing, and Delete.
 */
import { Link } from "react-router";
import type { Automation } from "../../../../src/api/automations.js";
import { useApi } from "../../api/client.js";
import { useEventStream } from "../../api/event-stream.js";
import { paths } from "../../app/paths.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { RelativeTime } from "../../components/time.js";
import { FailureBadge } from "./action-failure-views.js";
import type { FailuresByAutomation } from "./action-failures.js";
import { useActionFailures } from "./use-action-failures.js";
import { DeleteAutomationButton, EnabledSwitch } from "./automation-controls.js";
import { actionsWords, type ResourceNames, triggerWords } from "./automation-words.js";
import { useResourceNames } from "./resource-names.js";
import "./automations.css";
import { TableScroll } from "../../components/table-scroll.js";

const TRIGGERED = "steward.automation.triggered";

function CreateButton() {
  return (
    <Link to={paths.createAutomation()} className="button primary">
      + New automation
    </Link>
  );
}

/** `/automations` */
export function AutomationsPage() {
  const automations = useApi("filterAutomations", { body: {} });
  const names = useResourceNames();
  const lastFired = useLastFired(automations.data ?? []);
  const failures = useActionFailures((automations.data ?? []).map((automation) => automation.id));
  return (
    <Page
      name="automations"
      title="Automations"
      ready={automations.data !== undefined || automations.error !== null}
      actions={automations.data && automations.data.length > 0 ? <CreateButton /> : undefined}
    >
      <QueryView query={automations} what="automations">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No automations yet">
              <div className="stack automations-empty">
                <p>
                  An automation watches events (a run failed, a pool has no workers, nothing arrived for an
                  hour) and acts: runs a deployment, pauses a pool, cancels a run, calls a webhook, sends a
                  notification. Create one here, or from a YAML or JSON file:
                </p>
                <CommandBlock command="steward automation create -f automation.yaml" />
                <div>
                  <CreateButton />
                </div>
              </div>
            </EmptyState>
          ) : (
            <AutomationTable automations={list} names={names} lastFired={lastFired} failures={failures} />
          )
        }
      </QueryView>
    </Page>
  );
}

function AutomationTable({
  automations,
  names,
  lastFired,
  failures,
}: {
  automations: readonly Automation[];
  names: ResourceNames;
  lastFired: ReadonlyMap<string, string>;
  failures: FailuresByAutomation;
}) {
  return (
    <TableScroll label="Automations">
      <table className="table automations-table" data-testid="automations-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Trigger</th>
            <th>Actions</th>
            <th>Enabled</th>
            <th>Last fired</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {automations.map((automation) => (
            <tr key={automation.id} data-automation={automation.name} data-automation-id={automation.id}>
              <td>
                <Link to={paths.automation(automation.id)} className="automation-name">
                  {automation.name}
                </Link>
                {automation.owner_resource && (
                  <div className="muted small">
                    owned by {names.get(automation.owner_resource) ?? automation.owner_resource}
                  </div>
                )}
                <FailureBadge automation={automation} failures={failures.get(automation.id)} />
              </td>
              <td className="wrap" data-testid="trigger-words">
                {triggerWords(automation.trigger, names)}
              </td>
              <td className="wrap" data-testid="actions-words">
                {actionsWords(automation.actions, names)}
              </td>
              <td>
                <EnabledSwitch automation={automation} />
              </td>
              <td data-testid="last-fired">
                <RelativeTime value={lastFired.get(automation.id)} />
              </td>
              <td>
                <DeleteAutomationButton automation={automation} small />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * When each automation last fired: the newest `steward.automation.triggered` event of each (one
 * query for the page), updated live from the event stream.
 */
function useLastFired(automations: readonly Automation[]): ReadonlyMap<string, string> {
  const ids = automations.slice(0, 100).map((automation) => `steward.automation.${automation.id}`);
  const history = useApi(
    "filterEvents",
    { body: { filter: { event: { name: [TRIGGERED] }, resource: { id: ids } }, limit: 200 } },
    { enabled: ids.length > 0 },
  );
  const live = useEventStream({ event: { name: [TRIGGERED] } }, { backfill: false, enabled: ids.length > 0 });
  const last = new Map<string, string>();
  for (const event of [...live.events, ...(history.data?.events ?? [])]) {
    const id = (event.resource["steward.resource.id"] ?? "").replace(/^steward\.automation\./, "");
    const seen = last.get(id);
    if (!seen || seen < event.occurred) last.set(id, event.occurred);
  }
  return last;
}
