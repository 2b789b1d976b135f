import type { RouteSpec } from "../api/routes.js";

/** An error answer of the API: its status, stable code and message. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is an ApiError with the given status (e.g. 404). */
export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** Reads an error response into an ApiError, whatever shape its body has. */
export async function toApiError(
  response: Response,
  spec: Pick<RouteSpec, "method" | "path">,
): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) {
      return new ApiError(
        response.status,
        body.error.code ?? "UNKNOWN",
        body.error.message,
        body.error.details,
      );
    }
  } catch {
    // not JSON: fall through to a message built from the status line
  }
  return new ApiError(
    response.status,
    "UNKNOWN",
    `${spec.method} ${spec.path} answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
  );
}
