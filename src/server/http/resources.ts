/**
 * @module What each id-addressed resource is called and which NOT_FOUND code it answers with, so
 * every "no such row" answer names the resource and says how to find a valid id.
 */
import { z } from "zod";
import { type ErrorCode, StewardError } from "../../core/errors.js";

/** A resource addressed by UUID under `/api/<collection>/{id}`. */
export interface Resource {
  /** What a person calls it, e.g. "flow run". */
  readonly noun: string;
  readonly code: ErrorCode;
  /** Where valid ids can be listed. */
  readonly listedBy: string;
}

/** Resources by the first segment of their path. */
export const RESOURCES = {
  flows: { noun: "flow", code: "FLOW_NOT_FOUND", listedBy: "POST /api/flows/filter" },
  flow_runs: { noun: "flow run", code: "FLOW_RUN_NOT_FOUND", listedBy: "POST /api/flow_runs/filter" },
  task_runs: { noun: "task run", code: "TASK_RUN_NOT_FOUND", listedBy: "POST /api/task_runs/filter" },
  flow_run_states: {
    noun: "flow-run state",
    code: "STATE_NOT_FOUND",
    listedBy: "GET /api/flow_run_states/?flow_run_id=…",
  },
  task_run_states: {
    noun: "task-run state",
    code: "STATE_NOT_FOUND",
    listedBy: "GET /api/task_run_states/?task_run_id=…",
  },
  deployments: {
    noun: "deployment",
    code: "DEPLOYMENT_NOT_FOUND",
    listedBy: "POST /api/deployments/filter (`steward deployment ls`)",
  },
  events: {
    noun: "event",
    code: "EVENT_NOT_FOUND",
    listedBy: "POST /api/events/filter (`steward events ls`)",
  },
  webhooks: {
    noun: "webhook",
    code: "WEBHOOK_NOT_FOUND",
    listedBy: "POST /api/webhooks/filter (`steward webhook ls`)",
  },
  api_keys: {
    noun: "API key",
    code: "API_KEY_NOT_FOUND",
    listedBy: "POST /api/api_keys/filter (`steward api-key ls`)",
  },
  users: {
    noun: "user",
    code: "USER_NOT_FOUND",
    listedBy: "POST /api/users/filter (`steward user ls`)",
  },
  automations: {
    noun: "automation",
    code: "AUTOMATION_NOT_FOUND",
    listedBy: "POST /api/automations/filter (`steward automation ls`)",
  },
} as const satisfies Record<string, Resource>;

const GENERIC: Resource = { noun: "object", code: "NOT_FOUND", listedBy: "the matching /filter endpoint" };

/** The resource a route path (e.g. `/flow_runs/{id}/set_state`) addresses. */
export function resourceOf(path: string): Resource {
  const collection = path.split("/")[1] ?? "";
  const byCollection: Readonly<Record<string, Resource | undefined>> = RESOURCES;
  return byCollection[collection] ?? GENERIC;
}

/** The NOT_FOUND error for `id`. */
export function notFound(resource: Resource, id: string): StewardError {
  return new StewardError(
    resource.code,
    `No ${resource.noun} has id ${JSON.stringify(id)}. It may have been deleted; ${resource.listedBy} lists the existing ones.`,
  );
}

/** `value` when it is defined, else the resource's NOT_FOUND error. */
export function found<T>(value: T | undefined, resource: Resource, id: string): T {
  if (value === undefined) throw notFound(resource, id);
  return value;
}

/** Throws the resource's NOT_FOUND error when a write matched no row. */
export function requireMatch(matched: boolean, resource: Resource, id: string): void {
  if (!matched) throw notFound(resource, id);
}

const Uuid = z.uuid();

/**
 * Checks that an id from the path is a UUID. A malformed id cannot name any row, so it answers
 * the resource's 404 (not a database error), with a hint about what ids look like.
 */
export function requireUuid(resource: Resource, id: string): string {
  if (Uuid.safeParse(id).success) return id;
  throw new StewardError(
    resource.code,
    `No ${resource.noun} has id ${JSON.stringify(id)}: ${resource.noun} ids are UUIDs such as 0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e. ${resource.listedBy} lists the existing ones.`,
    { details: [{ path: "id", message: "must be a UUID" }] },
  );
}
