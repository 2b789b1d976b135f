/**
 * @module The HTTP app: every route of the table under `/api`, the OpenAPI document, the docs page,
 * the log download and change stream, the UI, and one error handler. Built from its dependencies
 * only, so tests drive it with `app.request()`.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { ACCESS } from "../core/access.js";
import { type RouteName, type RouteSpec, routes } from "../api/routes.js";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH } from "../config/request-limits.js";
import { CHANGE_STREAM_PATH, changeStreamHandler } from "./http/change-stream.js";
import { diskGuardMiddleware } from "./http/disk-guard-middleware.js";
import { docsPage } from "./http/docs-page.js";
import { cors } from "./http/cors.js";
import { createErrorHandler } from "./http/errors.js";
import { EVENT_STREAM_PATH, eventStreamHandler } from "./http/event-stream.js";
import { hostCheck, type HostPolicy } from "./http/host-check.js";
import { jsonWrites } from "./http/json-writes.js";
import { originCheck } from "./http/origin-check.js";
import { WEBHOOK_RECEIVER_PATH, webhookReceiverHandler } from "./http/webhook-receiver.js";
import { LOGS_DOWNLOAD_PATH, logsDownloadHandler } from "./http/logs-download.js";
import { createNotFoundHandler, type KnownRoute } from "./http/not-found.js";
import { registerRoute, toHonoPath } from "./http/register-route.js";
import { authentication, requireAccess } from "./http/auth.js";
import { Authenticator } from "./auth/authenticator.js";
import { auditedHandler, isAudited } from "./audit/audit-trail.js";
import { AuditWriter } from "./audit/audit-writer.js";
import { resourceScope } from "./auth/resource-scope.js";
import { Sessions } from "./auth/sessions.js";
import type { Handler } from "./http/route-types.js";
import { serveUi } from "./http/ui.js";
import { EventTail } from "./events/event-tail.js";
import { ChangeFeed } from "./live/change-feed.js";
import { changesData, notifyingHandler } from "./live/changing-routes.js";
import { buildOpenApi } from "./openapi.js";
import { routeHandlers } from "./routes/index.js";
import type { WriteGate } from "./services/disk-guard.js";
import type { Store } from "./storage/store.js";

/** Base path of the API. */
export const API_BASE_PATH = "/api";

/** Body size and JSON depth limits of ordinary routes (settings `STEWARD_SERVER_MAX_BODY_BYTES`, `…_MAX_JSON_DEPTH`). */
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH };

/** Largest body of the batch routes (log lines, task-run states), which carry the most data. */
export const DEFAULT_MAX_BATCH_BODY_BYTES = 32 * 1024 * 1024;

const BATCH_ROUTES: ReadonlySet<RouteName> = new Set(["createLogs", "recordTaskRunStates"]);

/** Which hosts and origins may reach the app (see `http/host-check.ts`, `http/origin-check.ts`). */
export interface AccessOptions {
  /**
   * Where the server listens: requests whose Host header names anything else get 421.
   * @default no Host check (an app not bound to any address, as in tests)
   */
  readonly hosts?: HostPolicy;
  /**
   * Origins besides the server's own whose pages may call `/api`, normalised
   * (`scheme://host[:port]`); they also get CORS headers. @default none
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * The server speaks HTTPS itself (`--tls-cert`): its own origin is `https://…` only, and a Host
   * header without a port means 443. @default false
   */
  readonly secure?: boolean;
}

/** What the app is built from. */
export interface AppDeps {
  readonly store: Store;
  /**
   * Who may call what. Auth is on once `bootstrapKey` is set or any API key works; off (a
   * loopback server without keys), every caller is the anonymous admin. @default auth over `store`
   * with no bootstrap key
   */
  readonly authenticator?: Authenticator;
  /** Server version reported by `GET /api/version` and the OpenAPI document. */
  readonly version: string;
  /** Clock (UTC epoch ms). @default Date.now */
  readonly now?: () => number;
  /** Where unexpected errors are logged with their stack. @default console.error */
  readonly log?: (line: string) => void;
  /** Body limit of ordinary routes. @default DEFAULT_MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** Deepest nesting of JSON bodies, webhooks included. @default DEFAULT_MAX_JSON_DEPTH */
  readonly maxJsonDepth?: number;
  /** Body limit of the batch routes (`/logs/`, `/task_runs/record_states`). @default DEFAULT_MAX_BATCH_BODY_BYTES */
  readonly maxBatchBodyBytes?: number;
  /** Check every answer against its response schema (a 500 on mismatch); for tests. @default false */
  readonly checkResponses?: boolean;
  /** Aborted when the server closes: ends waiting claim long-polls and open change streams. */
  readonly signal?: AbortSignal;
  /**
   * Told after every successful write through the API and every claim attempt; feeds
   * `GET /api/changes/stream`. Pass the server's feed so background services reach the same
   * streams. @default a feed of the app's own
   */
  readonly changes?: ChangeFeed;
  /**
   * Folder of the built UI (index.html and assets/), served for GET requests outside `/api` and
   * `/docs`. @default no UI: those paths answer the JSON 404
   */
  readonly uiDir?: string;
  /**
   * The live edge of the event table, shared with the automations engine: woken after every batch
   * the API stores, read by `GET /api/events/stream`. @default a tail of the app's own, started
   * when the first stream opens and stopped when `signal` aborts
   */
  readonly events?: EventTail;
  /**
   * Host and Origin rules. Whatever is given here, a request under `/api` from another origin is
   * refused (403) and writes must say Content-Type JSON (415). @default no Host check, no other origins
   */
  readonly access?: AccessOptions;
  /** While it says so, writes under `/api` answer 507 (the disk guard). @default writes always pass */
  readonly writeGate?: WriteGate;
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
  guardRequests(app, deps.access ?? {});

  const api = app.basePath(API_BASE_PATH);
  const changes = deps.changes ?? new ChangeFeed();
  const { store, signal } = deps;
  const events = deps.events ?? ownEventTail(store, signal, deps.log);
  // Who is calling, first: a refused caller learns nothing else (not even that the disk is full).
  const authenticator = deps.authenticator ?? new Authenticator({ store, now, log: deps.log });
  const sessions = new Sessions({ store, authenticator, now });
  api.use("*", authentication(authenticator, sessions));
  if (deps.writeGate) api.use("*", diskGuardMiddleware(deps.writeGate, API_BASE_PATH));
  const handlers = routeHandlers({
    store,
    version: deps.version,
    now,
    signal,
    changes,
    events,
    onKeysChanged: () => authenticator.keysChanged(),
    access: { authenticator, sessions, secureCookies: deps.access?.secure === true },
  });
  const checkScope = resourceScope(store);
  const audit = { writer: new AuditWriter(store), log: deps.log ?? ((line: string) => console.error(line)) };
  for (const name of Object.keys(routes) as RouteName[]) {
    const maxBodyBytes = BATCH_ROUTES.has(name)
      ? (deps.maxBatchBodyBytes ?? DEFAULT_MAX_BATCH_BODY_BYTES)
      : (deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const own = handlers[name] as Handler<RouteName>;
    const handler = isAudited(name, changesData(name)) ? auditedHandler(name, own, audit) : own;
    registerRoute(api, name, changesData(name) ? notifyingHandler(handler, changes) : handler, {
      maxBodyBytes,
      maxJsonDepth: deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
      checkResponses: deps.checkResponses,
      checkScope,
    });
  }

  const openApi = buildOpenApi({ version: deps.version, basePath: API_BASE_PATH });
  // Outside the route table (a document, a file, event streams), all for viewers and above.
  const viewers: MiddlewareHandler = async (c, next) => {
    requireAccess(c, ACCESS.viewer, `${c.req.method} ${c.req.path}`);
    await next();
  };
  api.get("/openapi.json", viewers, (c) => c.json(openApi));
  api.get(
    toHonoPath(LOGS_DOWNLOAD_PATH),
    viewers,
    logsDownloadHandler({ store, log: deps.log ?? ((line) => console.error(line)) }),
  );
  api.get(CHANGE_STREAM_PATH, viewers, changeStreamHandler({ feed: changes, signal }));
  // `/events/{id}` takes UUID-shaped ids only, so this path is not mistaken for an event id.
  api.get(EVENT_STREAM_PATH, viewers, eventStreamHandler({ store, tail: events, signal, now }));
  const receiver = webhookReceiverHandler({
    store,
    tail: events,
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxJsonDepth: deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
  });
  api.on(["POST", "PUT"], toHonoPath(WEBHOOK_RECEIVER_PATH), async (c) => {
    const response = await receiver(c);
    changes.notify();
    return response;
  });
  app.get("/docs", (c) => c.html(docsPage(`${API_BASE_PATH}/openapi.json`)));
  // Last: the UI takes whatever GET no route above took, except under /api and /docs.
  if (deps.uiDir !== undefined) app.get("*", serveUi(deps.uiDir));
  return app;
}

/**
 * The checks every request passes before any route: Host (421, everywhere, UI included, against
 * DNS rebinding), then under `/api` Origin (403), CORS for allowed origins, and JSON writes (415)
 * except on the webhook receiver, which takes form and text bodies by design.
 */
function guardRequests(app: Hono, access: AccessOptions): void {
  const allowedOrigins = access.allowedOrigins ?? [];
  if (access.hosts !== undefined) app.use("*", hostCheck({ secure: access.secure, ...access.hosts }));
  const webhooks = `${API_BASE_PATH}${WEBHOOK_RECEIVER_PATH.replace("{slug}", "")}`;
  const api = `${API_BASE_PATH}/*`;
  app.use(api, originCheck(allowedOrigins, access.secure), cors(allowedOrigins));
  app.use(
    api,
    jsonWrites((path) => path.startsWith(webhooks)),
  );
}

function knownRoutes(): KnownRoute[] {
  const table: KnownRoute[] = Object.values(routes).map((spec: RouteSpec) => ({
    method: spec.method,
    path: spec.path,
  }));
  return [
    ...table,
    { method: "GET", path: "/openapi.json" },
    { method: "GET", path: LOGS_DOWNLOAD_PATH },
    { method: "GET", path: CHANGE_STREAM_PATH },
    { method: "GET", path: EVENT_STREAM_PATH },
    { method: "POST", path: WEBHOOK_RECEIVER_PATH },
    { method: "PUT", path: WEBHOOK_RECEIVER_PATH },
  ];
}

/** A tail for an app built without one (tests, tools): started lazily by the first stream. */
function ownEventTail(
  store: Store,
  signal: AbortSignal | undefined,
  log?: (line: string) => void,
): EventTail {
  const tail = new EventTail({ store, log });
  signal?.addEventListener("abort", () => void tail.stop().catch(() => undefined), { once: true });
  return tail;
}
