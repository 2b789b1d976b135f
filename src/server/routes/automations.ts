/** @module Handlers of the `/automations` routes: CRUD, on / off, and the views by resource. */
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type AutomationRoutes =
  | "createAutomation"
  | "readAutomation"
  | "replaceAutomation"
  | "patchAutomation"
  | "deleteAutomation"
  | "filterAutomations"
  | "countAutomations"
  | "automationsRelatedTo"
  | "deleteAutomationsOwnedBy";

const AUTOMATION = RESOURCES.automations;

/**
 * Automation handlers. The engine hears of every change through `store.automations.onChange`, so
 * a handler only writes. `related-to` and `owned-by` take a resource id such as
 * `steward.deployment.<id>` (a deployment's triggers are the automations it owns).
 */
export function automationRoutes({ store }: RouteDeps): RouteHandlers<AutomationRoutes> {
  const automations = store.automations;
  return {
    createAutomation: async ({ body }) => ({ body: await automations.create(body) }),
    readAutomation: async ({ params }) => ({
      body: found(await automations.read(params.id), AUTOMATION, params.id),
    }),
    replaceAutomation: async ({ params, body }) => {
      requireMatch(await automations.replace(params.id, body), AUTOMATION, params.id);
      return {};
    },
    patchAutomation: async ({ params, body }) => {
      requireMatch(await automations.setEnabled(params.id, body.enabled), AUTOMATION, params.id);
      return {};
    },
    deleteAutomation: async ({ params }) => {
      requireMatch(await automations.delete(params.id), AUTOMATION, params.id);
      return {};
    },
    filterAutomations: async ({ body }) => ({ body: await automations.filter(body) }),
    countAutomations: async ({ body }) => ({ body: await automations.count(body) }),
    automationsRelatedTo: async ({ params }) => ({ body: await automations.relatedTo(params.resource_id) }),
    deleteAutomationsOwnedBy: async ({ params }) => {
      await automations.deleteOwnedBy(params.resource_id);
      return {};
    },
  };
}
