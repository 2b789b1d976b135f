/**
 * @module The answer for requests no route took. In order: a path that a fixed route serves under
 * another method (GET on `/api/flows/filter`) → 405 with `Allow`; a known route whose `{id}` is not
 * a UUID → that resource's 404; a known path under another method → 405; else 404
 * ROUTE_NOT_FOUND. Every message points at /docs, where the routes are listed.
 */
import type { Context } from "hono";
import { classify, errorResponse, HttpErrorCode } from "./errors.js";
import { requireUuid, resourceOf } from "./resources.js";

/** A path the app serves (`{param}` placeholders allowed) and its method. */
export interface KnownRoute {
  readonly method: string;
  /** Path under the app's base, e.g. `/flows/{id}`. */
  readonly path: string;
}

interface Matcher {
  readonly route: KnownRoute;
  readonly pattern: RegExp;
  readonly hasParams: boolean;
}

/** Builds the app's `notFound` handler for the routes served under `basePath` (e.g. `/api`). */
export function createNotFoundHandler(basePath: string, known: readonly KnownRoute[]) {
  const matchers = known.map((route) => toMatcher(basePath, route));
  return function notFound(c: Context): Response {
    const path = c.req.path;
    const matches = matchers.filter((matcher) => matcher.pattern.test(path));
    const fixed = matches.filter((matcher) => !matcher.hasParams);
    if (fixed.length > 0) return methodNotAllowed(c, fixed);
    const sameMethod = matches.find((matcher) => matcher.route.method === c.req.method);
    if (sameMethod) return malformedId(c, sameMethod);
    if (matches.length > 0) return methodNotAllowed(c, matches);
    return errorResponse(c, {
      status: 404,
      code: "ROUTE_NOT_FOUND",
      message: `There is no endpoint ${c.req.method} ${path}. Check the path (API paths start with ${basePath}/); /docs lists every endpoint.`,
    });
  };
}

function methodNotAllowed(c: Context, matches: readonly Matcher[]): Response {
  const allowed = new Set(matches.map((matcher) => matcher.route.method));
  if (allowed.has("GET")) allowed.add("HEAD");
  const list = [...allowed].sort();
  return errorResponse(c, {
    status: 405,
    code: HttpErrorCode.METHOD_NOT_ALLOWED,
    message: `${c.req.method} is not allowed on ${c.req.path}; use ${list.join(" or ")}. /docs lists every endpoint.`,
    details: { allowed: list },
    headers: { Allow: list.join(", ") },
  });
}

// The router only takes UUID-shaped ids, so a known route reached with another id lands here.
function malformedId(c: Context, matcher: Matcher): Response {
  const id = matcher.pattern.exec(c.req.path)?.[1] ?? "";
  try {
    requireUuid(resourceOf(matcher.route.path), decodeURIComponent(id));
  } catch (error) {
    const answer = classify(error);
    if (answer) return errorResponse(c, answer);
  }
  return errorResponse(c, {
    status: 404,
    code: "NOT_FOUND",
    message: `Nothing is found at ${c.req.path}; /docs lists every endpoint.`,
  });
}

// Trailing slashes are optional, as in the app itself (Hono's `strict: false`).
function toMatcher(basePath: string, route: KnownRoute): Matcher {
  const full = `${basePath}${route.path}`.replace(/\/+$/, "");
  const body = full
    .split(/\{\w+\}/)
    .map(escapeRegExp)
    .join("([^/]+)");
  return { route, pattern: new RegExp(`^${body}/?$`), hasParams: full.includes("{") };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
