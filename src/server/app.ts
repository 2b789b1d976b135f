/**
 * @module The HTTP app: every route of the table under `/api`, the OpenAPI document, the docs page,
 * and one error handler. Built from its dependencies only, so tests drive it with `app.request()`.
 */
import { Hono } from "hono";
import { type RouteName, type RouteSpec, routes } from "../api/routes.js";
import { docsPage } from "./http/docs-page.js";
import { createErrorHandler } from "./http/errors.js";
import { createNotFoundHandler, type KnownRoute } from "./http/not-found.js";
import { registerRoute } from "./http/register-route.js";
import type { Handler } from "./http/route-types.js";
import { buildOpenApi } from "./openapi.js";
import { routeHandlers } from "./routes/index.js";
import type { Store } from "./storage/store.js";

/** Base path of the API. */
export const API_BASE_PATH = "/api";

/** Largest body of an ordinary request: a flow run's parameters alone may be 512 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Largest body of the batch routes (log lines, task-run states), which carry the most data. */
export const DEFAULT_MAX_BATCH_BODY_BYTES = 32 * 1024 * 1024;

const BATCH_ROUTES: ReadonlySet<RouteName> = new Set(["createLogs", "recordTaskRunStates"]);

/** What the app is built from. */
export interface AppDeps {
  readonly store: Store;
  /** Server version reported by `GET /api/version` and the OpenAPI document. */
  readonly version: string;
  /** Clock (UTC epoch ms). @default Date.now */
  readonly now?: () => number;
  /** Where unexpected errors are logged with their stack. @default console.error */
  readonly log?: (line: string) => void;
  /** Body limit of ordinary routes. @default DEFAULT_MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** Body limit of the batch routes (`/logs/`, `/task_runs/record_states`). @default DEFAULT_MAX_BATCH_BODY_BYTES */
  readonly maxBatchBodyBytes?: number;
  /** Check every answer against its response schema (a 500 on mismatch); for tests. @default false */
  readonly checkResponses?: boolean;
  /** Aborted when the server closes: ends waiting claim long-polls. */
  readonly signal?: AbortSignal;
}

/**
 * Creates the Steward HTTP app.
 *
 * @example
 * const app = createApp({ store: await openStore("sqlite::memory:"), version: "0.1.0" });
 * const response = await app.request("/api/health");
 */
export function createApp(deps: AppDeps): Hono {
  const now = deps.now ?? Date.now;
  // `strict: false`: `/api/flows` and `/api/flows/` are the same route, as clients vary.
  const app = new Hono({ strict: false });
  app.onError(createErrorHandler({ log: deps.log, now }));
  app.notFound(createNotFoundHandler(API_BASE_PATH, knownRoutes()));

  const api = app.basePath(API_BASE_PATH);
  const handlers = routeHandlers({ store: deps.store, version: deps.version, now, signal: deps.signal });
  for (const name of Object.keys(routes) as RouteName[]) {
    const maxBodyBytes = BATCH_ROUTES.has(name)
      ? (deps.maxBatchBodyBytes ?? DEFAULT_MAX_BATCH_BODY_BYTES)
      : (deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    registerRoute(api, name, handlers[name] as Handler<RouteName>, {
      maxBodyBytes,
      checkResponses: deps.checkResponses,
    });
  }

  const openApi = buildOpenApi({ version: deps.version, basePath: API_BASE_PATH });
  api.get("/openapi.json", (c) => c.json(openApi));
  app.get("/docs", (c) => c.html(docsPage(`${API_BASE_PATH}/openapi.json`)));
  return app;
}

function knownRoutes(): KnownRoute[] {
  const table: KnownRoute[] = Object.values(routes).map((spec: RouteSpec) => ({
    method: spec.method,
    path: spec.path,
  }));
  return [...table, { method: "GET", path: "/openapi.json" }];
}
