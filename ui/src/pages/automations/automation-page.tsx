/**
 * @module One automation (`/automations/:id`): its definition in words and as JSON, its on / off
 * switch, Edit and Delete, the actions that are failing (with their errors), and its firings and
 * action results (the events whose resource is `steward.automation.<id>`), live.
 */
import { Link, useNavigate, useParams } from "react-router";
import type { Automation } from "../../../../src/api/automations.js";
import { isApiError, useApi } from "../../api/client.js";
import { useEventFeed } from "../../api/event-feed.js";
import { paths } from "../../app/paths.js";
import { EventTable } from "../../components/event-table.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Card } from "../../components/tabs.js";
import { DateTime } from "../../components/time.js";
import { FailingActions } from "./action-failure-views.js";
import { useActionFailures } from "./use-action-failures.js";
import { DeleteAutomationButton, EnabledSwitch } from "./automation-controls.js";
import { jsonOf } from "./automation-draft.js";
import { actionWords, triggerWords } from "./automation-words.js";
import { useResourceNames } from "./resource-names.js";
import "../events/events.css";
import "./automations.css";

const crumbs = [{ label: "Automations", to: paths.automations() }];

/** `/automations/:id` */
export function AutomationPage() {
  const { id = "" } = useParams();
  const automation = useApi("readAutomation", { params: { id } });
  if (automation.error) {
    const missing = isApiError(automation.error, 404) || isApiError(automation.error, 422);
    return (
      <Page name="automation" title="Automation not found" crumbs={crumbs} ready>
        {missing ? (
          <EmptyState title="There is no such automation">
            <p>
              No automation has the id <code>{id}</code>: it may have been deleted.
            </p>
            <Link to={paths.automations()}>See all automations</Link>
          </EmptyState>
        ) : (
          <ErrorMessage error={automation.error} title="Could not load the automation" />
        )}
      </Page>
    );
  }
  if (!automation.data)
    return (
      <Page name="automation" title="Automation" crumbs={crumbs} ready={false}>
        <Loading what="automation" />
      </Page>
    );
  return <AutomationView automation={automation.data} />;
}

function AutomationView({ automation }: { automation: Automation }) {
  const navigate = useNavigate();
  const names = useResourceNames();
  const failures = useActionFailures([automation.id]).get(automation.id);
  return (
    <Page
      name="automation"
      documentTitle={automation.name}
      title={
        <div className="row">
          <h1>{automation.name}</h1>
          <EnabledSwitch automation={automation} showText />
        </div>
      }
      crumbs={crumbs}
      actions={
        <>
          <Link className="button" to={paths.editAutomation(automation.id)}>
            Edit
          </Link>
          <DeleteAutomationButton
            automation={automation}
            onDeleted={() => void navigate(paths.automations())}
          />
        </>
      }
      ready
    >
      <div className="automation-layout">
        <div className="stack">
          <FailingActions automation={automation} failures={failures} names={names} />
          <Card title="Definition">
            <dl className="details" data-testid="automation-definition">
              <dt>Trigger</dt>
              <dd data-testid="trigger-words">{triggerWords(automation.trigger, names)}</dd>
              <dt>Actions</dt>
              <dd>
                <ol className="action-words" data-testid="actions-words">
                  {automation.actions.map((action, index) => (
                    <li key={index}>{actionWords(action, names)}</li>
                  ))}
                </ol>
              </dd>
              {automation.description && (
                <>
                  <dt>Description</dt>
                  <dd className="description-text">{automation.description}</dd>
                </>
              )}
              {automation.owner_resource && (
                <>
                  <dt>Owned by</dt>
                  <dd>{names.get(automation.owner_resource) ?? automation.owner_resource}</dd>
                </>
              )}
              <dt>Created</dt>
              <dd>
                <DateTime value={automation.created} />
              </dd>
              <dt>Updated</dt>
              <dd>
                <DateTime value={automation.updated} />
              </dd>
            </dl>
          </Card>
          <Firings automation={automation} />
        </div>
        <Card title="JSON">
          <pre
            className="json"
            data-testid="automation-json"
            role="region"
            aria-label="Automation as JSON"
            tabIndex={0}
          >
            {jsonOf(automation)}
          </pre>
        </Card>
      </div>
    </Page>
  );
}

/** The automation's own events: each firing, and each action's triggered / executed / failed. */
function Firings({ automation }: { automation: Automation }) {
  const feed = useEventFeed({ resource: { id: [`steward.automation.${automation.id}`] } }, { pageSize: 25 });
  return (
    <Card title="Firings and action results">
      <div data-testid="automation-events" data-count={feed.events.length}>
        {feed.error ? (
          <ErrorMessage error={feed.error} title="Could not load its events" />
        ) : !feed.loaded ? (
          <Loading what="firings" />
        ) : feed.events.length === 0 ? (
          <EmptyState title="It has not fired yet">
            {automation.enabled
              ? "Each firing and each action's result appears here as it happens."
              : "It is disabled: switch it on to have it react to events."}
          </EmptyState>
        ) : (
          <>
            <EventTable events={feed.events} testId="automation-event-table" hideResource />
            {feed.hasMore && (
              <div className="pager">
                <button type="button" className="small" disabled={feed.loadingMore} onClick={feed.loadMore}>
                  {feed.loadingMore ? "Loading…" : "Load older"}
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
