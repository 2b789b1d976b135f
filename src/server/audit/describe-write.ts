/**
 * @module What a write was about, for its audit record: the kind and id of the resource its path
 * names (or that it created), the id of what it created besides, and a few words on the change.
 */

/** The resource part of an audit record. */
export interface WriteDescription {
  readonly resourceKind: string | null;
  readonly resourceId: string | null;
  readonly resultId: string | null;
  readonly detail: string | null;
}

/** Longest detail kept: a few words, never a copy of the body. */
const MAX_DETAIL = 300;

/** Resource kinds by the first segment of a path. */
const KINDS: Readonly<Record<string, string>> = {
  flows: "flow",
  flow_runs: "flow-run",
  task_runs: "task-run",
  deployments: "deployment",
  work_pools: "work-pool",
  webhooks: "webhook",
  api_keys: "api-key",
  users: "user",
  automations: "automation",
  events: "event",
  auth: "session",
};

type Params = Readonly<Record<string, string | undefined>>;

/** The route written to: its method and path pattern. */
export interface WrittenRoute {
  readonly method: string;
  readonly path: string;
}

/** Describes a write to `route` with these params, body and answer. */
export function describeWrite(
  route: WrittenRoute,
  params: Params,
  body: unknown,
  answer: unknown,
): WriteDescription {
  const { path } = route;
  const created = createdId(answer);
  const { kind, id } = addressed(path, params, body);
  return {
    resourceKind: kind,
    resourceId: id ?? created,
    resultId: id !== null && created !== null && created !== id ? created : null,
    detail: clip(detailOf(route.method, body, answer)),
  };
}

/** The resource the path names; pools, queues and workers go by name (a create by the body's). */
function addressed(path: string, params: Params, body: unknown): { kind: string | null; id: string | null } {
  const first = path.split("/").find((segment) => segment !== "") ?? "";
  if (first === "work_pools") {
    const pool = params.name ?? field(body, "name");
    if (path.includes("/queues")) {
      const queue = params.queue_name ?? (params.name === undefined ? undefined : field(body, "name"));
      return {
        kind: "work-queue",
        id: pool === undefined || queue === undefined ? null : `${pool}/${queue}`,
      };
    }
    if (path.includes("/workers")) {
      const worker = params.worker_name ?? field(body, "name");
      return { kind: "worker", id: pool === undefined || worker === undefined ? null : `${pool}/${worker}` };
    }
    return { kind: "work-pool", id: pool ?? null };
  }
  return { kind: KINDS[first] ?? null, id: params.id ?? params.resource_id ?? null };
}

/** The id of what the write answered with, if it is a record with one (`{api_key: {id}}` too). */
function createdId(answer: unknown): string | null {
  const direct = field(answer, "id");
  if (direct !== undefined) return direct;
  for (const wrapper of ["api_key", "user", "flow_run"]) {
    const nested = field(object(answer)?.[wrapper], "id");
    if (nested !== undefined) return nested;
  }
  return null;
}

/** A state proposed (and what the server answered), a count, the fields a PATCH changed, or a name. */
function detailOf(method: string, body: unknown, answer: unknown): string | null {
  const record = object(body);
  if (record === undefined) return null;
  const state = object(record.state);
  if (state !== undefined && typeof state.type === "string") {
    const name = typeof state.name === "string" ? ` "${state.name}"` : "";
    const forced = record.force === true ? " (forced)" : "";
    const status = field(answer, "status");
    return `${state.type}${name}${forced}${status === undefined ? "" : ` → ${status}`}`;
  }
  if (Array.isArray(record.ids)) return `${record.ids.length} ids`;
  // A PATCH's body holds only what it changes; a POST's parsed body also holds its defaults, so
  // what it made is named instead (a pool, a deployment, a run's generated name).
  if (method === "PATCH" || method === "PUT") {
    const keys = Object.keys(record);
    return keys.length === 0 ? null : `fields: ${keys.join(", ")}`;
  }
  return field(record, "name") ?? field(answer, "name") ?? null;
}

function object(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function field(value: unknown, key: string): string | undefined {
  const found = object(value)?.[key];
  return typeof found === "string" ? found : undefined;
}

function clip(text: string | null): string | null {
  return text === null || text.length <= MAX_DETAIL ? text : `${text.slice(0, MAX_DETAIL - 1)}…`;
}
