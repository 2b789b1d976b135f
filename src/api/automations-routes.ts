import { z } from "zod";
import { Automation, AutomationCreate, AutomationPatch, AutomationQuery } from "./automations.js";
import { Count, type RouteSpec } from "./route-spec.js";

/** Automations: triggers on events and the actions they run. */
export const automationRoutes = {
  createAutomation: {
    method: "POST",
    path: "/automations/",
    summary: "Create an automation",
    tag: "Automations",
    body: AutomationCreate,
    response: Automation,
    status: 201,
  },
  readAutomation: {
    method: "GET",
    path: "/automations/{id}",
    summary: "Read an automation",
    tag: "Automations",
    response: Automation,
    status: 200,
  },
  replaceAutomation: {
    method: "PUT",
    path: "/automations/{id}",
    summary: "Replace an automation's definition",
    tag: "Automations",
    body: AutomationCreate,
    status: 204,
  },
  patchAutomation: {
    method: "PATCH",
    path: "/automations/{id}",
    summary: "Switch an automation on or off",
    tag: "Automations",
    body: AutomationPatch,
    status: 204,
  },
  deleteAutomation: {
    method: "DELETE",
    path: "/automations/{id}",
    summary: "Delete an automation",
    tag: "Automations",
    status: 204,
  },
  filterAutomations: {
    method: "POST",
    path: "/automations/filter",
    summary: "List automations",
    tag: "Automations",
    body: AutomationQuery,
    response: z.array(Automation),
    status: 200,
  },
  countAutomations: {
    method: "POST",
    path: "/automations/count",
    summary: "Count automations",
    tag: "Automations",
    body: AutomationQuery,
    response: Count,
    status: 200,
  },
  automationsRelatedTo: {
    method: "GET",
    path: "/automations/related-to/{resource_id}",
    summary: "Automations whose trigger or actions name this resource, or that it owns",
    tag: "Automations",
    response: z.array(Automation),
    status: 200,
  },
  deleteAutomationsOwnedBy: {
    method: "DELETE",
    path: "/automations/owned-by/{resource_id}",
    summary: "Delete the automations a resource owns",
    tag: "Automations",
    status: 204,
  },
} as const satisfies Record<string, RouteSpec>;
