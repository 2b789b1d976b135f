/**
 * @module The deployment page's "Triggers and automations" panel: the automations it owns (its
 * deployment triggers) and those whose trigger or actions name it, from
 * `GET /automations/related-to/steward.deployment.<id>`.
 */
import { Link } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { QueryView } from "../../components/messages.js";
import { Card } from "../../components/tabs.js";
import { triggerWords } from "../automations/automation-words.js";

/** One line per automation, linked to its page; how to add a trigger when there is none. */
export function DeploymentAutomations({ deployment }: { deployment: Deployment }) {
  const resourceId = `steward.deployment.${deployment.id}`;
  const automations = useApi("automationsRelatedTo", { params: { resource_id: resourceId } });
  return (
    <Card title="Triggers and automations">
      <QueryView query={automations} what="automations">
        {(list) =>
          list.length === 0 ? (
            <div className="muted small" data-testid="deployment-automations-empty">
              None. Run it when an event arrives with <code>--trigger</code> on <code>steward deploy</code> or{" "}
              <code>triggers:</code> in steward.yaml, or{" "}
              <Link to={paths.createAutomation()}>create an automation</Link>.
            </div>
          ) : (
            <ul className="schedule-list" data-testid="deployment-automations">
              {list.map((automation) => (
                <li key={automation.id} className="schedule-item" data-automation={automation.name}>
                  <div className="row">
                    <Link to={paths.automation(automation.id)}>{automation.name}</Link>
                    <span className="spacer" />
                    {automation.owner_resource === resourceId && <span className="tag">trigger</span>}
                    {!automation.enabled && <span className="tag">disabled</span>}
                  </div>
                  <span className="muted small">{triggerWords(automation.trigger)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </Card>
  );
}
