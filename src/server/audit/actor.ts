/**
 * @module Who is acting, for the audit trail: the key, user or flow run behind the request being
 * served, or the background service doing a tick. It travels with the async work of that request
 * (AsyncLocalStorage), so the storage layer can hand it to the database, where the event triggers
 * stamp it on every event a change writes (`steward.resource.actor`), whichever code path made it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "../../core/access.js";

/** Who made a change: a principal of the API, or one of the server's own services. */
export interface Actor {
  /**
   * `api-key`, `user`, `run` (a flow run's key), `bootstrap`, `anonymous` (auth off), `service`
   * (a background service) or `automation` (an automation's action).
   */
  readonly kind: Principal["kind"] | "service" | "automation";
  /** The key's, user's, flow run's or automation's id; absent for bootstrap, anonymous and services. */
  readonly id?: string;
  /** The key's or user's name, "flow run <id>", the service's (`zombie-reaper`) or automation's name. */
  readonly name: string;
  /** The role the change was made with (`service` and `automation` for the server's own work). */
  readonly role: string;
}

const current = new AsyncLocalStorage<Actor>();

/** The actor of a request made by `principal`. */
export function actorOf(principal: Principal): Actor {
  const id = principal.kind === "run" ? principal.flowRunId : principal.id;
  return {
    kind: principal.kind,
    ...(id === undefined ? {} : { id }),
    name: principal.name,
    role: principal.role,
  };
}

/** The actor of a background service's work. */
export function serviceActor(name: string): Actor {
  return { kind: "service", name, role: "service" };
}

/** Runs `work` as `actor`: every change it makes, however deep, is attributed to them. */
export function actingAs<T>(actor: Actor, work: () => T): T {
  return current.run(actor, work);
}

/** Who is acting now, if anyone (undefined outside requests and services: tests, tools). */
export function currentActor(): Actor | undefined {
  return current.getStore();
}

/** The event labels of an actor (stamped on every event its changes write). */
export function actorLabels(actor: Actor): Record<string, string> {
  return {
    "steward.resource.actor": actor.name,
    "steward.resource.actor-kind": actor.kind,
    "steward.resource.actor-role": actor.role,
    ...(actor.id === undefined ? {} : { "steward.resource.actor-id": actor.id }),
  };
}

/** The labels that name an actor: set by the server only, whatever a client sends. */
const ACTOR_LABEL = /^steward\.resource\.actor(-|$)/;

/**
 * `resource` with the current actor's labels (none when nobody is acting or auth is off) in place
 * of any a client put there: events sent to the API name their sender, and cannot name another.
 */
export function withCurrentActor(resource: Readonly<Record<string, string>>): Record<string, string> {
  const actor = current.getStore();
  const stamped: Record<string, string> = {};
  for (const [key, value] of Object.entries(resource)) if (!ACTOR_LABEL.test(key)) stamped[key] = value;
  return actor === undefined || actor.kind === "anonymous" ? stamped : { ...stamped, ...actorLabels(actor) };
}

// The labels of the actor last asked for, as JSON: the database asks once per event written, and
// a request's changes all have the same actor.
let memo: { actor: Actor; json: string } | undefined;

/**
 * The current actor's event labels as JSON text, or null when nobody is acting or auth is off
 * (the anonymous admin of a loopback server: stamping it on every event would say nothing).
 * What the database's `steward_actor()` (SQLite) and `steward.actor` setting (PostgreSQL) hold.
 */
export function currentActorLabelsJson(): string | null {
  const actor = current.getStore();
  if (actor === undefined || actor.kind === "anonymous") return null;
  if (memo?.actor !== actor) memo = { actor, json: JSON.stringify(actorLabels(actor)) };
  return memo.json;
}
