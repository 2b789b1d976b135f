/**
 * @module Who may do what: the roles an API key or user carries and the access each route
 * declares. One table of rules, read by the server (to authorise a request), by the docs (the
 * role table) and by the tests that walk every route with every role.
 */

/**
 * The roles of an API key or a user, from most to least powerful, plus `worker`, which stands
 * apart: it may only claim, heartbeat and report the runs of its own pools.
 * - `admin`: everything, keys and users included.
 * - `developer`: flows, deployments, runs, schedules, automations, pools, webhooks; no keys.
 * - `operator`: run, cancel, pause, resume, retry, delete runs; no new code (no deployment
 *   create or update, no pull steps, no job variables).
 * - `worker`: claim, heartbeat, state changes and logs for runs of its own pools; read their
 *   deployments and pools.
 * - `viewer`: read everything but keys.
 */
export const ROLES = ["admin", "developer", "operator", "worker", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** The ladder of the human roles: each may do what those below it may. */
const LADDER = ["viewer", "operator", "developer", "admin"] as const;
export type LadderRole = (typeof LADDER)[number];

/**
 * What a route needs. `role` is the least role of the ladder that may call it (`open`: anyone,
 * with or without a key). `worker` lets worker keys call it too, for resources of their pools;
 * `run` lets a flow run's own short-lived key call it, for that run and what it creates.
 */
export interface RouteAccess {
  readonly role: "open" | LadderRole;
  readonly worker?: true;
  readonly run?: true;
}

/** Who made a request, once its key or session was checked. */
export interface Principal {
  /** `api-key`, `user`, `run` (a flow run's key), `bootstrap` (STEWARD_SERVER_API_KEY) or `anonymous` (auth off). */
  readonly kind: "api-key" | "user" | "run" | "bootstrap" | "anonymous";
  /** The key's or user's id (absent for bootstrap and anonymous). */
  readonly id?: string;
  /** A name for humans and the audit trail: the key's name, the user's name. */
  readonly name: string;
  readonly role: Role | "run";
  /** Work pools a worker key is limited to; empty: every pool. */
  readonly pools: readonly string[];
  /** The flow run a run key belongs to. */
  readonly flowRunId?: string;
}

/** Everyone, when auth is off (a loopback server without keys): an admin by another name. */
export const ANONYMOUS: Principal = Object.freeze({
  kind: "anonymous",
  name: "anonymous",
  role: "admin",
  pools: [],
});

/** Whether `role` is at least `needed` on the ladder. */
export function atLeast(role: Role | "run", needed: LadderRole): boolean {
  if (role === "worker" || role === "run") return false;
  return LADDER.indexOf(role) >= LADDER.indexOf(needed);
}

/**
 * Whether `principal` may call a route with `access`, before any check of the resource itself
 * (a worker's pools, a run key's run), which the server makes where it knows the resource.
 */
export function mayCall(principal: Principal, access: RouteAccess): boolean {
  if (access.role === "open") return true;
  if (principal.role === "worker") return access.worker === true;
  if (principal.role === "run") return access.run === true;
  return atLeast(principal.role, access.role);
}

/** Shorthands for route tables. */
export const ACCESS = Object.freeze({
  open: { role: "open" },
  viewer: { role: "viewer" },
  operator: { role: "operator" },
  developer: { role: "developer" },
  admin: { role: "admin" },
} satisfies Record<string, RouteAccess>);
