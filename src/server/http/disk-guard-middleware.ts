/**
 * @module Answers 507 Insufficient Storage to every write under `/api` while the disk guard says
 * the disk is (nearly) full. Reads — GET, and the POST routes that only read (filters, counts,
 * pages, history) — are never refused, nor are deletes (they free rows), and health, readiness and
 * the UI are GETs, so people can still see what is going on and clean up.
 */
import type { MiddlewareHandler } from "hono";
import { routes } from "../../api/routes.js";
import { changesData } from "../live/changing-routes.js";
import type { WriteGate } from "../services/disk-guard.js";
import { errorResponse } from "./errors.js";

const ALWAYS_ALLOWED = new Set(["GET", "HEAD", "OPTIONS", "DELETE"]);

/** `/api/flow_runs/filter`-style paths of the POST routes that only read, as patterns. */
function readOnlyPosts(basePath: string): RegExp[] {
  return Object.entries(routes)
    .filter(([name, spec]) => spec.method === "POST" && !changesData(name as keyof typeof routes))
    .map(([, spec]) => {
      const path = spec.path.replace(/\/+$/, "").replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      return new RegExp(`^${basePath}${path.replace(/\\?\{\w+\\?\}|\{\w+\}/g, "[^/]+")}/?$`);
    });
}

/** Middleware for the `/api` routes: a 507 INSUFFICIENT_STORAGE to writes while `gate` blocks them. */
export function diskGuardMiddleware(gate: WriteGate, basePath: string): MiddlewareHandler {
  const reads = readOnlyPosts(basePath);
  return async (c, next) => {
    if (ALWAYS_ALLOWED.has(c.req.method)) return next();
    const reason = gate.blocked();
    if (reason === undefined || reads.some((pattern) => pattern.test(c.req.path))) return next();
    return errorResponse(c, { status: 507, code: "INSUFFICIENT_STORAGE", message: reason });
  };
}
