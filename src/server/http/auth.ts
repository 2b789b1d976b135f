/**
 * @module Authentication and authorisation on the HTTP side. A middleware on `/api/*` learns who
 * is calling (or why nobody can be); each route then demands its declared access
 * (`requireAccess`): 401 without a working key, 403 with too small a role, 429 after too many bad
 * keys. Open routes (health, ready, webhooks) ignore all of it.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ANONYMOUS, mayCall, type Principal, type RouteAccess } from "../../core/access.js";
import { isStewardError, StewardError } from "../../core/errors.js";
import { getCookie } from "hono/cookie";
import { CSRF_HEADER, SESSION_COOKIE } from "../../api/auth.js";
import type { Authenticator } from "../auth/authenticator.js";
import type { Sessions } from "../auth/sessions.js";
import { actingAs, actorOf, currentActor } from "../audit/actor.js";

type Outcome = { readonly principal: Principal | undefined } | { readonly error: StewardError };

// Keyed by the context, not the Request: the body limit replaces `c.req.raw` on the way in.
const outcomes = new WeakMap<Context, Outcome>();

/** The client's address as the socket reports it (`unknown` for in-process requests). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * Learns who sent each request; the routes decide what that allows. A Bearer key wins; without
 * one, the UI's session cookie (writes only with its CSRF token).
 */
export function authentication(authenticator: Authenticator, sessions: Sessions): MiddlewareHandler {
  return async function authenticate(c, next) {
    // Auth off (a loopback server without keys): everyone is the anonymous admin, known at once.
    if (authenticator.knownOff()) {
      outcomes.set(c, AUTH_OFF);
      return anonymously(next);
    }
    let principal: Principal | undefined;
    try {
      principal = await principalOf(c, authenticator, sessions);
      outcomes.set(c, { principal });
    } catch (error) {
      if (!isStewardError(error)) throw error;
      outcomes.set(c, { error });
    }
    // Whatever the request changes, however deep, is attributed to its caller (audit/actor.ts).
    if (principal === undefined) await next();
    else if (principal.kind === "anonymous") await anonymously(next);
    else await actingAs(actorOf(principal), next);
  };
}

const AUTH_OFF: Outcome = { principal: ANONYMOUS };
const ANONYMOUS_ACTOR = actorOf(ANONYMOUS);

/**
 * `next` as the anonymous admin. Its changes carry no actor labels (audit/actor.ts stamps nothing
 * for anonymous callers), the same as no actor at all, so the AsyncLocalStorage scope is only
 * entered when another actor would otherwise show through.
 */
function anonymously(next: () => Promise<void>): Promise<void> {
  return currentActor() === undefined ? next() : actingAs(ANONYMOUS_ACTOR, next);
}

async function principalOf(
  c: Context,
  authenticator: Authenticator,
  sessions: Sessions,
): Promise<Principal | undefined> {
  const authorization = c.req.header("authorization");
  const token = authorization ? undefined : getCookie(c, SESSION_COOKIE);
  if (token === undefined || !(await authenticator.enabled())) {
    return (await authenticator.authenticate(authorization, clientAddress(c))).principal;
  }
  const write = !["GET", "HEAD", "OPTIONS"].includes(c.req.method);
  return sessions.authenticate(token, write, c.req.header(CSRF_HEADER));
}

/**
 * Who may go on with this request under `access`, or the error that stops it. A request the
 * middleware never saw (an app built without it) has no outcome and is refused, so a route can
 * never be reached unchecked by mistake.
 */
export function requireAccess(c: Context, access: RouteAccess, label: string): Principal | undefined {
  if (access.role === "open") return undefined;
  const outcome = outcomes.get(c);
  if (outcome === undefined) {
    throw new StewardError("INTERNAL", `${label} was reached without authentication; this is a bug.`);
  }
  if ("error" in outcome) throw outcome.error;
  const { principal } = outcome;
  if (principal === undefined) {
    throw new StewardError(
      "UNAUTHENTICATED",
      `${label} needs an API key: send "Authorization: Bearer <key>" (the SDK, CLI and workers read STEWARD_API_KEY).`,
    );
  }
  if (!mayCall(principal, access)) throw forbidden(principal, access, label);
  return principal;
}

function forbidden(principal: Principal, access: RouteAccess, label: string): StewardError {
  const allowed = [
    access.role === "open" ? "anyone" : `${access.role} or above`,
    ...(access.worker ? ["worker keys"] : []),
    ...(access.run ? ["a flow run's own key"] : []),
  ].join(", ");
  return new StewardError(
    "FORBIDDEN",
    `${label} is not allowed for ${describePrincipal(principal)}; it takes ${allowed}.`,
    { details: { role: principal.role, needs: access } },
  );
}

/** "the key "ci" (role viewer)", for messages and logs; never the key itself. */
export function describePrincipal(principal: Principal): string {
  if (principal.kind === "anonymous") return "anonymous callers";
  if (principal.kind === "bootstrap") return "the bootstrap key";
  return `the ${principal.kind === "user" ? "user" : "key"} "${principal.name}" (role ${principal.role})`;
}
