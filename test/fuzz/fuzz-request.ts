/**
 * @module One fuzz request and how it is sent: only ever to 127.0.0.1, with a hard 5 s deadline,
 * after making it safe (no automation may call out of the machine; a long poll may not wait).
 * Shared by the fuzz tests, the corpus replay and `bench/fuzz.ts`.
 */
import { request as httpRequest } from "node:http";
import { authorizationHeader, describeAuth, type FuzzAuth, type FuzzKeys } from "./fuzz-auth.js";

/** The body of a fuzz request: a JSON value, raw text (malformed, oversized, overflowing), or none. */
export type FuzzBody =
  | { readonly kind: "none" }
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "text"; readonly text: string };

/** One request as generated (and as stored in the corpus). */
export interface FuzzRequest {
  /** The operation it exercises, as the OpenAPI document names it: `POST /api/flows/filter`. */
  readonly operation: string;
  readonly method: string;
  /** Path under the server, already encoded; starts with `/api/`. */
  readonly path: string;
  /** Raw query string without `?` (may be empty). */
  readonly query: string;
  readonly body: FuzzBody;
  readonly headers: Readonly<Record<string, string>>;
  /** The credential it goes with. @default the bootstrap admin key */
  readonly auth?: FuzzAuth;
}

/** Where requests go: the server's origin and the keys that credentials name. */
export interface FuzzTarget {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly keys: FuzzKeys;
}

/** What came back. */
export interface FuzzAnswer {
  readonly status: number;
  readonly ms: number;
  /** The start of the answer's body, for failure messages. */
  readonly excerpt: string;
}

/** Longest a request may take before the fuzz calls it a hang. */
export const REQUEST_DEADLINE_MS = 5000;

/** Longest a long poll (`/claim`) is allowed to wait during the fuzz: it waits by design. */
const MAX_WAIT_SECONDS = 0.5;

/**
 * Sends `request` to the server of `target`, with the `Authorization` its credential names. Throws
 * when it takes longer than {@link REQUEST_DEADLINE_MS}; any status comes back as an answer for the
 * caller to judge.
 */
export async function sendFuzzRequest(target: FuzzTarget, request: FuzzRequest): Promise<FuzzAnswer> {
  const url = loopbackUrl(target.origin, request);
  const body = encodeBody(makeSafe(request));
  const authorization = authorizationHeader(request.auth, target.keys);
  const headers = { ...request.headers, ...(authorization === undefined ? {} : { authorization }) };
  const started = performance.now();
  try {
    const { status, excerpt } = await exchange(url, request.method, headers, body);
    return { status, ms: performance.now() - started, excerpt };
  } catch (error) {
    const ms = performance.now() - started;
    if (closedOnOversizedBody(error, body)) return { status: CLOSED_WHILE_SENDING, ms, excerpt: "" };
    throw new Error(
      `${describeRequest(request)} failed after ${ms.toFixed(0)} ms: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The status recorded when the server closed the connection while an oversized body was still being
 * sent: it answers 413 and closes (the unread rest would otherwise be read as the next request), and
 * the client may see the reset before the answer.
 */
export const CLOSED_WHILE_SENDING = 0;

/** Bodies over the server's default limit (4 MiB). */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function closedOnOversizedBody(error: unknown, body: string | undefined): boolean {
  const code = (error as { code?: unknown }).code;
  return (code === "EPIPE" || code === "ECONNRESET") && (body?.length ?? 0) > DEFAULT_MAX_BODY_BYTES;
}

/**
 * One HTTP exchange with node:http rather than fetch: the server answers an oversized body with 413
 * and closes the connection before it has all been sent, and the answer counts, not the broken pipe.
 */
function exchange(
  url: string,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
): Promise<{ status: number; excerpt: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${REQUEST_DEADLINE_MS} ms (aborted)`));
    }, REQUEST_DEADLINE_MS);
    let answered = false;
    req.on("response", (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      // An event stream never ends: its status and headers are the answer.
      if ((response.headers["content-type"] ?? "").includes("text/event-stream")) {
        clearTimeout(timer);
        response.destroy();
        req.destroy();
        resolve({ status, excerpt: "" });
        return;
      }
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (text.length < 500) text += chunk;
      });
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status, excerpt: text.slice(0, 500) });
      });
      response.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.on("error", (error) => {
      // A write that fails after the answer arrived (413 + Connection: close) is not a failure.
      if (answered) return;
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** `POST /api/flows/filter?x=1 (body 1234 bytes)`, for messages. */
export function describeRequest(request: FuzzRequest): string {
  const query = request.query === "" ? "" : `?${request.query.slice(0, 200)}`;
  const size = request.body.kind === "none" ? "no body" : `body ${encodeBody(request)?.length ?? 0} chars`;
  return `${request.method} ${request.path.slice(0, 300)}${query} (${size})${describeAuth(request.auth)}`;
}

/**
 * The request's URL on the server, refusing anything that would leave 127.0.0.1: the path is
 * appended to the origin as text, so a generated `//host` or `@host` cannot change the host.
 */
export function loopbackUrl(origin: string, request: FuzzRequest): string {
  if (!request.path.startsWith("/api/")) throw new Error(`fuzz path must start with /api/: ${request.path}`);
  const text = `${origin}${request.path}${request.query === "" ? "" : `?${request.query}`}`;
  const parsed = new URL(text);
  const base = new URL(origin);
  if (parsed.hostname !== "127.0.0.1" || base.hostname !== "127.0.0.1" || parsed.port !== base.port) {
    throw new Error(`refusing to send fuzz traffic anywhere but 127.0.0.1: ${text.slice(0, 200)}`);
  }
  return text;
}

/** A URL that every generated webhook or notification is pointed at: nothing listens there. */
export const LOOPBACK_SINK_URL = "http://127.0.0.1:9/steward-fuzz-sink";

/**
 * The request as it may be sent: every `url` anywhere in a JSON body (automation webhooks and
 * notifications are the only fields of that name) is replaced by {@link LOOPBACK_SINK_URL}, so no
 * automation the fuzz creates can call a host outside this machine; a claim's long poll is cut to
 * {@link MAX_WAIT_SECONDS}.
 */
export function makeSafe(request: FuzzRequest): FuzzRequest {
  const claim = request.operation.endsWith("/claim");
  if (request.body.kind === "json") {
    return { ...request, body: { kind: "json", value: safeBody(request.body.value, claim) } };
  }
  if (request.body.kind === "text") {
    return { ...request, body: { kind: "text", text: safeText(request.body.text, claim) } };
  }
  return request;
}

function safeBody(value: unknown, claim: boolean): unknown {
  const safe = safeValue(value);
  // A claim without `wait_seconds` waits 20 s by default.
  if (claim && safe !== null && typeof safe === "object" && !Array.isArray(safe)) {
    return { wait_seconds: 0, ...safe };
  }
  return safe;
}

/**
 * Deeper than this the server refuses a body before reading it (the JSON depth limit is at most
 * 1,000), so nothing below can reach an automation; not descending keeps the rewrite off the stack limit.
 */
const MAX_REWRITE_DEPTH = 1000;

function safeValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_REWRITE_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => safeValue(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (/url/i.test(key))
      out[key] = typeof field === "string" ? LOOPBACK_SINK_URL : safeValue(field, depth + 1);
    else if (key === "wait_seconds" && typeof field === "number" && field >= 0 && field <= 60)
      out[key] = Math.min(field, MAX_WAIT_SECONDS);
    else out[key] = safeValue(field, depth + 1);
  }
  return out;
}

/**
 * Raw text bodies are malformed or overflowing JSON; those that still parse go through the same
 * rewriting as JSON bodies, and a text that names a URL anywhere is not sent as is.
 */
function safeText(text: string, claim: boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return /https?:|url/i.test(text) ? "{" : text;
  }
  if (!claim && !/url|wait_seconds/i.test(text)) return text;
  try {
    return JSON.stringify(safeBody(parsed, claim));
  } catch {
    // Too deep to write back: the server refuses it for its depth before reading any field.
    return /url/i.test(text) ? "{" : text;
  }
}

function encodeBody(request: FuzzRequest): string | undefined {
  if (request.body.kind === "none") return undefined;
  if (request.body.kind === "text") return request.body.text;
  return JSON.stringify(request.body.value);
}
