/**
 * @module What a firing writes, in the engine's transaction: the `steward.automation.triggered`
 * event, one `steward.automation.action.triggered` event and one queued job per action.
 */
import { newId } from "../../core/ids.js";
import { type Automation, AutomationEventNames } from "../../api/automations.js";
import type { EventLike, RootFiring } from "../../core/automations/index.js";
import type { EngineEvent, NewActionJob } from "../storage/automations/engine-store.js";

/** The resource id of an automation in events. */
export function automationResourceId(automationId: string): string {
  return `steward.automation.${automationId}`;
}

/** The automation as an event's resource. */
export function automationResource(automation: { id: string; name: string }): Record<string, string> {
  return {
    "steward.resource.id": automationResourceId(automation.id),
    "steward.resource.name": automation.name,
  };
}

/** The triggering event's resource as a related resource (role `triggering-resource`). */
export function triggeringRelated(event: EventLike | null): Record<string, string>[] {
  if (event === null) return [];
  return [{ ...event.resource, "steward.resource.role": "triggering-resource" }];
}

/** Jobs and events of one firing. */
export interface FiringRecords {
  readonly jobs: NewActionJob[];
  readonly events: EngineEvent[];
}

/** The records of `firing` of `automation` at `now` (epoch ms). */
export function firingRecords(automation: Automation, firing: RootFiring, now: number): FiringRecords {
  const firingId = newId();
  const occurred = new Date(now).toISOString();
  const resource = automationResource(automation);
  const related = triggeringRelated(firing.event);
  const event = (name: string, payload: Record<string, unknown>): EngineEvent => ({
    id: newId(),
    occurred,
    event: name,
    resource,
    related,
    payload,
    follows: null,
  });
  const events: EngineEvent[] = [
    event(AutomationEventNames.triggered, {
      triggering_event:
        firing.event === null
          ? null
          : {
              id: firing.event.id,
              event: firing.event.event,
              resource_id: firing.event.resource["steward.resource.id"],
            },
      bucket: firing.bucket,
      trigger_path: firing.leafPath,
      firing_id: firingId,
    }),
  ];
  const jobs = automation.actions.map((action, index): NewActionJob => {
    events.push(
      event(AutomationEventNames.actionTriggered, {
        action_index: index,
        action_type: action.type,
        firing_id: firingId,
      }),
    );
    return {
      id: newId(),
      automationId: automation.id,
      automationName: automation.name,
      firingId,
      actionIndex: index,
      action,
      triggeringEvent: firing.event,
      bucket: firing.bucket,
    };
  });
  return { jobs, events };
}
