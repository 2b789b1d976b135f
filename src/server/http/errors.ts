/**
 * @module The one place where anything thrown while answering a request becomes an HTTP answer in
 * the shape DESIGN.md promises: `{ "error": { "code", "message", "details" } }`.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { ErrorBody } from "../../api/common.js";
import { ERROR_STATUS, isStewardError, type StewardError } from "../../core/errors.js";
import { retryableDatabaseError, storageFullDatabaseError } from "./database-errors.js";
import { describeIssues, fieldIssues } from "./validation.js";

/**
 * Codes that only the HTTP layer produces and that `core/errors.ts` does not list (yet): they
 * describe how a request was sent, not anything in the domain.
 */
export const HttpErrorCode = {
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  BAD_REQUEST: "BAD_REQUEST",
} as const;

/**
 * An error that only the HTTP layer raises (wrong method, wrong content type), with its own status
 * and code. Domain errors are StewardErrors instead.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: ContentfulStatusCode;
  readonly code: string;

  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** How many seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

/** An error answer, before it becomes a Response. */
export interface ErrorAnswer {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;
}

/** Writes an error answer in the standard shape. */
export function errorResponse(c: Context, answer: ErrorAnswer): Response {
  const body: ErrorBody = { error: { code: answer.code, message: answer.message } };
  if (answer.details !== undefined) body.error.details = answer.details;
  return c.json(body, answer.status, answer.headers);
}

/** Options of the error handler. */
export interface ErrorHandlerOptions {
  /** Where unexpected errors are written, with their stack. @default console.error */
  readonly log?: (line: string) => void;
  /** Clock used to timestamp the log lines. @default Date.now */
  readonly now?: () => number;
}

/**
 * Builds the app's `onError` handler. Known errors keep their status and code; database "busy"
 * errors become 503 so clients retry, and "disk full" errors 507; everything else is a 500 whose
 * details stay in the server log, because stack traces and SQL must not leak to clients.
 */
export function createErrorHandler(options: ErrorHandlerOptions = {}) {
  const log = options.log ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  return function onError(error: Error, c: Context): Response {
    const answer = classify(error);
    if (answer) return errorResponse(c, answer);
    const when = new Date(now()).toISOString();
    log(`${when} ${c.req.method} ${c.req.path} failed: ${error.stack ?? String(error)}`);
    return errorResponse(c, {
      status: 500,
      code: "INTERNAL",
      message:
        "The server failed to answer this request; the server log has the details. Retry, or report a bug.",
    });
  };
}

/** The answer for an error we expected, or undefined for a bug. */
export function classify(error: unknown): ErrorAnswer | undefined {
  if (isStewardError(error)) {
    const status = (ERROR_STATUS[error.code] ?? 500) as ContentfulStatusCode;
    return {
      status,
      code: error.code,
      message: error.message,
      details: error.details,
      headers: headersOf(error),
    };
  }
  // A schema checked inside the store or a service (a name derived from the input, say): the
  // caller's input was wrong, so it is a 422 like a route's own validation, never a 500.
  if (error instanceof z.core.$ZodError) {
    const details = fieldIssues(error);
    return { status: 422, code: "VALIDATION_FAILED", message: describeIssues(details, "input"), details };
  }
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof HTTPException) return fromHttpException(error);
  const full = storageFullDatabaseError(error);
  if (full) {
    return {
      status: 507,
      code: "INSUFFICIENT_STORAGE",
      message: `The database could not write: its disk is full (${full}). Free space on the database's volume, or delete old runs, logs and events, then retry.`,
    };
  }
  const busy = retryableDatabaseError(error);
  if (busy) {
    return {
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      message: `The database is busy or unreachable (${busy}); retry in a moment.`,
      headers: retryAfter(),
    };
  }
  return undefined;
}

/** The headers a known error travels with: when to retry, how to authenticate, to close. */
function headersOf(error: StewardError): Record<string, string> | undefined {
  switch (error.status) {
    case 503:
      return retryAfter();
    case 429: {
      const wait = (error.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds;
      return { "retry-after": String(wait ?? RETRY_AFTER_SECONDS) };
    }
    case 401:
      return { "www-authenticate": 'Bearer realm="steward"' };
    case 413:
      return closeConnection();
    default:
      return undefined;
  }
}

function fromHttpException(error: HTTPException): ErrorAnswer {
  if (error.status === 413) {
    return {
      status: 413,
      code: "BODY_TOO_LARGE",
      message: "The request body is too large; send less data per call.",
      headers: closeConnection(),
    };
  }
  const status = error.status as ContentfulStatusCode;
  // Hono throws these itself only for unreadable bodies (400); map the rest by class.
  const code =
    status === 400
      ? "MALFORMED_JSON"
      : status === 404
        ? "NOT_FOUND"
        : status >= 500
          ? "INTERNAL"
          : HttpErrorCode.BAD_REQUEST;
  return { status, code, message: error.message || `HTTP ${status}` };
}

// The unread rest of an oversized body would otherwise be parsed as the next request on the socket.
function closeConnection(): Record<string, string> {
  return { Connection: "close" };
}

function retryAfter(): Record<string, string> {
  return { "Retry-After": String(RETRY_AFTER_SECONDS) };
}
