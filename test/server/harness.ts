/**
 * Drives the app in-process: `createApp(...).request(...)` over a real store, with every answer
 * checked against its route's response schema (`checkResponses`), plus raw-request helpers for the
 * bad-input cases that the typed client cannot send.
 */
import type { Hono } from "hono";
import { type Role, ROLES } from "../../src/core/access.js";
import { afterAll, beforeAll } from "vitest";
import { StewardClient } from "../../src/client/index.js";
import { createApp } from "../../src/server/app.js";
import type { Store } from "../../src/server/storage/store.js";
import type { Backend, TestStore } from "./backends.js";

/** What a suite works with; filled in by `beforeAll`. */
export interface AppHarness {
  app: Hono;
  store: Store;
  client: StewardClient;
  /** Lines the app logged (unexpected errors). */
  logged: string[];
}

/** Opens a store on `backend` for the enclosing describe block and builds the app over it. */
export function useApp(backend: Backend): AppHarness {
  const harness = { logged: [] } as unknown as AppHarness;
  let opened: TestStore | undefined;
  beforeAll(async () => {
    opened = await backend.open();
    harness.store = opened.store;
    harness.app = createApp({
      store: opened.store,
      version: "0.0.0-test",
      checkResponses: true,
      log: (line) => harness.logged.push(line),
    });
    harness.client = clientFor(harness.app);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  return harness;
}

/** A StewardClient whose requests go straight into `app` (no network, no retries). */
export function clientFor(app: Hono): StewardClient {
  return new StewardClient({
    apiUrl: "http://steward.test/api",
    retries: 0,
    fetch: async (input, init) => app.request(String(input), init),
  });
}

/** A raw answer: status, headers and the parsed JSON body (undefined when empty). */
export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Sends a raw request; `body` is sent as-is when it is a string, else as JSON. `headers` go with
 * every request but GET and HEAD, with or without a body.
 */
export async function send(
  app: Hono,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<RawAnswer> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  // Writes say their content type even without a body, as the client does: the server refuses
  // writes without it.
  if (body !== undefined || !["GET", "HEAD"].includes(method)) init.headers = headers;
  const response = await app.request(path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The `error` part of an error answer. */
export function errorOf(answer: RawAnswer): { code: string; message: string; details?: unknown } {
  return (answer.body as { error: { code: string; message: string; details?: unknown } }).error;
}

/** A unique name per call, so tests in one file do not see each other's rows. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * What a hand-made fake store needs for `createApp` to build over it: no API keys and no users (auth off).
 * Spread it into the fake: `{ ...WITHOUT_KEYS, flows: {…} } as unknown as Store`.
 */
export const WITHOUT_KEYS = { apiKeys: { count: async () => 0 }, users: { count: async () => 0 } } as const;

/** One API key per role, named `${prefix}-${role}`, made straight in the store: the keys by role. */
export async function keysForEveryRole(store: Store, prefix: string): Promise<Map<Role, string>> {
  const keys = new Map<Role, string>();
  for (const role of ROLES) {
    const created = await store.apiKeys.create({
      name: `${prefix}-${role}`,
      role,
      expires_in_seconds: null,
      pools: [],
    });
    keys.set(role, created.key);
  }
  return keys;
}
